// Loads a Hugging Face tokenizer.json (the "tokenizers" library format) into TokenizerData: a BPE model
// (vocab, merges as "a b" strings or ["a", "b"] pairs, ignore_merges, byte_fallback), added_tokens
// (special -> Control, others -> UserDefined), the pre-tokenizer (ByteLevel alone, or a Split regex with
// behaviour Isolated followed by ByteLevel without its own regex) and BOS/EOS from a TemplateProcessing
// post-processor. Anything else (normalizers, other pre-tokenizers) is refused by name rather than
// silently tokenised differently. Not honoured: the lstrip / rstrip / single_word flags of added tokens
// (false in the Llama 3 and Nemotron vocabularies; a vocabulary that sets them would differ around those
// tokens only).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "tokenizer/tokenizer_data.h"

namespace hearth::tokenizer {

Result<TokenizerData> parse_tokenizer_json(std::string_view json_text);
Result<TokenizerData> load_tokenizer_json(const std::string& path);

}  // namespace hearth::tokenizer
