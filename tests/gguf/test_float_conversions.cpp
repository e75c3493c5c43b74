// fp16 and bf16 conversions against values worked out by hand and against an independent decoder
// (ldexp of the fields) over all 65536 half bit patterns.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "support/check.h"
#include "gguf/tensor_types.h"

using namespace hearth::gguf;

namespace {

// Independent reference: the IEEE half fields through ldexp.
double half_reference(std::uint16_t h) {
  const int sign = h >> 15, exp = (h >> 10) & 0x1F, man = h & 0x3FF;
  double v;
  if (exp == 0) v = std::ldexp(man, -24);
  else if (exp == 31) v = man == 0 ? std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
  else v = std::ldexp(1024 + man, exp - 25);
  return sign ? -v : v;
}

std::uint32_t bits(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

}  // namespace

TEST_CASE(fp16_known_values) {
  CHECK_EQ(fp16_to_f32(0x3C00), 1.0f);
  CHECK_EQ(fp16_to_f32(0xC000), -2.0f);
  CHECK_EQ(fp16_to_f32(0x3555), 0.333251953125f);
  CHECK_EQ(fp16_to_f32(0x7BFF), 65504.0f);
  CHECK_EQ(fp16_to_f32(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  CHECK_EQ(fp16_to_f32(0x03FF), std::ldexp(1023.0f, -24));  // largest subnormal
  CHECK_EQ(fp16_to_f32(0x0400), std::ldexp(1.0f, -14));  // smallest normal
  CHECK_EQ(bits(fp16_to_f32(0x8000)), 0x80000000u);  // -0 keeps its sign
  CHECK(std::isinf(fp16_to_f32(0x7C00)) && fp16_to_f32(0x7C00) > 0);
  CHECK(std::isinf(fp16_to_f32(0xFC00)) && fp16_to_f32(0xFC00) < 0);
  CHECK(std::isnan(fp16_to_f32(0x7E00)));
  CHECK(std::isnan(fp16_to_f32(0x7C01)));
}

TEST_CASE(fp16_every_pattern_matches_reference_and_round_trips) {
  int mismatches = 0;
  for (std::uint32_t h = 0; h < 65536; ++h) {
    const auto h16 = static_cast<std::uint16_t>(h);
    const float f = fp16_to_f32(h16);
    const double ref = half_reference(h16);
    if (std::isnan(ref)) {
      if (!std::isnan(f) || !std::isnan(fp16_to_f32(f32_to_fp16(f)))) ++mismatches;
      continue;
    }
    if (static_cast<double>(f) != ref || f32_to_fp16(f) != h16) {
      if (++mismatches < 5) hearth_ctx.fail(__FILE__, __LINE__, "half 0x" + std::to_string(h) + " mismatch");
    }
  }
  CHECK_EQ(mismatches, 0);
}

TEST_CASE(fp16_rounds_to_nearest_even) {
  const float ulp1 = std::ldexp(1.0f, -10);  // spacing of halves in [1, 2)
  CHECK_EQ(f32_to_fp16(1.0f + ulp1 / 2), 0x3C00);  // tie -> even (1.0)
  CHECK_EQ(f32_to_fp16(1.0f + 3 * ulp1 / 2), 0x3C02);  // tie -> even (1 + 2 ulp)
  CHECK_EQ(f32_to_fp16(1.0f + ulp1 / 2 + ulp1 / 64), 0x3C01);  // just above the tie
  CHECK_EQ(f32_to_fp16(65519.0f), 0x7BFF);
  CHECK_EQ(f32_to_fp16(65520.0f), 0x7C00);  // tie between 65504 (odd) and 2^16: infinity
  CHECK_EQ(f32_to_fp16(-1e10f), 0xFC00);
  CHECK_EQ(f32_to_fp16(std::ldexp(1.0f, -25)), 0x0000);  // half of the smallest subnormal: tie -> 0
  CHECK_EQ(f32_to_fp16(std::ldexp(3.0f, -25)), 0x0002);  // 1.5 subnormal ulps: tie -> 2
  CHECK_EQ(f32_to_fp16(std::ldexp(1023.5f, -24)), 0x0400);  // rounds up into the smallest normal
  CHECK_EQ(f32_to_fp16(1e-10f), 0x0000);
  CHECK_EQ(f32_to_fp16(-1e-10f), 0x8000);
  CHECK_EQ(f32_to_fp16(std::numeric_limits<float>::infinity()), 0x7C00);
  CHECK(std::isnan(fp16_to_f32(f32_to_fp16(std::numeric_limits<float>::quiet_NaN()))));
}

TEST_CASE(bf16_conversions) {
  CHECK_EQ(f32_to_bf16(1.0f), 0x3F80);
  CHECK_EQ(bf16_to_f32(0x3F80), 1.0f);
  CHECK_EQ(bf16_to_f32(0xC0A0), -5.0f);
  const float ulp = std::ldexp(1.0f, -7);  // spacing of bf16 in [1, 2)
  CHECK_EQ(f32_to_bf16(1.0f + ulp / 2), 0x3F80);  // tie -> even
  CHECK_EQ(f32_to_bf16(1.0f + 3 * ulp / 2), 0x3F82);  // tie -> even
  CHECK_EQ(f32_to_bf16(1.0f + ulp / 2 + ulp / 256), 0x3F81);
  CHECK_EQ(f32_to_bf16(std::numeric_limits<float>::max()), 0x7F80);  // rounds up to infinity
  CHECK_EQ(f32_to_bf16(-std::numeric_limits<float>::infinity()), 0xFF80);
  // A NaN whose payload sits only in the low 16 bits must not become infinity.
  float nan_low;
  const std::uint32_t nan_bits = 0x7F800001u;
  std::memcpy(&nan_low, &nan_bits, 4);
  CHECK(std::isnan(bf16_to_f32(f32_to_bf16(nan_low))));
  for (std::uint32_t b = 0; b < 65536; ++b) {
    const auto b16 = static_cast<std::uint16_t>(b);
    const float f = bf16_to_f32(b16);
    if (!std::isnan(f)) CHECK_EQ(f32_to_bf16(f), b16);
  }
}
