// One thread per GGUF block: copy its quant bytes and build its meta record (byte loads: GGUF blocks are not
// aligned; this runs once per load and is bandwidth-bound either way).
#include "repack.cuh"

namespace hearth::kernels {
namespace {

constexpr int kThreads = 256;

__device__ __forceinline__ void copy_bytes(std::uint8_t* dst, const std::uint8_t* src, int n) {
  for (int i = 0; i < n; ++i) dst[i] = src[i];
}

__global__ void repack_kernel(const std::uint8_t* src, std::int64_t rows, DeviceMatrix w, std::int64_t first_row) {
  const LayoutInfo l = layout_info(w.type);
  const std::int64_t blocks_per_row = w.n_in / l.block_weights;
  const std::int64_t idx = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (idx >= rows * blocks_per_row) return;
  const std::int64_t row = idx / blocks_per_row, b = idx % blocks_per_row;
  const std::uint8_t* p = src + idx * l.gguf_block_bytes;
  std::uint8_t* q = const_cast<std::uint8_t*>(w.quants) + (first_row + row) * w.quant_pitch + b * l.quant_bytes;
  std::uint8_t* m = const_cast<std::uint8_t*>(w.meta) + (first_row + row) * w.meta_pitch + b * l.meta_bytes;
  // GGUF block layouts: nemotron-h.md §3.4.
  switch (w.type) {
    case WeightType::Q4_0:  // d, qs[16]
    case WeightType::Q8_0:  // d, qs[32]
      copy_bytes(m, p, 2);
      m[2] = m[3] = 0;
      copy_bytes(q, p + 2, l.quant_bytes);
      break;
    case WeightType::Q4_1:  // d, m, qs[16]
      copy_bytes(m, p, 4);
      copy_bytes(q, p + 4, 16);
      break;
    case WeightType::Q5_0:  // d, qh[4], qs[16]
      copy_bytes(m, p, 2);
      m[2] = m[3] = 0;
      copy_bytes(m + 4, p + 2, 4);
      copy_bytes(q, p + 6, 16);
      break;
    case WeightType::Q5_1:  // d, m, qh[4], qs[16]
      copy_bytes(m, p, 8);
      copy_bytes(q, p + 8, 16);
      break;
    case WeightType::Q4_K:  // d, dmin, scales[12], qs[128]
      copy_bytes(m, p, 16);
      copy_bytes(q, p + 16, 128);
      break;
    case WeightType::Q5_K:  // d, dmin, scales[12], qh[32], qs[128]
      copy_bytes(m, p, 48);
      copy_bytes(q, p + 48, 128);
      break;
    case WeightType::Q6_K:  // ql[128], qh[64], scales[16], d
      copy_bytes(q, p, 192);
      copy_bytes(m, p + 192, 18);
      m[18] = m[19] = 0;
      break;
    case WeightType::MXFP4:  // e, qs[16]
      m[0] = p[0];
      m[1] = m[2] = m[3] = 0;
      copy_bytes(q, p + 1, 16);
      break;
    default:
      break;
  }
}

}  // namespace

cudaError_t repack_rows(const std::uint8_t* src, std::int64_t rows, const DeviceMatrix& w, std::int64_t first_row,
                        cudaStream_t stream) {
  if (!is_supported(w.type) || rows < 0 || first_row < 0 || first_row + rows > w.n_out * w.n_mat)
    return cudaErrorInvalidValue;
  const LayoutInfo l = layout_info(w.type);
  if (w.n_in % l.block_weights != 0) return cudaErrorInvalidValue;
  if (rows == 0) return cudaSuccess;
  if (l.block_weights == 1) {  // plain floats: rows are copied into the pitched plane as they are
    const std::size_t row_bytes = static_cast<std::size_t>(w.n_in) * l.gguf_block_bytes;
    return cudaMemcpy2DAsync(const_cast<std::uint8_t*>(w.quants) + first_row * w.quant_pitch,
                             static_cast<std::size_t>(w.quant_pitch), src, row_bytes, row_bytes,
                             static_cast<std::size_t>(rows), cudaMemcpyDeviceToDevice, stream);
  }
  const std::int64_t blocks = rows * (w.n_in / l.block_weights);
  const std::int64_t grid = (blocks + kThreads - 1) / kThreads;
  if (grid > 0x7fffffff) return cudaErrorInvalidValue;
  repack_kernel<<<static_cast<unsigned>(grid), kThreads, 0, stream>>>(src, rows, w, first_row);
  return cudaGetLastError();
}

}  // namespace hearth::kernels
