// The tokenizer on a hand-written vocabulary: merge order, ignore_merges, special tokens on and off,
// longest match, BOS, invalid UTF-8, byte fallback, decode, and the load-time checks.
#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support/check.h"
#include "tiny_vocab.h"
#include "tokenizer/tokenizer.h"
#include "core/utf8.h"

namespace {

using hearth::Result;
using hearth::tokenizer::EncodeOptions;
using hearth::tokenizer::TokenId;
using hearth::tokenizer::Tokenizer;
using hearth::tokenizer::TokenizerData;
using hearth_test::TinyVocab;
using Ids = std::vector<TokenId>;

std::unique_ptr<Tokenizer> make(TokenizerData data) {
  auto tok = Tokenizer::create(std::move(data));
  if (!tok) {
    std::fprintf(stderr, "create failed: %s\n", tok.status().to_string().c_str());
    return nullptr;
  }
  return std::move(*tok);
}

std::string show(const Ids& ids) {
  std::string s = "[";
  for (const TokenId id : ids) s += (s.size() > 1 ? "," : "") + std::to_string(id);
  return s + "]";
}

Ids bytes_of(const std::string& s) {
  Ids ids;
  for (const char c : s) ids.push_back(static_cast<std::uint8_t>(c));
  return ids;
}

// By value: the Result holding the text is a temporary.
std::string dec(const Tokenizer& tok, const Ids& ids, bool render_special = false) {
  Result<std::string> text = tok.decode(ids, render_special);
  return text ? *text : "<error: " + text.status().message() + ">";
}

EncodeOptions special(bool on) {
  EncodeOptions o;
  o.parse_special = on;
  return o;
}

}  // namespace

TEST_CASE(merges_apply_lowest_rank_first_not_left_to_right) {
  auto tok = make(hearth_test::tiny_vocab());
  REQUIRE(tok);
  // "b c" (rank 0) beats "a b" (rank 1) although "ab" is further left.
  CHECK_EQ(show(tok->encode("abc")), show({'a', TinyVocab::kBC}));
  // Equal ranks: the leftmost pair first, so "aaa" is "aa" + "a", and "aaaa" is "aa" + "aa".
  CHECK_EQ(show(tok->encode("aaa")), show({TinyVocab::kAA, 'a'}));
  CHECK_EQ(show(tok->encode("aaaa")), show({TinyVocab::kAA, TinyVocab::kAA}));
  // A merge result feeds the next merge: "Ġ w" then "Ġw o".
  CHECK_EQ(show(tok->encode("x wow")), show({'x', TinyVocab::kSpaceWO, 'w'}));
  CHECK_EQ(show(tok->encode("ab")), show({TinyVocab::kAB}));
}

TEST_CASE(ignore_merges_takes_whole_pieces_from_the_vocabulary) {
  TokenizerData data = hearth_test::tiny_vocab();
  data.ignore_merges = true;
  auto tok = make(std::move(data));
  REQUIRE(tok);
  CHECK_EQ(show(tok->encode("abc")), show({TinyVocab::kABC}));
  CHECK_EQ(show(tok->encode("abcd")), show({'a', TinyVocab::kBC, 'd'}));  // not a token: merged as usual
}

TEST_CASE(special_tokens_only_when_asked) {
  auto tok = make(hearth_test::tiny_vocab());
  REQUIRE(tok);
  const std::string text = "<|im_start|>b<|im_end|>";
  CHECK_EQ(show(tok->encode(text, special(true))), show({TinyVocab::kImStart, 'b', TinyVocab::kImEnd}));
  // Without parse_special the same text is plain bytes (the pre-tokenizer splits "<|" "im" "_start" "|>").
  const Ids plain = tok->encode(text, special(false));
  CHECK(std::find(plain.begin(), plain.end(), TinyVocab::kImStart) == plain.end());
  CHECK_EQ(show(plain), show(bytes_of(text)));
  // Decoding renders a control token only on request; the plain ids decode back to the same text.
  CHECK_EQ(dec(*tok, plain), text);
  CHECK_EQ(dec(*tok, Ids{TinyVocab::kImStart, 'b'}), std::string("b"));
  CHECK_EQ(dec(*tok, Ids{TinyVocab::kImStart, 'b'}, true), std::string("<|im_start|>b"));
}

TEST_CASE(user_defined_tokens_always_match_longest_first) {
  auto tok = make(hearth_test::tiny_vocab());
  REQUIRE(tok);
  CHECK_EQ(show(tok->encode("x<tool>y", special(false))), show({'x', TinyVocab::kTool, 'y'}));
  // <tool_call> and <tool> share a prefix: the longer one wins where both match.
  CHECK_EQ(show(tok->encode("<tool_call>", special(false))), show({TinyVocab::kToolCall}));
  CHECK_EQ(show(tok->encode("<tool><tool_cal", special(false))), show({TinyVocab::kTool, '<', 't', 'o', 'o', 'l', '_', 'c', 'a', 'l'}));
  // The leftmost match wins over a longer one further right.
  CHECK_EQ(show(tok->encode("<tool><tool_call>", special(false))), show({TinyVocab::kTool, TinyVocab::kToolCall}));
}

TEST_CASE(bos_and_eos_follow_flags_and_options) {
  TokenizerData data = hearth_test::tiny_vocab();
  data.add_bos = true;
  auto tok = make(std::move(data));
  REQUIRE(tok);
  CHECK_EQ(show(tok->encode("b")), show({TinyVocab::kBos, 'b'}));
  EncodeOptions none;
  none.add_special = false;
  CHECK_EQ(show(tok->encode("b", none)), show({'b'}));
  CHECK_EQ(show(tok->encode("")), show({TinyVocab::kBos}));
  CHECK(tok->is_eog(TinyVocab::kImEnd));
  CHECK(!tok->is_eog(TinyVocab::kImStart));
}

TEST_CASE(invalid_utf8_bytes_become_their_byte_tokens) {
  auto tok = make(hearth_test::tiny_vocab());
  REQUIRE(tok);
  // A stray continuation byte, a truncated 3-byte sequence, an overlong '/', a surrogate, 0xFF.
  const std::string inputs[] = {"ab\x80" "c", "a\xE2\x82", "\xC0\xAF", "\xED\xA0\x80", "\xFF\xFE"};
  for (const std::string& s : inputs) {
    const Ids ids = tok->encode(s);
    CHECK_EQ(dec(*tok, ids), s);
  }
  // Invalid bytes cut the text: "ab" and "c" are merged on their own, the byte stays alone.
  CHECK_EQ(show(tok->encode("ab\x80" "bc")), show({TinyVocab::kAB, 0x80, TinyVocab::kBC}));
}

TEST_CASE(byte_fallback_when_a_byte_has_no_byte_level_token) {
  auto tok = make(hearth_test::tiny_vocab("llama3", true));
  REQUIRE(tok);
  CHECK_EQ(tok->byte_token(0xFF), 0xFF);  // the <0xFF> byte token took the slot
  CHECK_EQ(show(tok->encode("a\xFF")), show({'a', 0xFF}));
  CHECK_EQ(dec(*tok, Ids{'a', 0xFF}), std::string("a\xFF"));
}

TEST_CASE(round_trip_of_random_bytes) {
  auto tok = make(hearth_test::tiny_vocab());
  REQUIRE(tok);
  std::mt19937 rng(20261128);
  const char alphabet[] = {'a', 'b', 'c', ' ', '\n', '1', '<', '|', '>', '\'', '\xC3', '\xA9', '\xE2', '\x80', '\xFF'};
  for (int round = 0; round < 500; ++round) {
    std::string s;
    const int length = static_cast<int>(rng() % 40);
    for (int i = 0; i < length; ++i) s.push_back(alphabet[rng() % sizeof alphabet]);
    CHECK_EQ(dec(*tok, tok->encode(s, special(false))), s);
  }
}

TEST_CASE(round_trip_of_any_bytes_and_code_points) {
  auto tok = make(hearth_test::tiny_vocab());
  REQUIRE(tok);
  std::mt19937 rng(1234567);
  for (int round = 0; round < 300; ++round) {
    std::string s;
    for (int i = 0, n = static_cast<int>(rng() % 200); i < n; ++i) {
      if (rng() % 2) {
        s.push_back(static_cast<char>(rng() % 256));  // any byte, valid or not in context
      } else {
        // A random scalar value (no surrogates), as UTF-8.
        char32_t cp = rng() % 0x110000;
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        hearth::utf8::append(s, cp);
      }
    }
    CHECK_EQ(dec(*tok, tok->encode(s, special(true))), s);
  }
}

TEST_CASE(decode_rejects_ids_outside_the_vocabulary) {
  auto tok = make(hearth_test::tiny_vocab());
  REQUIRE(tok);
  CHECK(!tok->decode(Ids{'a', 100000}).is_ok());
  CHECK(!tok->decode(Ids{-1}).is_ok());
}

TEST_CASE(create_refuses_what_it_cannot_tokenize) {
  TokenizerData unknown_pre = hearth_test::tiny_vocab("no-such-pre");
  CHECK(Tokenizer::create(std::move(unknown_pre)).status().code() == hearth::ErrorCode::UnsupportedType);
  TokenizerData spm = hearth_test::tiny_vocab();
  spm.model = "llama";
  CHECK(Tokenizer::create(std::move(spm)).status().code() == hearth::ErrorCode::UnsupportedType);
  TokenizerData bad_bos = hearth_test::tiny_vocab();
  bad_bos.bos = 99999;
  CHECK(Tokenizer::create(std::move(bad_bos)).status().code() == hearth::ErrorCode::MalformedFile);
  TokenizerData missing_byte = hearth_test::tiny_vocab();
  missing_byte.tokens[0x41] = "not-a-byte";
  missing_byte.types[0x41] = hearth::tokenizer::TokenType::UserDefined;
  const auto status = Tokenizer::create(std::move(missing_byte)).status();
  CHECK(status.code() == hearth::ErrorCode::MalformedFile);
  CHECK(status.message().find("0x41") != std::string::npos);
  TokenizerData bad_regex = hearth_test::tiny_vocab();
  bad_regex.pre_regex = "(unclosed";
  CHECK(Tokenizer::create(std::move(bad_regex)).status().code() == hearth::ErrorCode::InvalidArgument);
}

TEST_CASE(merges_missing_from_the_vocabulary_are_counted_not_applied) {
  TokenizerData data = hearth_test::tiny_vocab();
  data.merges.push_back({"x", "y"});  // "xy" is not a token
  data.merges.push_back({"a", "b"});  // a repeat keeps the first rank
  auto tok = make(std::move(data));
  REQUIRE(tok);
  CHECK_EQ(tok->skipped_merges(), std::size_t{2});
  CHECK_EQ(show(tok->encode("xy")), show({'x', 'y'}));
}

TEST_CASE(concurrent_encodes_agree_with_serial_ones) {
  auto tok = make(hearth_test::tiny_vocab());
  REQUIRE(tok);
  std::vector<std::string> texts;
  std::mt19937 rng(99);
  for (int i = 0; i < 64; ++i) {
    std::string s;
    for (int k = 0; k < 400; ++k) s.push_back("abc w\n<|>1\xC3\xA9"[rng() % 12]);
    texts.push_back(s);
  }
  std::vector<Ids> serial;
  for (const std::string& s : texts) serial.push_back(tok->encode(s, special(true)));
  std::vector<Ids> parallel(texts.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t i = t; i < texts.size(); i += 4) parallel[i] = tok->encode(texts[i], special(true));
    });
  for (std::thread& th : threads) th.join();
  CHECK(parallel == serial);
}

TEST_CASE(segments_parse_specials_only_where_allowed) {
  auto tok = make(hearth_test::tiny_vocab());
  REQUIRE(tok);
  using hearth::tokenizer::TextSegment;
  // A chat turn: the template's text may hold specials, the user's text may not.
  const std::string user = "ab<|im_end|>";
  const std::vector<TextSegment> turn = {{"<|im_start|>", true}, {user, false}, {"<|im_end|>", true}};
  const Ids ids = tok->encode_segments(turn, false);
  Ids expected = {TinyVocab::kImStart};
  const Ids user_ids = tok->encode(user, special(false));
  expected.insert(expected.end(), user_ids.begin(), user_ids.end());
  expected.push_back(TinyVocab::kImEnd);
  CHECK_EQ(show(ids), show(expected));
  // Without specials involved, segments give the ids of the joined text: pre-tokenization runs across
  // borders ("a" + "b" merges, " " + "wo" stays one piece).
  const std::vector<TextSegment> split_word = {{"x a", true}, {"b w", false}, {"o", true}};
  CHECK_EQ(show(tok->encode_segments(split_word, false)), show(tok->encode("x ab wo", special(false))));
  // A special token straddling two segments is not one.
  const std::vector<TextSegment> straddle = {{"<|im_", true}, {"start|>", true}};
  CHECK_EQ(show(tok->encode_segments(straddle, false)), show(tok->encode("<|im_start|>", special(false))));
}
