// Row gathers and the f32 → bf16 conversion that feed the prefill GEMMs.
#pragma once

#include <cstdint>

#include <cuda_bf16.h>
#include <cuda_runtime.h>

namespace hearth::kernels {

// dst[r·n + i] = src[idx[r]·ld_src + i] for r < n_rows (idx on the device): tokens grouped by expert.
cudaError_t gather_rows(const float* src, std::int64_t ld_src, const std::int32_t* idx, std::int64_t n_rows,
                        std::int64_t n, float* dst, cudaStream_t stream);

// dst[i] = bf16(src[i]), round to nearest even.
cudaError_t f32_to_bf16(const float* src, __nv_bfloat16* dst, std::int64_t n, cudaStream_t stream);

}  // namespace hearth::kernels
