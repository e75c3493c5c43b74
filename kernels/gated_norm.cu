// One block per (row, group): groups are 512..1024 wide in the Nemotron models.
#include "gated_norm.cuh"

#include "common.cuh"

namespace hearth::kernels {
namespace {

constexpr int kThreads = 256;
constexpr int kMaxPerThread = 8;  // group_size up to 2048 in registers

__global__ void gated_norm_kernel(const float* y, const float* z, std::int64_t ld_z, const float* w, float* out,
                                  std::int64_t n, std::int64_t group_size, float eps) {
  __shared__ float scratch[kThreads / kWarpSize];
  const std::int64_t groups = n / group_size;
  const std::int64_t row = blockIdx.x / groups, g = blockIdx.x % groups;
  const std::int64_t base = g * group_size;
  float v[kMaxPerThread];
  float sum = 0.0f;
#pragma unroll
  for (int k = 0; k < kMaxPerThread; ++k) {
    const std::int64_t i = threadIdx.x + static_cast<std::int64_t>(k) * kThreads;
    v[k] = 0.0f;
    if (i < group_size) {
      const float zz = z[row * ld_z + base + i];
      v[k] = y[row * n + base + i] * (zz / (1.0f + __expf(-zz)));
      sum += v[k] * v[k];
    }
  }
  sum = block_sum(sum, scratch);
  const float scale = rsqrtf(sum / static_cast<float>(group_size) + eps);
#pragma unroll
  for (int k = 0; k < kMaxPerThread; ++k) {
    const std::int64_t i = threadIdx.x + static_cast<std::int64_t>(k) * kThreads;
    if (i < group_size) out[row * n + base + i] = v[k] * scale * w[base + i];
  }
}

}  // namespace

cudaError_t gated_group_rms_norm(const float* y, const float* z, std::int64_t ld_z, const float* w, float* out,
                                 std::int64_t rows, std::int64_t n, std::int64_t group_size, float eps,
                                 cudaStream_t stream) {
  if (rows < 0 || n <= 0 || group_size <= 0 || n % group_size != 0 || group_size > kThreads * kMaxPerThread)
    return cudaErrorInvalidValue;
  const std::int64_t blocks = rows * (n / group_size);
  if (blocks == 0) return cudaSuccess;
  if (blocks > 0x7fffffff) return cudaErrorInvalidValue;
  gated_norm_kernel<<<static_cast<unsigned>(blocks), kThreads, 0, stream>>>(y, z, ld_z, w, out, n, group_size, eps);
  return cudaGetLastError();
}

}  // namespace hearth::kernels
