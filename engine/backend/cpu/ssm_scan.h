// The Mamba-2 selective state-space recurrence (nemotron-h.md §2.1 steps 4-5), per head h with scalar
// A_h < 0, state S_h ∈ R^{P×N} (fp32), and head h reading B/C group g(h) = ⌊h / (H/G)⌋:
//   S_h ← exp(dt_h·A_h) · S_h + dt_h · x_h ⊗ B_g          y_h = S_h · C_g + D_h · x_h
//
// ssm_scan_step applies it token by token (decode). ssm_scan_chunked is the SSD form for prefill: within
// a chunk of L tokens, with a_t = A · Σ_{i≤t} dt_i (cumulative log-decay),
//   Y_t   = Σ_{s≤t} exp(a_t − a_s) (C_t·B_s) dt_s x_s  +  exp(a_t) S_prev·C_t  +  D x_t
//   S_new = exp(a_L) S_prev + Σ_s exp(a_L − a_s) dt_s x_s ⊗ B_s
// which is the same sum regrouped: intra-chunk terms become small matrix products and the state is touched
// once per chunk instead of once per token. The two agree to float rounding (tests check 1e-5).
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/thread_pool.h"

namespace hearth::cpu {

struct SsmShape {
  std::int64_t n_heads = 0;     // H
  std::int64_t head_dim = 0;    // P
  std::int64_t n_groups = 0;    // G (divides H)
  std::int64_t state_size = 0;  // N
};

struct SsmInputs {
  std::int64_t n_tokens = 0;
  const float* x = nullptr;  // (T, H·P) row stride ld_x; post-conv, post-SiLU
  std::int64_t ld_x = 0;
  const float* b = nullptr;  // (T, G·N) row stride ld_bc
  const float* c = nullptr;  // (T, G·N) row stride ld_bc
  std::int64_t ld_bc = 0;
  const float* dt = nullptr;  // (T, H) contiguous; already softplus(dt_raw + dt_bias)
  const float* a = nullptr;   // (H) = −exp(A_log), as GGUF stores ssm_a
  const float* d = nullptr;   // (H) skip
};

// state: (H, P, N), N fastest; y: (T, H·P) contiguous.
void ssm_scan_step(runtime::ThreadPool& pool, const SsmShape& shape, const SsmInputs& in, float* state, float* y);

// Per-call scratch for the chunked form (grown on demand, reused across calls).
struct SsmChunkScratch {
  std::vector<float> cb;  // (G, chunks, L, L): C_t·B_s per group and chunk
  std::vector<float> per_thread;
  std::vector<double> log_decay;
};

void ssm_scan_chunked(runtime::ThreadPool& pool, const SsmShape& shape, const SsmInputs& in, std::int64_t chunk_size,
                      float* state, float* y, SsmChunkScratch& scratch);

}  // namespace hearth::cpu
