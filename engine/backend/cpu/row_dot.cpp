#include "backend/cpu/row_dot.h"

#include <algorithm>
#include <cstring>

#include "backend/cpu/fused_dot.h"
#include "backend/cpu/vector_math.h"

namespace hearth::cpu {

namespace {

// Elements dequantised per piece: 2 KiB of f32, a multiple of every block size (32, 64, 256).
constexpr std::int64_t kPiece = 512;

// acc0/acc1/tail += Σ w[i]·x[i] over one dequantised piece (rows of 16-bit floats can have any length).
HEARTH_CPU_CLONES
void accumulate(const float* w, const float* x, std::int64_t n, Float8& acc0, Float8& acc1, float& tail) {
  Float8 a0 = acc0, a1 = acc1;
  std::int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 += HEARTH_LOAD8(w + i) * HEARTH_LOAD8(x + i);
    a1 += HEARTH_LOAD8(w + i + 8) * HEARTH_LOAD8(x + i + 8);
  }
  for (; i < n; ++i) tail += w[i] * x[i];
  acc0 = a0;
  acc1 = a1;
}

}  // namespace

HEARTH_CPU_CLONES
float dot_row(gguf::TensorType type, const void* row, const float* x, std::int64_t n) {
  if (type == gguf::TensorType::F32) {
    // Rows of an f32 tensor are 4-byte aligned in GGUF data (alignment 32, row stride 4·n).
    return dot_f32(static_cast<const float*>(row), x, n);
  }
  if (has_fused_dot(type)) return fused_dot(type, row, x, n);
  alignas(64) float w[kPiece];
  Float8 acc0 = {}, acc1 = {};
  float tail = 0.0f;
  const std::uint64_t piece_bytes = gguf::row_bytes(type, kPiece);
  const auto* src = static_cast<const std::uint8_t*>(row);
  for (std::int64_t i = 0; i < n; i += kPiece, src += piece_bytes) {
    const std::int64_t len = std::min(kPiece, n - i);
    (void)gguf::dequantize_row(type, src, w, len);  // type and length validated by make_weight_view
    accumulate(w, x + i, len, acc0, acc1, tail);
  }
  return sum8(acc0 + acc1) + tail;
}

}  // namespace hearth::cpu
