#include "backend/cpu/ssm_conv.h"

#include <algorithm>

#include "backend/cpu/vector_math.h"

namespace hearth::cpu {

namespace {

HEARTH_CPU_CLONES
void conv_channels(const float* in, std::int64_t ld_in, std::int64_t n_tokens, std::int64_t n_channels, int kernel,
                   const float* weight, const float* bias, float* state, float* out, std::int64_t c0,
                   std::int64_t c1) {
  const std::int64_t history = kernel - 1;
  for (std::int64_t t = 0; t < n_tokens; ++t) {
    float* o = out + t * n_channels;
    for (std::int64_t c = c0; c < c1; ++c) o[c] = bias[c];
    for (int k = 0; k < kernel; ++k) {
      const std::int64_t tau = t - history + k;
      const float* src = tau >= 0 ? in + tau * ld_in : state + (history + tau) * n_channels;
      for (std::int64_t c = c0; c < c1; ++c) o[c] += weight[c * kernel + k] * src[c];
    }
    for (std::int64_t c = c0; c < c1; ++c) o[c] = silu(o[c]);
  }
  // New state row j holds input τ = n_tokens − history + j; reading row j + n_tokens > j of the old state
  // when τ < 0 makes the in-place update safe in ascending j.
  for (std::int64_t j = 0; j < history; ++j) {
    const std::int64_t tau = n_tokens - history + j;
    const float* src = tau >= 0 ? in + tau * ld_in : state + (j + n_tokens) * n_channels;
    float* dst = state + j * n_channels;
    for (std::int64_t c = c0; c < c1; ++c) dst[c] = src[c];
  }
}

}  // namespace

void ssm_conv(runtime::ThreadPool& pool, const float* in, std::int64_t ld_in, std::int64_t n_tokens,
              std::int64_t n_channels, int kernel, const float* weight, const float* bias, float* state, float* out) {
  // Channels are independent: split them in cache-line multiples.
  const std::int64_t grain = (pool.grain_for(n_channels, 256, 1) + 15) / 16 * 16;
  pool.parallel_for(n_channels, grain, [&](std::int64_t c0, std::int64_t c1, int) {
    conv_channels(in, ld_in, n_tokens, n_channels, kernel, weight, bias, state, out, c0, c1);
  });
}

}  // namespace hearth::cpu
