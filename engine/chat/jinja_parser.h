// Parses Jinja tokens into statements, following jinja2's grammar and operator precedence (lowest first):
// `x if c else y`, or, and, not, comparisons and `in` (chained), + -, ~, * / // %, **, unary - +, then
// postfix `.attr` `[i]` `[a:b:c]` `(args)`, filters `|f(args)` and tests `is [not] t(args)`.
// Tags it does not support (include, extends, import, do...) fail here with their name and position.
#pragma once

#include <string_view>

#include "chat/jinja_ast.h"
#include "core/status.h"

namespace hearth::jinja {

Result<Body> parse_template(std::string_view source, const LexOptions& options = {});

}  // namespace hearth::jinja
