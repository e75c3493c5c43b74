// Branch-free IEEE half and bfloat16 decoding, inline so that the dequantisation loops vectorise.
// Half to float: shift the half's exponent and mantissa into place and rescale by 2^112, which turns the
// half bias (15) into the float bias (127) and maps half infinities/NaNs onto float ones; subnormal halves
// (exponent 0) are rebuilt exactly as (mantissa | 0.5-float-bits) - 0.5. A mask, not a branch, picks one.
// The encoders round to nearest even; they run in the quantisers, off the hot path, so they favour clarity.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

namespace hearth::gguf::detail {

static_assert(std::endian::native == std::endian::little, "GGUF fields are read in place: little-endian hosts only");

inline float half_to_float(std::uint16_t h) {
  const std::uint32_t w = static_cast<std::uint32_t>(h) << 16;
  const std::uint32_t sign = w & 0x80000000u;
  const std::uint32_t two_w = w + w;  // drops the sign bit
  // Normal (and inf/NaN): exponent rebias by adding 224 << 23, then multiply by 2^-112.
  const float normalized = std::bit_cast<float>((two_w >> 4) + (0xE0u << 23)) * 0x1.0p-112f;
  // Subnormal: the mantissa placed under exponent 126 is 0.5 + m * 2^-24 exactly; subtracting 0.5 leaves m * 2^-24.
  const float denormalized = std::bit_cast<float>((two_w >> 17) | (126u << 23)) - 0.5f;
  // An all-ones mask for subnormals; and/or instead of ?: so that GCC does not turn it into a branch.
  const std::uint32_t subnormal = 0u - static_cast<std::uint32_t>(two_w < (1u << 27));
  const std::uint32_t magnitude =
      (std::bit_cast<std::uint32_t>(denormalized) & subnormal) | (std::bit_cast<std::uint32_t>(normalized) & ~subnormal);
  return std::bit_cast<float>(sign | magnitude);
}

inline float bfloat_to_float(std::uint16_t b) { return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16); }

inline std::uint16_t float_to_half(float f) {
  const std::uint32_t x = std::bit_cast<std::uint32_t>(f);
  const auto sign = static_cast<std::uint16_t>((x >> 16) & 0x8000u);
  const std::uint32_t ax = x & 0x7FFFFFFFu;
  if (ax > 0x7F800000u) return static_cast<std::uint16_t>(sign | 0x7E00u | ((ax >> 13) & 0x3FFu));  // quiet NaN
  // 65520 is halfway between the largest half (65504, odd mantissa) and 2^16: ties-to-even goes to infinity.
  if (ax >= 0x477FF000u) return static_cast<std::uint16_t>(sign | 0x7C00u);
  if (ax < 0x38800000u) {
    // Below 2^-14: a subnormal half holds round(|f| * 2^24); the scaling is exact and lrint rounds to even.
    // 1024 comes out as 0x0400, the smallest normal half, which is the right bit pattern.
    const long m = std::lrint(static_cast<double>(std::bit_cast<float>(ax)) * 0x1.0p24);
    return static_cast<std::uint16_t>(sign | static_cast<std::uint16_t>(m));
  }
  std::uint32_t h = (((ax >> 23) - 112u) << 10) | ((ax >> 13) & 0x3FFu);
  const std::uint32_t rest = ax & 0x1FFFu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;  // a carry into the exponent is still correct
  return static_cast<std::uint16_t>(sign | h);
}

inline std::uint16_t float_to_bfloat(float f) {
  const std::uint32_t x = std::bit_cast<std::uint32_t>(f);
  if ((x & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<std::uint16_t>((x >> 16) | 0x40u);  // NaN stays NaN
  return static_cast<std::uint16_t>((x + 0x7FFFu + ((x >> 16) & 1u)) >> 16);
}

}  // namespace hearth::gguf::detail
