#include "runtime/cpu_model.h"

#include <algorithm>
#include <string>

namespace hearth::runtime {

namespace {

using model::LayerKind;
using model::Tensor;

Result<cpu::WeightView> view_of(Tensor t) {
  if (t == nullptr) return cpu::WeightView{};  // absent optional tensor (latent projections on Nano 30B)
  const auto dim = [&](std::size_t i) { return i < t->ne.size() ? t->ne[i] : 1; };
  Result<cpu::WeightView> v = cpu::make_weight_view(t->type, dim(0), dim(1), dim(2), t->data);
  if (!v) return Status::error(v.status().code(), "tensor " + t->name + ": " + v.status().message());
  return v;
}

// Norms, biases and SSM vectors are F32 by binding (weights.h); their data is 32-byte aligned in GGUF.
const float* floats_of(Tensor t) {
  return t == nullptr ? nullptr : reinterpret_cast<const float*>(t->data);
}

#define HEARTH_VIEW(dst, tensor)                        \
  do {                                                  \
    Result<cpu::WeightView> hearth_v_ = view_of(tensor); \
    if (!hearth_v_) return hearth_v_.status();          \
    (dst) = *hearth_v_;                                  \
  } while (false)

Status bind_layer(const model::LayerWeights& w, CpuLayer& out) {
  out.kind = w.kind;
  out.attn_norm = floats_of(w.attn_norm);
  switch (w.kind) {
    case LayerKind::Mamba:
      HEARTH_VIEW(out.mamba.in_proj, w.mamba.ssm_in);
      HEARTH_VIEW(out.mamba.out_proj, w.mamba.out);
      out.mamba.conv_w = floats_of(w.mamba.conv1d);
      out.mamba.conv_b = floats_of(w.mamba.conv1d_bias);
      out.mamba.dt_bias = floats_of(w.mamba.dt_bias);
      out.mamba.a = floats_of(w.mamba.a);
      out.mamba.d = floats_of(w.mamba.d);
      out.mamba.norm_w = floats_of(w.mamba.norm);
      break;
    case LayerKind::Attention:
      HEARTH_VIEW(out.attn.q, w.attn.q);
      HEARTH_VIEW(out.attn.k, w.attn.k);
      HEARTH_VIEW(out.attn.v, w.attn.v);
      HEARTH_VIEW(out.attn.out, w.attn.o);
      break;
    case LayerKind::MoE:
      HEARTH_VIEW(out.moe.gate_inp, w.moe.gate_inp);
      out.moe.probs_bias = floats_of(w.moe.exp_probs_b);
      HEARTH_VIEW(out.moe.latent_down, w.moe.latent_down);
      HEARTH_VIEW(out.moe.latent_up, w.moe.latent_up);
      HEARTH_VIEW(out.moe.up_exps, w.moe.up_exps);
      HEARTH_VIEW(out.moe.down_exps, w.moe.down_exps);
      HEARTH_VIEW(out.moe.up_shexp, w.moe.up_shexp);
      HEARTH_VIEW(out.moe.down_shexp, w.moe.down_shexp);
      break;
    case LayerKind::MLP:
      HEARTH_VIEW(out.mlp.up, w.mlp.up);
      HEARTH_VIEW(out.mlp.down, w.mlp.down);
      break;
  }
  return Status::ok();
}

}  // namespace

std::int64_t CpuModel::count(LayerKind kind) const {
  return std::count_if(layers.begin(), layers.end(), [&](const CpuLayer& l) { return l.kind == kind; });
}

Result<std::shared_ptr<CpuModel>> make_cpu_model(std::shared_ptr<const model::LoadedModel> loaded, int n_threads) {
  if (!loaded) return Status::error(ErrorCode::InvalidArgument, "no model to run");
  auto m = std::make_shared<CpuModel>();
  m->source = std::move(loaded);
  const model::ModelConfig& c = m->source->config;
  const model::ModelWeights& w = m->source->weights;
  m->config = &c;
  HEARTH_VIEW(m->token_embd, w.token_embd);
  HEARTH_VIEW(m->output, w.output);
  m->output_norm = floats_of(w.output_norm);
  m->layers.resize(w.layers.size());
  for (std::size_t i = 0; i < w.layers.size(); ++i) {
    const Status s = bind_layer(w.layers[i], m->layers[i]);
    if (!s) return Status::error(s.code(), "layer " + std::to_string(i) + ": " + s.message(), s.hint());
  }
  m->mamba_shape = {c.n_embd, c.ssm.d_inner, c.ssm.n_head, c.ssm.n_group, c.ssm.d_state,
                    static_cast<int>(c.ssm.d_conv), c.rms_eps};
  m->attn_shape = {c.attn.n_head, c.attn.n_head_kv, c.attn.head_dim};
  m->moe_shape = {c.n_embd,           c.moe.n_expert, c.moe.n_expert_used, c.moe.latent_size, c.moe.n_ff_exp,
                  c.moe.n_expert_shared > 0 ? c.moe.n_ff_shexp : 0, c.moe.weights_norm, c.moe.weights_scale};
  m->pool = std::make_unique<ThreadPool>(n_threads);
  return m;
}

Result<std::shared_ptr<CpuModel>> load_cpu_model(const std::string& path, const model::LoadOptions& options,
                                                 int n_threads) {
  Result<model::LoadedModel> loaded = model::load_model(path, options);
  if (!loaded) return loaded.status();
  return make_cpu_model(std::make_shared<model::LoadedModel>(std::move(*loaded)), n_threads);
}

}  // namespace hearth::runtime
