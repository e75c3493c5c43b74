// The Mamba-2 causal depthwise convolution over the xBC channels, with bias and SiLU, carrying the last
// K−1 inputs between calls (nemotron-h.md §2.1 step 2):
//   out_t[c] = SiLU( b[c] + Σ_{k<K} w[c,k] · in_{t−(K−1)+k}[c] ),  in_τ for τ < 0 taken from the state.
// w[c, K−1] multiplies the current token, w[c, 0] the oldest. The state keeps raw (pre-conv) inputs.
#pragma once

#include <cstdint>

#include "runtime/thread_pool.h"

namespace hearth::cpu {

// in: (n_tokens, n_channels) with row stride ld_in; out: (n_tokens, n_channels) contiguous.
// weight: (n_channels, kernel) as GGUF stores ssm_conv1d.weight {K, C}; bias: (n_channels).
// state: (kernel − 1, n_channels), oldest input first; updated to the last kernel − 1 inputs.
void ssm_conv(runtime::ThreadPool& pool, const float* in, std::int64_t ld_in, std::int64_t n_tokens,
              std::int64_t n_channels, int kernel, const float* weight, const float* bias, float* state, float* out);

}  // namespace hearth::cpu
