#include "tokenizer/pre_tokenizer_presets.h"

#include <array>
#include <string>

namespace hearth::tokenizer {
namespace {

// Llama 3 (and Nemotron 3, whose GGUF says "pixtral"): case-insensitive English contractions, letters with
// at most one leading non-letter, numbers in groups of 1-3 digits, punctuation runs with trailing newlines,
// newline runs, whitespace not followed by a non-space (so " word" keeps its space), other whitespace.
constexpr std::string_view kLlama3 =
    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
    "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
// Ollama's variant of the same pattern: every digit is its own pre-token.
constexpr std::string_view kLlama3SingleDigit =
    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
    "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
// GPT-2: llama.cpp's "default" for byte-level BPE.
constexpr std::string_view kGpt2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

constexpr std::array kPresets = {
    PreTokenizerPreset{"llama3", kLlama3, true, true},
    PreTokenizerPreset{"llama-v3", kLlama3, true, true},
    PreTokenizerPreset{"llama-bpe", kLlama3, true, true},
    PreTokenizerPreset{"falcon3", kLlama3, true, true},
    PreTokenizerPreset{"falcon-h1", kLlama3, true, true},
    PreTokenizerPreset{"pixtral", kLlama3, true, true},
    PreTokenizerPreset{"llama3-single-digit", kLlama3SingleDigit, true, true},
    PreTokenizerPreset{"default", kGpt2, false, false},
    PreTokenizerPreset{"gpt2", kGpt2, false, false},
    PreTokenizerPreset{"gpt-2", kGpt2, false, false},
};

}  // namespace

const PreTokenizerPreset* find_pre_tokenizer_preset(std::string_view name) {
  for (const PreTokenizerPreset& p : kPresets)
    if (p.name == name) return &p;
  return nullptr;
}

std::string known_pre_tokenizer_names() {
  std::string names;
  for (const PreTokenizerPreset& p : kPresets) names += (names.empty() ? "" : ", ") + std::string(p.name);
  return names;
}

}  // namespace hearth::tokenizer
