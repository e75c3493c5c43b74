// Mamba-2's causal depthwise convolution over the xBC channels with bias and SiLU, carrying the last K−1
// inputs between calls (nemotron-h.md §2.1 step 2). Same semantics as hearth::cpu::ssm_conv:
//   out_t[c] = SiLU(b[c] + Σ_{k<K} w[c,k]·in_{t−(K−1)+k}[c]), inputs before the call taken from the state.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace hearth::kernels {

// in: (n_tokens, n_channels), row stride ld_in; out: (n_tokens, n_channels) contiguous.
// weight: (n_channels, kernel) (GGUF ssm_conv1d.weight {K, C}); bias: (n_channels).
// state: (kernel − 1, n_channels), oldest first, updated in place. kernel in 2..8.
cudaError_t ssm_conv(const float* in, std::int64_t ld_in, std::int64_t n_tokens, std::int64_t n_channels, int kernel,
                     const float* weight, const float* bias, float* state, float* out, cudaStream_t stream);

}  // namespace hearth::kernels
