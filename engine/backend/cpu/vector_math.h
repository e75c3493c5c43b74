// Small inline building blocks shared by the CPU ops, written so the compiler vectorises them without
// -ffast-math: sums are kept in independent partial sums (a reassociation the source makes explicit, with
// 8-float vector values where the auto-vectoriser needs help), inner loops are contiguous and branch-free,
// and half conversions are bit manipulation rather than calls.
//
// HEARTH_CPU_CLONES marks a hot function to be compiled twice, for x86-64-v3 (AVX2 + FMA + F16C) and the
// baseline, with the loader picking one at start-up; the distributed binary stays portable.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "backend/cpu/half.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HEARTH_CPU_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define HEARTH_CPU_CLONES
#endif

namespace hearth::cpu {

// Eight floats as one value (GCC/Clang vector extension): AVX's register width; the compiler splits it into
// two SSE or NEON registers where AVX is absent. Used where the auto-vectoriser gets a loop wrong.
typedef float Float8 __attribute__((vector_size(32)));

// Float8 values must never cross a call between an AVX clone and baseline code (the two pass them
// differently; Clang refuses such calls outright), so loads are an expression rather than a function and
// sum8 takes a reference.
typedef float Float8Unaligned __attribute__((vector_size(32), aligned(4), may_alias));
#define HEARTH_LOAD8(p) (*reinterpret_cast<const ::hearth::cpu::Float8Unaligned*>(p))

#define HEARTH_ALWAYS_INLINE inline __attribute__((always_inline))

HEARTH_ALWAYS_INLINE float sum8(const Float8& v) { return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7])); }

// Σ a[i]·b[i] in float with 16 partial sums (n any length).
inline float dot_f32(const float* a, const float* b, std::int64_t n) {
  Float8 acc0 = {}, acc1 = {};
  std::int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 += HEARTH_LOAD8(a + i) * HEARTH_LOAD8(b + i);
    acc1 += HEARTH_LOAD8(a + i + 8) * HEARTH_LOAD8(b + i + 8);
  }
  if (i + 8 <= n) {
    acc0 += HEARTH_LOAD8(a + i) * HEARTH_LOAD8(b + i);
    i += 8;
  }
  float s = sum8(acc0 + acc1);
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
