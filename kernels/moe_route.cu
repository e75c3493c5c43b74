// One block per token, one thread per expert: the k winners are taken one at a time with a block-wide
// arg-max (k = 22 rounds of a 512-wide reduction is far below a microsecond).
#include "moe_route.cuh"

#include "common.cuh"

namespace hearth::kernels {
namespace {

constexpr int kMaxExperts = 1024;

struct Candidate {
  float score;
  int index;
};

__device__ __forceinline__ Candidate better(Candidate a, Candidate b) {
  if (a.score > b.score) return a;
  if (b.score > a.score) return b;
  return a.index < b.index ? a : b;
}

__device__ __forceinline__ Candidate warp_best(Candidate c) {
#pragma unroll
  for (int o = kWarpSize / 2; o > 0; o >>= 1) {
    Candidate other{__shfl_xor_sync(0xffffffffu, c.score, o), __shfl_xor_sync(0xffffffffu, c.index, o)};
    c = better(c, other);
  }
  return c;
}

__global__ void moe_route_kernel(const float* logits, const float* bias, int n_experts, int k, bool normalize,
                                 float scale, std::int32_t* ids, float* weights) {
  __shared__ Candidate warp_winners[kMaxExperts / kWarpSize];
  __shared__ float chosen_p[kMaxExperts];
  const std::int64_t token = blockIdx.x;
  const int e = threadIdx.x;
  const int lane = e % kWarpSize, warp = e / kWarpSize, n_warps = blockDim.x / kWarpSize;
  float p = 0.0f;
  Candidate mine{-INFINITY, e};
  if (e < n_experts) {
    p = 1.0f / (1.0f + expf(-logits[token * n_experts + e]));
    mine.score = p + (bias ? bias[e] : 0.0f);
  }
  float selected_sum = 0.0f;
  for (int round = 0; round < k; ++round) {
    Candidate best = warp_best(mine);
    if (lane == 0) warp_winners[warp] = best;
    __syncthreads();
    best = lane < n_warps ? warp_winners[lane] : Candidate{-INFINITY, kMaxExperts};
    best = warp_best(best);
    if (e == best.index) {
      chosen_p[round] = p;
      ids[token * k + round] = e;
      mine.score = -INFINITY;  // out of later rounds
    }
    __syncthreads();
    selected_sum += chosen_p[round];
  }
  if (e < k) {
    const float denom = normalize ? fmaxf(selected_sum, 6.1035e-5f) : 1.0f;
    weights[token * k + e] = scale * chosen_p[e] / denom;
  }
}

__global__ void moe_combine_kernel(const float* y, const float* w, int k, std::int64_t n, float* out, bool accumulate) {
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float sum = accumulate ? out[i] : 0.0f;
  for (int s = 0; s < k; ++s) sum += w[s] * y[s * n + i];
  out[i] = sum;
}

__global__ void moe_combine_rows_kernel(const float* y, const std::int32_t* slot, const float* w, int k, std::int64_t n,
                                        float* out) {
  const std::int64_t t = blockIdx.y;
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float sum = 0.0f;
  for (int j = 0; j < k; ++j) sum += w[t * k + j] * y[static_cast<std::int64_t>(slot[t * k + j]) * n + i];
  out[t * n + i] = sum;
}

}  // namespace

cudaError_t moe_route(const float* logits, const float* bias, std::int64_t n_tokens, int n_experts, int k,
                      bool normalize, float scale, std::int32_t* ids, float* weights, cudaStream_t stream) {
  if (n_experts <= 0 || n_experts > kMaxExperts || k <= 0 || k > n_experts || n_tokens < 0 || n_tokens > 0x7fffffff)
    return cudaErrorInvalidValue;
  if (n_tokens == 0) return cudaSuccess;
  const int threads = (n_experts + kWarpSize - 1) / kWarpSize * kWarpSize;
  moe_route_kernel<<<static_cast<unsigned>(n_tokens), threads, 0, stream>>>(logits, bias, n_experts, k, normalize,
                                                                             scale, ids, weights);
  return cudaGetLastError();
}

cudaError_t moe_combine(const float* y, const float* weights, int k, std::int64_t n, float* out, bool accumulate,
                        cudaStream_t stream) {
  if (k <= 0 || n <= 0) return cudaErrorInvalidValue;
  constexpr int kThreads = 256;
  moe_combine_kernel<<<static_cast<unsigned>((n + kThreads - 1) / kThreads), kThreads, 0, stream>>>(y, weights, k, n,
                                                                                                    out, accumulate);
  return cudaGetLastError();
}

cudaError_t moe_combine_rows(const float* y, const std::int32_t* slot, const float* weights, std::int64_t n_tokens,
                             int k, std::int64_t n, float* out, cudaStream_t stream) {
  if (k <= 0 || n <= 0 || n_tokens < 0 || n_tokens > 65535) return cudaErrorInvalidValue;
  if (n_tokens == 0) return cudaSuccess;
  constexpr int kThreads = 256;
  const dim3 grid(static_cast<unsigned>((n + kThreads - 1) / kThreads), static_cast<unsigned>(n_tokens));
  moe_combine_rows_kernel<<<grid, kThreads, 0, stream>>>(y, slot, weights, k, n, out);
  return cudaGetLastError();
}

}  // namespace hearth::kernels
