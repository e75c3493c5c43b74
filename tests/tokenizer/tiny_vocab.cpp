#include "tiny_vocab.h"

#include "tokenizer/byte_level.h"

namespace hearth_test {

using hearth::tokenizer::TokenType;

hearth::tokenizer::TokenizerData tiny_vocab(const std::string& pre, bool drop_byte_ff) {
  hearth::tokenizer::TokenizerData d;
  for (unsigned b = 0; b < 256; ++b) {
    d.tokens.push_back(hearth::tokenizer::byte_to_text(static_cast<std::uint8_t>(b)));
    d.types.push_back(TokenType::Normal);
  }
  if (drop_byte_ff) {
    d.tokens[0xFF] = "<0xFF>";
    d.types[0xFF] = TokenType::Byte;
  }
  const std::string sp = hearth::tokenizer::byte_to_text(' ');  // "Ġ"
  const std::pair<std::string, TokenType> extra[] = {
      {"bc", TokenType::Normal},         {"ab", TokenType::Normal},          {"aa", TokenType::Normal},
      {"abc", TokenType::Normal},        {sp + "w", TokenType::Normal},      {sp + "wo", TokenType::Normal},
      {"<|im_start|>", TokenType::Control}, {"<|im_end|>", TokenType::Control}, {"<tool>", TokenType::UserDefined},
      {"<tool_call>", TokenType::UserDefined}, {"<s>", TokenType::Control},
  };
  for (const auto& [text, type] : extra) {
    d.tokens.push_back(text);
    d.types.push_back(type);
  }
  d.merges = {{"b", "c"}, {"a", "b"}, {"a", "a"}, {sp, "w"}, {sp + "w", "o"}};
  d.pre = pre;
  d.bos = TinyVocab::kBos;
  d.eos = TinyVocab::kImEnd;
  d.add_bos = false;
  d.ignore_merges = false;
  return d;
}

}  // namespace hearth_test
