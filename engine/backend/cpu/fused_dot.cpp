#include "backend/cpu/fused_dot.h"

#include <cstring>

#include "backend/cpu/vector_math.h"
#include "gguf/block_codecs.h"

namespace hearth::cpu {

namespace {

inline float load_half(const std::uint8_t* p) {
  std::uint16_t h;
  std::memcpy(&h, p, sizeof h);
  return half_to_float(h);
}

// The integer codes of each block are widened to float in a small aligned array by plain loops (which
// the vectoriser turns into zero/sign extensions and conversions) and consumed from there as Float8.
HEARTH_CPU_CLONES float dot_q8_0(const std::uint8_t* row, const float* x, std::int64_t n) {
  Float8 acc = {};
  alignas(32) float q[32];
  for (std::int64_t b = 0; b < n / 32; ++b, row += 34, x += 32) {
    const auto* qs = reinterpret_cast<const std::int8_t*>(row + 2);
    for (int j = 0; j < 32; ++j) q[j] = static_cast<float>(qs[j]);
    Float8 s = {};
    for (int k = 0; k < 32; k += 8) s += HEARTH_LOAD8(q + k) * HEARTH_LOAD8(x + k);
    acc += load_half(row) * s;
  }
  return sum8(acc);
}

HEARTH_CPU_CLONES float dot_q4_k(const std::uint8_t* row, const float* x, std::int64_t n) {
  Float8 acc = {};
  alignas(32) float lo[32], hi[32];
  for (std::int64_t b = 0; b < n / 256; ++b, row += 144, x += 256) {
    const float d = load_half(row), dmin = load_half(row + 2);
    const std::uint8_t* scales = row + 4;
    for (int c = 0; c < 4; ++c) {
      const std::uint8_t* qs = row + 16 + 32 * c;
      for (int l = 0; l < 32; ++l) {
        lo[l] = static_cast<float>(qs[l] & 0x0F);
        hi[l] = static_cast<float>(qs[l] >> 4);
      }
      const float* xl = x + 64 * c;
      const float* xh = xl + 32;
      Float8 qx_lo = {}, qx_hi = {}, x_lo = {}, x_hi = {};
      for (int k = 0; k < 32; k += 8) {
        const Float8 a = HEARTH_LOAD8(xl + k), h = HEARTH_LOAD8(xh + k);
        qx_lo += HEARTH_LOAD8(lo + k) * a;
        qx_hi += HEARTH_LOAD8(hi + k) * h;
        x_lo += a;
        x_hi += h;
      }
      int sc1, m1, sc2, m2;
      gguf::detail::k_scale_min(scales, 2 * c, sc1, m1);
      gguf::detail::k_scale_min(scales, 2 * c + 1, sc2, m2);
      acc += (d * static_cast<float>(sc1)) * qx_lo - (dmin * static_cast<float>(m1)) * x_lo;
      acc += (d * static_cast<float>(sc2)) * qx_hi - (dmin * static_cast<float>(m2)) * x_hi;
    }
  }
  return sum8(acc);
}

}  // namespace

bool has_fused_dot(gguf::TensorType type) {
  return type == gguf::TensorType::Q8_0 || type == gguf::TensorType::Q4_K;
}

float fused_dot(gguf::TensorType type, const void* row_ptr, const float* x, std::int64_t n) {
  const auto* row = static_cast<const std::uint8_t*>(row_ptr);
  switch (type) {
    case gguf::TensorType::Q8_0: return dot_q8_0(row, x, n);
    case gguf::TensorType::Q4_K: return dot_q4_k(row, x, n);
    default: return 0.0f;  // not reached: callers ask has_fused_dot first
  }
}

}  // namespace hearth::cpu
