#include "elementwise.cuh"

namespace hearth::kernels {
namespace {

constexpr int kThreads = 256;

__global__ void add_kernel(float* x, const float* y, std::int64_t n) {
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) x[i] += y[i];
}

__global__ void relu_squared_kernel(float* x, std::int64_t n) {
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) {
    const float v = fmaxf(x[i], 0.0f);
    x[i] = v * v;
  }
}

unsigned blocks_for(std::int64_t n) { return static_cast<unsigned>((n + kThreads - 1) / kThreads); }

}  // namespace

cudaError_t add_inplace(float* x, const float* y, std::int64_t n, cudaStream_t stream) {
  if (n < 0) return cudaErrorInvalidValue;
  if (n == 0) return cudaSuccess;
  add_kernel<<<blocks_for(n), kThreads, 0, stream>>>(x, y, n);
  return cudaGetLastError();
}

cudaError_t relu_squared(float* x, std::int64_t n, cudaStream_t stream) {
  if (n < 0) return cudaErrorInvalidValue;
  if (n == 0) return cudaSuccess;
  relu_squared_kernel<<<blocks_for(n), kThreads, 0, stream>>>(x, n);
  return cudaGetLastError();
}

}  // namespace hearth::kernels
