// Decode GEMV: each warp computes R output rows (kRowsPerWarp, per type) that share every x load.
//
// Why rows per warp: a lane's step reads one 16-byte unit of quants (48 for q6_K) and the unit's fp32 x values
// (for q4_K 32 floats = 128 bytes of x per 16 bytes of weights). The x values come from L1, and with one row
// per warp that L1 traffic is ~8x the HBM weight traffic, which caps the kernel at a fraction of the memory
// bandwidth. A warp with R rows loads the unit's x into registers once and uses it for all R rows' units, so
// x traffic drops R times while the R independent 16-byte weight loads are in flight together. Each lane also
// loads the weights of its next step before computing the current one (two register sets, a and b), so two
// steps of weight loads overlap.
//
// Precision: every row's result is the value the one-row-per-warp kernel computed, bit for bit: each unit's
// contribution is the same float expression evaluated in the same order, only split into load_w (quants +
// meta of one row's unit), load_x (the unit's x values) and dot (the arithmetic). What changed computes the same
// values: sums over x alone (the q4_0/q5_x sx, the K-quants' s_lo/s_hi) are formed once per unit for all rows
// with the same additions; integer quants become floats through exact_float (exact, no rounding); q6_K forms its
// four partial sums one x quarter at a time. Each lane still adds its units to the row's fp32 sum in increasing
// u order, then warp_sum reduces the 32 lanes; x stays fp32. So the GPU-vs-CPU tolerance is unchanged.
//
// Glossary: u = unit index within a row (what one lane reads per step, weight_layout.cuh), R = rows per warp,
// q = a row's quants plane, m = a row's meta plane, x = the input vector, W = one row's unit in registers,
// X = the x values of one unit in registers.
#include "gemv.cuh"

#include "common.cuh"
#include "dequant_unit.cuh"

namespace hearth::kernels {
namespace {

// At most 4 warps per block: enough resident warps to keep loads in flight. Smaller blocks are used when the
// grid would be small (see launch_shape).
constexpr int kMaxWarpsPerBlock = 4;

// A grid with fewer blocks than this uses smaller blocks (down to one warp), so the rows spread over more SMs:
// warps of one block share one SM's L1 bandwidth and load units. 264 = two blocks per SM on an H200 (132 SMs).
constexpr long long kSpreadBlocks = 264;

// The 16 consecutive x starting at x (16-byte aligned) into registers.
__device__ __forceinline__ void load_x16(const float* x, float (&xs)[16]) {
  const float4* x4 = reinterpret_cast<const float4*>(x);
#pragma unroll
  for (int k = 0; k < 4; ++k) {
    const float4 v = __ldg(x4 + k);
    xs[4 * k] = v.x;
    xs[4 * k + 1] = v.y;
    xs[4 * k + 2] = v.z;
    xs[4 * k + 3] = v.w;
  }
}

// float(v − Bias) for an integer 0 <= v < 2^23, without an integer-to-float conversion instruction: Hopper
// converts at a small fraction of its FP32 rate, and the GEMV converts every weight it reads (32 per 16 bytes
// of q4_K), so conversions rather than memory can bound it. The bits 0x4B000000 | v are the float 2^23 + v,
// and (2^23 + v) − (2^23 + Bias) is exact for the small integers here, so the value is bit-identical to
// static_cast<float>(v − Bias) and the dot products below do not change.
template <int Bias = 0>
__device__ __forceinline__ float exact_float(std::uint32_t v) {
  return __uint_as_float(0x4B000000u | v) - static_cast<float>(8388608 + Bias);
}

// Unit<T>: W (one row's unit: raw quants and meta), X (the unit's x values), load_w, load_x, and dot(w, x, u),
// the unit's contribution Σ w_i·x_i. dot's arithmetic must stay as it is (see the top of the file).
template <WeightType T>
struct Unit;

template <>
struct Unit<WeightType::F32> {
  struct W {
    float4 v;
  };
  struct X {
    float4 v;
  };
  __device__ static W load_w(const std::uint8_t* q, const std::uint8_t*, std::int64_t u) {
    return {__ldg(reinterpret_cast<const float4*>(q) + u)};
  }
  __device__ static void load_x(const float* x, std::int64_t u, X& xv) {
    xv.v = __ldg(reinterpret_cast<const float4*>(x) + u);
  }
  __device__ static float dot(const W& wu, const X& xv, std::int64_t) {
    const float4 w = wu.v, v = xv.v;
    return w.x * v.x + w.y * v.y + w.z * v.z + w.w * v.w;
  }
};

// f16 / bf16: 8 weights per unit.
struct HalfX {
  float4 a, b;
};
__device__ __forceinline__ void load_x8(const float* x, std::int64_t u, HalfX& xv) {
  const float4* x4 = reinterpret_cast<const float4*>(x + 8 * u);
  xv.a = __ldg(x4);
  xv.b = __ldg(x4 + 1);
}
struct Raw16 {
  uint4 raw;
};
struct HalfUnit {
  using W = Raw16;
  using X = HalfX;
  __device__ static W load_w(const std::uint8_t* q, const std::uint8_t*, std::int64_t u) { return {load16(q + 16 * u)}; }
  __device__ static void load_x(const float* x, std::int64_t u, X& xv) { load_x8(x, u, xv); }
};

template <>
struct Unit<WeightType::F16> : HalfUnit {
  __device__ static float dot(const W& wu, const X& xv, std::int64_t) {
    const __half2* h = reinterpret_cast<const __half2*>(&wu.raw);
    const float4 a = xv.a, b = xv.b;
    const float2 w0 = __half22float2(h[0]), w1 = __half22float2(h[1]), w2 = __half22float2(h[2]),
                 w3 = __half22float2(h[3]);
    return w0.x * a.x + w0.y * a.y + w1.x * a.z + w1.y * a.w + w2.x * b.x + w2.y * b.y + w3.x * b.z + w3.y * b.w;
  }
};

template <>
struct Unit<WeightType::BF16> : HalfUnit {
  __device__ static float dot(const W& wu, const X& xv, std::int64_t) {
    const std::uint32_t w[4] = {wu.raw.x, wu.raw.y, wu.raw.z, wu.raw.w};
    const float4 a = xv.a, b = xv.b;
    const float xs[8] = {a.x, a.y, a.z, a.w, b.x, b.y, b.z, b.w};
    float sum = 0.0f;
#pragma unroll
    for (int k = 0; k < 4; ++k) {
      sum += __uint_as_float(w[k] << 16) * xs[2 * k];
      sum += __uint_as_float(w[k] & 0xffff0000u) * xs[2 * k + 1];
    }
    return sum;
  }
};

template <>
struct Unit<WeightType::Q8_0> {  // unit: 16 int8 of block u/2
  struct W {
    uint4 raw;
    MetaD md;
  };
  struct X {
    float v[16];
  };
  __device__ static W load_w(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u) {
    return {load16(q + 16 * u), reinterpret_cast<const MetaD*>(m)[u / 2]};
  }
  __device__ static void load_x(const float* x, std::int64_t u, X& xv) { load_x16(x + 16 * u, xv.v); }
  __device__ static float dot(const W& wu, const X& xv, std::int64_t) {
    std::uint8_t b[16];
    bytes16(wu.raw, b);
    float sum = 0.0f;
#pragma unroll
    for (int i = 0; i < 16; ++i) sum += exact_float<128>(b[i] ^ 0x80u) * xv.v[i];  // int8(b) + 128
    return __half2float(wu.md.d) * sum;
  }
};

// q4_0 / q4_1 / q5_0 / q5_1 / mxfp4 share the 32-weight block of 16 quant bytes: byte j holds weight j in its
// low nibble and weight j+16 in its high nibble. `Fifth` supplies the 5th bits of q5 types.
// sx = Σ x over the unit depends on x only, so it is summed once per unit for all R rows, with the same
// additions in the same order as the one-row kernel did per row (unused by mxfp4, which the compiler drops).
struct NibbleX {
  float lo[16], hi[16];
  float sx;
};
__device__ __forceinline__ void load_x32(const float* x, std::int64_t u, NibbleX& xv) {
  load_x16(x + 32 * u, xv.lo);
  load_x16(x + 32 * u + 16, xv.hi);
  xv.sx = 0.0f;
#pragma unroll
  for (int j = 0; j < 16; ++j) xv.sx += xv.lo[j] + xv.hi[j];
}
template <typename Meta>
struct NibbleW {
  uint4 raw;
  Meta md;
};
// W, X and their loads for a nibble type whose block record is Meta; the types add dot.
template <typename Meta>
struct NibbleUnit {
  using W = NibbleW<Meta>;
  using X = NibbleX;
  __device__ static W load_w(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u) {
    return {load16(q + 16 * u), reinterpret_cast<const Meta*>(m)[u]};
  }
  __device__ static void load_x(const float* x, std::int64_t u, X& xv) { load_x32(x, u, xv); }
};

template <bool Fifth>
__device__ __forceinline__ float nibble_qx(const uint4 raw, std::uint32_t qh, const NibbleX& xv) {
  std::uint8_t b[16];
  bytes16(raw, b);
  float qx = 0.0f;
#pragma unroll
  for (int j = 0; j < 16; ++j) {
    const int q0 = nibble_low<Fifth>(b[j], qh, j), q1 = nibble_high<Fifth>(b[j], qh, j);
    qx += exact_float(q0) * xv.lo[j] + exact_float(q1) * xv.hi[j];
  }
  return qx;
}

template <>
struct Unit<WeightType::Q4_0> : NibbleUnit<MetaD> {  // w = d·(q − 8)
  __device__ static float dot(const W& wu, const X& xv, std::int64_t) {
    const float qx = nibble_qx<false>(wu.raw, 0, xv), sx = xv.sx;
    return __half2float(wu.md.d) * (qx - 8.0f * sx);
  }
};

template <>
struct Unit<WeightType::Q4_1> : NibbleUnit<MetaDM> {  // w = d·q + m
  __device__ static float dot(const W& wu, const X& xv, std::int64_t) {
    const float qx = nibble_qx<false>(wu.raw, 0, xv), sx = xv.sx;
    return __half2float(wu.md.d) * qx + __half2float(wu.md.m) * sx;
  }
};

template <>
struct Unit<WeightType::Q5_0> : NibbleUnit<MetaDQh> {  // w = d·(q − 16)
  __device__ static float dot(const W& wu, const X& xv, std::int64_t) {
    const float qx = nibble_qx<true>(wu.raw, wu.md.qh, xv), sx = xv.sx;
    return __half2float(wu.md.d) * (qx - 16.0f * sx);
  }
};

template <>
struct Unit<WeightType::Q5_1> : NibbleUnit<MetaDMQh> {  // w = d·q + m
  __device__ static float dot(const W& wu, const X& xv, std::int64_t) {
    const float qx = nibble_qx<true>(wu.raw, wu.md.qh, xv), sx = xv.sx;
    return __half2float(wu.md.d) * qx + __half2float(wu.md.m) * sx;
  }
};

template <>
struct Unit<WeightType::MXFP4> : NibbleUnit<MetaE8> {  // w = T[nibble]·2^(e − 128), T = 2 × E2M1
  __device__ static float dot(const W& wu, const X& xv, std::int64_t) {
    constexpr float kTable[16] = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};
    std::uint8_t b[16];
    bytes16(wu.raw, b);
    float sum = 0.0f;
#pragma unroll
    for (int j = 0; j < 16; ++j) sum += kTable[b[j] & 0xF] * xv.lo[j] + kTable[b[j] >> 4] * xv.hi[j];
    return ldexpf(sum, wu.md.e - 128);
  }
};

// q4_K / q5_K unit: bytes [16k, 16k+16) of a block's 128 quant bytes, k = u % 8. Chunk c = k / 2 covers
// weights 64c..64c+63: low nibbles are sub-block 2c (weights 64c + l), high nibbles sub-block 2c+1
// (weights 64c + 32 + l), with l = 16·(k % 2) + i. W holds the block record's head (d, dmin, scales) and, for
// q5_K, the 16 high-bit bytes of the unit's l range.
template <bool Fifth>
struct KQuantUnit {
  struct W {
    uint4 raw, head, qh;
  };
  struct X {  // lo = weights 64c + l, hi = 64c + 32 + l, and their sums (shared by the R rows, see NibbleX)
    float lo[16], hi[16];
    float s_lo, s_hi;
  };
  __device__ static W load_w(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u) {
    const std::int64_t blk = u / 8;
    const int l0 = 16 * static_cast<int>(u % 2);
    const std::uint8_t* meta = m + blk * (Fifth ? sizeof(MetaK5) : sizeof(MetaK4));
    W w;
    w.raw = load16(q + 16 * u);
    w.head = load16(meta);
    w.qh = Fifth ? *reinterpret_cast<const uint4*>(meta + 16 + l0) : uint4{};
    return w;
  }
  __device__ static void load_x(const float* x, std::int64_t u, X& xv) {
    const std::int64_t blk = u / 8;
    const int k = static_cast<int>(u % 8);
    const float* xb = x + 256 * blk + 64 * (k / 2) + 16 * (k % 2);
    load_x16(xb, xv.lo);
    load_x16(xb + 32, xv.hi);
    xv.s_lo = 0.0f;
    xv.s_hi = 0.0f;
#pragma unroll
    for (int i = 0; i < 16; ++i) {
      xv.s_lo += xv.lo[i];
      xv.s_hi += xv.hi[i];
    }
  }
  __device__ static float dot(const W& wu, const X& xv, std::int64_t u) {
    const int c = static_cast<int>(u % 8) / 2;
    const KChunk kc = k_chunk(wu.head, c);
    const float d = kc.d, dmin = kc.dmin, sc0 = kc.sc0, m0 = kc.m0, sc1 = kc.sc1, m1 = kc.m1;
    std::uint8_t b[16];
    bytes16(wu.raw, b);
    std::uint8_t h[16] = {};
    if (Fifth) bytes16(wu.qh, h);
    float q_lo = 0.0f, q_hi = 0.0f;
#pragma unroll
    for (int i = 0; i < 16; ++i) {
      const int a0 = k_quant_low<Fifth>(b[i], h[i], c), a1 = k_quant_high<Fifth>(b[i], h[i], c);
      q_lo += exact_float(a0) * xv.lo[i];
      q_hi += exact_float(a1) * xv.hi[i];
    }
    return d * (sc0 * q_lo + sc1 * q_hi) - dmin * (m0 * xv.s_lo + m1 * xv.s_hi);
  }
};

template <>
struct Unit<WeightType::Q4_K> : KQuantUnit<false> {};

template <>
struct Unit<WeightType::Q5_K> : KQuantUnit<true> {};

// q6_K unit: block u/4, half n = (u/2)%2, l0 = 16·(u%2). Reads ql[l0..+16), ql[l0+32..+16), qh[l0..+16) of
// that half and yields weights l, l+32, l+64, l+96 (l = l0 + i) with scales is, is+2, is+4, is+6 (is = l0/16).
// The MetaK6 record (scales[16], d) is only 4-byte aligned: W keeps the two words holding scales 8n..8n+7
// (the unit's four scales are bytes is, is+2 of each) and the word holding d.
//
// Its 64 x values would take 64 registers, so instead of load_x and dot q6_K has its own accumulate: quarter
// j (weights l + 32j, 16 x values) is loaded and its partial sum s_j formed for every row before the next
// quarter is loaded. Each s_j is the one-row kernel's s0..s3, summed over i in the same order, and the unit's
// value is the same d·(sc·s0 + sc·s1 + sc·s2 + sc·s3).
template <>
struct Unit<WeightType::Q6_K> {
  struct W {
    uint4 a, c, h;
    std::uint32_t sc_lo, sc_hi, d;
  };
  __device__ static W load_w(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u) {
    const std::int64_t blk = u / 4;
    const int n = static_cast<int>((u / 2) % 2), l0 = 16 * static_cast<int>(u % 2);
    const std::uint8_t* ql = q + 192 * blk + 64 * n;
    const std::uint8_t* qh = q + 192 * blk + 128 + 32 * n;
    const std::uint32_t* meta = reinterpret_cast<const std::uint32_t*>(m + 20 * blk);
    return {load16(ql + l0), load16(ql + l0 + 32), load16(qh + l0), meta[2 * n], meta[2 * n + 1], meta[4]};
  }
  // s_j = Σ_i (q_j,i − 32)·x_j[i] for quarter j: the 6-bit q is the low (j < 2) or high nibble of ql byte i
  // (ql[l0 + i] for even j, ql[l0 + 32 + i] for odd j) with bits 2j, 2j+1 of qh byte i on top.
  __device__ static float quarter(const W& w, int j, const float (&xj)[16]) {
    std::uint8_t q[16], h[16];
    bytes16(j % 2 == 0 ? w.a : w.c, q);
    bytes16(w.h, h);
    float s = 0;
#pragma unroll
    for (int i = 0; i < 16; ++i) {
      const int nib = j < 2 ? (q[i] & 0xF) : (q[i] >> 4);
      s += exact_float<32>(nib | (((h[i] >> (2 * j)) & 3) << 4)) * xj[i];
    }
    return s;
  }
  __device__ static float combine(const W& w, std::int64_t u, float s0, float s1, float s2, float s3) {
    const int is = static_cast<int>(u % 2);
    const std::int8_t sc0 = static_cast<std::int8_t>(w.sc_lo >> (8 * is)),
                      sc2 = static_cast<std::int8_t>(w.sc_lo >> (8 * (is + 2))),
                      sc4 = static_cast<std::int8_t>(w.sc_hi >> (8 * is)),
                      sc6 = static_cast<std::int8_t>(w.sc_hi >> (8 * (is + 2)));
    const float d = half_bits_to_float(w.d & 0xffffu);
    return d * (sc0 * s0 + sc2 * s1 + sc4 * s2 + sc6 * s3);
  }
  template <int R>
  __device__ static void accumulate(const float* x, std::int64_t u, int rows, const W (&w)[R], float (&sum)[R]) {
    const std::int64_t blk = u / 4;
    const int n = static_cast<int>((u / 2) % 2), l0 = 16 * static_cast<int>(u % 2);
    const float* xb = x + 256 * blk + 128 * n + l0;
    float s[4][R] = {};
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      float xj[16];
      load_x16(xb + 32 * j, xj);
#pragma unroll
      for (int r = 0; r < R; ++r)
        if (r < rows) s[j][r] = quarter(w[r], j, xj);
    }
#pragma unroll
    for (int r = 0; r < R; ++r)
      if (r < rows) sum[r] += combine(w[r], u, s[0][r], s[1][r], s[2][r], s[3][r]);
  }
};

// Rows per warp. 4: the x traffic from L1 drops to 1/4, and a lane has 4 independent 16-byte weight loads per
// step in flight, twice that with the next step's loads. q5_K and q6_K hold more per row (12 and 15 registers
// of quants and meta per step): with 4 rows they need more registers than 4 blocks per SM allow (q6_K spills
// even at 168), so they take 2 rows; 2 q6_K rows are still 6 loads of 16 bytes per step.
template <WeightType T>
constexpr int kRowsPerWarp = T == WeightType::Q5_K || T == WeightType::Q6_K ? 2 : 4;

// Resident 4-warp blocks per SM the register allocation must allow (__launch_bounds__), the most that compiles
// without spills. On sm_90, 4 caps a thread at 128 registers: 16 warps per SM, each with R rows x 2 steps of
// 16-byte loads in flight (64 KB per SM for q4_K, more than the ~30 KB an SM's share of HBM bandwidth x
// latency needs). ptxas for sm_12x (GB10) needs more registers for the same code: there q4_K, q5_K and q6_K
// spill at 128 and get 3 blocks (168 registers).
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 1200
template <WeightType T>
constexpr int kMinBlocksPerSm = T == WeightType::Q4_K || T == WeightType::Q5_K || T == WeightType::Q6_K ? 3 : 4;
#else
template <WeightType T>
constexpr int kMinBlocksPerSm = 4;
#endif

// Loads unit u of the warp's first `rows` rows (rows past n_out are neither loaded nor stored).
template <WeightType T, int R>
__device__ __forceinline__ void load_units(const std::uint8_t* q, const std::uint8_t* m, std::int64_t q_pitch,
                                           std::int64_t m_pitch, std::int64_t u, int rows,
                                           typename Unit<T>::W (&w)[R]) {
#pragma unroll
  for (int r = 0; r < R; ++r)
    if (r < rows) w[r] = Unit<T>::load_w(q + r * q_pitch, m + r * m_pitch, u);
}

// Adds unit u's contribution to each row's sum, loading the unit's x once for all rows (q6_K: a quarter at a
// time, see its Unit).
template <WeightType T, int R>
__device__ __forceinline__ void accumulate(const float* x, std::int64_t u, int rows,
                                           const typename Unit<T>::W (&w)[R], float (&sum)[R]) {
  if constexpr (T == WeightType::Q6_K) {
    Unit<T>::accumulate(x, u, rows, w, sum);
  } else {
    typename Unit<T>::X xv;
    Unit<T>::load_x(x, u, xv);
#pragma unroll
    for (int r = 0; r < R; ++r)
      if (r < rows) sum[r] += Unit<T>::dot(w[r], xv, u);
  }
}

template <WeightType T, int R>
__global__ void __launch_bounds__(kMaxWarpsPerBlock * kWarpSize, kMinBlocksPerSm<T>)
    gemv_kernel(DeviceMatrix w, const std::int32_t* ids, const float* x, std::int64_t x_stride, float* y) {
  using W = typename Unit<T>::W;
  const int warp = threadIdx.x / kWarpSize, lane = threadIdx.x % kWarpSize;
  const std::int64_t row0 = (static_cast<std::int64_t>(blockIdx.x) * (blockDim.x / kWarpSize) + warp) * R;
  if (row0 >= w.n_out) return;
  const int rows = static_cast<int>(w.n_out - row0 < R ? w.n_out - row0 : R);  // same for the whole warp
  const int slot = blockIdx.y;
  const std::int64_t mat = ids ? ids[slot] : 0;
  const std::int64_t r0 = mat * w.n_out + row0;
  const std::uint8_t* q = w.quants + r0 * w.quant_pitch;
  const std::uint8_t* m = w.meta + r0 * w.meta_pitch;
  const float* xs = x + slot * x_stride;
  const std::int64_t units = w.n_in / layout_info(T).unit_weights;

  // Ping-pong between two register sets: step u computes from one while the other receives step u + 32.
  W a[R] = {}, b[R] = {};
  float sum[R] = {};
  std::int64_t u = lane;
  if (u < units) load_units<T, R>(q, m, w.quant_pitch, w.meta_pitch, u, rows, a);
  while (u < units) {
    if (u + kWarpSize < units) load_units<T, R>(q, m, w.quant_pitch, w.meta_pitch, u + kWarpSize, rows, b);
    accumulate<T, R>(xs, u, rows, a, sum);
    u += kWarpSize;
    if (u >= units) break;
    if (u + kWarpSize < units) load_units<T, R>(q, m, w.quant_pitch, w.meta_pitch, u + kWarpSize, rows, a);
    accumulate<T, R>(xs, u, rows, b, sum);
    u += kWarpSize;
  }
  float* out = y + static_cast<std::int64_t>(slot) * w.n_out + row0;
#pragma unroll
  for (int r = 0; r < R; ++r) {
    if (r >= rows) break;
    const float total = warp_sum(sum[r]);
    if (lane == 0) out[r] = total;
  }
}

// Warps per block and blocks along x for a matrix of n_out rows over n_slots slots.
struct LaunchShape {
  int warps;
  long long blocks;
};
LaunchShape launch_shape(std::int64_t n_out, int rows_per_warp, int n_slots) {
  LaunchShape s{kMaxWarpsPerBlock, 0};
  for (;;) {
    const long long rows_per_block = static_cast<long long>(s.warps) * rows_per_warp;
    s.blocks = (n_out + rows_per_block - 1) / rows_per_block;
    if (s.warps == 1 || s.blocks * n_slots >= kSpreadBlocks) return s;
    s.warps /= 2;
  }
}

template <WeightType T, int R>
cudaError_t launch_rows(const DeviceMatrix& w, const std::int32_t* ids, int n_slots, const float* x,
                        std::int64_t x_stride, float* y, cudaStream_t stream) {
  const LaunchShape s = launch_shape(w.n_out, R, n_slots);
  if (s.blocks > 0x7fffffff) return cudaErrorInvalidValue;
  const dim3 grid(static_cast<unsigned>(s.blocks), static_cast<unsigned>(n_slots));
  gemv_kernel<T, R><<<grid, s.warps * kWarpSize, 0, stream>>>(w, ids, x, x_stride, y);
  return cudaGetLastError();
}

// Sharing x over R rows cuts the warp count R times, and a matrix with few rows then has too few warps to keep
// enough loads in flight: the f32 MoE router (4096 -> 512) got 128 warps and reached ~11% of the bandwidth.
// Below this many warps a matrix takes one row per warp instead (its x traffic is small at that size). Each
// row's sum is the same expression in the same order either way, so the choice does not change the result.
constexpr long long kMinWarpsForSharedX = 1024;

template <WeightType T>
cudaError_t launch(const DeviceMatrix& w, const std::int32_t* ids, int n_slots, const float* x,
                   std::int64_t x_stride, float* y, cudaStream_t stream) {
  constexpr int R = kRowsPerWarp<T>;
  const long long shared_warps = (w.n_out + R - 1) / R * static_cast<long long>(n_slots);
  if (shared_warps < kMinWarpsForSharedX) return launch_rows<T, 1>(w, ids, n_slots, x, x_stride, y, stream);
  return launch_rows<T, R>(w, ids, n_slots, x, x_stride, y, stream);
}

cudaError_t dispatch(const DeviceMatrix& w, const std::int32_t* ids, int n_slots, const float* x,
                     std::int64_t x_stride, float* y, cudaStream_t stream) {
  if (!is_supported(w.type) || w.n_in <= 0 || w.n_out <= 0 || n_slots <= 0) return cudaErrorInvalidValue;
  const LayoutInfo l = layout_info(w.type);
  if (w.n_in % l.block_weights != 0 || w.n_in % l.unit_weights != 0) return cudaErrorInvalidValue;
  if (n_slots > 65535) return cudaErrorInvalidValue;
  switch (w.type) {
    case WeightType::F32: return launch<WeightType::F32>(w, ids, n_slots, x, x_stride, y, stream);
    case WeightType::F16: return launch<WeightType::F16>(w, ids, n_slots, x, x_stride, y, stream);
    case WeightType::BF16: return launch<WeightType::BF16>(w, ids, n_slots, x, x_stride, y, stream);
    case WeightType::Q4_0: return launch<WeightType::Q4_0>(w, ids, n_slots, x, x_stride, y, stream);
    case WeightType::Q4_1: return launch<WeightType::Q4_1>(w, ids, n_slots, x, x_stride, y, stream);
    case WeightType::Q5_0: return launch<WeightType::Q5_0>(w, ids, n_slots, x, x_stride, y, stream);
    case WeightType::Q5_1: return launch<WeightType::Q5_1>(w, ids, n_slots, x, x_stride, y, stream);
    case WeightType::Q8_0: return launch<WeightType::Q8_0>(w, ids, n_slots, x, x_stride, y, stream);
    case WeightType::Q4_K: return launch<WeightType::Q4_K>(w, ids, n_slots, x, x_stride, y, stream);
    case WeightType::Q5_K: return launch<WeightType::Q5_K>(w, ids, n_slots, x, x_stride, y, stream);
    case WeightType::Q6_K: return launch<WeightType::Q6_K>(w, ids, n_slots, x, x_stride, y, stream);
    case WeightType::MXFP4: return launch<WeightType::MXFP4>(w, ids, n_slots, x, x_stride, y, stream);
  }
  return cudaErrorInvalidValue;
}

}  // namespace

cudaError_t gemv(const DeviceMatrix& w, const float* x, float* y, cudaStream_t stream) {
  return dispatch(w, nullptr, 1, x, 0, y, stream);
}

cudaError_t gemv_experts(const DeviceMatrix& w, const std::int32_t* ids, int n_slots, const float* x,
                         std::int64_t x_stride, float* y, cudaStream_t stream) {
  if (!ids) return cudaErrorInvalidValue;
  return dispatch(w, ids, n_slots, x, x_stride, y, stream);
}

}  // namespace hearth::kernels
