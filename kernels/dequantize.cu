// One thread per weight with a scalar decoder per type: this path is bandwidth-bound and runs once per
// prefill chunk or token, so clarity wins over the GEMV's unit-wise decoding.
#include "dequantize.cuh"

namespace hearth::kernels {
namespace {

constexpr int kThreads = 256;

__device__ __forceinline__ float half_at(const std::uint8_t* p) { return __half2float(*reinterpret_cast<const __half*>(p)); }

// Weight i of a row, from the row's quants plane q and meta plane m (block layouts: nemotron-h.md §3.4).
__device__ float weight_at(WeightType t, const std::uint8_t* q, const std::uint8_t* m, std::int64_t i) {
  switch (t) {
    case WeightType::F32: return reinterpret_cast<const float*>(q)[i];
    case WeightType::F16: return __half2float(reinterpret_cast<const __half*>(q)[i]);
    case WeightType::BF16:
      return __uint_as_float(static_cast<std::uint32_t>(reinterpret_cast<const std::uint16_t*>(q)[i]) << 16);
    case WeightType::Q8_0: {
      const std::int64_t b = i / 32;
      return half_at(m + 4 * b) * static_cast<float>(reinterpret_cast<const std::int8_t*>(q)[i]);
    }
    case WeightType::Q4_0: case WeightType::Q4_1: case WeightType::Q5_0: case WeightType::Q5_1:
    case WeightType::MXFP4: {
      const std::int64_t b = i / 32;
      const int j = static_cast<int>(i % 32);
      const std::uint8_t byte = q[16 * b + (j % 16)];
      int v = j < 16 ? (byte & 0xF) : (byte >> 4);
      if (t == WeightType::MXFP4) {
        constexpr float kTable[16] = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};
        return ldexpf(kTable[v], static_cast<int>(m[4 * b]) - 128);
      }
      if (t == WeightType::Q5_0 || t == WeightType::Q5_1) {
        const std::uint32_t qh = *reinterpret_cast<const std::uint32_t*>(m + 8 * b + 4);
        v |= static_cast<int>((qh >> j) & 1u) << 4;
      }
      const std::int64_t stride = (t == WeightType::Q4_0) ? 4 : 8;
      if (t == WeightType::Q5_0 || t == WeightType::Q4_0) {
        const float d = half_at(m + stride * b);
        return d * static_cast<float>(v - (t == WeightType::Q4_0 ? 8 : 16));
      }
      const std::uint8_t* rec = m + (t == WeightType::Q4_1 ? 4 : 8) * b;
      return half_at(rec) * static_cast<float>(v) + half_at(rec + 2);
    }
    case WeightType::Q4_K: case WeightType::Q5_K: {
      const bool five = t == WeightType::Q5_K;
      const std::int64_t b = i / 256;
      const int w = static_cast<int>(i % 256), c = w / 64, within = w % 64, l = within % 32;
      const int sub = 2 * c + (within >= 32 ? 1 : 0);
      const std::uint8_t* rec = m + (five ? 48 : 16) * b;
      const std::uint8_t* s = rec + 4;
      int sc, mn;
      if (sub < 4) {
        sc = s[sub] & 63;
        mn = s[sub + 4] & 63;
      } else {
        sc = (s[sub + 4] & 0xF) | ((s[sub - 4] >> 6) << 4);
        mn = (s[sub + 4] >> 4) | ((s[sub] >> 6) << 4);
      }
      const std::uint8_t byte = q[128 * b + 32 * c + l];
      int v = within < 32 ? (byte & 0xF) : (byte >> 4);
      if (five) v |= ((rec[16 + l] >> sub) & 1) << 4;
      return half_at(rec) * static_cast<float>(sc) * static_cast<float>(v) - half_at(rec + 2) * static_cast<float>(mn);
    }
    case WeightType::Q6_K: {
      const std::int64_t b = i / 256;
      const int w = static_cast<int>(i % 256), n = w / 128, r = w % 128, quarter = r / 32, l = r % 32;
      const std::uint8_t* ql = q + 192 * b + 64 * n;
      const std::uint8_t* qh = q + 192 * b + 128 + 32 * n;
      const std::uint8_t low = (quarter == 0 || quarter == 2) ? ql[l] : ql[l + 32];
      const int lo4 = quarter < 2 ? (low & 0xF) : (low >> 4);
      const int hi2 = (qh[l] >> (2 * quarter)) & 3;
      const std::uint8_t* rec = m + 20 * b;
      const int sc = reinterpret_cast<const std::int8_t*>(rec)[8 * n + l / 16 + 2 * quarter];
      return half_at(rec + 16) * static_cast<float>(sc) * static_cast<float>((lo4 | (hi2 << 4)) - 32);
    }
  }
  return 0.0f;
}

template <typename Out>
__device__ __forceinline__ Out convert(float v);
template <>
__device__ __forceinline__ float convert<float>(float v) { return v; }
template <>
__device__ __forceinline__ __nv_bfloat16 convert<__nv_bfloat16>(float v) { return __float2bfloat16_rn(v); }
template <>
__device__ __forceinline__ __half convert<__half>(float v) { return __float2half_rn(v); }

template <typename Out>
__global__ void dequantize_kernel(DeviceMatrix w, const std::int32_t* ids, std::int64_t first_row, std::int64_t rows,
                                  Out* out, std::int64_t ld_out) {
  const std::int64_t idx = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (idx >= rows * w.n_in) return;
  const std::int64_t r = idx / w.n_in, i = idx % w.n_in;
  const std::int64_t row = ids ? ids[r] : first_row + r;
  out[r * ld_out + i] = convert<Out>(weight_at(w.type, w.quants + row * w.quant_pitch, w.meta + row * w.meta_pitch, i));
}

template <typename Out>
cudaError_t launch(const DeviceMatrix& w, const std::int32_t* ids, std::int64_t first_row, std::int64_t rows, Out* out,
                   std::int64_t ld_out, cudaStream_t stream) {
  if (!is_supported(w.type) || rows < 0 || ld_out < w.n_in) return cudaErrorInvalidValue;
  if (!ids && (first_row < 0 || first_row + rows > w.n_out * w.n_mat)) return cudaErrorInvalidValue;
  const std::int64_t total = rows * w.n_in;
  if (total == 0) return cudaSuccess;
  const std::int64_t grid = (total + kThreads - 1) / kThreads;
  if (grid > 0x7fffffff) return cudaErrorInvalidValue;
  dequantize_kernel<Out><<<static_cast<unsigned>(grid), kThreads, 0, stream>>>(w, ids, first_row, rows, out, ld_out);
  return cudaGetLastError();
}

}  // namespace

cudaError_t dequantize_rows_f32(const DeviceMatrix& w, std::int64_t first_row, std::int64_t rows, float* out,
                                std::int64_t ld_out, cudaStream_t stream) {
  return launch<float>(w, nullptr, first_row, rows, out, ld_out, stream);
}

cudaError_t dequantize_rows_bf16(const DeviceMatrix& w, std::int64_t first_row, std::int64_t rows,
                                 __nv_bfloat16* out, std::int64_t ld_out, cudaStream_t stream) {
  return launch<__nv_bfloat16>(w, nullptr, first_row, rows, out, ld_out, stream);
}

cudaError_t dequantize_rows_f16(const DeviceMatrix& w, std::int64_t first_row, std::int64_t rows, __half* out,
                                std::int64_t ld_out, cudaStream_t stream) {
  return launch<__half>(w, nullptr, first_row, rows, out, ld_out, stream);
}

cudaError_t get_rows_f32(const DeviceMatrix& w, const std::int32_t* ids, std::int64_t n_ids, float* out,
                         cudaStream_t stream) {
  if (!ids) return cudaErrorInvalidValue;
  return launch<float>(w, ids, 0, n_ids, out, w.n_in, stream);
}

}  // namespace hearth::kernels
