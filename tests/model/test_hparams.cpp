// Hyperparameters read back from synthesised files for every preset in both dialects (full-size presets as
// sparse files), MTP detection, the Ollama dialect's inferred latent size, and strict binding.
#include <string>

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "model/hparams_gguf.h"
#include "model/presets.h"
#include "model/synth.h"
#include "model/weights.h"
#include "support/check.h"
#include "gguf/temp_dir.h"  // shared with the gguf tests

using namespace hearth;
using namespace hearth::model;

namespace {

void check_same(hearth_test::Context& hearth_ctx, const ModelConfig& a, const ModelConfig& b) {
  CHECK(a.arch == b.arch);
  CHECK(a.dialect == b.dialect);
  CHECK_EQ(a.n_embd, b.n_embd);
  CHECK_EQ(a.n_layer, b.n_layer);
  CHECK_EQ(a.n_vocab, b.n_vocab);
  CHECK_EQ(a.n_ctx_train, b.n_ctx_train);
  CHECK_EQ(a.rms_eps, b.rms_eps);
  CHECK(a.head_count_kv == b.head_count_kv);
  CHECK(a.feed_forward_length == b.feed_forward_length);
  CHECK_EQ(a.attn.n_head, b.attn.n_head);
  CHECK_EQ(a.attn.n_head_kv, b.attn.n_head_kv);
  CHECK_EQ(a.attn.head_dim, b.attn.head_dim);
  CHECK_EQ(a.ssm.d_conv, b.ssm.d_conv);
  CHECK_EQ(a.ssm.d_inner, b.ssm.d_inner);
  CHECK_EQ(a.ssm.d_state, b.ssm.d_state);
  CHECK_EQ(a.ssm.n_head, b.ssm.n_head);
  CHECK_EQ(a.ssm.n_group, b.ssm.n_group);
  CHECK_EQ(a.moe.n_expert, b.moe.n_expert);
  CHECK_EQ(a.moe.n_expert_used, b.moe.n_expert_used);
  CHECK_EQ(a.moe.n_ff_exp, b.moe.n_ff_exp);
  CHECK_EQ(a.moe.n_ff_shexp, b.moe.n_ff_shexp);
  CHECK_EQ(a.moe.latent_size, b.moe.latent_size);
  CHECK_EQ(a.moe.weights_norm, b.moe.weights_norm);
  CHECK_EQ(a.moe.weights_scale, b.moe.weights_scale);
  CHECK_EQ(a.n_ff, b.n_ff);
  CHECK_EQ(a.n_nextn, b.n_nextn);
  CHECK_EQ(a.pattern(), b.pattern());
}

}  // namespace

TEST_CASE(every_preset_reads_back_in_both_dialects) {
  hearth_test::TempDir dir;
  for (const Preset& preset : presets()) {
    for (Dialect dialect : {Dialect::LlamaCpp, Dialect::Ollama}) {
      const bool moe = preset.pattern.find('E') != std::string_view::npos;
      for (bool mtp : {false, true}) {
        if (mtp && !moe) continue;
        SynthOptions o;
        o.preset = std::string(preset.name);
        o.dialect = dialect;
        o.mtp = mtp;
        o.sparse = preset.name.rfind("tiny", 0) != 0;  // full-size files: header only, data a hole
        const std::string path = dir.file(o.preset + "-" + std::string(dialect_name(dialect)) + (mtp ? "-mtp" : "") + ".gguf");
        std::fprintf(stderr, "  %s\n", path.c_str());
        REQUIRE(synthesize(o, path).is_ok());
        Result<std::unique_ptr<gguf::File>> file = gguf::File::open(path);
        REQUIRE(file.is_ok());
        Result<ModelConfig> read = read_config(**file);
        if (!read.is_ok()) std::fprintf(stderr, "    %s\n", read.status().to_string().c_str());
        REQUIRE(read.is_ok());
        Result<ModelConfig> expected = synth_config(o);
        REQUIRE(expected.is_ok());
        check_same(hearth_ctx, *read, *expected);
        Result<ModelWeights> weights = bind_weights(**file, *read);
        if (!weights.is_ok()) std::fprintf(stderr, "    %s\n", weights.status().to_string().c_str());
        REQUIRE(weights.is_ok());
        CHECK_EQ(weights->mtp.has_value(), mtp);
        // The latent pair under the dialect's own names.
        if (read->moe.latent_size > 0) {
          const LayerWeights& l1 = weights->layers[1];
          REQUIRE(l1.kind == LayerKind::MoE);
          CHECK_EQ(l1.moe.latent_down->name,
                   std::string(dialect == Dialect::Ollama ? "blk.1.ffn_latent_in.weight" : "blk.1.ffn_latent_down.weight"));
        }
        if (mtp) CHECK_EQ(weights->mtp->eh_proj->name, "blk." + std::to_string(read->n_layer) + ".nextn.eh_proj.weight");
      }
    }
  }
}

TEST_CASE(ollama_files_have_no_latent_key_and_their_context_length) {
  hearth_test::TempDir dir;
  SynthOptions o;
  o.preset = "super";
  o.dialect = Dialect::Ollama;
  o.sparse = true;
  o.layers = 4;
  REQUIRE(synthesize(o, dir.file("s.gguf")).is_ok());
  Result<std::unique_ptr<gguf::File>> file = gguf::File::open(dir.file("s.gguf"));
  REQUIRE(file.is_ok());
  CHECK((*file)->find("nemotron_h_moe.moe_latent_size") == nullptr);
  std::uint64_t ctx = 0;
  CHECK((*file)->get_u64("nemotron_h_moe.context_length", ctx) && ctx == 262144);
  Result<ModelConfig> c = read_config(**file);
  REQUIRE(c.is_ok());
  CHECK_EQ(c->moe.latent_size, 1024);  // inferred from ffn_latent_in's shape
  CHECK(c->dialect == Dialect::Ollama);
}

TEST_CASE(mtp_block_counts_in_block_count) {
  hearth_test::TempDir dir;
  SynthOptions o;
  o.mtp = true;
  o.sparse = true;
  REQUIRE(synthesize(o, dir.file("t.gguf")).is_ok());
  Result<std::unique_ptr<gguf::File>> file = gguf::File::open(dir.file("t.gguf"));
  REQUIRE(file.is_ok());
  std::uint64_t blocks = 0, nextn = 0;
  CHECK((*file)->get_u64("nemotron_h_moe.block_count", blocks) && blocks == 9);
  CHECK((*file)->get_u64("nemotron_h_moe.nextn_predict_layers", nextn) && nextn == 1);
  Result<ModelConfig> c = read_config(**file);
  REQUIRE(c.is_ok());
  CHECK_EQ(c->n_layer, 8);
  CHECK_EQ(c->mtp_layer(), 8);
  // 18 MTP tensors with the latent pair (§4.2).
  int mtp_tensors = 0;
  for (const gguf::TensorInfo& t : (*file)->tensors()) mtp_tensors += t.name.rfind("blk.8.", 0) == 0;
  CHECK_EQ(mtp_tensors, 18);
}

TEST_CASE(mtp_tensors_after_block_count_are_an_mtp_block_with_or_without_the_key) {
  // Ollama-style blobs (inferred, §3.3) and files that do not count the MTP block in block_count: the main
  // block count, MTP tensors at blk.{block_count}.
  for (bool with_key : {false, true}) {
    hearth_test::TempDir dir;
    Result<ModelConfig> main = preset_config("tiny");
    Result<ModelConfig> with_mtp = preset_config("tiny", {Dialect::LlamaCpp, 0, true});
    REQUIRE(main.is_ok() && with_mtp.is_ok());
    gguf::Writer w;
    write_config(w, *main);
    if (with_key) w.set_u32("nemotron_h_moe.nextn_predict_layers", 1);
    for (const ExpectedTensor& e : expected_tensors(*with_mtp)) w.add_tensor(e.name, e.ne, gguf::TensorType::F32, {});
    REQUIRE(w.write(dir.file("m.gguf")).is_ok());
    Result<std::unique_ptr<gguf::File>> file = gguf::File::open(dir.file("m.gguf"));
    REQUIRE(file.is_ok());
    Result<ModelConfig> c = read_config(**file);
    REQUIRE(c.is_ok());
    CHECK_EQ(c->n_layer, 8);
    CHECK(c->has_mtp());
    Result<ModelWeights> weights = bind_weights(**file, *c);
    REQUIRE(weights.is_ok());
    CHECK(weights->mtp->post_attention_norm != nullptr);
  }
}
