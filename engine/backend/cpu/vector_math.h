// Small inline building blocks shared by the CPU ops, written so the compiler vectorises them without
// -ffast-math: sums are kept in kLanes independent accumulators (a reassociation the source makes
// explicit), inner loops are contiguous and branch-free, and half/bfloat16 conversions are bit
// manipulation rather than calls.
//
// HEARTH_CPU_CLONES marks a hot function to be compiled twice, for x86-64-v3 (AVX2 + FMA + F16C) and the
// baseline, with the loader picking one at start-up; the distributed binary stays portable.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HEARTH_CPU_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define HEARTH_CPU_CLONES
#endif

namespace hearth::cpu {

// Independent partial sums per reduction: 16 floats fill two AVX or four NEON registers.
constexpr int kLanes = 16;

// IEEE half to float for every input, written without a branch so that loops of it vectorise: the
// exponent is rebased by an exact multiplication (which also rebuilds subnormals) and a mask, not a
// conditional, substitutes the infinity/NaN encoding. This is the KV cache's hot conversion.
inline float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t em = h & 0x7fffu;
  const std::uint32_t scaled = std::bit_cast<std::uint32_t>(std::bit_cast<float>(em << 13) * 0x1p112f);
  const std::uint32_t special = 0u - static_cast<std::uint32_t>(em >= 0x7c00u);  // all ones for inf/NaN
  return std::bit_cast<float>(sign | (scaled & ~special) | (((em << 13) | 0x7f800000u) & special));
}

// dst[i] = half_to_float(src[i]) for i < n.
inline void halves_to_floats(const std::uint16_t* __restrict src, float* __restrict dst, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) dst[i] = half_to_float(src[i]);
}

inline float sum_lanes(const float* acc) {
  float s = 0.0f;
  for (int j = 0; j < kLanes; ++j) s += acc[j];
  return s;
}

// Σ a[i]·b[i] in float with kLanes partial sums (n any length).
inline float dot_f32(const float* a, const float* b, std::int64_t n) {
  float acc[kLanes] = {};
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) acc[j] += a[i + j] * b[i + j];
  float s = sum_lanes(acc);
  for (; i < n; ++i) s += a[i] * b[i];
  return s;
}

inline float silu(float v) { return v / (1.0f + std::exp(-v)); }

// softplus(v) = log(1 + e^v), and exactly v above 20 (where the two agree to float precision), as the
// reference implementations do. No clamp on the result.
inline float softplus(float v) { return v > 20.0f ? v : std::log1p(std::exp(v)); }

inline float relu_squared(float v) {
  const float r = v > 0.0f ? v : 0.0f;
  return r * r;
}

}  // namespace hearth::cpu
