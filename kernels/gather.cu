#include "gather.cuh"

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

}  // namespace

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
