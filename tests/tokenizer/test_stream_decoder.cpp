// Streaming detokenisation: characters split over tokens are held back until complete, invalid bytes go
// out at once, and the pieces always add up to decode() of all tokens.
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "support/check.h"
#include "tiny_vocab.h"
#include "tokenizer/stream_decoder.h"
#include "tokenizer/tokenizer.h"

namespace {

using hearth::tokenizer::StreamDecoder;
using hearth::tokenizer::TokenId;
using hearth::tokenizer::Tokenizer;

std::unique_ptr<Tokenizer> make() {
  auto tok = Tokenizer::create(hearth_test::tiny_vocab());
  return tok ? std::move(*tok) : nullptr;
}

std::string push(StreamDecoder& d, TokenId id) {
  std::string out;
  if (!d.push(id, out).is_ok()) return "<error>";
  return out;
}

}  // namespace

TEST_CASE(two_byte_character_over_two_tokens) {
  auto tok = make();
  REQUIRE(tok);
  StreamDecoder d(*tok);
  CHECK_EQ(push(d, 'a'), std::string("a"));
  CHECK_EQ(push(d, 0xC3), std::string());
  CHECK_EQ(d.pending_bytes(), std::size_t{1});
  CHECK_EQ(push(d, 0xA9), std::string("\xC3\xA9"));
  CHECK_EQ(d.pending_bytes(), std::size_t{0});
}

TEST_CASE(emoji_over_four_tokens_then_text) {
  auto tok = make();
  REQUIRE(tok);
  StreamDecoder d(*tok);
  const std::string emoji = "\xF0\x9F\x98\x80";  // U+1F600
  std::string out;
  for (std::size_t i = 0; i + 1 < emoji.size(); ++i) CHECK_EQ(push(d, static_cast<std::uint8_t>(emoji[i])), std::string());
  CHECK_EQ(push(d, static_cast<std::uint8_t>(emoji.back())), emoji);
  CHECK_EQ(push(d, 'b'), std::string("b"));
}

TEST_CASE(invalid_bytes_are_not_held_back) {
  auto tok = make();
  REQUIRE(tok);
  StreamDecoder d(*tok);
  CHECK_EQ(push(d, 0xFF), std::string("\xFF"));      // can never start a character
  CHECK_EQ(push(d, 0xE2), std::string());            // could start one
  CHECK_EQ(push(d, 'x'), std::string("\xE2x"));      // and cannot any more
  CHECK_EQ(push(d, 0xE0), std::string());
  CHECK_EQ(push(d, 0x80), std::string("\xE0\x80"));  // E0 80 would be overlong: invalid at once
}

TEST_CASE(finish_flushes_a_cut_off_character) {
  auto tok = make();
  REQUIRE(tok);
  StreamDecoder d(*tok);
  CHECK_EQ(push(d, 0xF0), std::string());
  CHECK_EQ(push(d, 0x9F), std::string());
  std::string out;
  d.finish(out);
  CHECK_EQ(out, std::string("\xF0\x9F"));
  CHECK_EQ(d.pending_bytes(), std::size_t{0});
}

TEST_CASE(control_tokens_render_only_on_request) {
  auto tok = make();
  REQUIRE(tok);
  StreamDecoder quiet(*tok);
  CHECK_EQ(push(quiet, hearth_test::TinyVocab::kImEnd), std::string());
  StreamDecoder loud(*tok, true);
  CHECK_EQ(push(loud, hearth_test::TinyVocab::kImEnd), std::string("<|im_end|>"));
  std::string out;
  CHECK(!loud.push(1 << 20, out).is_ok());
}

TEST_CASE(stream_equals_decode_and_never_splits_a_character) {
  auto tok = make();
  REQUIRE(tok);
  std::mt19937 rng(7);
  // Text with 1-4 byte characters, encoded, then streamed token by token.
  const std::string alphabet[] = {"a", "b", " ", "\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\n", "\xFF"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int i = 0, n = static_cast<int>(rng() % 30); i < n; ++i) text += alphabet[rng() % std::size(alphabet)];
    const std::vector<TokenId> ids = tok->encode(text);
    StreamDecoder d(*tok);
    std::string streamed;
    for (const TokenId id : ids) {
      std::string out;
      REQUIRE(d.push(id, out).is_ok());
      // Every emitted chunk ends on a character boundary: its last lead byte has all its continuations.
      if (!out.empty()) {
        std::size_t lead = out.size() - 1;
        while (lead > 0 && (static_cast<std::uint8_t>(out[lead]) & 0xC0) == 0x80) --lead;
        const auto b = static_cast<std::uint8_t>(out[lead]);
        const std::size_t want = b < 0x80 ? 1 : b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 1;
        CHECK(out.size() - lead >= want);
      }
      streamed += out;
    }
    d.finish(streamed);
    CHECK_EQ(streamed, text);
  }
}

TEST_CASE(stream_of_random_ids_equals_decode) {
  auto tok = make();
  REQUIRE(tok);
  std::mt19937 rng(31337);
  for (int round = 0; round < 300; ++round) {
    std::vector<TokenId> ids;
    for (int i = 0, n = static_cast<int>(rng() % 50); i < n; ++i)
      ids.push_back(static_cast<TokenId>(rng() % tok->vocab_size()));
    StreamDecoder d(*tok, true);
    std::string streamed;
    for (const TokenId id : ids) REQUIRE(d.push(id, streamed).is_ok());
    d.finish(streamed);
    const hearth::Result<std::string> whole = tok->decode(ids, true);
    REQUIRE(whole.is_ok());
    CHECK_EQ(streamed, *whole);
  }
}
