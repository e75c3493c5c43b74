// Glossary: e = expert, n0 = first output of the block's tile, t0 = first row of the current row tile,
// k0 = first input of the current span, w_s / x_s = the shared weight and input tiles; in the half kernel
// fr / fc = the mma fragment row and column of a lane (mma.cuh), s = a row's power-of-two input scale exponent.
#include "moe_gemm.cuh"

#include <climits>
#include <cstring>
#include <type_traits>

#include <cuda_fp16.h>

#include "common.cuh"
#include "dequant_unit.cuh"
#include "mma.cuh"

namespace hearth::kernels {
namespace {

constexpr int kTileK = kDecodeSpan;  // inputs per span: 128, so every unit decodes inside one span (both kernels)

// Expert e's rows [first, end), clamped to [0, n_rows] so that bad offsets never reach out of bounds.
struct RowRange {
  std::int64_t first, end;
};
__device__ __forceinline__ RowRange expert_rows(const std::int32_t* offsets, std::int64_t e, std::int64_t n_rows) {
  const std::int64_t first = min(max(static_cast<std::int64_t>(offsets[e]), std::int64_t{0}), n_rows);
  return {first, min(max(static_cast<std::int64_t>(offsets[e + 1]), first), n_rows)};
}

// Decodes the kOut × k_len weight tile of expert e (outputs n0.., inputs k0..) with kThreads threads, calling
// put(k − k0, o, w) once per weight; consecutive threads own consecutive outputs. Outputs past n_out decode
// the last row instead: their columns are never stored.
template <WeightType T, int kOut, int kThreads, typename Put>
__device__ __forceinline__ void decode_tile(const DeviceMatrix& w, std::int64_t e, std::int64_t n0, int k0, int k_len,
                                            Put&& put) {
  constexpr int kUnitWeights = layout_info(T).unit_weights;
  const int units = k_len / kUnitWeights;
  const int u0 = k0 / kUnitWeights;
  for (int idx = threadIdx.x; idx < kOut * units; idx += kThreads) {
    const int o = idx % kOut, ut = idx / kOut;
    const std::int64_t row = e * w.n_out + min(n0 + o, w.n_out - 1);
    Decode<T>::run(w.quants + row * w.quant_pitch, w.meta + row * w.meta_pitch, u0 + ut,
                   [&](int i, float v) { put(i - k0, o, v); });
  }
}

// ---------------------------------------------------------------------------------------------------------
// fp32 CUDA cores (MatmulPrecision::Fp32).
constexpr int kTileOut = 64;   // outputs (weight rows) per block
constexpr int kTileRows = 32;  // token rows per row tile
constexpr int kThreads = 128;  // 16 × 8 threads, each a 4 × 4 block of the 64 × 32 outputs
constexpr int kPerThread = 4;
static_assert(kTileOut == 16 * kPerThread && kTileRows == (kThreads / 16) * kPerThread, "thread grid");
// 32 KiB + 16 KiB: the static shared-memory limit, and four blocks per H200 SM.
static_assert((kTileK * kTileOut + kTileK * kTileRows) * sizeof(float) <= 48 * 1024, "static shared memory");

template <WeightType T>
__global__ void __launch_bounds__(kThreads)
    moe_gemm_kernel(DeviceMatrix w, const float* x, std::int64_t n_rows, const std::int32_t* offsets, float* y) {
  // Column-of-k layout: w_s[k·kTileOut + o], x_s[k·kTileRows + t]. Decoding threads own consecutive outputs
  // and loading threads consecutive rows, so the scalar stores are conflict-free; the product reads float4s.
  __shared__ __align__(16) float w_s[kTileK * kTileOut];
  __shared__ __align__(16) float x_s[kTileK * kTileRows];

  const std::int64_t e = blockIdx.y;
  const std::int64_t n0 = static_cast<std::int64_t>(blockIdx.x) * kTileOut;
  const auto [first, end] = expert_rows(offsets, e, n_rows);
  if (first >= end) return;  // block-uniform: no barrier is skipped by part of the block

  const int n_in = static_cast<int>(w.n_in);
  const int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;

  for (std::int64_t t0 = first; t0 < end; t0 += kTileRows) {
    float acc[kPerThread][kPerThread] = {};
    for (int k0 = 0; k0 < n_in; k0 += kTileK) {
      const int k_len = min(kTileK, n_in - k0);  // a multiple of the unit (and of 4): checked at launch

      decode_tile<T, kTileOut, kThreads>(w, e, n0, k0, k_len,
                                         [&](int k, int o, float v) { w_s[k * kTileOut + o] = v; });
      // Input tile: rows past the expert's end repeat its last row; their outputs are never stored.
      for (int idx = tid; idx < kTileRows * (k_len / 4); idx += kThreads) {
        const int t = idx % kTileRows, kq = idx / kTileRows;
        const std::int64_t row = min(t0 + t, end - 1);
        const float4 v = __ldg(reinterpret_cast<const float4*>(x + row * n_in + k0) + kq);
        float* dst = x_s + 4 * kq * kTileRows + t;
        dst[0] = v.x;
        dst[kTileRows] = v.y;
        dst[2 * kTileRows] = v.z;
        dst[3 * kTileRows] = v.w;
      }
      __syncthreads();

#pragma unroll 4
      for (int k = 0; k < k_len; ++k) {
        const float4 a = *reinterpret_cast<const float4*>(x_s + k * kTileRows + kPerThread * ty);
        const float4 b = *reinterpret_cast<const float4*>(w_s + k * kTileOut + kPerThread * tx);
        const float av[kPerThread] = {a.x, a.y, a.z, a.w};
        const float bv[kPerThread] = {b.x, b.y, b.z, b.w};
#pragma unroll
        for (int i = 0; i < kPerThread; ++i)
#pragma unroll
          for (int j = 0; j < kPerThread; ++j) acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
      }
      __syncthreads();  // the tiles are overwritten by the next span
    }

#pragma unroll
    for (int i = 0; i < kPerThread; ++i) {
      const std::int64_t row = t0 + kPerThread * ty + i;
      if (row >= end) continue;
#pragma unroll
      for (int j = 0; j < kPerThread; ++j) {
        const std::int64_t col = n0 + kPerThread * tx + j;
        if (col < w.n_out) y[row * w.n_out + col] = acc[i][j];
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// f16 tensor cores (MatmulPrecision::Half): mma.sync m16n8k16, f16 operands, fp32 accumulators.
//
// Block tile: 128 outputs × 32 rows, 8 warps. Warp w owns outputs [16w, 16w + 16) of the tile (the mma's m)
// and all 32 rows (n: four 8-row tiles), so the products are D[o][t] = Σ_k W[o][k]·X[t][k].
// Shared memory, both k spans of 128 padded by 8 halves (16 bytes) so that the 8 row addresses of every
// ldmatrix 8×8 matrix fall in distinct banks (row pitch 272 bytes = 68 words: banks 0, 4, …, 28):
//   w_s[k][o] (128 × 136 halves, 34 816 B): k-major, so the decoding threads (consecutive o) store
//     consecutive halves; the A fragments come out of it with ldmatrix.trans (stored k × m).
//   x_s[t][k] (32 × 136 halves, 8 704 B): token-major, one warp converts a whole 128-input row span with
//     coalesced float4 loads and 8-byte stores; B fragments come out with plain ldmatrix (stored n × k).
//   unscale_s[t] (128 B). Total 43 648 B of static shared memory: two blocks per GB10 SM, five per H200 SM
//   by shared memory, three there by registers (≤ 80 a thread, no spills; four would spill on sm_90).
// Fragment mapping (mma.cuh layouts), with fr = lane/4, fc = 2·(lane%4), lm = lane/8, lr = lane%8:
//   A = W[16w + m][16ks + k]: ldmatrix.trans matrix lm = w_s rows k = 16ks + 8·(lm/2) + lr, columns
//     o = 16w + 8·(lm%2) .. +8, i.e. matrices (m 0-7, k 0-7), (m 8-15, k 0-7), (m 0-7, k 8-15),
//     (m 8-15, k 8-15) = A regs 0..3.
//   B for the row tiles 2p and 2p+1 = X[16p + n][16ks + k]: ldmatrix matrix lm = x_s rows t = 16p + 8·(lm/2)
//     + lr, columns k = 16ks + 8·(lm%2) .. +8, i.e. (tile 2p, k 0-7), (2p, k 8-15), (2p+1, k 0-7),
//     (2p+1, k 8-15) = {b0, b1} of tile 2p, then of tile 2p+1.
//   C of row tile j: c[0] = (o 16w + fr, t 8j + fc), c[1] = (o 16w + fr, t 8j + fc + 1), c[2] / c[3] the
//     same at o + 8.
//
// Range: f16 overflows past 65504. Each input row is scaled per 128-input span by a power of two that puts
// its largest magnitude in [2^14, 2^15) (exact, and undone exactly on the span's fp32 partial sums), so no
// activation overflows, whatever its size (the relu² hidden of the down projection can be large) and no
// small row loses bits to f16's subnormals. Weights are converted unscaled: the dense prefill's dequantised
// f16 tiles (cuda_matmul.cpp) take the same risk; a decoded quantised weight is a few multiples of its f16
// block scale, and real f16/bf16 checkpoint weights are far below 65504.
namespace tc {

constexpr int kTileOut = 128;  // 8 warps × one 16-output mma tile; halves the activation traffic of 64
constexpr int kTileRows = 32;  // four 8-row mma tiles: ~22 rows per expert at 512 tokens fill three
constexpr int kWarps = kTileOut / 16;
constexpr int kThreads = kWarps * kWarpSize;
constexpr int kWStride = kTileOut + 8;  // halves per w_s row (one k)
constexpr int kXStride = kTileK + 8;    // halves per x_s row (one token row)
constexpr int kScaleTop = 14;           // a scaled row span's largest magnitude lies in [2^14, 2^15)
constexpr int kMinBlocks = 3;           // per SM: 24 warps decoding, so enough weight loads are in flight
static_assert(kTileRows == 32 && kTileK % 16 == 0, "the fragment loops below assume four row tiles");
static_assert(kTileK == 4 * kWarpSize, "one warp converts a whole row span, a float4 per lane");
static_assert(kTileRows % kWarps == 0, "every warp converts the same number of rows");
static_assert((kTileK * kWStride + kTileRows * kXStride) * sizeof(__half) + kTileRows * sizeof(float) <= 48 * 1024,
              "static shared memory");

template <WeightType T>
__global__ void __launch_bounds__(kThreads, kMinBlocks)
    moe_gemm_kernel(DeviceMatrix w, const float* x, std::int64_t n_rows, const std::int32_t* offsets, float* y) {
  __shared__ __align__(16) __half w_s[kTileK * kWStride];
  __shared__ __align__(16) __half x_s[kTileRows * kXStride];
  __shared__ float unscale_s[kTileRows];  // 2^-s of each row of the current span

  const std::int64_t e = blockIdx.y;
  const std::int64_t n0 = static_cast<std::int64_t>(blockIdx.x) * kTileOut;
  const auto [first, end] = expert_rows(offsets, e, n_rows);
  if (first >= end) return;  // block-uniform: no barrier is skipped by part of the block

  const int n_in = static_cast<int>(w.n_in);
  const int tid = threadIdx.x, lane = tid % kWarpSize, warp = tid / kWarpSize;
  const int fr = lane / 4, fc = 2 * (lane % 4), lm = lane / 8, lr = lane % 8;
  const __half* a_src = w_s + (8 * (lm / 2) + lr) * kWStride + 16 * warp + 8 * (lm % 2);
  const __half* b_src = x_s + (8 * (lm / 2) + lr) * kXStride + 8 * (lm % 2);

  for (std::int64_t t0 = first; t0 < end; t0 += kTileRows) {
    const int rows = static_cast<int>(min(static_cast<std::int64_t>(kTileRows), end - t0));  // block-uniform
    float acc[4][4] = {};
    for (int k0 = 0; k0 < n_in; k0 += kTileK) {
      const int k_len = min(kTileK, n_in - k0);  // a multiple of the unit (and of 4): checked at launch
      const int k_steps = (k_len + 15) / 16;

      decode_tile<T, kTileOut, kThreads>(w, e, n0, k0, k_len,
                                         [&](int k, int o, float v) { w_s[k * kWStride + o] = __float2half_rn(v); });
      // A short last span (n_in not a multiple of 128) multiplies whole k steps of 16: the k rows past k_len
      // up to the step's end must be zeros, not stale or uninitialised halves (NaN · 0 is NaN).
      for (int idx = tid; idx < (16 * k_steps - k_len) * kTileOut; idx += kThreads)
        w_s[(k_len + idx / kTileOut) * kWStride + idx % kTileOut] = __float2half_rn(0.0f);

        // Input tile, one row span per warp step: rows past the expert's end and inputs past k_len are zeros.
#pragma unroll
      for (int r = 0; r < kTileRows / kWarps; ++r) {  // a fixed count, so the loads can all be issued first
        const int t = warp + kWarps * r;
        float4 v = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
        if (t < rows && 4 * lane < k_len) v = __ldg(reinterpret_cast<const float4*>(x + (t0 + t) * n_in + k0) + lane);
        const float amax = warp_max(fmaxf(fmaxf(fabsf(v.x), fabsf(v.y)), fmaxf(fabsf(v.z), fabsf(v.w))));
        // s from amax's biased exponent; both 2^s and 2^-s stay normal floats. Inf / NaN keep s = 0 and
        // propagate as they would in fp32.
        const int biased = static_cast<int>(__float_as_uint(amax) >> 23);
        const int s = biased == 255 ? 0 : min(max(127 + kScaleTop - biased, -126), 126);
        const float scale = __uint_as_float(static_cast<unsigned>(127 + s) << 23);
        const __half2 lo = __floats2half2_rn(v.x * scale, v.y * scale),
                      hi = __floats2half2_rn(v.z * scale, v.w * scale);
        uint2 packed;
        memcpy(&packed.x, &lo, sizeof(packed.x));
        memcpy(&packed.y, &hi, sizeof(packed.y));
        *reinterpret_cast<uint2*>(x_s + t * kXStride + 4 * lane) = packed;
        if (lane == 0) unscale_s[t] = __uint_as_float(static_cast<unsigned>(127 - s) << 23);
      }
      __syncthreads();

      // This span's sums on the scaled inputs; row tiles wholly past the expert's end are skipped.
      float part[4][4] = {};
#pragma unroll 2
      for (int ks = 0; ks < k_steps; ++ks) {
        std::uint32_t a[4];
        ldmatrix_x4_trans(a, a_src + 16 * ks * kWStride);
#pragma unroll
        for (int p = 0; p < 2; ++p) {
          if (16 * p >= rows) continue;
          std::uint32_t b[4];
          ldmatrix_x4(b, b_src + 16 * p * kXStride + 16 * ks);
          mma_16816(part[2 * p], a, b[0], b[1]);
          if (16 * p + 8 < rows) mma_16816(part[2 * p + 1], a, b[2], b[3]);
        }
      }
#pragma unroll
      for (int j = 0; j < 4; ++j)
#pragma unroll
        for (int c = 0; c < 4; ++c) acc[j][c] += part[j][c] * unscale_s[8 * j + fc + c % 2];
      __syncthreads();  // the tiles are overwritten by the next span
    }

#pragma unroll
    for (int j = 0; j < 4; ++j)
#pragma unroll
      for (int c = 0; c < 4; ++c) {
        const int t = 8 * j + fc + c % 2;
        const std::int64_t col = n0 + 16 * warp + fr + 8 * (c / 2);
        if (t < rows && col < w.n_out) y[(t0 + t) * w.n_out + col] = acc[j][c];
      }
  }
}

}  // namespace tc

template <WeightType T>
using TypeTag = std::integral_constant<WeightType, T>;

// Calls f(TypeTag<t>{}) for a runtime type t: the one switch over the types both kernels are built for.
template <typename F>
cudaError_t with_type(WeightType t, F&& f) {
  switch (t) {
    case WeightType::F32:
      return f(TypeTag<WeightType::F32>{});
    case WeightType::F16:
      return f(TypeTag<WeightType::F16>{});
    case WeightType::BF16:
      return f(TypeTag<WeightType::BF16>{});
    case WeightType::Q4_0:
      return f(TypeTag<WeightType::Q4_0>{});
    case WeightType::Q4_1:
      return f(TypeTag<WeightType::Q4_1>{});
    case WeightType::Q5_0:
      return f(TypeTag<WeightType::Q5_0>{});
    case WeightType::Q5_1:
      return f(TypeTag<WeightType::Q5_1>{});
    case WeightType::Q8_0:
      return f(TypeTag<WeightType::Q8_0>{});
    case WeightType::Q4_K:
      return f(TypeTag<WeightType::Q4_K>{});
    case WeightType::Q5_K:
      return f(TypeTag<WeightType::Q5_K>{});
    case WeightType::Q6_K:
      return f(TypeTag<WeightType::Q6_K>{});
    case WeightType::MXFP4:
      return f(TypeTag<WeightType::MXFP4>{});
  }
  return cudaErrorInvalidValue;
}

}  // namespace

cudaError_t moe_grouped_matmul(const DeviceMatrix& stack, const float* x, std::int64_t n_rows,
                               const std::int32_t* offsets, float* y, cudaStream_t stream, MatmulPrecision precision) {
  const DeviceMatrix& w = stack;
  if (!is_supported(w.type) || w.n_in <= 0 || w.n_out <= 0 || w.n_mat <= 0 || n_rows < 0) return cudaErrorInvalidValue;
  if (precision != MatmulPrecision::Fp32 && precision != MatmulPrecision::Half) return cudaErrorInvalidValue;
  const LayoutInfo l = layout_info(w.type);
  if (w.n_in % l.block_weights != 0 || w.n_in % l.unit_weights != 0 || w.n_in > INT_MAX / 2)
    return cudaErrorInvalidValue;
  if ((w.n_out + kTileOut - 1) / kTileOut > 0x7fffffff || w.n_mat > 65535) return cudaErrorInvalidValue;
  if (n_rows == 0) return cudaSuccess;
  if (!x || !y || !offsets || reinterpret_cast<std::uintptr_t>(x) % 16 != 0) return cudaErrorInvalidValue;
  const bool half = precision == MatmulPrecision::Half;
  const std::int64_t tile = half ? tc::kTileOut : kTileOut;
  const dim3 grid(static_cast<unsigned>((w.n_out + tile - 1) / tile), static_cast<unsigned>(w.n_mat));
  return with_type(w.type, [&](auto type) {
    constexpr WeightType T = decltype(type)::value;
    if (half)
      tc::moe_gemm_kernel<T><<<grid, tc::kThreads, 0, stream>>>(w, x, n_rows, offsets, y);
    else
      moe_gemm_kernel<T><<<grid, kThreads, 0, stream>>>(w, x, n_rows, offsets, y);
    return cudaGetLastError();
  });
}

}  // namespace hearth::kernels
