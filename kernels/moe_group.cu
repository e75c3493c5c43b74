// Glossary: n = n_tokens·k choices, i = choice index, e = expert.
#include "moe_group.cuh"

namespace hearth::kernels {
namespace {

constexpr int kThreads = 256;
constexpr int kMaxExperts = 4096;

__global__ void count_kernel(const std::int32_t* ids, std::int64_t n, std::int32_t* counters) {
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) atomicAdd(counters + ids[i], 1);
}

// One block: exclusive prefix sums of the counts into offsets, and the counters reset to each group's start
// (the fill kernel hands out rows from there).
__global__ void scan_kernel(std::int32_t* counters, int n_experts, std::int32_t* offsets) {
  __shared__ std::int32_t chunk_sums[kThreads];
  const int per_thread = (n_experts + kThreads - 1) / kThreads;
  const int begin = threadIdx.x * per_thread;
  const int end = begin + per_thread < n_experts ? begin + per_thread : n_experts;
  std::int32_t sum = 0;
  for (int e = begin; e < end; ++e) sum += counters[e];
  chunk_sums[threadIdx.x] = sum;
  __syncthreads();
  if (threadIdx.x == 0) {
    std::int32_t running = 0;
    for (int t = 0; t < kThreads; ++t) {
      const std::int32_t s = chunk_sums[t];
      chunk_sums[t] = running;
      running += s;
    }
    offsets[n_experts] = running;
  }
  __syncthreads();
  std::int32_t running = chunk_sums[threadIdx.x];
  for (int e = begin; e < end; ++e) {
    const std::int32_t c = counters[e];
    offsets[e] = running;
    counters[e] = running;
    running += c;
  }
}

__global__ void fill_kernel(const std::int32_t* ids, std::int64_t n, int k, std::int32_t* counters, std::int32_t* slot,
                            std::int32_t* gather) {
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const std::int32_t s = atomicAdd(counters + ids[i], 1);
  slot[i] = s;
  gather[s] = static_cast<std::int32_t>(i / k);
}

}  // namespace

cudaError_t moe_group(const std::int32_t* ids, std::int64_t n_tokens, int k, int n_experts, std::int32_t* offsets,
                      std::int32_t* slot, std::int32_t* gather, std::int32_t* counters, cudaStream_t stream) {
  if (n_tokens < 0 || k <= 0 || n_experts <= 0 || n_experts > kMaxExperts) return cudaErrorInvalidValue;
  const std::int64_t n = n_tokens * k;
  cudaError_t err = cudaMemsetAsync(counters, 0, static_cast<std::size_t>(n_experts) * sizeof(std::int32_t), stream);
  if (err != cudaSuccess) return err;
  const unsigned blocks = static_cast<unsigned>((n + kThreads - 1) / kThreads);
  if (n > 0) count_kernel<<<blocks, kThreads, 0, stream>>>(ids, n, counters);
  scan_kernel<<<1, kThreads, 0, stream>>>(counters, n_experts, offsets);
  if (n > 0) fill_kernel<<<blocks, kThreads, 0, stream>>>(ids, n, k, counters, slot, gather);
  return cudaGetLastError();
}

}  // namespace hearth::kernels
