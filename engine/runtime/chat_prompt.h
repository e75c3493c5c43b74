// A conversation turned into the token ids the model sees: the chat template renders the text, and the
// tokenizer encodes it so that the template's own markup (<|im_start|>, <think>...) becomes control tokens
// while what people wrote never does, even when it looks like one. Contents are swapped for unique markers
// before rendering and put back afterwards as segments in which special tokens are not parsed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/chat_template.h"
#include "core/status.h"
#include "tokenizer/tokenizer.h"

namespace hearth::runtime {

struct ChatPrompt {
  std::string text;                  // the rendered prompt
  std::vector<std::int32_t> tokens;  // its ids (BOS as the tokenizer's add_bos says)
};

Result<ChatPrompt> encode_chat(const chat::ChatTemplate& chat_template, const tokenizer::Tokenizer& tokenizer,
                               const nlohmann::ordered_json& messages, const nlohmann::ordered_json& tools,
                               const chat::ChatOptions& options);

}  // namespace hearth::runtime
