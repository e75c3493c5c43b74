// Loads the tokenizer from GGUF metadata (the keys llama.cpp's converter writes):
//   tokenizer.ggml.model (must be "gpt2"), .tokens, .token_type, .merges, .pre,
//   .bos_token_id, .eos_token_id, .eot_token_id, .padding_token_id, .unknown_token_id,
//   .add_bos_token, .add_eos_token.
// A missing add_bos_token takes the pre-tokenizer family's default (true for "pixtral"/Llama 3, as in
// llama.cpp); ignore_merges always comes from the family.
#pragma once

#include <string>

#include "core/status.h"
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "tokenizer/tokenizer_data.h"

namespace hearth::tokenizer {

Result<TokenizerData> load_tokenizer_gguf(const gguf::File& file);
Result<TokenizerData> load_tokenizer_gguf(const std::string& path);

// The inverse: writes `data` as the keys above (tiny test models, tokenizer.json -> GGUF). A tokenizer.json
// regex cannot be stored (GGUF names the pre-tokenizer), so `data.pre` is written as is.
void add_tokenizer_metadata(gguf::Writer& writer, const TokenizerData& data);

}  // namespace hearth::tokenizer
