// A whole Mamba-2 mixer for a run of tokens of one sequence (nemotron-h.md §2.1): in_proj split into
// z | xBC | dt, causal conv + SiLU over xBC, dt = softplus(dt_raw + dt_bias), the SSM recurrence (step form
// or chunked SSD form), D skip, gate and grouped RMSNorm, out_proj. The caller applies the block's pre-norm
// and adds the result to the residual stream.
#pragma once

#include <cstdint>
#include <vector>

#include "backend/cpu/ssm_scan.h"
#include "backend/cpu/weight_view.h"
#include "runtime/thread_pool.h"

namespace hearth::cpu {

struct Mamba2Shape {
  std::int64_t n_embd = 0;
  std::int64_t d_inner = 0;     // H · P
  std::int64_t n_heads = 0;     // H
  std::int64_t n_groups = 0;    // G
  std::int64_t state_size = 0;  // N
  int conv_kernel = 4;          // K
  float eps = 1e-5f;
  std::int64_t head_dim() const { return d_inner / n_heads; }
  std::int64_t conv_channels() const { return d_inner + 2 * n_groups * state_size; }
  std::int64_t in_proj_rows() const { return 2 * d_inner + 2 * n_groups * state_size + n_heads; }
};

struct Mamba2Weights {
  WeightView in_proj;             // {n_embd, 2·d_inner + 2·G·N + H}
  const float* conv_w = nullptr;  // (conv_channels, K)
  const float* conv_b = nullptr;  // (conv_channels)
  const float* dt_bias = nullptr; // (H)
  const float* a = nullptr;       // (H) = −exp(A_log), negative as stored
  const float* d = nullptr;       // (H)
  const float* norm_w = nullptr;  // (d_inner) = (G, d_inner/G)
  WeightView out_proj;            // {d_inner, n_embd}
};

struct Mamba2State {
  float* conv = nullptr;  // (K − 1, conv_channels), oldest first
  float* ssm = nullptr;   // (H, P, N)
};

struct Mamba2Scratch {
  std::vector<float> proj;  // (T, in_proj_rows)
  std::vector<float> xbc;   // (T, conv_channels)
  std::vector<float> dt;    // (T, H)
  std::vector<float> y;     // (T, d_inner)
  SsmChunkScratch chunk;
};

// How to run the recurrence over a multi-token call: 0 = token by token; otherwise the SSD form with this
// chunk length. Single tokens always take the step form.
struct Mamba2Options {
  std::int64_t ssd_chunk = 64;
};

// u: (T, n_embd), already normalised; out: (T, n_embd). The state is updated in place.
void mamba2_forward(runtime::ThreadPool& pool, const Mamba2Shape& shape, const Mamba2Weights& w, Mamba2State state,
                    const float* u, std::int64_t n_tokens, float* out, Mamba2Scratch& scratch,
                    Mamba2Options options = {});

}  // namespace hearth::cpu
