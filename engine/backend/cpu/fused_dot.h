// Dot products that decode the weight blocks of the hot GGUF types block by block, fused with the
// multiply: the decode path for q8_0 and q4_K rows (nemotron-h.md §3.3: q4_K for most tensors of a Q4_K_M
// file, q8_0 for half the 2688-wide expert down projections). The scales are applied once per (sub-)block
// instead of once per weight. Measured: about 2x the dequantise-then-dot path for q4_K; a fused q5_0 was
// not faster than the gguf dequantiser and is left to it.
// Layouts (§3.4), all little-endian, d and dmin fp16:
//   q8_0 (32 w, 34 B)   d, q:int8[32]                    w = d·q
//   q4_K (256 w, 144 B) d, dmin, scales[12], qs[128]     w = d·sc_j·q − dmin·m_j per 32-weight sub-block j
// For q4_K the min term factors out of each sub-block: Σ w·x = d·sc_j·Σ q·x − dmin·m_j·Σ x.
#pragma once

#include <cstdint>

#include "gguf/tensor_types.h"

namespace hearth::cpu {

// Whether fused_dot handles this type.
bool has_fused_dot(gguf::TensorType type);

// Σ w[i]·x[i] over a row of n elements (n a multiple of the block size) of a type has_fused_dot accepts.
float fused_dot(gguf::TensorType type, const void* row, const float* x, std::int64_t n);

}  // namespace hearth::cpu
