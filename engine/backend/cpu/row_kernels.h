// Per-row kernels over GGUF weight types: a dot product of one stored row with f32 activations, and a row
// dequantised to f32. The types on the hot path of published Nemotron files (q4_K, q5_0, q6_K, q8_0, bf16,
// f16, f32; nemotron-h.md §3.3) are decoded here block by block in registers, fused with the dot product;
// every other dequantisable type goes through gguf::dequantize_row into per-thread scratch. Accumulation
// is fp32. Callers pass rows validated by make_weight_view (n a multiple of the type's block size).
#pragma once

#include <cstdint>

#include "gguf/tensor_types.h"

namespace hearth::cpu {

// True when dot_row and decode_row decode this type themselves (no scratch, no call into gguf).
bool has_fused_kernel(gguf::TensorType type);

// Σ_i w[i]·x[i] over the n elements of one row stored at `row`.
float dot_row(gguf::TensorType type, const void* row, const float* x, std::int64_t n);

// out[0..n) = the row as f32.
void decode_row(gguf::TensorType type, const void* row, float* out, std::int64_t n);

}  // namespace hearth::cpu
