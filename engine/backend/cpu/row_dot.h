// The dot product of one stored weight row (any dequantisable GGUF type) with f32 activations: the decode
// path of matmul. The hot quantised types are decoded in registers (fused_dot.h); every other type is
// dequantised by the gguf layer in L1-sized pieces into a stack buffer and consumed at once, so each weight
// byte is read from memory once and the f32 copy never leaves L1.
// Accumulation is fp32 in 16 partial sums.
#pragma once

#include <cstdint>

#include "gguf/tensor_types.h"

namespace hearth::cpu {

// Σ_i w[i]·x[i] over the n elements of the row stored at `row` (n a multiple of the type's block size, as
// make_weight_view validated).
float dot_row(gguf::TensorType type, const void* row, const float* x, std::int64_t n);

}  // namespace hearth::cpu
