// A loaded Nemotron-H model as the CPU backend computes it: every bound GGUF tensor turned into the op-level
// views of engine/backend/cpu (validated once here, not per token), the per-block shapes, and one thread
// pool sized to the machine. Built from model::LoadedModel, which it keeps alive (the views point into its
// memory map).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "backend/cpu/attention.h"
#include "backend/cpu/mamba2.h"
#include "backend/cpu/mlp.h"
#include "backend/cpu/moe.h"
#include "backend/cpu/weight_view.h"
#include "core/status.h"
#include "model/loader.h"
#include "runtime/thread_pool.h"

namespace hearth::runtime {

struct CpuLayer {
  model::LayerKind kind = model::LayerKind::Mamba;
  const float* attn_norm = nullptr;  // (n_embd) the block's pre-norm
  cpu::Mamba2Weights mamba;          // Mamba layers
  cpu::AttentionWeights attn;        // attention layers
  cpu::MoeWeights moe;               // MoE layers
  cpu::MlpWeights mlp;               // dense MLP layers
};

struct CpuModel {
  std::shared_ptr<const model::LoadedModel> source;  // owns the mapped file
  const model::ModelConfig* config = nullptr;        // source->config
  cpu::WeightView token_embd;                        // {n_embd, n_vocab}
  const float* output_norm = nullptr;                // (n_embd)
  cpu::WeightView output;                            // {n_embd, n_vocab}
  std::vector<CpuLayer> layers;
  cpu::Mamba2Shape mamba_shape;
  cpu::AttentionShape attn_shape;
  cpu::MoeShape moe_shape;
  std::unique_ptr<ThreadPool> pool;

  std::int64_t count(model::LayerKind kind) const;
};

// n_threads 0: every available core. Errors: a weight type the CPU cannot compute, shapes the ops cannot
// take (both normally caught by binding already).
Result<std::shared_ptr<CpuModel>> make_cpu_model(std::shared_ptr<const model::LoadedModel> loaded, int n_threads = 0);

// Loads a GGUF file (progress, cancellation: model::LoadOptions) and prepares it for the CPU backend.
Result<std::shared_ptr<CpuModel>> load_cpu_model(const std::string& path, const model::LoadOptions& options = {},
                                                 int n_threads = 0);

}  // namespace hearth::runtime
