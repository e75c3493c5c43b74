// The dense ReLU² MLP of Nemotron-H's '-' blocks (Nano 4B; nemotron-h.md §2.4), ungated, no biases:
//   out = W_down · relu(W_up · u)²
// The MoE block's shared expert is the same function of its input.
#pragma once

#include <cstdint>
#include <vector>

#include "backend/cpu/weight_view.h"
#include "runtime/thread_pool.h"

namespace hearth::cpu {

struct MlpWeights {
  WeightView up;    // {n_embd, n_ff}
  WeightView down;  // {n_ff, n_embd}
};

// x[i] = relu(x[i])² for i < n, spread over the pool.
void relu_squared_inplace(runtime::ThreadPool& pool, float* x, std::int64_t n);

// u: (T, n_embd), already normalised → out (T, n_embd). hidden: scratch, grown to T · n_ff.
void mlp_forward(runtime::ThreadPool& pool, const MlpWeights& w, const float* u, std::int64_t n_tokens, float* out,
                 std::vector<float>& hidden);

}  // namespace hearth::cpu
