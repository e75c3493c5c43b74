// The library a template calls into: filters (`x|trim`), tests (`x is mapping`), methods on values
// (`s.strip()`, `d.items()`) and jinja2's attribute/item lookup rules. Errors come back as plain messages;
// the evaluator adds the construct and position.
#pragma once

#include <string>
#include <string_view>

#include "chat/jinja_value.h"
#include "core/status.h"

namespace hearth::jinja {

bool has_filter(std::string_view name);
bool has_test(std::string_view name);
Result<Value> apply_filter(std::string_view name, const Value& input, CallArgs& args);
Result<bool> apply_test(std::string_view name, const Value& input, CallArgs& args);

// jinja2's getattr: for dicts and strings a method of that name wins over a key ("d.items" is the method);
// a missing attribute is undefined, carrying a hint for the error if it is used.
Value get_attribute(const Value& object, std::string_view name);
// jinja2's getitem: obj[key] first (negative indices count from the end), then a string key as attribute.
Value get_item(const Value& object, const Value& key);
// Python slicing of lists, tuples and strings (by code point).
Result<Value> get_slice(const Value& object, const Value& start, const Value& stop, const Value& step);

// Iteration as a for loop sees it: list items, dict keys, string characters; undefined is empty.
Result<ValueList> iterate(const Value& value);

// Python's `<` for the types templates sort and compare (numbers, strings, lists).
Result<bool> python_less(const Value& a, const Value& b);

// HTML escaping as jinja2's Markup does it (& < > " ').
std::string html_escape(std::string_view s);

// Error text for using an undefined value: "'x' is undefined".
std::string undefined_message(const Value& v);

}  // namespace hearth::jinja
