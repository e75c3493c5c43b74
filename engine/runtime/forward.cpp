#include "runtime/forward.h"

#include <string>

#include "backend/cpu/matmul.h"
#include "backend/cpu/mlp.h"
#include "backend/cpu/norm.h"
#include "backend/cpu/scratch.h"

namespace hearth::runtime {

namespace {

template <typename T>
std::uint64_t capacity_bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

Status Forward::run(const CpuModel& model, SessionState& state, std::int64_t n_past,
                    std::span<const std::int32_t> tokens, LogitsFor which, std::vector<float>& logits,
                    ForwardProbe* probe) {
  const model::ModelConfig& c = *model.config;
  const auto T = static_cast<std::int64_t>(tokens.size());
  const std::int64_t E = c.n_embd, V = c.n_vocab;
  if (T == 0) return Status::ok();
  if (n_past + T > state.capacity())
    return Status::error(ErrorCode::ContextOverflow, "positions up to " + std::to_string(n_past + T) +
                                                         " do not fit a context of " + std::to_string(state.capacity()));
  ThreadPool& pool = *model.pool;
  float* x = cpu::grown(x_, T * E);
  float* u = cpu::grown(u_, T * E);
  float* out = cpu::grown(out_, T * E);

  for (std::int64_t t = 0; t < T; ++t) {
    const std::int32_t id = tokens[static_cast<std::size_t>(t)];
    if (id < 0 || id >= V)
      return Status::error(ErrorCode::InvalidArgument,
                           "token id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(V));
    (void)gguf::dequantize_row(model.token_embd.type, model.token_embd.row(id), x + t * E, E);  // validated view
  }

  std::int64_t mamba_index = 0, attn_index = 0;
  cpu::Mamba2Options mamba_options;
  mamba_options.ssd_chunk = ssd_chunk;
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    const CpuLayer& layer = model.layers[l];
    cpu::rms_norm(x, layer.attn_norm, u, T, E, c.rms_eps);
    switch (layer.kind) {
      case model::LayerKind::Mamba:
        cpu::mamba2_forward(pool, model.mamba_shape, layer.mamba, state.mamba(mamba_index++), u, T, out, mamba_,
                            mamba_options);
        break;
      case model::LayerKind::Attention:
        cpu::attention_forward(pool, model.attn_shape, layer.attn, state.kv(attn_index++), n_past, u, T, out,
                               attention_);
        break;
      case model::LayerKind::MoE:
        cpu::moe_forward(pool, model.moe_shape, layer.moe, u, T, out, moe_);
        break;
      case model::LayerKind::MLP:
        cpu::mlp_forward(pool, layer.mlp, u, T, out, hidden_);
        break;
    }
    for (std::int64_t i = 0; i < T * E; ++i) x[i] += out[i];
    if (probe != nullptr) probe->layer_output(static_cast<std::int64_t>(l), layer.kind, {x, static_cast<std::size_t>(T * E)});
  }

  if (which == LogitsFor::None) return Status::ok();
  const std::int64_t first = which == LogitsFor::All ? 0 : T - 1;
  const std::int64_t rows = T - first;
  cpu::rms_norm(x + first * E, model.output_norm, u, rows, E, c.rms_eps);
  logits.resize(static_cast<std::size_t>(rows * V));
  cpu::matmul(pool, model.output, u, rows, logits.data());
  return Status::ok();
}

std::uint64_t Forward::workspace_bytes() const {
  std::uint64_t b = capacity_bytes(x_) + capacity_bytes(u_) + capacity_bytes(out_) + capacity_bytes(hidden_);
  b += capacity_bytes(mamba_.proj) + capacity_bytes(mamba_.xbc) + capacity_bytes(mamba_.dt) + capacity_bytes(mamba_.y) +
       capacity_bytes(mamba_.chunk.cb) + capacity_bytes(mamba_.chunk.per_thread) + capacity_bytes(mamba_.chunk.log_decay);
  b += capacity_bytes(attention_.q) + capacity_bytes(attention_.k) + capacity_bytes(attention_.v) +
       capacity_bytes(attention_.heads);
  b += capacity_bytes(moe_.logits) + capacity_bytes(moe_.latent) + capacity_bytes(moe_.shared_hidden) +
       capacity_bytes(moe_.shared_out) + capacity_bytes(moe_.expert_in) + capacity_bytes(moe_.expert_hidden) +
       capacity_bytes(moe_.expert_out) + capacity_bytes(moe_.combined);
  return b;
}

}  // namespace hearth::runtime
