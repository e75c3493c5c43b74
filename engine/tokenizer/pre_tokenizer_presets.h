// Named pre-tokenizers: the `tokenizer.ggml.pre` values Hearth understands, each with the split regex and
// the per-family defaults llama.cpp applies with it. Names are rows, not ifs: add a model family here.
#pragma once

#include <string>
#include <string_view>

namespace hearth::tokenizer {

struct PreTokenizerPreset {
  std::string_view name;
  std::string_view regex;  // PCRE2 syntax; \s is rewritten to Unicode White_Space (see pre_tokenizer.cpp)
  bool ignore_merges;      // default for `TokenizerData::ignore_merges` with this name
  bool add_bos;            // default when the GGUF has no `tokenizer.ggml.add_bos_token`
};

// nullptr for a name not in the table.
const PreTokenizerPreset* find_pre_tokenizer_preset(std::string_view name);
// "a, b, c" of every known name, for error hints.
std::string known_pre_tokenizer_names();

}  // namespace hearth::tokenizer
