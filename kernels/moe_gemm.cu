// Glossary: e = expert, n0 = first output of the block's tile, t0 = first row of the current row tile,
// k0 = first input of the current span, w_s / x_s = the shared weight and input tiles, k-major.
#include "moe_gemm.cuh"

#include <climits>

#include "dequant_unit.cuh"

namespace hearth::kernels {
namespace {

constexpr int kTileOut = 64;         // outputs (weight rows) per block
constexpr int kTileRows = 32;        // token rows per row tile
constexpr int kTileK = kDecodeSpan;  // inputs per span: 128, so every unit decodes inside one span
constexpr int kThreads = 128;        // 16 × 8 threads, each a 4 × 4 block of the 64 × 32 outputs
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
  const std::int64_t first = min(max(static_cast<std::int64_t>(offsets[e]), std::int64_t{0}), n_rows);
  const std::int64_t end = min(max(static_cast<std::int64_t>(offsets[e + 1]), first), n_rows);
  if (first >= end) return;  // block-uniform: no barrier is skipped by part of the block

  constexpr int kUnitWeights = layout_info(T).unit_weights;
  const int n_in = static_cast<int>(w.n_in);
  const int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;

  for (std::int64_t t0 = first; t0 < end; t0 += kTileRows) {
    float acc[kPerThread][kPerThread] = {};
    for (int k0 = 0; k0 < n_in; k0 += kTileK) {
      const int k_len = min(kTileK, n_in - k0);  // a multiple of the unit (and of 4): checked at launch

      // Weight tile: outputs past n_out decode the last row instead; their columns are never stored.
      const int units = k_len / kUnitWeights;
      const int u0 = k0 / kUnitWeights;
      for (int idx = tid; idx < kTileOut * units; idx += kThreads) {
        const int o = idx % kTileOut, ut = idx / kTileOut;
        const std::int64_t row = e * w.n_out + min(n0 + o, w.n_out - 1);
        Decode<T>::run(w.quants + row * w.quant_pitch, w.meta + row * w.meta_pitch, u0 + ut,
                       [&](int i, float v) { w_s[(i - k0) * kTileOut + o] = v; });
      }
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

template <WeightType T>
cudaError_t launch(const DeviceMatrix& w, const float* x, std::int64_t n_rows, const std::int32_t* offsets, float* y,
                   cudaStream_t stream) {
  const dim3 grid(static_cast<unsigned>((w.n_out + kTileOut - 1) / kTileOut), static_cast<unsigned>(w.n_mat));
  moe_gemm_kernel<T><<<grid, kThreads, 0, stream>>>(w, x, n_rows, offsets, y);
  return cudaGetLastError();
}

}  // namespace

cudaError_t moe_grouped_matmul(const DeviceMatrix& stack, const float* x, std::int64_t n_rows,
                               const std::int32_t* offsets, float* y, cudaStream_t stream) {
  const DeviceMatrix& w = stack;
  if (!is_supported(w.type) || w.n_in <= 0 || w.n_out <= 0 || w.n_mat <= 0 || n_rows < 0) return cudaErrorInvalidValue;
  const LayoutInfo l = layout_info(w.type);
  if (w.n_in % l.block_weights != 0 || w.n_in % l.unit_weights != 0 || w.n_in > INT_MAX / 2)
    return cudaErrorInvalidValue;
  if ((w.n_out + kTileOut - 1) / kTileOut > 0x7fffffff || w.n_mat > 65535) return cudaErrorInvalidValue;
  if (n_rows == 0) return cudaSuccess;
  if (!x || !y || !offsets || reinterpret_cast<std::uintptr_t>(x) % 16 != 0) return cudaErrorInvalidValue;
  switch (w.type) {
    case WeightType::F32:
      return launch<WeightType::F32>(w, x, n_rows, offsets, y, stream);
    case WeightType::F16:
      return launch<WeightType::F16>(w, x, n_rows, offsets, y, stream);
    case WeightType::BF16:
      return launch<WeightType::BF16>(w, x, n_rows, offsets, y, stream);
    case WeightType::Q4_0:
      return launch<WeightType::Q4_0>(w, x, n_rows, offsets, y, stream);
    case WeightType::Q4_1:
      return launch<WeightType::Q4_1>(w, x, n_rows, offsets, y, stream);
    case WeightType::Q5_0:
      return launch<WeightType::Q5_0>(w, x, n_rows, offsets, y, stream);
    case WeightType::Q5_1:
      return launch<WeightType::Q5_1>(w, x, n_rows, offsets, y, stream);
    case WeightType::Q8_0:
      return launch<WeightType::Q8_0>(w, x, n_rows, offsets, y, stream);
    case WeightType::Q4_K:
      return launch<WeightType::Q4_K>(w, x, n_rows, offsets, y, stream);
    case WeightType::Q5_K:
      return launch<WeightType::Q5_K>(w, x, n_rows, offsets, y, stream);
    case WeightType::Q6_K:
      return launch<WeightType::Q6_K>(w, x, n_rows, offsets, y, stream);
    case WeightType::MXFP4:
      return launch<WeightType::MXFP4>(w, x, n_rows, offsets, y, stream);
  }
  return cudaErrorInvalidValue;
}

}  // namespace hearth::kernels
