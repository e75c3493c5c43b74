#include "backend/cpu/row_dot.h"

#include <algorithm>
#include <cstring>

#include "backend/cpu/vector_math.h"

namespace hearth::cpu {

namespace {

// Elements dequantised per piece: 2 KiB of f32, a multiple of every block size (32, 64, 256).
constexpr std::int64_t kPiece = 512;

// acc[j] += Σ w[i]·x[i] over lanes j. The lanes live in a local array so that they stay in registers (a
// store through `acc` could alias w or x and would pin every update to memory).
HEARTH_CPU_CLONES
void accumulate(const float* __restrict w, const float* __restrict x, std::int64_t n, float* __restrict acc) {
  float a[kLanes];
  for (int j = 0; j < kLanes; ++j) a[j] = acc[j];
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) a[j] += w[i + j] * x[i + j];
  for (; i < n; ++i) a[0] += w[i] * x[i];
  for (int j = 0; j < kLanes; ++j) acc[j] = a[j];
}

}  // namespace

HEARTH_CPU_CLONES
float dot_row(gguf::TensorType type, const void* row, const float* x, std::int64_t n) {
  if (type == gguf::TensorType::F32) {
    // Rows of an f32 tensor are 4-byte aligned in GGUF data (alignment 32, row stride 4·n).
    return dot_f32(static_cast<const float*>(row), x, n);
  }
  alignas(64) float w[kPiece];
  float acc[kLanes] = {};
  const std::uint64_t piece_bytes = gguf::row_bytes(type, kPiece);
  const auto* src = static_cast<const std::uint8_t*>(row);
  for (std::int64_t i = 0; i < n; i += kPiece, src += piece_bytes) {
    const std::int64_t len = std::min(kPiece, n - i);
    (void)gguf::dequantize_row(type, src, w, len);  // type and length validated by make_weight_view
    accumulate(w, x + i, len, acc);
  }
  return sum_lanes(acc);
}

}  // namespace hearth::cpu
