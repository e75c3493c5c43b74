#include "model/tensor_list.h"

namespace hearth::model {

namespace {

using R = TensorRole;

struct ListBuilder {
  const ModelConfig& c;
  std::vector<ExpectedTensor>& out;

  void add(R role, int layer, std::vector<std::int64_t> ne) {
    ExpectedTensor t;
    t.role = role;
    t.layer = layer;
    t.name = tensor_name(role, c.dialect, layer);
    t.ne = std::move(ne);
    t.f32_only = tensor_rows(role).front().f32_only;
    out.push_back(std::move(t));
  }

  void attention(int il) {
    const std::int64_t E = c.n_embd;
    add(R::AttnQ, il, {E, c.attn.q_dim()});
    add(R::AttnK, il, {E, c.attn.kv_dim()});
    add(R::AttnV, il, {E, c.attn.kv_dim()});
    add(R::AttnOutput, il, {c.attn.q_dim(), E});
  }

  void moe(int il) {
    const std::int64_t E = c.n_embd, X = c.moe.n_expert, F = c.moe.n_ff_exp, S = c.moe.n_ff_shexp, L = c.moe_dim();
    add(R::FfnGateInp, il, {E, X});
    add(R::ExpProbsB, il, {X});
    if (c.moe.latent_size > 0) {
      add(R::LatentDown, il, {E, L});
      add(R::LatentUp, il, {L, E});
    }
    add(R::FfnUpExps, il, {L, F, X});
    add(R::FfnDownExps, il, {F, L, X});
    add(R::FfnUpShexp, il, {E, S});
    add(R::FfnDownShexp, il, {S, E});
  }

  void mamba(int il) {
    const SsmConfig& s = c.ssm;
    add(R::SsmIn, il, {c.n_embd, s.in_proj_dim()});
    add(R::SsmConv1d, il, {s.d_conv, s.conv_dim()});
    add(R::SsmConv1dBias, il, {s.conv_dim()});
    add(R::SsmDtBias, il, {s.n_head});
    add(R::SsmA, il, {1, s.n_head});
    add(R::SsmD, il, {1, s.n_head});
    add(R::SsmNorm, il, {s.group_size(), s.n_group});
    add(R::SsmOut, il, {s.d_inner, c.n_embd});
  }
};

}  // namespace

std::string format_shape(const std::vector<std::int64_t>& ne) {
  std::string s = "{";
  for (std::size_t i = 0; i < ne.size(); ++i) s += (i ? ", " : "") + std::to_string(ne[i]);
  return s + "}";
}

std::vector<ExpectedTensor> expected_tensors(const ModelConfig& c) {
  std::vector<ExpectedTensor> out;
  ListBuilder b{c, out};
  b.add(R::TokenEmbd, -1, {c.n_embd, c.n_vocab});
  for (std::int64_t i = 0; i < c.n_layer; ++i) {
    const int il = static_cast<int>(i);
    b.add(R::AttnNorm, il, {c.n_embd});
    switch (c.layers[static_cast<std::size_t>(i)]) {
      case LayerKind::Mamba: b.mamba(il); break;
      case LayerKind::Attention: b.attention(il); break;
      case LayerKind::MoE: b.moe(il); break;
      case LayerKind::MLP:
        b.add(R::FfnUp, il, {c.n_embd, c.n_ff});
        b.add(R::FfnDown, il, {c.n_ff, c.n_embd});
        break;
    }
  }
  if (c.has_mtp()) {
    const int il = static_cast<int>(c.mtp_layer());
    b.add(R::NextnEhProj, il, {2 * c.n_embd, c.n_embd});
    b.add(R::NextnEnorm, il, {c.n_embd});
    b.add(R::NextnHnorm, il, {c.n_embd});
    b.add(R::AttnNorm, il, {c.n_embd});
    b.attention(il);
    b.add(R::PostAttentionNorm, il, {c.n_embd});
    b.moe(il);
    b.add(R::NextnSharedHeadNorm, il, {c.n_embd});
  }
  b.add(R::OutputNorm, -1, {c.n_embd});
  b.add(R::Output, -1, {c.n_embd, c.n_vocab});
  return out;
}

}  // namespace hearth::model
