// Mamba-2's gated, grouped RMSNorm on the device (nemotron-h.md §2.1 step 6): v = y ⊙ SiLU(z), then each
// group of group_size elements v_g / sqrt(mean(v_g²) + eps) ⊙ w_g. Same semantics as
// hearth::cpu::gated_group_rms_norm (the gate comes first).
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace hearth::kernels {

// y, out: (rows, n) contiguous (out may alias y); z: (rows, n), row stride ld_z; w: (n).
cudaError_t gated_group_rms_norm(const float* y, const float* z, std::int64_t ld_z, const float* w, float* out,
                                 std::int64_t rows, std::int64_t n, std::int64_t group_size, float eps,
                                 cudaStream_t stream);

}  // namespace hearth::kernels
