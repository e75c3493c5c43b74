// IEEE half-precision decoding for the CPU ops' hot loops (the f16 KV cache).
#pragma once

#include <bit>
#include <cstdint>

namespace hearth::cpu {

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

}  // namespace hearth::cpu
