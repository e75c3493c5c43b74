#include "tokenizer/stream_decoder.h"

#include "core/utf8.h"

namespace hearth::tokenizer {

Status StreamDecoder::push(TokenId id, std::string& out) {
  if (!tokenizer_.valid(id))
    return Status::error(ErrorCode::InvalidArgument, "token id " + std::to_string(id) + " is outside the vocabulary (" +
                                                         std::to_string(tokenizer_.vocab_size()) + " tokens)");
  pending_ += tokenizer_.piece(id, render_special_);
  // Everything up to an incomplete sequence at the very end can go out.
  std::size_t pos = 0;
  while (pos < pending_.size()) {
    std::size_t length = 1;
    const utf8::Prefix kind = utf8::classify(pending_, pos, length);
    if (kind == utf8::Prefix::Incomplete) break;
    pos += length;  // a complete character, or one invalid byte (which no later byte can repair)
  }
  out.append(pending_, 0, pos);
  pending_.erase(0, pos);
  return Status::ok();
}

void StreamDecoder::finish(std::string& out) {
  out += pending_;
  pending_.clear();
}

}  // namespace hearth::tokenizer
