// Turns GGUF rows (blocks that mix scales and quants) into the two-plane device layout of weight_layout.cuh.
// The loader uploads a chunk of whole rows into a staging buffer and repacks it into the final planes, so the
// host never holds a second copy of the model.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

#include "weight_layout.cuh"

namespace hearth::kernels {

// src: `rows` consecutive GGUF rows of w.n_in weights (device memory). They become rows
// [first_row, first_row + rows) of w, counting across the whole stack (row r of matrix e is e·n_out + r).
// w.quants / w.meta must point at writable planes sized (n_mat·n_out) × pitch.
cudaError_t repack_rows(const std::uint8_t* src, std::int64_t rows, const DeviceMatrix& w, std::int64_t first_row,
                        cudaStream_t stream);

}  // namespace hearth::kernels
