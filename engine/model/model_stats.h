// Numbers `model inspect` and discovery print, from the header alone (nemotron-h.md §6):
//   total parameters   every tensor element in the file (MTP block reported separately as well);
//   active parameters  per decoded token: everything but the routed-expert stacks, plus used/total of them,
//                      excluding the input embedding (a row lookup) and the MTP block (§6.1);
//   weight bytes/token the same selection in bytes, plus one embedding row (§6.3);
//   KV bytes/token     attention layers × 2 × n_head_kv × head_dim × 2 bytes (f16 cache, §6.4);
//   recurrent state    per sequence, f32: Mamba layers × ((K−1)·conv_dim + N·d_inner) × 4 bytes (§6.5).
#pragma once

#include <cstdint>
#include <vector>

#include "gguf/gguf_file.h"
#include "model/model_config.h"

namespace hearth::model {

struct TypeUsage {
  gguf::TensorType type;
  std::int64_t tensors = 0;
  std::int64_t params = 0;
  std::uint64_t bytes = 0;
};

// What any GGUF's tensor table says, whatever its architecture (discovery uses it for llama files too).
struct TensorTotals {
  std::int64_t params = 0;
  std::uint64_t bytes = 0;
  std::vector<TypeUsage> by_type;  // sorted by bytes, largest first
  // The type holding most bytes among quantised (non-F32) tensors; F32 when everything is F32.
  gguf::TensorType dominant_type = gguf::TensorType::F32;
};

TensorTotals tensor_totals(const std::vector<gguf::TensorInfo>& tensors);

struct ModelStats {
  TensorTotals totals;
  std::int64_t mtp_params = 0;        // tensors of the MTP block (blk.{n_layer}.*)
  std::int64_t embedding_params = 0;  // token_embd
  double active_params = 0;           // excluding the input embedding
  double active_params_with_embedding = 0;
  double weight_bytes_per_token = 0;
  std::uint64_t kv_bytes_per_token = 0;      // main attention layers, f16
  std::uint64_t mtp_kv_bytes_per_token = 0;  // the MTP attention sub-layer, f16
  std::uint64_t conv_state_bytes = 0;        // per sequence, f32
  std::uint64_t ssm_state_bytes = 0;         // per sequence, f32
};

ModelStats compute_stats(const gguf::File& file, const ModelConfig& config);

}  // namespace hearth::model
