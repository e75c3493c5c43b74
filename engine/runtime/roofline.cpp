#include "runtime/roofline.h"

namespace hearth::runtime {
namespace {

using model::Tensor;

std::uint64_t bytes(Tensor t) { return t != nullptr ? t->size_bytes : 0; }
double macs(Tensor t) { return t != nullptr ? static_cast<double>(t->n_elements()) : 0.0; }

}  // namespace

DecodeTraffic decode_traffic(const model::ModelConfig& c, const model::ModelWeights& w) {
  DecodeTraffic d;
  const double active = c.moe.n_expert > 0 ? static_cast<double>(c.moe.n_expert_used) / static_cast<double>(c.moe.n_expert) : 0.0;
  d.dense_weights = bytes(w.output_norm) + bytes(w.output);
  double experts = 0.0;
  for (const model::LayerWeights& l : w.layers) {
    d.dense_weights += bytes(l.attn_norm);
    const model::MambaWeights& m = l.mamba;
    d.dense_weights += bytes(m.ssm_in) + bytes(m.conv1d) + bytes(m.conv1d_bias) + bytes(m.dt_bias) + bytes(m.a) +
                       bytes(m.d) + bytes(m.norm) + bytes(m.out);
    d.dense_weights += bytes(l.attn.q) + bytes(l.attn.k) + bytes(l.attn.v) + bytes(l.attn.o);
    const model::MoeWeights& e = l.moe;
    d.dense_weights += bytes(e.gate_inp) + bytes(e.exp_probs_b) + bytes(e.latent_down) + bytes(e.latent_up) +
                       bytes(e.up_shexp) + bytes(e.down_shexp);
    experts += active * static_cast<double>(bytes(e.up_exps) + bytes(e.down_exps));
    d.dense_weights += bytes(l.mlp.up) + bytes(l.mlp.down);
  }
  d.active_experts = static_cast<std::uint64_t>(experts);
  d.embedding_row = c.n_vocab > 0 ? bytes(w.token_embd) / static_cast<std::uint64_t>(c.n_vocab) : 0;
  std::uint64_t n_mamba = 0, n_attn = 0;
  for (model::LayerKind k : c.layers) {
    n_mamba += k == model::LayerKind::Mamba;
    n_attn += k == model::LayerKind::Attention;
  }
  const auto state_floats = static_cast<std::uint64_t>((c.ssm.d_conv - 1) * c.ssm.conv_dim() + c.ssm.d_inner * c.ssm.d_state);
  d.state = 2 * n_mamba * state_floats * sizeof(float);
  d.kv_per_position = n_attn * 2 * static_cast<std::uint64_t>(c.attn.kv_dim()) * 2;
  return d;
}

double prefill_flops_per_token(const model::ModelConfig& c, const model::ModelWeights& w, std::int64_t depth) {
  const double active = c.moe.n_expert > 0 ? static_cast<double>(c.moe.n_expert_used) / static_cast<double>(c.moe.n_expert) : 0.0;
  double m = macs(w.output);
  std::int64_t n_attn = 0;
  for (const model::LayerWeights& l : w.layers) {
    m += macs(l.mamba.ssm_in) + macs(l.mamba.out);
    m += macs(l.attn.q) + macs(l.attn.k) + macs(l.attn.v) + macs(l.attn.o);
    m += macs(l.moe.gate_inp) + macs(l.moe.latent_down) + macs(l.moe.latent_up) + macs(l.moe.up_shexp) +
         macs(l.moe.down_shexp) + active * (macs(l.moe.up_exps) + macs(l.moe.down_exps));
    m += macs(l.mlp.up) + macs(l.mlp.down);
    n_attn += l.kind == model::LayerKind::Attention;
  }
  // Scores q·k and the weighted sum of V: 2 · n_head · head_dim MACs per cached position per attention layer.
  m += static_cast<double>(n_attn) * 2.0 * static_cast<double>(c.attn.n_head * c.attn.head_dim) * static_cast<double>(depth);
  return 2.0 * m;
}

}  // namespace hearth::runtime
