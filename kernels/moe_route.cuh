// Nemotron-H MoE routing on the device (nemotron-h.md §2.3, pitfall 7.2), so expert ids never visit the host:
//   p = sigmoid(logits) in fp32 (logits from the F32 router on the FULL hidden state);
//   choose the top k of p + bias (the correction bias only chooses);
//   w_e = scale · p_e / max(Σ_selected p, 6.1035e-5) when normalising (expert_weights_norm), else scale · p_e.
// Ties in p + bias go to the lower expert index.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace hearth::kernels {

// logits: (n_tokens, n_experts); bias: (n_experts) or null; ids: (n_tokens, k) int32; weights: (n_tokens, k).
// n_experts ≤ 1024, k ≤ n_experts.
cudaError_t moe_route(const float* logits, const float* bias, std::int64_t n_tokens, int n_experts, int k,
                      bool normalize, float scale, std::int32_t* ids, float* weights, cudaStream_t stream);

// out[i] = Σ_s weights[s]·y[s·n + i] (+ out[i] when accumulate): combines the selected experts' outputs.
cudaError_t moe_combine(const float* y, const float* weights, int k, std::int64_t n, float* out, bool accumulate,
                        cudaStream_t stream);

}  // namespace hearth::kernels

namespace hearth::kernels {

// Prefill combine, in token order so the sum is deterministic: for each token t,
// out[t·n + i] = Σ_j weights[t·k + j] · y[slot[t·k + j]·n + i], where y holds the selected experts' outputs
// grouped by expert and slot maps (token, choice) to its row there.
cudaError_t moe_combine_rows(const float* y, const std::int32_t* slot, const float* weights, std::int64_t n_tokens,
                             int k, std::int64_t n, float* out, cudaStream_t stream);

}  // namespace hearth::kernels
