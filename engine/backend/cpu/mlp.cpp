#include "backend/cpu/mlp.h"

#include <algorithm>

#include "backend/cpu/matmul.h"
#include "backend/cpu/scratch.h"
#include "backend/cpu/vector_math.h"

namespace hearth::cpu {

void relu_squared_inplace(runtime::ThreadPool& pool, float* x, std::int64_t n) {
  pool.parallel_for(n, pool.grain_for(n, 4096, 1), [&](std::int64_t b, std::int64_t e, int) {
    for (std::int64_t i = b; i < e; ++i) x[i] = relu_squared(x[i]);
  });
}

void mlp_forward(runtime::ThreadPool& pool, const MlpWeights& w, const float* u, std::int64_t n_tokens, float* out,
                 std::vector<float>& hidden) {
  float* hid = grown(hidden, n_tokens * w.up.n_out);
  matmul(pool, w.up, u, n_tokens, hid);
  relu_squared_inplace(pool, hid, n_tokens * w.up.n_out);
  matmul(pool, w.down, hid, n_tokens, out);
}

}  // namespace hearth::cpu
