// The Hugging Face tokenizer.json loader: data/tiny_tokenizer.json (made by data/make_tiny_tokenizer_json.py)
// is the tiny vocabulary of tiny_vocab.cpp, so loading it must give the same data and the same ids; and
// what the loader cannot honour is refused by name.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/check.h"
#include "tiny_vocab.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_json.h"

namespace {

using hearth::tokenizer::TokenizerData;
using hearth::tokenizer::TokenType;

const std::string kFixture = std::string(HEARTH_TOKENIZER_TEST_DATA) + "/tiny_tokenizer.json";

std::string fixture_text() {
  std::ifstream in(kFixture, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fixture with `from` replaced by `to` (once), for the refusal cases.
hearth::Status load_edited(const std::string& from, const std::string& to) {
  std::string text = fixture_text();
  const std::size_t at = text.find(from);
  if (at == std::string::npos) return hearth::Status::error(hearth::ErrorCode::Internal, "fixture lacks " + from);
  text.replace(at, from.size(), to);
  return hearth::tokenizer::parse_tokenizer_json(text).status();
}

}  // namespace

TEST_CASE(fixture_loads_as_the_tiny_vocabulary) {
  auto loaded = hearth::tokenizer::load_tokenizer_json(kFixture);
  REQUIRE(loaded.is_ok());
  const TokenizerData expected = hearth_test::tiny_vocab();
  CHECK(loaded->tokens == expected.tokens);
  CHECK(loaded->types == expected.types);  // special -> Control, the others -> UserDefined
  CHECK(loaded->merges == expected.merges);  // "a b" and ["a", "b"] forms alike
  CHECK_EQ(loaded->bos, hearth_test::TinyVocab::kBos);  // from TemplateProcessing
  CHECK(loaded->add_bos);
  CHECK(!loaded->ignore_merges);
  CHECK(!loaded->pre_regex.empty());
}

TEST_CASE(fixture_encodes_like_the_tiny_vocabulary) {
  auto loaded = hearth::tokenizer::load_tokenizer_json(kFixture);
  REQUIRE(loaded.is_ok());
  TokenizerData direct = hearth_test::tiny_vocab();
  direct.add_bos = true;
  auto a = hearth::tokenizer::Tokenizer::create(std::move(*loaded));
  auto b = hearth::tokenizer::Tokenizer::create(std::move(direct));
  REQUIRE(a.is_ok() && b.is_ok());
  hearth::tokenizer::EncodeOptions special;
  special.parse_special = true;
  for (const std::string text : {"abc aaaa x wow", "<|im_start|>I'LL<tool_call>\n\n 12345", "\xE4\xB8\xAD\xFF"})
    CHECK((*a)->encode(text, special) == (*b)->encode(text, special));
  const std::vector<hearth::tokenizer::TokenId> with_bos = (*a)->encode("b");
  CHECK(!with_bos.empty() && with_bos.front() == hearth_test::TinyVocab::kBos);
}

TEST_CASE(what_the_loader_cannot_honour_is_refused) {
  using hearth::ErrorCode;
  CHECK(load_edited("\"normalizer\": null", "\"normalizer\": {\"type\": \"NFC\"}").code() == ErrorCode::UnsupportedType);
  CHECK(load_edited("\"type\": \"BPE\"", "\"type\": \"WordPiece\"").code() == ErrorCode::UnsupportedType);
  CHECK(load_edited("\"behavior\": \"Isolated\"", "\"behavior\": \"Removed\"").code() == ErrorCode::UnsupportedType);
  CHECK(load_edited("\"add_prefix_space\": false", "\"add_prefix_space\": true").code() == ErrorCode::UnsupportedType);
  CHECK(load_edited("\"type\": \"Split\"", "\"type\": \"Metaspace\"").code() == ErrorCode::UnsupportedType);
  CHECK(load_edited("\"b c\"", "\"bc\"").code() == ErrorCode::MalformedFile);  // a merge without a space
  CHECK(load_edited("\"version\"", "version").code() == ErrorCode::MalformedFile);  // not JSON
  CHECK(load_edited("\"id\": 262", "\"id\": -3").code() == ErrorCode::MalformedFile);
  const hearth::Status missing = hearth::tokenizer::load_tokenizer_json("/nonexistent/tokenizer.json").status();
  CHECK(missing.code() == ErrorCode::IoError);
}

TEST_CASE(byte_level_alone_uses_the_gpt2_regex) {
  std::string text = fixture_text();
  const std::size_t from = text.find("\"pre_tokenizer\"");
  const std::size_t to = text.find("\"post_processor\"");
  REQUIRE(from != std::string::npos && to != std::string::npos);
  text.replace(from, to - from, "\"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false},\n ");
  auto data = hearth::tokenizer::parse_tokenizer_json(text);
  REQUIRE(data.is_ok());
  auto tok = hearth::tokenizer::Tokenizer::create(std::move(*data));
  REQUIRE(tok.is_ok());
  hearth::tokenizer::EncodeOptions plain;
  plain.add_special = false;
  // GPT-2 keeps " 12345" together; Llama 3 would give " " "123" "45". Both decode back.
  const std::string s = "x 12345";
  const std::vector<hearth::tokenizer::TokenId> ids = (*tok)->encode(s, plain);
  const hearth::Result<std::string> back = (*tok)->decode(ids);
  CHECK(back.is_ok() && *back == s);
  CHECK((*tok)->pre_tokenizer_pattern().find("\\p{N}+") != std::string::npos);
}
