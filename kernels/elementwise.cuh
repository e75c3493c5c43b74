// Small element-wise ops of the Nemotron-H forward: the residual add and the ReLU² of every FFN.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace hearth::kernels {

// x[i] += y[i]
cudaError_t add_inplace(float* x, const float* y, std::int64_t n, cudaStream_t stream);
// x[i] = max(x[i], 0)²
cudaError_t relu_squared(float* x, std::int64_t n, cudaStream_t stream);

}  // namespace hearth::kernels
