#include "tokenizer/byte_level.h"

#include "core/utf8.h"

namespace hearth::tokenizer {
namespace {

bool maps_to_itself(unsigned b) { return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF); }

struct Tables {
  std::array<char32_t, 256> to_cp{};
  std::array<std::string, 256> to_text;
  std::array<std::int16_t, 324> from_cp{};  // code points 0 .. 0x143 are the whole image of the mapping
  Tables() {
    from_cp.fill(-1);
    char32_t next = 0x100;
    for (unsigned b = 0; b < 256; ++b) {
      to_cp[b] = maps_to_itself(b) ? static_cast<char32_t>(b) : next++;
      utf8::append(to_text[b], to_cp[b]);
      from_cp[to_cp[b]] = static_cast<std::int16_t>(b);
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

char32_t byte_to_codepoint(std::uint8_t byte) { return tables().to_cp[byte]; }

const std::string& byte_to_text(std::uint8_t byte) { return tables().to_text[byte]; }

std::optional<std::uint8_t> codepoint_to_byte(char32_t cp) {
  if (cp >= tables().from_cp.size() || tables().from_cp[cp] < 0) return std::nullopt;
  return static_cast<std::uint8_t>(tables().from_cp[cp]);
}

std::optional<std::string> byte_level_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = 0;
    const std::size_t len = utf8::decode(text, pos, cp);
    if (len == 0) return std::nullopt;
    const std::optional<std::uint8_t> byte = codepoint_to_byte(cp);
    if (!byte) return std::nullopt;
    out.push_back(static_cast<char>(*byte));
    pos += len;
  }
  return out;
}

std::string byte_level_encode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) out += byte_to_text(static_cast<std::uint8_t>(c));
  return out;
}

}  // namespace hearth::tokenizer
