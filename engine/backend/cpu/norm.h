// RMSNorm as Nemotron-H uses it before every block and at the end: y = x / sqrt(mean(x²) + eps) ⊙ w.
// Reference semantics for the CUDA kernel of the same name (kernels/rms_norm.cuh).
#pragma once

#include <cstdint>

namespace hearth::cpu {

// x, y: (rows, n) row-major; w: (n). y may alias x.
void rms_norm(const float* x, const float* w, float* y, std::int64_t rows, std::int64_t n, float eps);

}  // namespace hearth::cpu
