#include "model/weights.h"

#include <unordered_set>

namespace hearth::model {

namespace {

using R = TensorRole;

Tensor* attention_slot(AttentionWeights& a, R role) {
  switch (role) {
    case R::AttnQ: return &a.q;
    case R::AttnK: return &a.k;
    case R::AttnV: return &a.v;
    case R::AttnOutput: return &a.o;
    default: return nullptr;
  }
}

Tensor* moe_slot(MoeWeights& m, R role) {
  switch (role) {
    case R::FfnGateInp: return &m.gate_inp;
    case R::ExpProbsB: return &m.exp_probs_b;
    case R::LatentDown: return &m.latent_down;
    case R::LatentUp: return &m.latent_up;
    case R::FfnUpExps: return &m.up_exps;
    case R::FfnDownExps: return &m.down_exps;
    case R::FfnUpShexp: return &m.up_shexp;
    case R::FfnDownShexp: return &m.down_shexp;
    default: return nullptr;
  }
}

Tensor* mamba_slot(MambaWeights& m, R role) {
  switch (role) {
    case R::SsmIn: return &m.ssm_in;
    case R::SsmConv1d: return &m.conv1d;
    case R::SsmConv1dBias: return &m.conv1d_bias;
    case R::SsmDtBias: return &m.dt_bias;
    case R::SsmA: return &m.a;
    case R::SsmD: return &m.d;
    case R::SsmNorm: return &m.norm;
    case R::SsmOut: return &m.out;
    default: return nullptr;
  }
}

Tensor* mlp_slot(MlpWeights& m, R role) {
  switch (role) {
    case R::FfnUp: return &m.up;
    case R::FfnDown: return &m.down;
    default: return nullptr;
  }
}

Tensor* mtp_slot(MtpWeights& m, R role) {
  switch (role) {
    case R::NextnEhProj: return &m.eh_proj;
    case R::NextnEnorm: return &m.enorm;
    case R::NextnHnorm: return &m.hnorm;
    case R::NextnSharedHeadNorm: return &m.shared_head_norm;
    case R::AttnNorm: return &m.attn_norm;
    case R::PostAttentionNorm: return &m.post_attention_norm;
    default: break;
  }
  if (Tensor* t = attention_slot(m.attn, role)) return t;
  return moe_slot(m.moe, role);
}

Tensor* slot(ModelWeights& w, const ModelConfig& c, const ExpectedTensor& e) {
  if (e.layer < 0) {
    switch (e.role) {
      case R::TokenEmbd: return &w.token_embd;
      case R::OutputNorm: return &w.output_norm;
      case R::Output: return &w.output;
      default: return nullptr;
    }
  }
  if (e.layer == c.n_layer) return w.mtp ? mtp_slot(*w.mtp, e.role) : nullptr;
  LayerWeights& l = w.layers[static_cast<std::size_t>(e.layer)];
  if (e.role == R::AttnNorm) return &l.attn_norm;
  switch (l.kind) {
    case LayerKind::Mamba: return mamba_slot(l.mamba, e.role);
    case LayerKind::Attention: return attention_slot(l.attn, e.role);
    case LayerKind::MoE: return moe_slot(l.moe, e.role);
    case LayerKind::MLP: return mlp_slot(l.mlp, e.role);
  }
  return nullptr;
}

// ggml pads shapes with trailing 1s; {128} and {128, 1} are the same tensor.
std::vector<std::int64_t> trimmed(std::vector<std::int64_t> ne) {
  while (ne.size() > 1 && ne.back() == 1) ne.pop_back();
  return ne;
}

// The present tensor for an expected one: its own dialect's name first, then the other dialects' aliases
// (a file that mixes them is still unambiguous: one role, one layer).
const gguf::TensorInfo* find_with_aliases(const gguf::File& file, const ExpectedTensor& e) {
  if (const gguf::TensorInfo* t = file.find_tensor(e.name)) return t;
  for (const TensorRow& row : tensor_rows(e.role))
    if (const gguf::TensorInfo* t = file.find_tensor(format_tensor_name(row, e.layer))) return t;
  return nullptr;
}

std::string type_expectation(const ExpectedTensor& e) {
  return e.f32_only ? "f32" : "a type Hearth can dequantise (f32, f16, bf16, q4_0, q4_1, q5_0, q5_1, q8_0, q4_K, "
                              "q5_K, q6_K, mxfp4)";
}

}  // namespace

Result<ModelWeights> bind_weights(const gguf::File& file, const ModelConfig& c) {
  ModelWeights w;
  w.layers.resize(static_cast<std::size_t>(c.n_layer));
  for (std::size_t i = 0; i < w.layers.size(); ++i) w.layers[i].kind = c.layers[i];
  if (c.has_mtp()) w.mtp.emplace();

  std::unordered_set<const gguf::TensorInfo*> used;
  for (const ExpectedTensor& e : expected_tensors(c)) {
    const gguf::TensorInfo* t = find_with_aliases(file, e);
    const std::string where = std::string(arch_name(c.arch)) + " (" + c.pattern() + (c.has_mtp() ? " + MTP" : "") + ")";
    if (t == nullptr)
      return Status::error(ErrorCode::MissingTensor,
                           "missing tensor " + e.name + ": expected shape " + format_shape(e.ne) + " for " + where +
                               ", actual: not in the file",
                           "the file is incomplete or was converted for another model layout");
    if (trimmed(t->ne) != trimmed(e.ne))
      return Status::error(ErrorCode::ShapeMismatch,
                           "tensor " + t->name + " has shape " + format_shape(t->ne) + "; expected " + format_shape(e.ne));
    const gguf::TypeTraits& traits = gguf::type_traits(t->type);
    const bool type_ok = e.f32_only ? t->type == gguf::TensorType::F32 : traits.dequantizable;
    if (!type_ok)
      return Status::error(ErrorCode::UnsupportedType, "tensor " + t->name + " has type " + std::string(traits.name) +
                                                           "; expected " + type_expectation(e));
    if (!used.insert(t).second)
      return Status::error(ErrorCode::MalformedFile, "tensor " + t->name + " is bound twice (two aliases of one role)");
    Tensor* field = slot(w, c, e);
    if (field == nullptr)
      return Status::error(ErrorCode::Internal, "no field for tensor " + e.name);
    *field = t;
  }
  for (const gguf::TensorInfo& t : file.tensors()) {
    if (used.count(&t) != 0) continue;
    return Status::error(ErrorCode::MalformedFile,
                         "unexpected tensor " + t.name + " (shape " + format_shape(t.ne) + ", type " +
                             std::string(gguf::type_name(t.type)) + "); expected none: it is not part of " +
                             std::string(arch_name(c.arch)) + " with pattern " + c.pattern() +
                             (c.has_mtp() ? " + MTP" : ""),
                         "a block count, layer array or MTP setting that disagrees with the tensors");
  }
  return w;
}

}  // namespace hearth::model
