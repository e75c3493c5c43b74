// RMSNorm on the device: y[r] = x[r] / sqrt(mean(x[r]²) + eps) ⊙ w, fp32 in and out.
// Same semantics as hearth::cpu::rms_norm (engine/backend/cpu/norm.h), which the gpu tests compare against.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace hearth::kernels {

// x, y: (rows, n) row-major on the device, w: (n). y may alias x. Returns the launch status.
cudaError_t rms_norm(const float* x, const float* w, float* y, std::int64_t rows, std::int64_t n, float eps,
                     cudaStream_t stream);

}  // namespace hearth::kernels
