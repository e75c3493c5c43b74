// The engine's runtime headers as app code includes them. The CPU backend's MoE scratch has a member named
// `slots`, which Qt defines as a macro once any Qt header is in, so the macro is lifted around them.
#pragma once

#pragma push_macro("slots")
#undef slots
#include "runtime/chat_prompt.h"
#include "runtime/model_bundle.h"
#include "runtime/session.h"
#pragma pop_macro("slots")
