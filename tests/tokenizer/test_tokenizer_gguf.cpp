// The tokenizer read from GGUF metadata: a file written with gguf::Writer round-trips to the same
// tokenizer, family defaults apply when keys are missing, and broken metadata is refused by name.
#include <memory>
#include <string>
#include <vector>

#include "gguf/gguf_writer.h"
#include "gguf/temp_dir.h"
#include "support/check.h"
#include "tiny_vocab.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_gguf.h"

namespace {

using hearth::tokenizer::TokenizerData;
namespace gguf = hearth::gguf;

hearth::Result<TokenizerData> write_and_load(const hearth_test::TempDir& dir, const gguf::Writer& writer) {
  const std::string path = dir.file("tokenizer.gguf");
  if (const hearth::Status s = writer.write(path); !s) return s;
  return hearth::tokenizer::load_tokenizer_gguf(path);
}

}  // namespace

TEST_CASE(gguf_round_trip_gives_the_same_tokenizer) {
  hearth_test::TempDir dir;
  TokenizerData original = hearth_test::tiny_vocab("pixtral");
  original.add_bos = true;
  original.eot = hearth_test::TinyVocab::kImEnd;
  gguf::Writer writer;
  writer.set_string("general.architecture", "nemotron_h_moe");
  hearth::tokenizer::add_tokenizer_metadata(writer, original);
  auto loaded = write_and_load(dir, writer);
  REQUIRE(loaded.is_ok());
  CHECK(loaded->tokens == original.tokens);
  CHECK(loaded->types == original.types);
  CHECK(loaded->merges == original.merges);
  CHECK_EQ(loaded->pre, std::string("pixtral"));
  CHECK_EQ(loaded->bos, original.bos);
  CHECK_EQ(loaded->eos, original.eos);
  CHECK_EQ(loaded->eot, original.eot);
  CHECK(loaded->add_bos);
  CHECK(loaded->ignore_merges);  // from the "pixtral" family, not from the file

  original.ignore_merges = true;  // what the loaded data says for "pixtral"
  auto a = hearth::tokenizer::Tokenizer::create(std::move(original));
  auto b = hearth::tokenizer::Tokenizer::create(std::move(*loaded));
  REQUIRE(a.is_ok() && b.is_ok());
  hearth::tokenizer::EncodeOptions special;
  special.parse_special = true;
  for (const std::string text : {"abc aaaa wow", "<|im_start|>user\nhi<|im_end|>", "x12345 \xFF\xC3\xA9"})
    CHECK((*a)->encode(text, special) == (*b)->encode(text, special));
}

TEST_CASE(missing_keys_take_the_family_defaults) {
  hearth_test::TempDir dir;
  const TokenizerData data = hearth_test::tiny_vocab();
  gguf::Writer writer;
  writer.set_string("tokenizer.ggml.model", "gpt2");
  writer.set_string("tokenizer.ggml.pre", "llama-bpe");
  writer.set_string_array("tokenizer.ggml.tokens", data.tokens);
  std::vector<std::string> merges;
  for (const auto& [l, r] : data.merges) merges.push_back(l + " " + r);
  writer.set_string_array("tokenizer.ggml.merges", merges);
  auto loaded = write_and_load(dir, writer);
  REQUIRE(loaded.is_ok());
  CHECK(loaded->add_bos);        // llama.cpp's default for the Llama 3 family
  CHECK(loaded->types.empty());  // no token_type: all normal
  CHECK_EQ(loaded->bos, hearth::tokenizer::kNoToken);
}

TEST_CASE(broken_tokenizer_metadata_is_refused_by_name) {
  hearth_test::TempDir dir;
  const TokenizerData data = hearth_test::tiny_vocab();
  struct Case {
    const char* what;
    void (*edit)(gguf::Writer&, const TokenizerData&);
    const char* expect;  // in the message
  };
  const Case cases[] = {
      {"sentencepiece model", [](gguf::Writer& w, const TokenizerData& d) {
         TokenizerData spm = d;
         spm.model = "llama";
         hearth::tokenizer::add_tokenizer_metadata(w, spm);
       }, "llama"},
      {"unknown pre-tokenizer", [](gguf::Writer& w, const TokenizerData& d) {
         TokenizerData other = d;
         other.pre = "klingon";
         hearth::tokenizer::add_tokenizer_metadata(w, other);
       }, "klingon"},
      {"bos out of range", [](gguf::Writer& w, const TokenizerData& d) {
         TokenizerData other = d;
         other.bos = 1 << 20;
         hearth::tokenizer::add_tokenizer_metadata(w, other);
       }, "tokenizer.ggml.bos_token_id"},
      {"token types of the wrong count", [](gguf::Writer& w, const TokenizerData& d) {
         TokenizerData other = d;
         other.types.pop_back();
         hearth::tokenizer::add_tokenizer_metadata(w, other);
       }, "tokenizer.ggml.token_type"},
      {"no tokens", [](gguf::Writer& w, const TokenizerData&) { w.set_string("tokenizer.ggml.model", "gpt2"); },
       "tokenizer.ggml.tokens"},
  };
  for (const Case& c : cases) {
    gguf::Writer writer;
    c.edit(writer, data);
    auto loaded = write_and_load(dir, writer);
    CHECK(!loaded.is_ok());
    if (!loaded.is_ok() && loaded.status().message().find(c.expect) == std::string::npos) {
      std::fprintf(stderr, "  %s: message lacks '%s': %s\n", c.what, c.expect, loaded.status().message().c_str());
      CHECK(false);
    }
  }
}
