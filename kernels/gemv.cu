// Glossary: u = unit index within a row (what one lane reads per step, weight_layout.cuh), b = block index,
// q = the row's quants plane, m = the row's meta plane, x = the input vector.
#include "gemv.cuh"

#include "common.cuh"
#include "dequant_unit.cuh"

namespace hearth::kernels {
namespace {

// 4 warps per block: enough resident warps to keep loads in flight without starving small grids.
constexpr int kRowsPerBlock = 4;

// Σ over 16 consecutive x starting at idx (16-byte aligned) of v[i]·x[i].
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

template <WeightType T>
struct Unit;

template <>
struct Unit<WeightType::F32> {
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t*, std::int64_t u, const float* x) {
    const float4 w = __ldg(reinterpret_cast<const float4*>(q) + u);
    const float4 v = __ldg(reinterpret_cast<const float4*>(x) + u);
    return w.x * v.x + w.y * v.y + w.z * v.z + w.w * v.w;
  }
};

template <>
struct Unit<WeightType::F16> {
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t*, std::int64_t u, const float* x) {
    const uint4 raw = load16(q + 16 * u);
    const __half2* h = reinterpret_cast<const __half2*>(&raw);
    const float4* x4 = reinterpret_cast<const float4*>(x + 8 * u);
    const float4 a = __ldg(x4), b = __ldg(x4 + 1);
    const float2 w0 = __half22float2(h[0]), w1 = __half22float2(h[1]), w2 = __half22float2(h[2]),
                 w3 = __half22float2(h[3]);
    return w0.x * a.x + w0.y * a.y + w1.x * a.z + w1.y * a.w + w2.x * b.x + w2.y * b.y + w3.x * b.z + w3.y * b.w;
  }
};

template <>
struct Unit<WeightType::BF16> {
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t*, std::int64_t u, const float* x) {
    const uint4 raw = load16(q + 16 * u);
    const std::uint32_t w[4] = {raw.x, raw.y, raw.z, raw.w};
    const float4* x4 = reinterpret_cast<const float4*>(x + 8 * u);
    const float4 a = __ldg(x4), b = __ldg(x4 + 1);
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
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u, const float* x) {
    std::uint8_t b[16];
    bytes16(load16(q + 16 * u), b);
    float xs[16];
    load_x16(x + 16 * u, xs);
    float sum = 0.0f;
#pragma unroll
    for (int i = 0; i < 16; ++i) sum += static_cast<float>(static_cast<std::int8_t>(b[i])) * xs[i];
    const MetaD md = reinterpret_cast<const MetaD*>(m)[u / 2];
    return __half2float(md.d) * sum;
  }
};

// q4_0 / q4_1 / q5_0 / q5_1 / mxfp4 share the 32-weight block of 16 quant bytes: byte j holds weight j in its
// low nibble and weight j+16 in its high nibble. `Fifth` supplies the 5th bits of q5 types.
template <bool Fifth>
__device__ __forceinline__ void nibble_sums(const std::uint8_t* q, std::int64_t u, std::uint32_t qh, const float* x,
                                            float& qx, float& sx) {
  std::uint8_t b[16];
  bytes16(load16(q + 16 * u), b);
  float lo[16], hi[16];
  load_x16(x + 32 * u, lo);
  load_x16(x + 32 * u + 16, hi);
  qx = 0.0f;
  sx = 0.0f;
#pragma unroll
  for (int j = 0; j < 16; ++j) {
    int q0 = b[j] & 0xF, q1 = b[j] >> 4;
    if (Fifth) {
      q0 |= static_cast<int>((qh >> j) & 1u) << 4;
      q1 |= static_cast<int>((qh >> (j + 16)) & 1u) << 4;
    }
    qx += static_cast<float>(q0) * lo[j] + static_cast<float>(q1) * hi[j];
    sx += lo[j] + hi[j];
  }
}

template <>
struct Unit<WeightType::Q4_0> {  // w = d·(q − 8)
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u, const float* x) {
    float qx, sx;
    nibble_sums<false>(q, u, 0, x, qx, sx);
    return __half2float(reinterpret_cast<const MetaD*>(m)[u].d) * (qx - 8.0f * sx);
  }
};

template <>
struct Unit<WeightType::Q4_1> {  // w = d·q + m
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u, const float* x) {
    float qx, sx;
    nibble_sums<false>(q, u, 0, x, qx, sx);
    const MetaDM md = reinterpret_cast<const MetaDM*>(m)[u];
    return __half2float(md.d) * qx + __half2float(md.m) * sx;
  }
};

template <>
struct Unit<WeightType::Q5_0> {  // w = d·(q − 16)
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u, const float* x) {
    const MetaDQh md = reinterpret_cast<const MetaDQh*>(m)[u];
    float qx, sx;
    nibble_sums<true>(q, u, md.qh, x, qx, sx);
    return __half2float(md.d) * (qx - 16.0f * sx);
  }
};

template <>
struct Unit<WeightType::Q5_1> {  // w = d·q + m
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u, const float* x) {
    const MetaDMQh md = reinterpret_cast<const MetaDMQh*>(m)[u];
    float qx, sx;
    nibble_sums<true>(q, u, md.qh, x, qx, sx);
    return __half2float(md.d) * qx + __half2float(md.m) * sx;
  }
};

template <>
struct Unit<WeightType::MXFP4> {  // w = T[nibble]·2^(e − 128), T = 2 × E2M1
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u, const float* x) {
    constexpr float kTable[16] = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};
    std::uint8_t b[16];
    bytes16(load16(q + 16 * u), b);
    float lo[16], hi[16];
    load_x16(x + 32 * u, lo);
    load_x16(x + 32 * u + 16, hi);
    float sum = 0.0f;
#pragma unroll
    for (int j = 0; j < 16; ++j) sum += kTable[b[j] & 0xF] * lo[j] + kTable[b[j] >> 4] * hi[j];
    const int e = reinterpret_cast<const MetaE8*>(m)[u].e;
    return ldexpf(sum, e - 128);
  }
};

// q4_K / q5_K unit: bytes [16k, 16k+16) of a block's 128 quant bytes, k = u % 8. Chunk c = k / 2 covers
// weights 64c..64c+63: low nibbles are sub-block 2c (weights 64c + l), high nibbles sub-block 2c+1
// (weights 64c + 32 + l), with l = 16·(k % 2) + i.
template <bool Fifth>
__device__ __forceinline__ float k_quant_dot(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u,
                                             const float* x) {
  const std::int64_t blk = u / 8;
  const int k = static_cast<int>(u % 8);
  const int c = k / 2, l0 = 16 * (k % 2);
  const std::uint8_t* meta = m + blk * (Fifth ? sizeof(MetaK5) : sizeof(MetaK4));
  const KChunk kc = k_chunk(meta, c);
  const float d = kc.d, dmin = kc.dmin, sc0 = kc.sc0, m0 = kc.m0, sc1 = kc.sc1, m1 = kc.m1;

  std::uint8_t b[16];
  bytes16(load16(q + 16 * u), b);
  std::uint8_t h[16] = {};
  if (Fifth) bytes16(*reinterpret_cast<const uint4*>(meta + 16 + l0), h);
  float lo[16], hi[16];
  const float* xb = x + 256 * blk + 64 * c + l0;
  load_x16(xb, lo);
  load_x16(xb + 32, hi);
  float q_lo = 0.0f, q_hi = 0.0f, s_lo = 0.0f, s_hi = 0.0f;
#pragma unroll
  for (int i = 0; i < 16; ++i) {
    int a0 = b[i] & 0xF, a1 = b[i] >> 4;
    if (Fifth) {
      a0 |= ((h[i] >> (2 * c)) & 1) << 4;
      a1 |= ((h[i] >> (2 * c + 1)) & 1) << 4;
    }
    q_lo += static_cast<float>(a0) * lo[i];
    q_hi += static_cast<float>(a1) * hi[i];
    s_lo += lo[i];
    s_hi += hi[i];
  }
  return d * (sc0 * q_lo + sc1 * q_hi) - dmin * (m0 * s_lo + m1 * s_hi);
}

template <>
struct Unit<WeightType::Q4_K> {
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u, const float* x) {
    return k_quant_dot<false>(q, m, u, x);
  }
};

template <>
struct Unit<WeightType::Q5_K> {
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u, const float* x) {
    return k_quant_dot<true>(q, m, u, x);
  }
};

// q6_K unit: block u/4, half n = (u/2)%2, l0 = 16·(u%2). Reads ql[l0..+16), ql[l0+32..+16), qh[l0..+16) of
// that half and yields weights l, l+32, l+64, l+96 (l = l0 + i) with scales is, is+2, is+4, is+6 (is = l0/16).
template <>
struct Unit<WeightType::Q6_K> {
  __device__ static float dot(const std::uint8_t* q, const std::uint8_t* m, std::int64_t u, const float* x) {
    const std::int64_t blk = u / 4;
    const int n = static_cast<int>((u / 2) % 2), l0 = 16 * static_cast<int>(u % 2);
    const std::uint8_t* ql = q + 192 * blk + 64 * n;
    const std::uint8_t* qh = q + 192 * blk + 128 + 32 * n;
    std::uint8_t a[16], c[16], h[16];
    bytes16(load16(ql + l0), a);
    bytes16(load16(ql + l0 + 32), c);
    bytes16(load16(qh + l0), h);
    const MetaK6* meta = reinterpret_cast<const MetaK6*>(m + 20 * blk);
    const std::uint32_t* sw = reinterpret_cast<const std::uint32_t*>(meta->scales);
    std::int8_t sc[16];
#pragma unroll
    for (int i = 0; i < 16; ++i) sc[i] = static_cast<std::int8_t>(sw[i / 4] >> (8 * (i % 4)));
    const float d = __half2float(meta->d);
    const int is = l0 / 16;
    float x0[16], x1[16], x2[16], x3[16];
    const float* xb = x + 256 * blk + 128 * n + l0;
    load_x16(xb, x0);
    load_x16(xb + 32, x1);
    load_x16(xb + 64, x2);
    load_x16(xb + 96, x3);
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
#pragma unroll
    for (int i = 0; i < 16; ++i) {
      s0 += static_cast<float>(((a[i] & 0xF) | ((h[i] & 3) << 4)) - 32) * x0[i];
      s1 += static_cast<float>(((c[i] & 0xF) | (((h[i] >> 2) & 3) << 4)) - 32) * x1[i];
      s2 += static_cast<float>(((a[i] >> 4) | (((h[i] >> 4) & 3) << 4)) - 32) * x2[i];
      s3 += static_cast<float>(((c[i] >> 4) | (((h[i] >> 6) & 3) << 4)) - 32) * x3[i];
    }
    const int base = 8 * n + is;
    return d * (sc[base] * s0 + sc[base + 2] * s1 + sc[base + 4] * s2 + sc[base + 6] * s3);
  }
};

template <WeightType T>
__global__ void gemv_kernel(DeviceMatrix w, const std::int32_t* ids, const float* x, std::int64_t x_stride,
                            float* y) {
  const int warp = threadIdx.x / kWarpSize, lane = threadIdx.x % kWarpSize;
  const std::int64_t row = static_cast<std::int64_t>(blockIdx.x) * kRowsPerBlock + warp;
  if (row >= w.n_out) return;
  const int slot = blockIdx.y;
  const std::int64_t mat = ids ? ids[slot] : 0;
  const std::int64_t r = mat * w.n_out + row;
  const std::uint8_t* q = w.quants + r * w.quant_pitch;
  const std::uint8_t* m = w.meta + r * w.meta_pitch;
  const float* xs = x + slot * x_stride;
  const std::int64_t units = w.n_in / layout_info(T).unit_weights;
  float sum = 0.0f;
  for (std::int64_t u = lane; u < units; u += kWarpSize) sum += Unit<T>::dot(q, m, u, xs);
  sum = warp_sum(sum);
  if (lane == 0) y[static_cast<std::int64_t>(slot) * w.n_out + row] = sum;
}

template <WeightType T>
cudaError_t launch(const DeviceMatrix& w, const std::int32_t* ids, int n_slots, const float* x,
                   std::int64_t x_stride, float* y, cudaStream_t stream) {
  const dim3 grid(static_cast<unsigned>((w.n_out + kRowsPerBlock - 1) / kRowsPerBlock), static_cast<unsigned>(n_slots));
  gemv_kernel<T><<<grid, kRowsPerBlock * kWarpSize, 0, stream>>>(w, ids, x, x_stride, y);
  return cudaGetLastError();
}

cudaError_t dispatch(const DeviceMatrix& w, const std::int32_t* ids, int n_slots, const float* x,
                     std::int64_t x_stride, float* y, cudaStream_t stream) {
  if (!is_supported(w.type) || w.n_in <= 0 || w.n_out <= 0 || n_slots <= 0) return cudaErrorInvalidValue;
  const LayoutInfo l = layout_info(w.type);
  if (w.n_in % l.block_weights != 0 || w.n_in % l.unit_weights != 0) return cudaErrorInvalidValue;
  if ((w.n_out + kRowsPerBlock - 1) / kRowsPerBlock > 0x7fffffff || n_slots > 65535) return cudaErrorInvalidValue;
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
