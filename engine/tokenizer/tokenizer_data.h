// The plain description of a byte-level BPE tokenizer, as both loaders (GGUF metadata, Hugging Face
// tokenizer.json) produce it and as Tokenizer::create consumes it. Nothing here is validated yet.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hearth::tokenizer {

using TokenId = std::int32_t;
inline constexpr TokenId kNoToken = -1;

// GGUF `tokenizer.ggml.token_type` values (llama.cpp's llama_token_type). Stored in files: never renumber.
enum class TokenType : std::int32_t {
  Undefined = 0,
  Normal = 1,       // text in the GPT-2 byte-to-unicode form; its bytes come out of the byte mapping
  Unknown = 2,      // <unk>: behaves like Control
  Control = 3,      // special tokens (<|im_start|>, <s>): matched in text only with parse_special
  UserDefined = 4,  // added, non-special tokens: literal text, always matched before BPE
  Unused = 5,       // reserved slots: never produced by encode, decode to nothing
  Byte = 6,         // "<0xAB>": stands for one raw byte (byte fallback)
};

struct TokenizerData {
  std::string model = "gpt2";            // only byte-level BPE ("gpt2") is supported
  std::vector<std::string> tokens;       // (n_vocab) Normal: byte-level form; Control/UserDefined: literal text
  std::vector<TokenType> types;          // (n_vocab) or empty: every token Normal
  std::vector<std::pair<std::string, std::string>> merges;  // in rank order, both sides in byte-level form
  std::string pre = "default";           // pre-tokenizer name (`tokenizer.ggml.pre`), see pre_tokenizer.h
  std::string pre_regex;                 // when set (tokenizer.json Split regex) it overrides `pre`
  TokenId bos = kNoToken;
  TokenId eos = kNoToken;
  TokenId eot = kNoToken;
  TokenId pad = kNoToken;
  TokenId unk = kNoToken;
  bool add_bos = false;
  bool add_eos = false;
  bool ignore_merges = false;  // a pre-token that is itself in the vocabulary is emitted without merging
};

}  // namespace hearth::tokenizer
