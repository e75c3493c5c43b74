// Grouped GEMM for MoE prefill: every expert's tokens times that expert's matrix, in one launch, reading the
// repacked quantised weights (weight_layout.cuh) directly: no dequantised copy, no per-expert launches.
//
// Design: the grid is (64-output tiles, experts). A block reads its expert's row range from the device offsets
// and exits at once when it is empty, so the host needs no per-expert counts and the launch can sit in a CUDA
// graph. Otherwise it walks the expert's rows 32 at a time; for each 128-input span it decodes the 64 × 128
// weight tile into shared memory as fp32 (dequant_unit.cuh, the GEMV's decoding) and the 32 × 128 input tile
// beside it, and each of its 128 threads accumulates a 4 × 4 block of outputs in fp32 registers. Weights are
// read from memory once per expert for up to 32 rows (real prefill gives ~20 rows per expert per 512 tokens);
// an expert with more rows re-reads its tiles once per 32 rows, mostly from L2. Each output is one thread's
// sum in a fixed order, so runs are bit-identical.
//
// MatmulPrecision::Half is the same op on f16 tensor cores, for prefill outside precise mode (as the dense
// prefill's cuBLAS half GEMM, engine/backend/cuda/cuda_matmul.cpp): the fp32 kernel reaches ~17 TFLOP/s on
// the H200 and the Super expert stacks were 79% of prefill. Each block owns 128 outputs × 32 rows; per
// 128-input span it decodes the weight tile straight to f16 in shared memory, converts the input tile to f16
// there (each row scaled by a power of two so that its span's largest value is in [2^14, 2^15): no
// overflow, undone exactly in fp32), and its 8 warps multiply with mma.sync m16n8k16 into fp32 accumulators.
// Rounding both operands to f16 (11 significant bits, ≤ 2^-11 relative each) bounds the error of an output
// by about 2^-10·Σ|w·x|; fp32 accumulation adds nothing comparable. Same contract, same determinism.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

#include "weight_layout.cuh"

namespace hearth::kernels {

// Fp32: fp32 products and sums (precise prefill). Half: f16 operands, fp32 accumulation (tensor cores).
enum class MatmulPrecision { Fp32, Half };

// For each expert e < stack.n_mat and each row r in [offsets[e], offsets[e+1]):
//   y[r·n_out + o] = Σ_i W_e[o, i]·x[r·n_in + i]   for o < n_out,
// with n_in = stack.n_in, n_out = stack.n_out, W_e matrix e of the stack.
// x: (n_rows, n_in) f32 row-major, rows grouped by expert, 16-byte aligned. y: (n_rows, n_out) f32, not
// overlapping x.
// offsets: DEVICE array of n_mat + 1 non-decreasing prefix sums in [0, n_rows]; experts may be empty. Rows
// outside [offsets[0], offsets[n_mat]) are left untouched. Values outside [0, n_rows] are clamped (never an
// out-of-bounds access) but make the result meaningless.
// precision picks the kernel (both take every type, shape and grouping the other takes).
// Returns the launch status; cudaErrorInvalidValue for a type or row length the kernel does not handle (the
// same set as gemv), an unknown precision or a misaligned x. n_rows == 0 launches nothing.
cudaError_t moe_grouped_matmul(const DeviceMatrix& stack, const float* x, std::int64_t n_rows,
                               const std::int32_t* offsets, float* y, cudaStream_t stream,
                               MatmulPrecision precision = MatmulPrecision::Fp32);

}  // namespace hearth::kernels
