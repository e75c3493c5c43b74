// The floors a benchmark is judged against (../shared/PERFORMANCE.md): the bytes one decode step must move
// and the FLOPs one prefill token must do, computed from the bound tensors of a file, so the numbers follow
// the real quantisation mix and layer count.
#pragma once

#include <cstdint>

#include "model/model_config.h"
#include "model/weights.h"

namespace hearth::runtime {

struct DecodeTraffic {
  std::uint64_t dense_weights = 0;   // every weight read once per token (all but the embedding and experts)
  std::uint64_t active_experts = 0;  // n_expert_used / n_expert of each expert stack
  std::uint64_t embedding_row = 0;
  std::uint64_t state = 0;           // Mamba conv + SSM state, read and written (fp32)
  std::uint64_t kv_per_position = 0; // K and V of every attention layer for one cached position
  std::uint64_t bytes_at(std::int64_t depth, bool kv_f16 = true) const {
    return dense_weights + active_experts + embedding_row + state +
           kv_per_position * static_cast<std::uint64_t>(depth) * (kv_f16 ? 1 : 2);
  }
};

// kv_per_position is counted at f16.
DecodeTraffic decode_traffic(const model::ModelConfig& config, const model::ModelWeights& weights);

// Multiply-add FLOPs (2 per MAC) of the weights for one token: dense matrices, the shared expert and the
// chosen experts; attention's score and value products at `depth` are added separately.
double prefill_flops_per_token(const model::ModelConfig& config, const model::ModelWeights& weights, std::int64_t depth);

}  // namespace hearth::runtime
