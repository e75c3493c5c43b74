// UTF-8 helpers for Python string semantics: templates index, slice, count and strip strings by code point,
// and Python's str.strip()/split() treat all Unicode whitespace (U+3000, U+00A0...) as space.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::jinja {

// Code points of `s`; an invalid byte b decodes as U+DC00+b (Python's surrogateescape) and encodes back to b,
// so nothing is lost or altered by a decode/encode round trip.
std::vector<char32_t> utf8_decode(std::string_view s);
void utf8_append(std::string& out, char32_t cp);
std::string utf8_encode(const std::vector<char32_t>& cps, size_t begin, size_t end);
size_t utf8_length(std::string_view s);

// Python str.isspace() for one code point.
bool is_python_space(char32_t cp);
// Python str.isprintable() for one code point, for repr (control, format and separator characters are not).
bool is_python_printable(char32_t cp);

// str.strip(chars) / lstrip / rstrip; `chars` null means Unicode whitespace, as Python's strip() with no argument.
std::string python_strip(std::string_view s, const std::string* chars, bool left, bool right);
// str.split() with no separator: runs of whitespace, no empty pieces.
std::vector<std::string> python_split_whitespace(std::string_view s, int64_t maxsplit);

// ASCII-only case mapping (templates case-map role names and keywords, not user text).
std::string ascii_upper(std::string_view s);
std::string ascii_lower(std::string_view s);

}  // namespace hearth::jinja
