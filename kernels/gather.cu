#include "gather.cuh"

#include "common.cuh"

namespace hearth::kernels {
namespace {

constexpr int kThreads = 256;

__global__ void gather_kernel(const float* src, std::int64_t ld_src, const std::int32_t* idx, std::int64_t n,
                              float* dst) {
  const std::int64_t r = blockIdx.y;
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) dst[r * n + i] = src[static_cast<std::int64_t>(idx[r]) * ld_src + i];
}

__global__ void to_bf16_kernel(const float* src, __nv_bfloat16* dst, std::int64_t n) {
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) dst[i] = __float2bfloat16_rn(src[i]);
}

__global__ void row_scaled_f16_kernel(const float* src, std::int64_t n, __half* dst, float* scale) {
  __shared__ float scratch[kThreads / kWarpSize];
  const std::int64_t r = blockIdx.x;
  const float* row = src + r * n;
  float m = 0.0f;
  for (std::int64_t i = threadIdx.x; i < n; i += blockDim.x) m = fmaxf(m, fabsf(row[i]));
  // Block-wide max: within each warp, across the warps, then broadcast through shared memory.
#pragma unroll
  for (int o = kWarpSize / 2; o > 0; o >>= 1) m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, o));
  if (threadIdx.x % kWarpSize == 0) scratch[threadIdx.x / kWarpSize] = m;
  __syncthreads();
  if (threadIdx.x < kWarpSize) {
    m = threadIdx.x < kThreads / kWarpSize ? scratch[threadIdx.x] : 0.0f;
#pragma unroll
    for (int o = kWarpSize / 2; o > 0; o >>= 1) m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, o));
    if (threadIdx.x == 0) scratch[0] = m;
  }
  __syncthreads();
  m = scratch[0];
  const float s = m > 0.0f ? m : 1.0f;
  if (threadIdx.x == 0) scale[r] = s;
  const float inv = 1.0f / s;
  for (std::int64_t i = threadIdx.x; i < n; i += blockDim.x) dst[r * n + i] = __float2half_rn(row[i] * inv);
}

__global__ void scale_rows_kernel(float* y, std::int64_t n, const float* scale) {
  const std::int64_t r = blockIdx.y;
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) y[r * n + i] *= scale[r];
}

}  // namespace

cudaError_t f32_to_f16_row_scaled(const float* src, std::int64_t rows, std::int64_t n, __half* dst, float* scale,
                                  cudaStream_t stream) {
  if (rows < 0 || rows > 0x7fffffff || n <= 0) return cudaErrorInvalidValue;
  if (rows == 0) return cudaSuccess;
  row_scaled_f16_kernel<<<static_cast<unsigned>(rows), kThreads, 0, stream>>>(src, n, dst, scale);
  return cudaGetLastError();
}

cudaError_t scale_rows(float* y, std::int64_t rows, std::int64_t n, const float* scale, cudaStream_t stream) {
  if (rows < 0 || rows > 65535 || n <= 0) return cudaErrorInvalidValue;
  if (rows == 0) return cudaSuccess;
  const dim3 grid(static_cast<unsigned>((n + kThreads - 1) / kThreads), static_cast<unsigned>(rows));
  scale_rows_kernel<<<grid, kThreads, 0, stream>>>(y, n, scale);
  return cudaGetLastError();
}

cudaError_t gather_rows(const float* src, std::int64_t ld_src, const std::int32_t* idx, std::int64_t n_rows,
                        std::int64_t n, float* dst, cudaStream_t stream) {
  if (n_rows < 0 || n_rows > 65535 || n <= 0 || ld_src < n) return cudaErrorInvalidValue;
  if (n_rows == 0) return cudaSuccess;
  const dim3 grid(static_cast<unsigned>((n + kThreads - 1) / kThreads), static_cast<unsigned>(n_rows));
  gather_kernel<<<grid, kThreads, 0, stream>>>(src, ld_src, idx, n, dst);
  return cudaGetLastError();
}

cudaError_t f32_to_bf16(const float* src, __nv_bfloat16* dst, std::int64_t n, cudaStream_t stream) {
  if (n < 0) return cudaErrorInvalidValue;
  if (n == 0) return cudaSuccess;
  to_bf16_kernel<<<static_cast<unsigned>((n + kThreads - 1) / kThreads), kThreads, 0, stream>>>(src, dst, n);
  return cudaGetLastError();
}

}  // namespace hearth::kernels
