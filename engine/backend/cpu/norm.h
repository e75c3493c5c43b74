// RMSNorm as Nemotron-H uses it before every block and at the end: y = x / sqrt(mean(x²) + eps) ⊙ w.
// Reference semantics for the CUDA kernel of the same name (kernels/rms_norm.cuh).
#pragma once

#include <cstdint>

namespace hearth::cpu {

// x, y: (rows, n) row-major; w: (n). y may alias x.
void rms_norm(const float* x, const float* w, float* y, std::int64_t rows, std::int64_t n, float eps);

}  // namespace hearth::cpu

namespace hearth::cpu {

// Mamba-2's gated, grouped RMSNorm (HF MambaRMSNormGated with norm_before_gate = False; nemotron-h.md §2.1
// step 6): v = y ⊙ SiLU(z) over the row, then each group of group_size elements is normalised on its own,
// v_g / sqrt(mean(v_g²) + eps) ⊙ w_g. The gate comes first: rms(y ⊙ silu(z)), not silu(z) ⊙ rms(y).
// y, out: (rows, n) contiguous (out may alias y); z: (rows, n) with row stride ld_z; w: (n).
void gated_group_rms_norm(const float* y, const float* z, std::int64_t ld_z, const float* w, float* out,
                          std::int64_t rows, std::int64_t n, std::int64_t group_size, float eps);

}  // namespace hearth::cpu
