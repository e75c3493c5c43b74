// The Nemotron 3 chat layout written out in C++, for models whose GGUF carries no chat template. It produces
// the same text as the Nemotron 3 Super template (the Nano template plus low_effort): ChatML turns, an
// always-present system turn, tools as <tools> XML in the system turn, Qwen3-Coder style <tool_call>s,
// consecutive tool results merged into one user turn, earlier reasoning dropped, and the generation prompt
// opening <think> (thinking on) or closing it at once (off). tests/chat checks it against the template.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "chat/chat_template.h"
#include "core/status.h"

namespace hearth::chat {

Result<std::string> render_nemotron_chatml(const nlohmann::ordered_json& messages, const nlohmann::ordered_json& tools,
                                           const ChatOptions& options);

}  // namespace hearth::chat
