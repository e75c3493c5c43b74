// Python's operators on template values: + - * / // % ** and ~ (jinja2's string concatenation), and the
// comparisons == != < > <= >= in, not in. Errors carry Python's message; the caller adds the position.
#pragma once

#include <string_view>

#include "chat/jinja_value.h"
#include "core/status.h"

namespace hearth::jinja {

Result<Value> binary_operator(std::string_view op, const Value& a, const Value& b);
Result<bool> compare_operator(std::string_view op, const Value& a, const Value& b);

}  // namespace hearth::jinja
