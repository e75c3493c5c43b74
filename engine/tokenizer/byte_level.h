// GPT-2's byte-to-unicode mapping: byte-level BPE vocabularies store every token as a string of printable
// code points, one per byte. Bytes that are printable Latin-1 (! .. ~, ¡ .. ¬, ® .. ÿ) map to themselves;
// the other 68 bytes map, in increasing byte order, to U+0100, U+0101, ... (so the space 0x20 is U+0120 'Ġ').
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::tokenizer {

// The code point that stands for `byte` in a byte-level vocabulary.
char32_t byte_to_codepoint(std::uint8_t byte);
// The UTF-8 text of that code point ("Ġ" for 0x20).
const std::string& byte_to_text(std::uint8_t byte);
// The inverse: nullopt for a code point that stands for no byte.
std::optional<std::uint8_t> codepoint_to_byte(char32_t cp);
// Byte-level text back to raw bytes; nullopt when `text` is not valid UTF-8 or holds a code point that
// stands for no byte (added tokens keep their literal text and are not byte-level).
std::optional<std::string> byte_level_decode(std::string_view text);
// Raw bytes to byte-level text.
std::string byte_level_encode(std::string_view bytes);

}  // namespace hearth::tokenizer
