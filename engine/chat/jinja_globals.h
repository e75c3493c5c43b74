// The functions a chat template can call by name: jinja2's range, dict and namespace (not lipsum, cycler or
// joiner, which chat templates do not use), plus Hugging Face's raise_exception and strftime_now.
#pragma once

#include "chat/jinja_value.h"

namespace hearth::jinja {

// Marks a Status as raised by the template itself (raise_exception), so it is reported as the template's
// own message rather than as an interpreter error.
inline constexpr std::string_view kRaisedPrefix = "chat template raised an error: ";

ValueDict make_globals();

}  // namespace hearth::jinja
