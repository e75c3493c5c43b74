// Matrix-vector products for decode (batch 1): y = W·x with W repacked in device memory (weight_layout.cuh),
// x and y fp32, fp32 accumulation. One warp per output row; every weight byte is read once, in 16-byte loads.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

#include "weight_layout.cuh"

namespace hearth::kernels {

// y[r] = Σ_i W[r, i]·x[i] for r < W.n_out (matrix 0 of the stack). Returns the launch status;
// cudaErrorInvalidValue for a type or row length the kernels do not handle.
cudaError_t gemv(const DeviceMatrix& w, const float* x, float* y, cudaStream_t stream);

// For an expert stack: for each slot s < n_slots, y[s·n_out + r] = Σ_i W[ids[s]][r, i]·x[s·x_stride + i].
// ids live on the device (MoE routing writes them there); x_stride 0 shares one input across the slots.
cudaError_t gemv_experts(const DeviceMatrix& w, const std::int32_t* ids, int n_slots, const float* x,
                         std::int64_t x_stride, float* y, cudaStream_t stream);

}  // namespace hearth::kernels
