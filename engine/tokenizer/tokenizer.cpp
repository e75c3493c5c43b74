#include "tokenizer/tokenizer.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

#include "tokenizer/byte_level.h"
#include "tokenizer/pre_tokenizer_presets.h"
#include "core/utf8.h"

namespace hearth::tokenizer {
namespace {

// Control tokens that end a turn in the model families Hearth runs (llama.cpp keeps the same list).
constexpr std::array<std::string_view, 8> kEndOfGenerationTexts = {
    "</s>", "<|im_end|>", "<|eot_id|>", "<|eom_id|>", "<|end_of_text|>", "<|endoftext|>", "<|end|>", "<end_of_turn>",
};

// Pieces up to this many bytes are remembered with their ids: words and code identifiers repeat a lot.
constexpr std::size_t kCacheMaxPiece = 64;
// Past this many entries the cache starts over, bounding memory on huge inputs.
constexpr std::size_t kCacheMaxEntries = 1 << 16;

bool is_control(TokenType t) { return t == TokenType::Control || t == TokenType::Unknown; }

// "<0x0A>" -> 0x0A.
std::optional<std::uint8_t> parse_byte_token(std::string_view text) {
  if (text.size() != 6 || text.substr(0, 3) != "<0x" || text[5] != '>') return std::nullopt;
  unsigned value = 0;
  for (const char c : text.substr(3, 2)) {
    value <<= 4;
    if (c >= '0' && c <= '9') value |= unsigned(c - '0');
    else if (c >= 'A' && c <= 'F') value |= unsigned(c - 'A' + 10);
    else if (c >= 'a' && c <= 'f') value |= unsigned(c - 'a' + 10);
    else return std::nullopt;
  }
  return static_cast<std::uint8_t>(value);
}

Status check_id(TokenId id, const char* what, std::size_t n_vocab) {
  if (id == kNoToken || (id >= 0 && static_cast<std::size_t>(id) < n_vocab)) return Status::ok();
  return Status::error(ErrorCode::MalformedFile,
                       std::string(what) + " token id " + std::to_string(id) + " is outside the vocabulary (" +
                           std::to_string(n_vocab) + " tokens)");
}

}  // namespace

// Per-call working memory: regex state, the piece list, BPE scratch and the piece cache.
class Tokenizer::EncodeState {
 public:
  explicit EncodeState(const PreTokenizer& pre) : scratch(pre) {}
  PreTokenizer::Scratch scratch;
  std::vector<std::string_view> pieces;
  std::vector<TokenId> ids;
  BpeMerges::Scratch bpe;
  PieceTable cache;                // piece -> (offset, count) in cache_ids
  std::vector<TokenId> cache_ids;  // the cached id lists, back to back
};

Result<std::unique_ptr<Tokenizer>> Tokenizer::create(TokenizerData data) {
  if (data.model != "gpt2")
    return Status::error(ErrorCode::UnsupportedType, "tokenizer model '" + data.model + "' is not supported",
                         "Hearth supports byte-level BPE tokenizers (model \"gpt2\"), as Nemotron 3 and Llama 3 use");
  const std::size_t n = data.tokens.size();
  if (n == 0) return Status::error(ErrorCode::MalformedFile, "the tokenizer has an empty vocabulary");
  if (!data.types.empty() && data.types.size() != n)
    return Status::error(ErrorCode::MalformedFile, "the tokenizer has " + std::to_string(n) + " tokens but " +
                                                       std::to_string(data.types.size()) + " token types");
  HEARTH_TRY(check_id(data.bos, "BOS", n));
  HEARTH_TRY(check_id(data.eos, "EOS", n));
  HEARTH_TRY(check_id(data.eot, "EOT", n));
  HEARTH_TRY(check_id(data.pad, "padding", n));
  HEARTH_TRY(check_id(data.unk, "unknown", n));

  std::unique_ptr<Tokenizer> tok(new Tokenizer());
  std::string pattern = data.pre_regex;
  if (pattern.empty()) {
    const PreTokenizerPreset* preset = find_pre_tokenizer_preset(data.pre);
    if (!preset)
      return Status::error(ErrorCode::UnsupportedType, "pre-tokenizer '" + data.pre + "' is not supported",
                           "known names: " + known_pre_tokenizer_names());
    pattern = preset->regex;
  }
  Result<std::unique_ptr<PreTokenizer>> pre = PreTokenizer::compile(pattern);
  if (!pre) return pre.status();
  tok->pre_ = std::move(*pre);

  tok->tokens_ = std::move(data.tokens);
  tok->types_ = data.types.empty() ? std::vector<TokenType>(n, TokenType::Normal) : std::move(data.types);
  tok->pieces_.resize(n);
  tok->by_text_.reserve(n);
  tok->normal_by_bytes_.reserve(n);
  tok->byte_tokens_.fill(kNoToken);
  std::array<TokenId, 256> byte_fallback;
  byte_fallback.fill(kNoToken);
  for (std::size_t i = 0; i < n; ++i) {
    const auto id = static_cast<TokenId>(i);
    const std::string& text = tok->tokens_[i];
    TokenType& type = tok->types_[i];
    if (type == TokenType::Undefined) type = TokenType::Normal;
    tok->by_text_.insert(text, {static_cast<std::uint32_t>(id), 0});
    switch (type) {
      case TokenType::Normal: {
        // A "normal" token that is not byte-level text (some converters label added tokens so) is literal.
        std::optional<std::string> bytes = byte_level_decode(text);
        tok->pieces_[i] = bytes ? std::move(*bytes) : text;
        tok->normal_by_bytes_.insert(tok->pieces_[i], {static_cast<std::uint32_t>(id), 0});
        break;
      }
      case TokenType::Byte:
        if (const std::optional<std::uint8_t> b = parse_byte_token(text)) {
          tok->pieces_[i] = std::string(1, static_cast<char>(*b));
          if (byte_fallback[*b] == kNoToken) byte_fallback[*b] = id;
        } else {
          tok->pieces_[i] = text;
        }
        break;
      case TokenType::Unused:
        break;
      default:  // control, unknown, user-defined: literal text
        tok->pieces_[i] = text;
        tok->specials_.add(text, id, is_control(type));
        break;
    }
  }
  for (unsigned b = 0; b < 256; ++b) {
    const char byte = static_cast<char>(b);
    const PieceTable::Value* normal = tok->normal_by_bytes_.find(std::string_view(&byte, 1));
    TokenId id = normal ? static_cast<TokenId>(normal->a) : byte_fallback[b];
    if (id == kNoToken) id = data.unk;
    if (id == kNoToken) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", b);
      return Status::error(ErrorCode::MalformedFile,
                           std::string("the vocabulary has no token for byte ") + hex + " and no unknown token",
                           "a byte-level BPE vocabulary must cover all 256 bytes");
    }
    tok->byte_tokens_[b] = id;
  }

  tok->merges_.reserve(data.merges.size());
  std::string joined;
  for (const auto& [left, right] : data.merges) {
    const TokenId l = tok->find(left), r = tok->find(right);
    joined.assign(left).append(right);
    const TokenId result = tok->find(joined);
    if (l == kNoToken || r == kNoToken || result == kNoToken || !tok->merges_.add(l, r, result)) ++tok->skipped_merges_;
  }

  tok->bos_ = data.bos;
  tok->eos_ = data.eos;
  tok->eot_ = data.eot;
  tok->pad_ = data.pad;
  tok->unk_ = data.unk;
  tok->add_bos_ = data.add_bos;
  tok->add_eos_ = data.add_eos;
  tok->ignore_merges_ = data.ignore_merges;
  for (const TokenId id : {data.eos, data.eot})
    if (id != kNoToken) tok->eog_.push_back(id);
  for (const std::string_view text : kEndOfGenerationTexts) {
    const TokenId id = tok->find(text);
    if (id != kNoToken && is_control(tok->type(id))) tok->eog_.push_back(id);
  }
  std::sort(tok->eog_.begin(), tok->eog_.end());
  tok->eog_.erase(std::unique(tok->eog_.begin(), tok->eog_.end()), tok->eog_.end());
  return tok;
}

TokenId Tokenizer::find(std::string_view vocabulary_text) const {
  const PieceTable::Value* v = by_text_.find(vocabulary_text);
  return v ? static_cast<TokenId>(v->a) : kNoToken;
}

bool Tokenizer::is_eog(TokenId id) const { return std::binary_search(eog_.begin(), eog_.end(), id); }

std::vector<TokenId> Tokenizer::encode(std::string_view text, const EncodeOptions& options) const {
  const TextSegment whole{text, options.parse_special};
  return encode_segments(std::span<const TextSegment>(&whole, 1), options.add_special);
}

std::vector<TokenId> Tokenizer::encode_segments(std::span<const TextSegment> segments, bool add_special) const {
  // Pre-tokenization needs the text contiguous across segment borders; one segment needs no copy.
  std::string joined;
  std::string_view all = segments.size() == 1 ? segments[0].text : std::string_view();
  if (segments.size() > 1) {
    for (const TextSegment& s : segments) joined.append(s.text);
    all = joined;
  }
  std::vector<TokenId> out;
  out.reserve(all.size() / 3 + 4);
  if (add_special && add_bos_ && bos_ != kNoToken) out.push_back(bos_);
  EncodeState state(*pre_);
  std::size_t plain_start = 0;  // in `all`: where the text not yet encoded begins
  std::size_t base = 0;         // in `all`: where the current segment begins
  for (const TextSegment& segment : segments) {
    std::size_t pos = 0;
    while (!specials_.empty() && pos < segment.text.size()) {
      const SpecialMatcher::Match match = specials_.find(segment.text, pos, segment.parse_special);
      if (match.length == 0) break;
      encode_plain(all.substr(plain_start, base + match.offset - plain_start), state, out);
      out.push_back(match.id);
      pos = match.offset + match.length;
      plain_start = base + pos;
    }
    base += segment.text.size();
  }
  encode_plain(all.substr(plain_start), state, out);
  if (add_special && add_eos_ && eos_ != kNoToken) out.push_back(eos_);
  return out;
}

void Tokenizer::encode_plain(std::string_view text, EncodeState& state, std::vector<TokenId>& out) const {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t valid = utf8::valid_prefix(text, pos);
    if (valid > 0) {
      state.pieces.clear();
      pre_->split(text.substr(pos, valid), state.scratch, state.pieces);
      for (const std::string_view piece : state.pieces) encode_piece(piece, state, out);
      pos += valid;
    }
    if (pos < text.size()) out.push_back(byte_tokens_[static_cast<std::uint8_t>(text[pos++])]);
  }
}

void Tokenizer::encode_piece(std::string_view piece, EncodeState& state, std::vector<TokenId>& out) const {
  // One byte: nothing to merge and nothing to look up.
  if (piece.size() == 1) {
    out.push_back(byte_tokens_[static_cast<std::uint8_t>(piece[0])]);
    return;
  }
  // A piece that is itself a token (ignore_merges) needs one look-up; the others are merged, or found in
  // the per-call cache. (Asking the cache first is slower: every new whole-token piece then costs a
  // cache miss and insert on top of the vocabulary hit.)
  if (ignore_merges_) {
    if (const PieceTable::Value* token = normal_by_bytes_.find(piece)) {
      out.push_back(static_cast<TokenId>(token->a));
      return;
    }
  }
  const bool cacheable = piece.size() <= kCacheMaxPiece;
  if (cacheable) {
    if (const PieceTable::Value* hit = state.cache.find(piece)) {
      out.insert(out.end(), state.cache_ids.begin() + hit->a, state.cache_ids.begin() + hit->a + hit->b);
      return;
    }
  }
  state.ids.clear();
  for (const char c : piece) state.ids.push_back(byte_tokens_[static_cast<std::uint8_t>(c)]);
  merges_.apply(state.ids, state.bpe);
  out.insert(out.end(), state.ids.begin(), state.ids.end());
  if (cacheable) {
    if (state.cache.size() >= kCacheMaxEntries) {
      state.cache.clear();
      state.cache_ids.clear();
    }
    state.cache.insert(piece, {static_cast<std::uint32_t>(state.cache_ids.size()),
                               static_cast<std::uint32_t>(state.ids.size())});
    state.cache_ids.insert(state.cache_ids.end(), state.ids.begin(), state.ids.end());
  }
}

std::string_view Tokenizer::piece(TokenId id, bool render_special) const {
  if (!render_special && is_control(type(id))) return {};
  return pieces_[static_cast<std::size_t>(id)];
}

Result<std::string> Tokenizer::decode(std::span<const TokenId> ids, bool render_special) const {
  std::string out;
  out.reserve(ids.size() * 4);
  for (const TokenId id : ids) {
    if (!valid(id))
      return Status::error(ErrorCode::InvalidArgument, "token id " + std::to_string(id) +
                                                           " is outside the vocabulary (" +
                                                           std::to_string(tokens_.size()) + " tokens)");
    out += piece(id, render_special);
  }
  return out;
}

}  // namespace hearth::tokenizer
