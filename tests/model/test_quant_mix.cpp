// The q4_k_m per-tensor mix against llama-quantize's real choice for Super (nemotron-h.md §3.3): q6_K
// output, attn_v q6_K at layers 7/36/69/78, ffn_down_exps q8_0 at 20 listed MoE layers and q5_0 elsewhere
// (2688-wide rows fall back), ffn_down_shexp q6_K at the same layers, F32 router and SSM vectors.
#include <map>
#include <set>
#include <string>

#include "model/presets.h"
#include "model/quant_mix.h"
#include "support/check.h"

using namespace hearth;
using namespace hearth::model;
using T = gguf::TensorType;

namespace {

std::map<std::string, T> mix_for(const char* preset, QuantMix mix) {
  Result<ModelConfig> c = preset_config(preset);
  std::map<std::string, T> out;
  if (!c) return out;
  const std::vector<ExpectedTensor> tensors = expected_tensors(*c);
  const std::vector<T> types = choose_types(mix, *c, tensors);
  for (std::size_t i = 0; i < tensors.size(); ++i) out[tensors[i].name] = types[i];
  return out;
}

std::string blk(int i, const char* name) { return "blk." + std::to_string(i) + "." + name; }

}  // namespace

TEST_CASE(use_more_bits_matches_llama_quantize) {
  // Over 8 attention layers: positions 0, 3, 6, 7.
  std::vector<int> picked;
  for (int i = 0; i < 8; ++i)
    if (use_more_bits(i, 8)) picked.push_back(i);
  CHECK(picked == (std::vector<int>{0, 3, 6, 7}));
}

TEST_CASE(super_q4_k_m_matches_section_3_3) {
  const std::map<std::string, T> t = mix_for("super", QuantMix::Q4_K_M);
  REQUIRE(!t.empty());
  CHECK(t.at("token_embd.weight") == T::Q4_K);
  CHECK(t.at("output.weight") == T::Q6_K);
  CHECK(t.at("output_norm.weight") == T::F32);
  CHECK(t.at(blk(0, "ssm_in.weight")) == T::Q4_K);
  CHECK(t.at(blk(0, "ssm_out.weight")) == T::Q4_K);
  CHECK(t.at(blk(0, "ssm_a")) == T::F32);
  CHECK(t.at(blk(0, "ssm_norm.weight")) == T::F32);
  CHECK(t.at(blk(0, "ssm_conv1d.weight")) == T::F32);
  CHECK(t.at(blk(7, "attn_q.weight")) == T::Q4_K);
  const std::set<int> v_q6k = {7, 36, 69, 78};
  for (int i : {7, 16, 25, 36, 47, 58, 69, 78})
    CHECK_EQ(static_cast<int>(t.at(blk(i, "attn_v.weight"))), static_cast<int>(v_q6k.count(i) ? T::Q6_K : T::Q4_K));
  const std::set<int> down_q8 = {1, 3, 5, 8, 10, 19, 28, 34, 37, 43, 52, 61, 67, 70, 76, 79, 81, 83, 85, 87};
  int n_q8 = 0, n_q5 = 0;
  for (const auto& [name, type] : t) {
    if (name.find("ffn_down_exps") == std::string::npos) continue;
    const int layer = std::stoi(name.substr(4));
    const bool more = down_q8.count(layer) != 0;
    CHECK_EQ(static_cast<int>(type), static_cast<int>(more ? T::Q8_0 : T::Q5_0));
    CHECK_EQ(static_cast<int>(t.at(blk(layer, "ffn_down_shexp.weight"))), static_cast<int>(more ? T::Q6_K : T::Q4_K));
    n_q8 += more;
    n_q5 += !more;
  }
  CHECK_EQ(n_q8, 20);
  CHECK_EQ(n_q5, 20);
  CHECK(t.at(blk(1, "ffn_up_exps.weight")) == T::Q4_K);
  CHECK(t.at(blk(1, "ffn_up_shexp.weight")) == T::Q4_K);
  CHECK(t.at(blk(1, "ffn_latent_down.weight")) == T::Q4_K);
  CHECK(t.at(blk(1, "ffn_latent_up.weight")) == T::Q4_K);
  CHECK(t.at(blk(1, "ffn_gate_inp.weight")) == T::F32);
  CHECK(t.at(blk(1, "exp_probs_b.bias")) == T::F32);
}

TEST_CASE(nano30b_rows_of_2688_fall_back) {
  const std::map<std::string, T> t = mix_for("nano30b", QuantMix::Q4_K_M);
  REQUIRE(!t.empty());
  CHECK(t.at("token_embd.weight") == T::Q5_0);  // ne[0] = 2688
  CHECK(t.at("output.weight") == T::Q8_0);      // q6_K → q8_0
  CHECK(t.at(blk(0, "ssm_in.weight")) == T::Q5_0);
  CHECK(t.at(blk(0, "ssm_out.weight")) == T::Q4_K);  // ne[0] = d_inner = 4096
  CHECK(t.at(blk(1, "ffn_up_exps.weight")) == T::Q5_0);
  CHECK(t.at(blk(1, "ffn_down_exps.weight")) == T::Q8_0);  // 1856 wide, use_more_bits(1, 52)
}

TEST_CASE(plain_mixes_keep_f32_tensors) {
  const std::map<std::string, T> bf16 = mix_for("tiny", QuantMix::BF16);
  CHECK(bf16.at("output.weight") == T::BF16);
  CHECK(bf16.at(blk(0, "ssm_d")) == T::F32);
  const std::map<std::string, T> q8 = mix_for("tiny", QuantMix::Q8_0);
  CHECK(q8.at("token_embd.weight") == T::Q8_0);
  CHECK(q8.at(blk(1, "ffn_gate_inp.weight")) == T::F32);
  CHECK(q8.at(blk(1, "ffn_down_exps.weight")) == T::Q8_0);
  const std::map<std::string, T> f32 = mix_for("tiny-dense", QuantMix::F32);
  CHECK(f32.at(blk(1, "ffn_up.weight")) == T::F32);
}
