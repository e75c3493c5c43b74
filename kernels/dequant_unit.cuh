// Per-unit decoding of repacked weights (weight_layout.cuh), shared by the GEMV (which fuses it into dot
// products) and the grouped MoE GEMM (which decodes a tile into shared memory).
// A unit is what one thread reads per step: 16 bytes of quants (48 for q6_K). Decode<T>::run(q, m, u, put)
// calls put(i, w) for each of the unit's layout_info(T).unit_weights weights, i being the weight's index in the
// row. Every unit's weights lie inside one aligned 128-weight span of the row, units [128/uw·s, 128/uw·(s+1))
// covering span s exactly, so a kernel can decode a row 128 weights at a time.
// Glossary: q = the row's quants plane, m = the row's meta plane, u = unit index within the row.
#pragma once

#include <cstdint>

#include <cuda_fp16.h>

#include "weight_layout.cuh"

namespace hearth::kernels {

__device__ __forceinline__ uint4 load16(const std::uint8_t* p) { return __ldg(reinterpret_cast<const uint4*>(p)); }

__device__ __forceinline__ void bytes16(const uint4 v, std::uint8_t (&b)[16]) {
  const std::uint32_t w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
  for (int k = 0; k < 16; ++k) b[k] = static_cast<std::uint8_t>(w[k / 4] >> (8 * (k % 4)));
}

// An IEEE half given by its bits (the low 16 of `bits`), as a float; no type punning through memory.
__device__ __forceinline__ float half_bits_to_float(std::uint32_t bits) {
  __half_raw raw;
  raw.x = static_cast<unsigned short>(bits);
  return __half2float(__half(raw));
}

// 6-bit scale and min of sub-block j in a K-quant's 12 packed scale bytes (nemotron-h.md §3.4), given as the
// words s0 = bytes 0..3, s1 = bytes 4..7, s2 = bytes 8..11. Shifts rather than indexing a byte array: j is
// not a compile-time constant (it depends on the lane's unit), and an indexed array would live in local memory.
__device__ __forceinline__ void k_scale_min(int j, std::uint32_t s0, std::uint32_t s1, std::uint32_t s2, float& sc,
                                            float& mn) {
  if (j < 4) {
    sc = static_cast<float>((s0 >> (8 * j)) & 63);        // s[j] & 63
    mn = static_cast<float>((s1 >> (8 * j)) & 63);        // s[j + 4] & 63
  } else {
    const int b = 8 * (j - 4);
    sc = static_cast<float>(((s2 >> b) & 0xF) | (((s0 >> (b + 6)) & 3) << 4));        // s[j+4] & 15 | s[j-4] >> 6 << 4
    mn = static_cast<float>(((s2 >> (b + 4)) & 0xF) | (((s1 >> (b + 6)) & 3) << 4));  // s[j+4] >> 4 | s[j] >> 6 << 4
  }
}

// A K-quant block record's d and dmin, and the 6-bit scales and mins of sub-blocks 2c and 2c+1 (chunk c).
struct KChunk {
  float d, dmin, sc0, m0, sc1, m1;
};
// `head` is the record's first 16 bytes (d, dmin, scales[12]), loaded by the caller (the GEMV loads it a step
// ahead of its use).
__device__ __forceinline__ KChunk k_chunk(const uint4 head, int c) {
  KChunk kc;
  kc.d = half_bits_to_float(head.x & 0xffffu);
  kc.dmin = half_bits_to_float(head.x >> 16);
  k_scale_min(2 * c, head.y, head.z, head.w, kc.sc0, kc.m0);
  k_scale_min(2 * c + 1, head.y, head.z, head.w, kc.sc1, kc.m1);
  return kc;
}
__device__ __forceinline__ KChunk k_chunk(const std::uint8_t* meta, int c) { return k_chunk(load16(meta), c); }

// The quants of byte b of a q4_K / q5_K unit in chunk c: the low nibble is sub-block 2c, the high nibble
// sub-block 2c+1; for q5_K, bits 2c and 2c+1 of the matching high-bit byte h are their fifth bits.
template <bool Fifth>
__device__ __forceinline__ int k_quant_low(std::uint8_t b, std::uint8_t h, int c) {
  return (b & 0xF) | (Fifth ? ((h >> (2 * c)) & 1) << 4 : 0);
}
template <bool Fifth>
__device__ __forceinline__ int k_quant_high(std::uint8_t b, std::uint8_t h, int c) {
  return (b >> 4) | (Fifth ? ((h >> (2 * c + 1)) & 1) << 4 : 0);
}

// The quants of byte j of a q4_0 / q4_1 / q5_0 / q5_1 block: the low nibble is weight j, the high nibble weight
// j + 16; for q5 types, bits j and j + 16 of the block's qh word are their fifth bits.
template <bool Fifth>
__device__ __forceinline__ int nibble_low(std::uint8_t b, std::uint32_t qh, int j) {
  return (b & 0xF) | (Fifth ? static_cast<int>((qh >> j) & 1u) << 4 : 0);
}
template <bool Fifth>
__device__ __forceinline__ int nibble_high(std::uint8_t b, std::uint32_t qh, int j) {
  return (b >> 4) | (Fifth ? static_cast<int>((qh >> (j + 16)) & 1u) << 4 : 0);
}

// The span every unit stays inside (see the header comment); a multiple of every type's unit_weights.
constexpr int kDecodeSpan = 128;

template <WeightType T>
struct Decode;

template <>
struct Decode<WeightType::F32> {  // unit: 4 floats
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t*, int u, Put&& put) {
    const float4 w = __ldg(reinterpret_cast<const float4*>(q) + u);
    put(4 * u, w.x);
    put(4 * u + 1, w.y);
    put(4 * u + 2, w.z);
    put(4 * u + 3, w.w);
  }
};

template <>
struct Decode<WeightType::F16> {  // unit: 8 halves
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t*, int u, Put&& put) {
    const uint4 raw = load16(q + 16 * u);
    const std::uint32_t w[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
    for (int k = 0; k < 4; ++k) {
      put(8 * u + 2 * k, half_bits_to_float(w[k] & 0xffffu));
      put(8 * u + 2 * k + 1, half_bits_to_float(w[k] >> 16));
    }
  }
};

template <>
struct Decode<WeightType::BF16> {  // unit: 8 bf16, the high halves of floats
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t*, int u, Put&& put) {
    const uint4 raw = load16(q + 16 * u);
    const std::uint32_t w[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
    for (int k = 0; k < 4; ++k) {
      put(8 * u + 2 * k, __uint_as_float(w[k] << 16));
      put(8 * u + 2 * k + 1, __uint_as_float(w[k] & 0xffff0000u));
    }
  }
};

template <>
struct Decode<WeightType::Q8_0> {  // unit: 16 int8 of block u/2, w = d·q
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t* m, int u, Put&& put) {
    std::uint8_t b[16];
    bytes16(load16(q + 16 * u), b);
    const float d = __half2float(reinterpret_cast<const MetaD*>(m)[u / 2].d);
#pragma unroll
    for (int i = 0; i < 16; ++i) put(16 * u + i, d * static_cast<float>(static_cast<std::int8_t>(b[i])));
  }
};

// q4_0 / q4_1 / q5_0 / q5_1 / mxfp4: unit u is block u, 16 quant bytes; byte j holds weight j in its low nibble
// and weight j+16 in its high nibble. Value(v, j) maps the (5-bit for q5) integer to the weight.
template <bool Fifth, typename Value, typename Put>
__device__ __forceinline__ void decode_nibbles(const std::uint8_t* q, int u, std::uint32_t qh, Value value, Put& put) {
  std::uint8_t b[16];
  bytes16(load16(q + 16 * u), b);
#pragma unroll
  for (int j = 0; j < 16; ++j) {
    const int q0 = nibble_low<Fifth>(b[j], qh, j), q1 = nibble_high<Fifth>(b[j], qh, j);
    put(32 * u + j, value(q0));
    put(32 * u + 16 + j, value(q1));
  }
}

template <>
struct Decode<WeightType::Q4_0> {  // w = d·(q − 8)
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t* m, int u, Put&& put) {
    const float d = __half2float(reinterpret_cast<const MetaD*>(m)[u].d);
    decode_nibbles<false>(q, u, 0, [d](int v) { return d * static_cast<float>(v - 8); }, put);
  }
};

template <>
struct Decode<WeightType::Q4_1> {  // w = d·q + m
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t* m, int u, Put&& put) {
    const MetaDM md = reinterpret_cast<const MetaDM*>(m)[u];
    const float d = __half2float(md.d), mn = __half2float(md.m);
    decode_nibbles<false>(q, u, 0, [d, mn](int v) { return d * static_cast<float>(v) + mn; }, put);
  }
};

template <>
struct Decode<WeightType::Q5_0> {  // w = d·(q − 16)
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t* m, int u, Put&& put) {
    const MetaDQh md = reinterpret_cast<const MetaDQh*>(m)[u];
    const float d = __half2float(md.d);
    decode_nibbles<true>(q, u, md.qh, [d](int v) { return d * static_cast<float>(v - 16); }, put);
  }
};

template <>
struct Decode<WeightType::Q5_1> {  // w = d·q + m
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t* m, int u, Put&& put) {
    const MetaDMQh md = reinterpret_cast<const MetaDMQh*>(m)[u];
    const float d = __half2float(md.d), mn = __half2float(md.m);
    decode_nibbles<true>(q, u, md.qh, [d, mn](int v) { return d * static_cast<float>(v) + mn; }, put);
  }
};

template <>
struct Decode<WeightType::MXFP4> {  // w = T[nibble]·2^(e − 128), T = 2 × E2M1
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t* m, int u, Put&& put) {
    const int e = reinterpret_cast<const MetaE8*>(m)[u].e;
    decode_nibbles<false>(q, u, 0, [e](int v) {
      constexpr float kTable[16] = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};
      return ldexpf(kTable[v], e - 128);
    }, put);
  }
};

// q4_K / q5_K unit: bytes [16k, 16k+16) of block u/8's 128 quant bytes, k = u % 8. Chunk c = k / 2 covers
// weights 64c..64c+63: low nibbles are sub-block 2c (weights 64c + l), high nibbles sub-block 2c+1
// (weights 64c + 32 + l), with l = 16·(k % 2) + i. w = d·sc·q − dmin·mn.
template <bool Fifth, typename Put>
__device__ __forceinline__ void decode_k_quant(const std::uint8_t* q, const std::uint8_t* m, int u, Put& put) {
  const int blk = u / 8, k = u % 8;
  const int c = k / 2, l0 = 16 * (k % 2);
  const std::uint8_t* meta = m + blk * static_cast<int>(Fifth ? sizeof(MetaK5) : sizeof(MetaK4));
  const KChunk kc = k_chunk(meta, c);
  const float d0 = kc.d * kc.sc0, d1 = kc.d * kc.sc1, n0 = kc.dmin * kc.m0, n1 = kc.dmin * kc.m1;

  std::uint8_t b[16];
  bytes16(load16(q + 16 * u), b);
  std::uint8_t h[16] = {};
  if (Fifth) bytes16(load16(meta + 16 + l0), h);
  const int base = 256 * blk + 64 * c + l0;
#pragma unroll
  for (int i = 0; i < 16; ++i) {
    const int a0 = k_quant_low<Fifth>(b[i], h[i], c), a1 = k_quant_high<Fifth>(b[i], h[i], c);
    put(base + i, d0 * static_cast<float>(a0) - n0);
    put(base + 32 + i, d1 * static_cast<float>(a1) - n1);
  }
}

template <>
struct Decode<WeightType::Q4_K> {
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t* m, int u, Put&& put) {
    decode_k_quant<false>(q, m, u, put);
  }
};

template <>
struct Decode<WeightType::Q5_K> {
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t* m, int u, Put&& put) {
    decode_k_quant<true>(q, m, u, put);
  }
};

// q6_K unit: block u/4, half n = (u/2)%2, l0 = 16·(u%2). Reads ql[l0..+16), ql[l0+32..+16), qh[l0..+16) of
// that half and yields weights l, l+32, l+64, l+96 (l = l0 + i) with scales is, is+2, is+4, is+6 (is = l0/16).
// w = d·sc·(q − 32).
template <>
struct Decode<WeightType::Q6_K> {
  template <typename Put>
  __device__ static void run(const std::uint8_t* q, const std::uint8_t* m, int u, Put&& put) {
    const int blk = u / 4, n = (u / 2) % 2, l0 = 16 * (u % 2);
    const std::uint8_t* ql = q + 192 * blk + 64 * n;
    const std::uint8_t* qh = q + 192 * blk + 128 + 32 * n;
    std::uint8_t a[16], c[16], h[16];
    bytes16(load16(ql + l0), a);
    bytes16(load16(ql + l0 + 32), c);
    bytes16(load16(qh + l0), h);
    const std::uint8_t* meta = m + 20 * blk;  // MetaK6: scales[16], d; 4-byte aligned only
    const int base = 8 * n + l0 / 16;
    const std::int8_t* sc = reinterpret_cast<const std::int8_t*>(meta);
    const float d = __half2float(*reinterpret_cast<const __half*>(meta + 16));
    const float d0 = d * static_cast<float>(sc[base]), d1 = d * static_cast<float>(sc[base + 2]),
                d2 = d * static_cast<float>(sc[base + 4]), d3 = d * static_cast<float>(sc[base + 6]);
    const int w0 = 256 * blk + 128 * n + l0;
#pragma unroll
    for (int i = 0; i < 16; ++i) {
      put(w0 + i, d0 * static_cast<float>(((a[i] & 0xF) | ((h[i] & 3) << 4)) - 32));
      put(w0 + 32 + i, d1 * static_cast<float>(((c[i] & 0xF) | (((h[i] >> 2) & 3) << 4)) - 32));
      put(w0 + 64 + i, d2 * static_cast<float>(((a[i] >> 4) | (((h[i] >> 4) & 3) << 4)) - 32));
      put(w0 + 96 + i, d3 * static_cast<float>(((c[i] >> 4) | (((h[i] >> 6) & 3) << 4)) - 32));
    }
  }
};

}  // namespace hearth::kernels
