// Turns generated tokens into text as they arrive without ever handing out half a UTF-8 character: a
// character whose bytes span several tokens (byte tokens, or BPE pieces that split a CJK character or an
// emoji) is held back until its last byte arrives. Bytes that can never become valid UTF-8 are passed on
// as they are, as soon as that is certain, so that the concatenated output always equals decode() of all
// the tokens. finish() flushes whatever is still held back (a stream cut off mid-character).
#pragma once

#include <string>

#include "core/status.h"
#include "tokenizer/tokenizer.h"

namespace hearth::tokenizer {

class StreamDecoder {
 public:
  explicit StreamDecoder(const Tokenizer& tokenizer, bool render_special = false)
      : tokenizer_(tokenizer), render_special_(render_special) {}

  // Appends the text that became complete with `id` to `out` (possibly nothing). InvalidArgument for an
  // id outside the vocabulary; `out` is then unchanged.
  Status push(TokenId id, std::string& out);
  // Appends the held-back bytes and resets.
  void finish(std::string& out);
  std::size_t pending_bytes() const { return pending_.size(); }

 private:
  const Tokenizer& tokenizer_;
  bool render_special_;
  std::string pending_;
};

}  // namespace hearth::tokenizer
