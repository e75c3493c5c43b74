// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
// The tokenizer splits its input at bytes that break these rules (see tokenizer.h for what it does with them).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hearth::utf8 {

// Length of the valid sequence starting at `pos` (1..4) with its code point in `cp`, or 0 when the bytes
// at `pos` do not start a complete, valid sequence (truncated, overlong, surrogate, out of range, stray
// continuation byte).
std::size_t decode(std::string_view text, std::size_t pos, char32_t& cp);

// Length of the longest prefix of text[pos..] made of complete valid sequences.
std::size_t valid_prefix(std::string_view text, std::size_t pos);

// What the bytes at `pos` can still become: used by streaming decode to hold back a character whose
// remaining bytes have not arrived yet.
enum class Prefix {
  Complete,    // a whole valid sequence starts here
  Incomplete,  // the bytes up to the end are a proper prefix of some valid sequence
  Invalid,     // no continuation could make this valid
};
Prefix classify(std::string_view text, std::size_t pos, std::size_t& length);

void append(std::string& out, char32_t cp);

}  // namespace hearth::utf8
