// The Mamba-2 selective-state recurrence on the device (nemotron-h.md §2.1 steps 4-5), fp32 state:
//   dt = softplus(dt_raw + dt_bias) (no clamp),  S_h ← exp(dt·A_h)·S_h + dt·x_h ⊗ B_g,  y_h = S_h·C_g + D_h·x_h
// with head h reading B/C group g = ⌊h / (H/G)⌋. Same semantics as hearth::cpu::ssm_scan_step, token by token.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace hearth::kernels {

struct SsmScanArgs {
  std::int64_t n_heads = 0, head_dim = 0, n_groups = 0, state_size = 0;  // H, P, G, N (N ≤ 256)
  std::int64_t n_tokens = 0;
  const float* x = nullptr;        // (T, H·P), row stride ld_x
  std::int64_t ld_x = 0;
  const float* b = nullptr;        // (T, G·N), row stride ld_bc
  const float* c = nullptr;        // (T, G·N), row stride ld_bc
  std::int64_t ld_bc = 0;
  const float* dt = nullptr;       // (T, H), row stride ld_dt: raw, or final when dt_bias is null
  std::int64_t ld_dt = 0;
  const float* dt_bias = nullptr;  // (H) or null
  const float* a = nullptr;        // (H), negative (GGUF ssm_a = −exp(A_log))
  const float* d = nullptr;        // (H)
  float* state = nullptr;          // (H, P, N), N fastest; updated in place
  float* y = nullptr;              // (T, H·P) contiguous
};

cudaError_t ssm_scan(const SsmScanArgs& args, cudaStream_t stream);

}  // namespace hearth::kernels
