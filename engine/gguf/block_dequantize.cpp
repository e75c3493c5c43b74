// Dequantisation of whole blocks to f32: the CPU backend's hot path. Each block's scales are decoded once,
// then a fixed-length inner loop without per-element branches turns packed integers into floats, which the
// compiler vectorises (src and dst are __restrict: a byte pointer could otherwise alias the floats).
//
// Equations (ggml-common.h layouts, nemotron-h.md §3.4), q the unsigned packed integer:
//   Q4_0 w = d(q-8)   Q4_1 w = dq+m   Q5_0 w = d(q-16)   Q5_1 w = dq+m   Q8_0 w = dq (q signed)
//   Q4_K/Q5_K w = d·sc_j·q − dmin·m_j (6-bit sc_j, m_j per 32-weight sub-block j)
//   Q6_K w = d·sc_j·(q−32) (int8 sc_j per 16-weight sub-block)
//   MXFP4 w = T[q]·2^(e−128)   NVFP4 w = T[q]·ue4m3(d_s)/2, T = 2×E2M1 = {0,1,2,3,4,6,8,12,−0,−1,…,−12}
#include <array>
#include <cstring>

#include "gguf/block_codecs.h"
#include "gguf/half_float.h"

// Each decoder is compiled twice, for AVX2 and for the x86-64 baseline, and the loader picks one per CPU
// (GCC's function multi-versioning): AVX2 doubles the vector width and shifts lanes by different amounts.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define HEARTH_DEQUANT_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define HEARTH_DEQUANT_CLONES
#endif

namespace hearth::gguf::detail {

namespace {

std::uint16_t load_u16(const std::uint8_t* p) {
  std::uint16_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::uint32_t load_u32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

float load_half(const std::uint8_t* p) { return half_to_float(load_u16(p)); }

// Bit j of a Q5 block's qh word as a mask; a table instead of qh >> j, which SSE2 cannot shift per lane.
constexpr auto kBit = [] {
  std::array<std::uint32_t, 32> bits{};
  for (int j = 0; j < 32; ++j) bits[static_cast<std::size_t>(j)] = 1u << j;
  return bits;
}();

// Bit 4 of the 5-bit Q5 integer: 16 where the qh bit is set (a select, not a branch).
std::uint32_t q5_high(std::uint32_t qh, int j) { return (qh & kBit[static_cast<std::size_t>(j)]) != 0 ? 16u : 0u; }

// 2 × E2M1 of a 4-bit code (sign s, exponent e, mantissa m): {0, 1, 2, 3, 4, 6, 8, 12} and their negatives;
// MXFP4 and NVFP4 halve their block scales to compensate. Built as float bits instead of a table lookup,
// which SSE2 cannot vectorise: e > 0 is (1 + m/2)·2^e, e = 0 is m. The code 8 (−0) gives +0 as in ggml.
float fp4_doubled(std::uint32_t code) {
  const std::uint32_t sign = ((code & 8u) << 28) & (0u - static_cast<std::uint32_t>((code & 7u) != 0));
  const std::uint32_t e = (code >> 1) & 3u;
  const std::uint32_t m = code & 1u;
  const std::uint32_t normal = ((127u + e) << 23) | (m << 22);
  const std::uint32_t small = (0u - m) & 0x3F800000u;  // 1.0 or 0.0
  const std::uint32_t is_small = 0u - static_cast<std::uint32_t>(e == 0);
  return std::bit_cast<float>(sign | (small & is_small) | (normal & ~is_small));
}

// E8M0 scale halved: 2^(e-128) for every byte (no NaN code in ggml's use), built from the exponent bits.
float e8m0_half(std::uint8_t e) {
  const std::uint32_t bits = e < 2 ? (0x00200000u << e) : (static_cast<std::uint32_t>(e) - 1) << 23;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// Unsigned E4M3 (bias 7, no sign; bit 7 ignored) halved; the bytes 0x00 and 0x7F (NaN) decode as 0, as
// ggml_ue4m3_to_fp32 does.
float ue4m3_half(std::uint8_t x) {
  if (x == 0 || x == 0x7F) return 0.0f;
  const int exp = (x >> 3) & 0xF;
  const int man = x & 7;
  // Subnormal: man·2^-9; normal: (8+man)·2^(exp-10). Both exact in float; then the ×0.5.
  const float raw = exp == 0 ? static_cast<float>(man) * 0x1.0p-9f
                             : static_cast<float>(8 + man) * std::bit_cast<float>(static_cast<std::uint32_t>(exp - 10 + 127) << 23);
  return raw * 0.5f;
}

}  // namespace

void dequantize_f32(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  std::memcpy(dst, src, static_cast<std::size_t>(nb) * sizeof(float));
}

HEARTH_DEQUANT_CLONES void dequantize_f16(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i) dst[i] = half_to_float(load_u16(src + 2 * i));
}

HEARTH_DEQUANT_CLONES void dequantize_bf16(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i) dst[i] = bfloat_to_float(load_u16(src + 2 * i));
}

HEARTH_DEQUANT_CLONES void dequantize_f64(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i) {
    double v;
    std::memcpy(&v, src + 8 * i, sizeof v);
    dst[i] = static_cast<float>(v);
  }
}

HEARTH_DEQUANT_CLONES void dequantize_i8(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i) dst[i] = static_cast<float>(static_cast<std::int8_t>(src[i]));
}

HEARTH_DEQUANT_CLONES void dequantize_i16(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i) dst[i] = static_cast<float>(static_cast<std::int16_t>(load_u16(src + 2 * i)));
}

HEARTH_DEQUANT_CLONES void dequantize_i32(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i) dst[i] = static_cast<float>(static_cast<std::int32_t>(load_u32(src + 4 * i)));
}

// Q4_0 (18 bytes): d fp16, qs[16]; byte j: low nibble -> w[j], high nibble -> w[j+16].
HEARTH_DEQUANT_CLONES void dequantize_q4_0(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i, src += 18, dst += 32) {
    const float d = load_half(src);
    const std::uint8_t* qs = src + 2;
    for (int j = 0; j < 16; ++j) {
      dst[j] = d * static_cast<float>((qs[j] & 0xF) - 8);
      dst[j + 16] = d * static_cast<float>((qs[j] >> 4) - 8);
    }
  }
}

// Q4_1 (20 bytes): d fp16, m fp16, qs[16].
HEARTH_DEQUANT_CLONES void dequantize_q4_1(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i, src += 20, dst += 32) {
    const float d = load_half(src);
    const float m = load_half(src + 2);
    const std::uint8_t* qs = src + 4;
    for (int j = 0; j < 16; ++j) {
      dst[j] = d * static_cast<float>(qs[j] & 0xF) + m;
      dst[j + 16] = d * static_cast<float>(qs[j] >> 4) + m;
    }
  }
}

// Q5_0 (22 bytes): d fp16, qh u32, qs[16]; bit j of qh is bit 4 of w[j], bit j+16 that of w[j+16].
HEARTH_DEQUANT_CLONES void dequantize_q5_0(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i, src += 22, dst += 32) {
    const float d = load_half(src);
    const std::uint32_t qh = load_u32(src + 2);
    const std::uint8_t* qs = src + 6;
    for (int j = 0; j < 16; ++j) {
      const int lo = static_cast<int>((qs[j] & 0xFu) | q5_high(qh, j));
      const int hi = static_cast<int>((qs[j] >> 4u) | q5_high(qh, j + 16));
      dst[j] = d * static_cast<float>(lo - 16);
      dst[j + 16] = d * static_cast<float>(hi - 16);
    }
  }
}

// Q5_1 (24 bytes): d fp16, m fp16, qh u32, qs[16].
HEARTH_DEQUANT_CLONES void dequantize_q5_1(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i, src += 24, dst += 32) {
    const float d = load_half(src);
    const float m = load_half(src + 2);
    const std::uint32_t qh = load_u32(src + 4);
    const std::uint8_t* qs = src + 8;
    for (int j = 0; j < 16; ++j) {
      const std::uint32_t lo = (qs[j] & 0xFu) | q5_high(qh, j);
      const std::uint32_t hi = (qs[j] >> 4u) | q5_high(qh, j + 16);
      dst[j] = d * static_cast<float>(lo) + m;
      dst[j + 16] = d * static_cast<float>(hi) + m;
    }
  }
}

// Q8_0 (34 bytes): d fp16, qs int8[32].
HEARTH_DEQUANT_CLONES void dequantize_q8_0(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i, src += 34, dst += 32) {
    const float d = load_half(src);
    const std::uint8_t* qs = src + 2;
    for (int j = 0; j < 32; ++j) dst[j] = d * static_cast<float>(static_cast<std::int8_t>(qs[j]));
  }
}

// Q4_K (144 bytes): d, dmin fp16, scales[12], qs[128]. Chunk c of 64 weights uses qs[32c..32c+32): low
// nibbles are sub-block 2c, high nibbles sub-block 2c+1.
// Q5_K (176 bytes): d, dmin fp16, scales[12], qh[32], qs[128]. As Q4_K, plus bit 2c of qh[l] as bit 4 of the
// low-nibble weight and bit 2c+1 as bit 4 of the high-nibble weight of chunk c.
template <bool kFifthBit>
HEARTH_DEQUANT_CLONES void dequantize_q4_or_q5_k(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  constexpr int kBlockBytes = kFifthBit ? 176 : 144;
  for (std::int64_t i = 0; i < nb; ++i, src += kBlockBytes, dst += 256) {
    const float d = load_half(src);
    const float dmin = load_half(src + 2);
    const std::uint8_t* scales = src + 4;
    const std::uint8_t* qh = src + 16;
    const std::uint8_t* qs = src + (kFifthBit ? 48 : 16);
    for (int c = 0; c < 4; ++c) {
      int sc0, m0, sc1, m1;
      k_scale_min(scales, 2 * c, sc0, m0);
      k_scale_min(scales, 2 * c + 1, sc1, m1);
      const float d0 = d * static_cast<float>(sc0), o0 = dmin * static_cast<float>(m0);
      const float d1 = d * static_cast<float>(sc1), o1 = dmin * static_cast<float>(m1);
      const std::uint8_t* q = qs + 32 * c;
      float* y = dst + 64 * c;
      for (int l = 0; l < 32; ++l) {
        int lo = q[l] & 0xF;
        int hi = q[l] >> 4;
        if constexpr (kFifthBit) {
          lo |= ((qh[l] >> (2 * c)) & 1) << 4;
          hi |= ((qh[l] >> (2 * c + 1)) & 1) << 4;
        }
        y[l] = d0 * static_cast<float>(lo) - o0;
        y[l + 32] = d1 * static_cast<float>(hi) - o1;
      }
    }
  }
}

void dequantize_q4_k(const std::uint8_t* src, float* dst, std::int64_t nb) { dequantize_q4_or_q5_k<false>(src, dst, nb); }
void dequantize_q5_k(const std::uint8_t* src, float* dst, std::int64_t nb) { dequantize_q4_or_q5_k<true>(src, dst, nb); }

// Q6_K (210 bytes): ql[128], qh[64], scales int8[16], d fp16. Two halves of 128 weights; in half n, for
// l < 32, ql[l] holds the low 4 bits of w[l] (low nibble) and w[l+64] (high), ql[l+32] those of w[l+32]
// and w[l+96], and qh[l] the top 2 bits of w[l], w[l+32], w[l+64], w[l+96] in bit pairs 0,2,4,6.
HEARTH_DEQUANT_CLONES void dequantize_q6_k(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i, src += 210, dst += 256) {
    const float d = load_half(src + 208);
    for (int n = 0; n < 2; ++n) {
      const std::uint8_t* ql = src + 64 * n;
      const std::uint8_t* qh = src + 128 + 32 * n;
      const std::uint8_t* sc_bytes = src + 192 + 8 * n;
      float ds[8];
      for (int k = 0; k < 8; ++k) ds[k] = d * static_cast<float>(static_cast<std::int8_t>(sc_bytes[k]));
      float* y = dst + 128 * n;
      // Two passes of 16 so that each inner loop uses one scale per output quarter (no l/16 per element).
      for (int h = 0; h < 2; ++h) {
        for (int t = 0; t < 16; ++t) {
          const int l = 16 * h + t;
          const int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
          const int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
          const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
          const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
          y[l] = ds[h] * static_cast<float>(q1);
          y[l + 32] = ds[h + 2] * static_cast<float>(q2);
          y[l + 64] = ds[h + 4] * static_cast<float>(q3);
          y[l + 96] = ds[h + 6] * static_cast<float>(q4);
        }
      }
    }
  }
}

// MXFP4 (17 bytes): e (E8M0), qs[16]; low nibble -> w[j], high -> w[j+16].
HEARTH_DEQUANT_CLONES void dequantize_mxfp4(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i, src += 17, dst += 32) {
    const float d = e8m0_half(src[0]);
    const std::uint8_t* qs = src + 1;
    for (int j = 0; j < 16; ++j) {
      dst[j] = fp4_doubled(qs[j] & 0xFu) * d;
      dst[j + 16] = fp4_doubled(qs[j] >> 4u) * d;
    }
  }
}

// NVFP4 (36 bytes): d[4] UE4M3 (one per 16 weights), qs[32]; sub-block s uses qs[8s..8s+8): low nibble ->
// w[16s+j], high -> w[16s+j+8]. The optional per-tensor `.scale` is applied by the caller.
HEARTH_DEQUANT_CLONES void dequantize_nvfp4(const std::uint8_t* __restrict src, float* __restrict dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i, src += 36, dst += 64) {
    for (int s = 0; s < 4; ++s) {
      const float d = ue4m3_half(src[s]);
      const std::uint8_t* qs = src + 4 + 8 * s;
      float* y = dst + 16 * s;
      for (int j = 0; j < 8; ++j) {
        y[j] = fp4_doubled(qs[j] & 0xFu) * d;
        y[j + 8] = fp4_doubled(qs[j] >> 4u) * d;
      }
    }
  }
}

}  // namespace hearth::gguf::detail
