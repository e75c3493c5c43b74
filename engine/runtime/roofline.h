// The floors a benchmark is judged against (../shared/PERFORMANCE.md): the bytes one decode step must move
// and the FLOPs one prefill token must do. Both come from model::compute_stats (the numbers `model inspect`
// prints), so they follow the file's real quantisation mix and layer count.
#pragma once

#include <cstdint>

#include "model/model_stats.h"

namespace hearth::runtime {

struct DecodeTraffic {
  std::uint64_t weights = 0;          // every weight read per token: dense, used/total of each expert stack, one embedding row
  std::uint64_t state = 0;            // Mamba conv + SSM state, read and written (fp32)
  std::uint64_t kv_per_position = 0;  // K and V of every attention layer for one cached position, f16
  std::uint64_t bytes_at(std::int64_t depth, bool kv_f16 = true) const {
    return weights + state + kv_per_position * static_cast<std::uint64_t>(depth) * (kv_f16 ? 1 : 2);
  }
};

DecodeTraffic decode_traffic(const model::ModelStats& stats);

// FLOPs (2 per multiply-add) of one token: the active parameters, plus attention's scores and weighted V
// over `depth` cached positions.
double prefill_flops_per_token(const model::ModelStats& stats, const model::ModelConfig& config, std::int64_t depth);

}  // namespace hearth::runtime
