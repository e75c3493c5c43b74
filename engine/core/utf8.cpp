#include "core/utf8.h"

#include <cstdint>

namespace hearth::utf8 {
namespace {

// Sequence length announced by a lead byte (0: not a lead byte) and the allowed range of the second byte,
// which is where overlongs, surrogates and values above U+10FFFF are excluded (Unicode Table 3-7).
struct Lead {
  std::uint8_t length;
  std::uint8_t second_lo;
  std::uint8_t second_hi;
};

Lead lead_of(std::uint8_t b) {
  if (b < 0x80) return {1, 0, 0};
  if (b < 0xC2) return {0, 0, 0};
  if (b < 0xE0) return {2, 0x80, 0xBF};
  if (b == 0xE0) return {3, 0xA0, 0xBF};
  if (b == 0xED) return {3, 0x80, 0x9F};
  if (b < 0xF0) return {3, 0x80, 0xBF};
  if (b == 0xF0) return {4, 0x90, 0xBF};
  if (b < 0xF4) return {4, 0x80, 0xBF};
  if (b == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

}  // namespace

Prefix classify(std::string_view text, std::size_t pos, std::size_t& length) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const std::size_t n = text.size();
  const Lead lead = lead_of(s[pos]);
  length = 1;
  if (lead.length == 0) return Prefix::Invalid;
  if (lead.length == 1) return Prefix::Complete;
  for (std::size_t i = 1; i < lead.length; ++i) {
    if (pos + i >= n) {
      length = i;
      return Prefix::Incomplete;
    }
    const std::uint8_t c = s[pos + i];
    const bool ok = i == 1 ? (c >= lead.second_lo && c <= lead.second_hi) : (c >= 0x80 && c <= 0xBF);
    if (!ok) return Prefix::Invalid;
  }
  length = lead.length;
  return Prefix::Complete;
}

std::size_t decode(std::string_view text, std::size_t pos, char32_t& cp) {
  std::size_t length = 0;
  if (classify(text, pos, length) != Prefix::Complete) return 0;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data()) + pos;
  switch (length) {
    case 1: cp = s[0]; break;
    case 2: cp = (char32_t(s[0] & 0x1F) << 6) | (s[1] & 0x3F); break;
    case 3: cp = (char32_t(s[0] & 0x0F) << 12) | (char32_t(s[1] & 0x3F) << 6) | (s[2] & 0x3F); break;
    default:
      cp = (char32_t(s[0] & 0x07) << 18) | (char32_t(s[1] & 0x3F) << 12) | (char32_t(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  }
  return length;
}

std::size_t valid_prefix(std::string_view text, std::size_t pos) {
  const std::size_t start = pos;
  const std::size_t n = text.size();
  while (pos < n) {
    // ASCII fast path: most text is ASCII, eight bytes at a time.
    while (pos + 8 <= n) {
      std::uint64_t word = 0;
      for (int i = 0; i < 8; ++i) word |= std::uint64_t(static_cast<std::uint8_t>(text[pos + i])) << (8 * i);
      if (word & 0x8080808080808080ull) break;
      pos += 8;
    }
    if (pos >= n) break;
    std::size_t length = 0;
    if (classify(text, pos, length) != Prefix::Complete) break;
    pos += length;
  }
  return pos - start;
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace hearth::utf8
