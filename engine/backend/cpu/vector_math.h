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

// IEEE half to float for every input including subnormals, infinities and NaN: the exponent is rebased
// by a multiplication (exact), so the common path has no branch.
inline float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t em = h & 0x7fffu;
  const float magnitude = std::bit_cast<float>(em << 13) * 0x1p112f;
  const std::uint32_t bits = em >= 0x7c00u ? ((em << 13) | 0x7f800000u) : std::bit_cast<std::uint32_t>(magnitude);
  return std::bit_cast<float>(bits | sign);
}

// Float to IEEE half, round to nearest even; overflow gives infinity, NaN stays NaN.
inline std::uint16_t float_to_half(float f) {
  const std::uint32_t x = std::bit_cast<std::uint32_t>(f);
  const std::uint32_t sign = (x >> 16) & 0x8000u;
  const std::uint32_t ax = x & 0x7fffffffu;
  if (ax >= 0x7f800000u) return static_cast<std::uint16_t>(sign | 0x7c00u | (ax > 0x7f800000u ? 0x200u : 0u));
  if (ax >= 0x477ff000u) return static_cast<std::uint16_t>(sign | 0x7c00u);  // rounds past 65504
  if (ax < 0x38800000u) {
    // Subnormal half (or zero): adding 0.5 aligns the mantissa so the FPU does the rounding.
    const float r = std::bit_cast<float>(ax) + 0.5f;
    return static_cast<std::uint16_t>(sign | (std::bit_cast<std::uint32_t>(r) - 0x3f000000u));
  }
  const std::uint32_t odd = (ax >> 13) & 1u;
  const std::uint32_t rounded = ax + 0xc8000fffu + odd;  // rebias exponent (-112 << 23) and round half to even
  return static_cast<std::uint16_t>(sign | (rounded >> 13));
}

inline float bf16_to_float(std::uint16_t b) { return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16); }

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
