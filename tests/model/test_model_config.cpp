// ModelConfig: the per-layer kind array computed from the GGUF arrays (§1.3) against the published pattern
// strings and layer index lists, and validation errors that name the key with expected and actual values.
#include <string>
#include <vector>

#include "model/model_config.h"
#include "model/presets.h"
#include "support/check.h"

using namespace hearth;
using namespace hearth::model;

namespace {

std::vector<int> indices_of(const ModelConfig& c, LayerKind kind) {
  std::vector<int> out;
  for (std::size_t i = 0; i < c.layers.size(); ++i)
    if (c.layers[i] == kind) out.push_back(static_cast<int>(i));
  return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE(super_layer_kinds_match_the_published_pattern) {
  Result<ModelConfig> c = preset_config("super");
  REQUIRE(c.is_ok());
  CHECK_EQ(c->pattern(),
           std::string("MEMEMEM*EMEMEMEM*EMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEM*EMEMEMEME"));
  CHECK_EQ(c->n_layer, 88);
  CHECK_EQ(c->count(LayerKind::Mamba), 40);
  CHECK_EQ(c->count(LayerKind::MoE), 40);
  CHECK_EQ(c->count(LayerKind::Attention), 8);
  CHECK(indices_of(*c, LayerKind::Attention) == (std::vector<int>{7, 16, 25, 36, 47, 58, 69, 78}));
  const std::vector<int> mamba = {0,  2,  4,  6,  9,  11, 13, 15, 18, 20, 22, 24, 27, 29, 31, 33, 35, 38, 40, 42,
                                  44, 46, 49, 51, 53, 55, 57, 60, 62, 64, 66, 68, 71, 73, 75, 77, 80, 82, 84, 86};
  CHECK(indices_of(*c, LayerKind::Mamba) == mamba);
  // The arrays the kinds came from, as llama.cpp's converter writes them (§3.1).
  CHECK_EQ(c->head_count_kv[7], 2);
  CHECK_EQ(c->feed_forward_length[1], 2688);
  CHECK_EQ(c->feed_forward_length[0], 0);
  CHECK_EQ(c->ssm.in_proj_dim(), 18560);
  CHECK_EQ(c->ssm.conv_dim(), 10240);
  CHECK_EQ(c->ssm.group_size(), 1024);
  CHECK_EQ(c->moe_dim(), 1024);
}

TEST_CASE(nano30b_layer_kinds_match_the_published_pattern) {
  Result<ModelConfig> c = preset_config("nano30b");
  REQUIRE(c.is_ok());
  CHECK_EQ(c->pattern(), std::string("MEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEMEM*EMEMEMEME"));
  CHECK_EQ(c->count(LayerKind::Mamba), 23);
  CHECK_EQ(c->count(LayerKind::MoE), 23);
  CHECK(indices_of(*c, LayerKind::Attention) == (std::vector<int>{5, 12, 19, 26, 33, 42}));
  CHECK_EQ(c->ssm.in_proj_dim(), 10304);
  CHECK_EQ(c->ssm.conv_dim(), 6144);
  CHECK_EQ(c->moe_dim(), 2688);
}

TEST_CASE(nano4b_layer_kinds_match_the_published_pattern) {
  Result<ModelConfig> c = preset_config("nano4b");
  REQUIRE(c.is_ok());
  CHECK_EQ(c->pattern(), std::string("M-M-M-MM-M-M*-M-M*-M-M-M*-M-M-MM*-MMM-M-M-"));
  CHECK_EQ(c->count(LayerKind::Mamba), 21);
  CHECK_EQ(c->count(LayerKind::MLP), 17);
  CHECK(indices_of(*c, LayerKind::Attention) == (std::vector<int>{12, 17, 24, 32}));
  CHECK_EQ(c->n_ff, 12544);
  CHECK_EQ(c->ssm.in_proj_dim(), 17504);
  CHECK_EQ(c->ssm.conv_dim(), 9728);
  CHECK_EQ(c->ssm.group_size(), 960);
}

TEST_CASE(tiny_presets_cover_every_kind) {
  Result<ModelConfig> moe = preset_config("tiny", {Dialect::LlamaCpp, 0, true});
  REQUIRE(moe.is_ok());
  CHECK(moe->count(LayerKind::Mamba) > 0 && moe->count(LayerKind::Attention) > 0 && moe->count(LayerKind::MoE) > 0);
  CHECK(moe->moe.latent_size > 0);
  CHECK(moe->has_mtp());
  CHECK_EQ(moe->mtp_layer(), moe->n_layer);
  Result<ModelConfig> dense = preset_config("tiny-dense");
  REQUIRE(dense.is_ok());
  CHECK(dense->count(LayerKind::MLP) > 0 && dense->count(LayerKind::Attention) > 0);
}

TEST_CASE(layers_option_takes_the_first_blocks_of_the_pattern) {
  Result<ModelConfig> c = preset_config("super", {Dialect::Ollama, 9, false});
  REQUIRE(c.is_ok());
  CHECK_EQ(c->pattern(), std::string("MEMEMEM*E"));
  CHECK_EQ(c->n_ctx_train, 262144);
  CHECK(!preset_config("super", {Dialect::LlamaCpp, 89, false}).is_ok());
  CHECK(!preset_config("nano4b", {Dialect::LlamaCpp, 0, true}).is_ok());  // MTP is "*E": MoE only
  Result<ModelConfig> unknown = preset_config("llama");
  REQUIRE(!unknown.is_ok());
  CHECK(contains(unknown.status().hint(), "super"));
}

TEST_CASE(validation_names_the_key_with_expected_and_actual) {
  Result<ModelConfig> base = preset_config("tiny");
  REQUIRE(base.is_ok());

  ModelConfig both = *base;
  both.head_count_kv[1] = 2;  // layer 1 is MoE: a feed-forward layer with KV heads is contradictory
  Status s = finalize(both);
  CHECK(!s.is_ok());
  CHECK(contains(s.message(), "nemotron_h_moe.attention.head_count_kv"));
  CHECK(contains(s.message(), "[1]"));

  ModelConfig short_array = *base;
  short_array.feed_forward_length.pop_back();
  s = finalize(short_array);
  CHECK(contains(s.message(), "nemotron_h_moe.feed_forward_length is an array of 7; expected an array of 8"));

  ModelConfig bad_ssm = *base;
  bad_ssm.ssm.d_inner = 250;
  s = finalize(bad_ssm);
  CHECK(contains(s.message(), "nemotron_h_moe.ssm.inner_size is 250; expected a multiple of ssm.time_step_rank (8)"));

  ModelConfig bad_topk = *base;
  bad_topk.moe.n_expert_used = 17;
  s = finalize(bad_topk);
  CHECK(contains(s.message(), "expert_used_count is 17; expected <= expert_count (16)"));

  ModelConfig bad_ff = *base;
  bad_ff.feed_forward_length[4] = 100;
  s = finalize(bad_ff);
  CHECK(contains(s.message(), "feed_forward_length is 100; expected [4] = expert_feed_forward_length (96)"));
}
