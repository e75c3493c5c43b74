// Row gathers and the f32 → bf16 conversion that feed the prefill GEMMs.
#pragma once

#include <cstdint>

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

namespace hearth::kernels {

// dst[r·n + i] = src[idx[r]·ld_src + i] for r < n_rows (idx on the device): tokens grouped by expert.
cudaError_t gather_rows(const float* src, std::int64_t ld_src, const std::int32_t* idx, std::int64_t n_rows,
                        std::int64_t n, float* dst, cudaStream_t stream);

// dst[i] = bf16(src[i]), round to nearest even.
cudaError_t f32_to_bf16(const float* src, __nv_bfloat16* dst, std::int64_t n, cudaStream_t stream);

// Per-row scaled fp16 for the prefill GEMMs: scale[r] = max_i |src[r, i]| (1 for an all-zero row) and
// dst[r, i] = fp16(src[r, i] / scale[r]), so no activation overflows fp16 and each keeps fp16's 11-bit
// precision whatever the row's magnitude. rows ≤ 65535.
cudaError_t f32_to_f16_row_scaled(const float* src, std::int64_t rows, std::int64_t n, __half* dst, float* scale,
                                  cudaStream_t stream);

// y[r, i] *= scale[r]: undoes the row scaling after the GEMM.
cudaError_t scale_rows(float* y, std::int64_t rows, std::int64_t n, const float* scale, cudaStream_t stream);

}  // namespace hearth::kernels
