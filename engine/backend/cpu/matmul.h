// y = x · Wᵀ for a weight of any dequantisable GGUF type and f32 activations, fp32 accumulation.
//
// Decode (few tokens): every row is dequantised piecewise in L1 and dotted with each token (row_dot), so
// each weight byte is read from memory once per token and the threads split the rows. Prefill (many
// tokens): a tile of rows is dequantised once into per-thread scratch and reused for every token,
// register-blocked four rows at a time. A batch of independent products (the Q/K/V projections, the
// experts a token selected) is one parallel loop over the rows of all of them, so small matrices still
// keep every core busy.
#pragma once

#include <cstdint>
#include <span>

#include "backend/cpu/weight_view.h"
#include "runtime/thread_pool.h"

namespace hearth::cpu {

struct MatmulJob {
  WeightView w;              // {n_in, n_out}; a single expert slice for stacks
  const float* x = nullptr;  // (n_tokens, n_in) row-major
  std::int64_t n_tokens = 0;
  float* y = nullptr;        // (n_tokens, n_out) row-major; must not overlap x
};

void matmul(runtime::ThreadPool& pool, const WeightView& w, const float* x, std::int64_t n_tokens, float* y);
void matmul_batch(runtime::ThreadPool& pool, std::span<const MatmulJob> jobs);

}  // namespace hearth::cpu
