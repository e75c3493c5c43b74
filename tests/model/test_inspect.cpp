// `model inspect` numbers on full-size sparse files (nemotron-h.md §6): Super 120.67 B total without MTP,
// 12.23 B active excluding the input embedding (12.77 B with it), 8.19 GB of weights read per token with the
// stock Q4_K_M mix, 8192 B/token of f16 KV, 164.7 MiB of recurrent state; Nano 30B 31.58 B / 3.23 B active;
// Nano 4B 3.97 B. All from the header: the sparse files hold no data.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "model/hparams_gguf.h"
#include "model/inspect.h"
#include "model/model_stats.h"
#include "model/synth.h"
#include "support/check.h"
#include "gguf/temp_dir.h"  // shared with the gguf tests

using namespace hearth;
using namespace hearth::model;

namespace {

struct Inspected {
  std::unique_ptr<gguf::File> file;
  ModelConfig config;
  ModelStats stats;
};

Result<Inspected> synth_and_inspect(const hearth_test::TempDir& dir, SynthOptions o) {
  o.sparse = true;
  const std::string path = dir.file(o.preset + ".gguf");
  HEARTH_TRY(synthesize(o, path));
  Result<std::unique_ptr<gguf::File>> f = gguf::File::open(path);
  if (!f) return f.status();
  Result<ModelConfig> c = read_config(**f);
  if (!c) return c.status();
  Inspected out;
  out.stats = compute_stats(**f, *c);
  out.file = std::move(f).value();
  out.config = std::move(c).value();
  return out;
}

double billions(double n) { return n / 1e9; }

bool contains(const std::string& s, const std::string& part) {
  const bool found = s.find(part) != std::string::npos;
  if (!found) std::fprintf(stderr, "    report does not contain '%s'\n", part.c_str());
  return found;
}

}  // namespace

TEST_CASE(super_numbers_match_section_6) {
  hearth_test::TempDir dir;
  SynthOptions o;
  o.preset = "super";
  o.quant = QuantMix::Q4_K_M;
  Result<Inspected> r = synth_and_inspect(dir, o);
  REQUIRE(r.is_ok());
  const ModelStats& s = r->stats;
  CHECK_EQ(static_cast<int>(r->file->tensors().size()), 763);  // §3.2
  CHECK_NEAR(billions(static_cast<double>(s.totals.params)), 120.67, 0.005);
  CHECK_NEAR(billions(s.active_params), 12.23, 0.01);
  CHECK_NEAR(billions(s.active_params_with_embedding), 12.77, 0.01);
  CHECK_NEAR(s.weight_bytes_per_token / 1e9, 8.19, 0.02);          // stock Q4_K_M, §6.3
  CHECK_NEAR(static_cast<double>(s.totals.bytes) / (1024.0 * 1024 * 1024), 80.13, 0.02);  // §3.3
  CHECK_EQ(s.kv_bytes_per_token, 8192u);
  CHECK_NEAR(static_cast<double>(s.conv_state_bytes + s.ssm_state_bytes) / (1024.0 * 1024), 164.7, 0.05);
  CHECK_EQ(s.ssm_state_bytes, 40ull * 128 * 8192 * 4);

  const auto start = std::chrono::steady_clock::now();
  Result<std::string> text = inspect_text(*r->file);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(text.is_ok());
  std::fprintf(stderr, "%s    (report in %.3f s)\n", text->c_str(), seconds);
  CHECK(contains(*text, "total         120.67 B"));
  CHECK(contains(*text, "active        12.23 B per token"));
  CHECK(contains(*text, "pattern         MEMEMEM*EMEMEMEM*"));
  CHECK(contains(*text, "file type       Q4_K_M"));
  CHECK(contains(*text, "KV cache      8192 B/token"));
  CHECK(contains(*text, "blk.*.ffn_down_exps.weight"));
  CHECK(seconds < 1.0);

  Result<nlohmann::json> j = inspect_json(*r->file);
  REQUIRE(j.is_ok());
  CHECK_EQ((*j)["params"]["total"].get<std::int64_t>(), r->stats.totals.params);
  CHECK_EQ((*j)["layers"]["attention"].get<int>(), 8);
  CHECK_EQ((*j)["dialect"].get<std::string>(), std::string("llamacpp"));
}

TEST_CASE(super_with_mtp_reports_the_block_apart) {
  hearth_test::TempDir dir;
  SynthOptions o;
  o.preset = "super";
  o.mtp = true;
  o.dialect = Dialect::Ollama;
  Result<Inspected> r = synth_and_inspect(dir, o);
  REQUIRE(r.is_ok());
  CHECK_EQ(static_cast<int>(r->file->tensors().size()), 781);  // §4.2
  CHECK_NEAR(billions(static_cast<double>(r->stats.totals.params)), 123.61, 0.005);  // Ollama's "123.6B"
  CHECK_NEAR(billions(static_cast<double>(r->stats.mtp_params)), 2.94, 0.005);
  CHECK_NEAR(billions(r->stats.active_params), 12.23, 0.01);  // MTP is not part of a main-model token
  CHECK_EQ(r->stats.mtp_kv_bytes_per_token, 1024u);
}

TEST_CASE(nano30b_numbers_match_section_6) {
  hearth_test::TempDir dir;
  SynthOptions o;
  o.preset = "nano30b";
  o.quant = QuantMix::Q4_K_M;
  Result<Inspected> r = synth_and_inspect(dir, o);
  REQUIRE(r.is_ok());
  CHECK_NEAR(billions(static_cast<double>(r->stats.totals.params)), 31.58, 0.005);
  CHECK_NEAR(billions(r->stats.active_params), 3.23, 0.01);
  CHECK_NEAR(billions(r->stats.active_params_with_embedding), 3.58, 0.01);
  CHECK_EQ(r->stats.kv_bytes_per_token, 6144u);
  CHECK_NEAR(static_cast<double>(r->stats.totals.bytes) / (1024.0 * 1024 * 1024), 22.82, 0.02);  // §3.3
}

TEST_CASE(nano4b_numbers_match_section_6) {
  hearth_test::TempDir dir;
  SynthOptions o;
  o.preset = "nano4b";
  o.quant = QuantMix::Q8_0;
  Result<Inspected> r = synth_and_inspect(dir, o);
  REQUIRE(r.is_ok());
  CHECK_NEAR(billions(static_cast<double>(r->stats.totals.params)), 3.97, 0.005);
  CHECK_NEAR(billions(r->stats.active_params_with_embedding), 3.97, 0.005);  // dense: everything is active
  CHECK_EQ(r->stats.kv_bytes_per_token, 16384u);
  CHECK_NEAR(static_cast<double>(r->stats.ssm_state_bytes) / (1024.0 * 1024), 78.75, 0.01);
  CHECK_NEAR(static_cast<double>(r->stats.totals.bytes) / (1024.0 * 1024 * 1024), 3.936, 0.002);  // §3.3 Q8_0
}

TEST_CASE(other_stock_mixes_match_section_3_3) {
  // Sizes llama-quantize gives for the real tensor lists ([H] in §3.3, §6.3).
  hearth_test::TempDir dir;
  const auto gib = [](std::uint64_t b) { return static_cast<double>(b) / (1024.0 * 1024 * 1024); };
  SynthOptions o;
  o.preset = "super";
  o.quant = QuantMix::Q8_0;
  Result<Inspected> super_q8 = synth_and_inspect(dir, o);
  REQUIRE(super_q8.is_ok());
  CHECK_NEAR(gib(super_q8->stats.totals.bytes), 119.64, 0.02);
  CHECK_NEAR(super_q8->stats.weight_bytes_per_token / 1e9, 13.25, 0.02);
  o.preset = "nano30b";
  Result<Inspected> nano30b_q8 = synth_and_inspect(dir, o);
  REQUIRE(nano30b_q8.is_ok());
  CHECK_NEAR(gib(nano30b_q8->stats.totals.bytes), 31.27, 0.02);
  o.preset = "nano4b";
  o.quant = QuantMix::Q4_K_M;
  Result<Inspected> nano4b_q4 = synth_and_inspect(dir, o);
  REQUIRE(nano4b_q4.is_ok());
  CHECK_NEAR(gib(nano4b_q4->stats.totals.bytes), 2.635, 0.005);
}

TEST_CASE(other_architectures_get_a_generic_report_and_the_reason) {
  hearth_test::TempDir dir;
  gguf::Writer w;
  w.set_string("general.architecture", "llama");
  w.set_u32("general.file_type", 7);
  w.add_tensor("token_embd.weight", {64, 32}, gguf::TensorType::Q8_0, {});
  REQUIRE(w.write(dir.file("llama.gguf")).is_ok());
  Result<std::unique_ptr<gguf::File>> f = gguf::File::open(dir.file("llama.gguf"));
  REQUIRE(f.is_ok());
  Result<std::string> text = inspect_text(**f);
  REQUIRE(!text.is_ok());
  CHECK(text.status().code() == ErrorCode::UnsupportedArchitecture);
  const std::string generic = inspect_generic_text(**f);
  CHECK(contains(generic, "architecture    llama"));
  CHECK(contains(generic, "file type       Q8_0"));
  CHECK(contains(generic, "parameters      2048"));
  CHECK(contains(generic, "q8_0       1 tensors"));
}
