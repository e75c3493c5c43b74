// Repacked weights (weight_layout.cuh) back to plain numbers on the device: rows of a matrix as f32 or bf16
// (the prefill path feeds them to cuBLAS), and the embedding lookup of token rows.
#pragma once

#include <cstdint>

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include "weight_layout.cuh"

namespace hearth::kernels {

// out[r·ld_out + i] = W[first_row + r][i] for r < rows (rows counted across the stack), as f32.
cudaError_t dequantize_rows_f32(const DeviceMatrix& w, std::int64_t first_row, std::int64_t rows, float* out,
                                std::int64_t ld_out, cudaStream_t stream);
// Same, as bf16 (round to nearest even).
cudaError_t dequantize_rows_bf16(const DeviceMatrix& w, std::int64_t first_row, std::int64_t rows,
                                 __nv_bfloat16* out, std::int64_t ld_out, cudaStream_t stream);

// Same, as IEEE half (the prefill GEMMs' operand: 11-bit mantissa, weights are far inside its range).
cudaError_t dequantize_rows_f16(const DeviceMatrix& w, std::int64_t first_row, std::int64_t rows, __half* out,
                                std::int64_t ld_out, cudaStream_t stream);

// out[t·n_in + i] = W[ids[t]][i]: the embedding rows of n_ids tokens (ids on the device), as f32.
cudaError_t get_rows_f32(const DeviceMatrix& w, const std::int32_t* ids, std::int64_t n_ids, float* out,
                         cudaStream_t stream);

}  // namespace hearth::kernels
