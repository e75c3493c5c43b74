#include "backend/cpu/norm.h"

#include <cmath>

#include "backend/cpu/vector_math.h"

namespace hearth::cpu {

void rms_norm(const float* x, const float* w, float* y, std::int64_t rows, std::int64_t n, float eps) {
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * n;
    float* yr = y + r * n;
    // Double for the sum: the reference should not be the less accurate side of a comparison.
    double sum = 0.0;
    for (std::int64_t i = 0; i < n; ++i) sum += static_cast<double>(xr[i]) * xr[i];
    const float scale = static_cast<float>(1.0 / std::sqrt(sum / static_cast<double>(n) + eps));
    for (std::int64_t i = 0; i < n; ++i) yr[i] = xr[i] * scale * w[i];
  }
}

}  // namespace hearth::cpu

namespace hearth::cpu {

void gated_group_rms_norm(const float* y, const float* z, std::int64_t ld_z, const float* w, float* out,
                          std::int64_t rows, std::int64_t n, std::int64_t group_size, float eps) {
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* zr = z + r * ld_z;
    float* o = out + r * n;
    for (std::int64_t i = 0; i < n; ++i) o[i] = y[r * n + i] * silu(zr[i]);
    for (std::int64_t g0 = 0; g0 < n; g0 += group_size) rms_norm(o + g0, w + g0, o + g0, 1, group_size, eps);
  }
}

}  // namespace hearth::cpu
