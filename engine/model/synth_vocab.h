// The tokenizer and chat template written into synthesised models, so they tokenize and chat end to end:
// a real byte-level BPE (GPT-2 byte-to-unicode strings for the 256 byte tokens, merges learned at build
// time from a small built-in English and code text), the Nemotron special tokens at their real ids and our
// own Jinja template for the Nemotron 3 ChatML layout (nemotron-h.md §5).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hearth::model {

// llama.cpp token types (tokenizer.ggml.token_type). Stored in files: never renumber.
enum class TokenType : std::int32_t { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

struct SynthVocab {
  std::vector<std::string> tokens;
  std::vector<std::int32_t> types;
  std::vector<std::string> merges;  // "left right", in priority order
  std::int32_t bos_id = 1;          // <s>
  std::int32_t eos_id = 11;         // <|im_end|>: the chat turn end (generation_config eos is [2, 11])
  std::int32_t unk_id = 0;
  std::int32_t pad_id = 0;
};

// Ids of the special tokens (§5).
constexpr std::int32_t kTokUnk = 0, kTokBos = 1, kTokEos = 2, kTokImStart = 10, kTokImEnd = 11, kTokThink = 12,
                       kTokThinkEnd = 13;
// Ids below this are special; the 256 byte tokens follow in byte order.
constexpr std::int32_t kSpecialCount = 16;

// A vocabulary of exactly n_vocab tokens: specials, bytes, learned merges, then (for the 131072-token
// presets) unused placeholders. n_vocab must be at least kSpecialCount + 256.
SynthVocab build_synth_vocab(std::int64_t n_vocab);

// GPT-2's reversible byte → printable code point map, as a UTF-8 string per byte.
std::string byte_token(std::uint8_t byte);

// The chat template (Jinja) stored as tokenizer.chat_template.
const std::string& synth_chat_template();

}  // namespace hearth::model
