// Byte-level BPE tokenizer (GPT-2 family: Llama 3, Nemotron 3). Immutable after create(); encode and
// decode are const and safe to call from several threads at once.
//
// encode(text):
//   1. Added tokens are cut out first, leftmost-longest: user-defined ones always, control ones (specials
//      such as <|im_start|>) only with parse_special, so user text that merely looks like a special token
//      stays text unless the caller asks.
//   2. The rest is split at bytes that are not valid UTF-8 (utf8.h). Each such byte becomes the token of
//      that single byte (its byte-level token, else its <0xHH> byte token, else unk): nothing is dropped
//      or replaced, so decode(encode(x)) == x for any input, valid or not. The valid stretches on either
//      side are pre-tokenized independently, as if the invalid byte were the end of one text and the
//      start of the next. (llama.cpp instead turns invalid bytes into U+FFFD; Hugging Face cannot take
//      invalid UTF-8 at all.)
//   3. Each valid stretch is split by the pre-tokenizer regex and each piece is merged by BPE from its
//      bytes; with ignore_merges a piece that is itself a token is emitted as is.
//   4. BOS/EOS are added when the options and the tokenizer's flags say so.
// encode_segments() does the same over several pieces of text with a parse_special flag each.
#pragma once

#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "tokenizer/bpe_merges.h"
#include "tokenizer/piece_table.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/special_matcher.h"
#include "tokenizer/tokenizer_data.h"

namespace hearth::tokenizer {

// Part of a text to encode, with its own say on special tokens: a chat prompt is the template's text
// (specials parsed) interleaved with what the user typed (never parsed).
struct TextSegment {
  std::string_view text;
  bool parse_special = false;
};

struct EncodeOptions {
  bool parse_special = false;  // match control tokens written in the text
  bool add_special = true;     // add BOS / EOS as the tokenizer's add_bos / add_eos say
};

class Tokenizer {
 public:
  // Validates and indexes `data`. Errors: UnsupportedType (not byte-level BPE, unknown pre-tokenizer
  // name), MalformedFile (ids out of range, a byte with no token, counts that disagree), InvalidArgument
  // (a regex that does not compile).
  static Result<std::unique_ptr<Tokenizer>> create(TokenizerData data);

  std::vector<TokenId> encode(std::string_view text, const EncodeOptions& options = {}) const;
  // The segments are encoded as one text (pre-tokenization runs across their borders, so the ids equal
  // those of the joined text wherever no special token is involved), but a control token is matched only
  // when it lies wholly inside a segment that allows it. add_special: BOS / EOS as in EncodeOptions.
  std::vector<TokenId> encode_segments(std::span<const TextSegment> segments, bool add_special = true) const;

  // The bytes the tokens stand for. Control tokens contribute their text only with render_special.
  // InvalidArgument for an id outside the vocabulary.
  Result<std::string> decode(std::span<const TokenId> ids, bool render_special = false) const;
  // The bytes of one token as decode() would produce them; `id` must be valid().
  std::string_view piece(TokenId id, bool render_special = false) const;

  bool valid(TokenId id) const { return id >= 0 && static_cast<std::size_t>(id) < tokens_.size(); }
  std::size_t vocab_size() const { return tokens_.size(); }
  TokenType type(TokenId id) const { return types_[static_cast<std::size_t>(id)]; }
  const std::string& text(TokenId id) const { return tokens_[static_cast<std::size_t>(id)]; }  // vocabulary form
  TokenId find(std::string_view vocabulary_text) const;  // kNoToken when absent
  TokenId byte_token(std::uint8_t byte) const { return byte_tokens_[byte]; }

  TokenId bos() const { return bos_; }
  TokenId eos() const { return eos_; }
  TokenId eot() const { return eot_; }
  TokenId pad() const { return pad_; }
  TokenId unk() const { return unk_; }
  bool add_bos() const { return add_bos_; }
  bool add_eos() const { return add_eos_; }
  bool ignore_merges() const { return ignore_merges_; }
  // End-of-generation tokens: eos, eot and the control tokens that end a turn (<|im_end|>, <|eot_id|>...).
  bool is_eog(TokenId id) const;
  const std::vector<TokenId>& eog() const { return eog_; }

  const std::string& pre_tokenizer_pattern() const { return pre_->pattern(); }
  std::size_t merge_count() const { return merges_.size(); }
  // Merges dropped at load because a side or the result is not in the vocabulary (or a repeated pair).
  std::size_t skipped_merges() const { return skipped_merges_; }

 private:
  class EncodeState;

  Tokenizer() = default;
  void encode_plain(std::string_view text, EncodeState& state, std::vector<TokenId>& out) const;
  void encode_piece(std::string_view piece, EncodeState& state, std::vector<TokenId>& out) const;

  std::vector<std::string> tokens_;  // (n_vocab) vocabulary form
  std::vector<TokenType> types_;     // (n_vocab)
  std::vector<std::string> pieces_;  // (n_vocab) output bytes (control tokens: their text)
  PieceTable by_text_;               // vocabulary form -> first id with it (value.a)
  PieceTable normal_by_bytes_;       // raw bytes -> normal token (value.a), for ignore_merges
  std::array<TokenId, 256> byte_tokens_{};
  BpeMerges merges_;
  std::size_t skipped_merges_ = 0;
  SpecialMatcher specials_;
  std::unique_ptr<PreTokenizer> pre_;
  TokenId bos_ = kNoToken, eos_ = kNoToken, eot_ = kNoToken, pad_ = kNoToken, unk_ = kNoToken;
  bool add_bos_ = false, add_eos_ = false, ignore_merges_ = false;
  std::vector<TokenId> eog_;
};

}  // namespace hearth::tokenizer
