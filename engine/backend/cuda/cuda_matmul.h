// y = x·Wᵀ on the device for T tokens, picking the path by batch size: the GEMV kernels for decode (weights
// read once, in their quantised form), cuBLAS for prefill (weights dequantised tile by tile, then a 16-bit
// tensor-core GEMM with fp32 accumulation; F32 weights, i.e. the router and f32 files, stay fp32 with SGEMM).
//
// The 16-bit operands are IEEE half, not bf16: half keeps 11 mantissa bits to bf16's 8, which matters because
// small differences move MoE routing decisions. Activations are scaled per token to a maximum of 1 before the
// conversion (and the output scaled back), so half's narrower range never overflows; the tensor-core rate is
// the same for both formats.
#pragma once

#include <cstdint>

#include <cublas_v2.h>
#include <cuda_fp16.h>

#include "backend/cuda/device_buffer.h"
#include "core/status.h"
#include "kernels/moe_gemm.cuh"
#include "kernels/weight_layout.cuh"

namespace hearth::cuda {

class Matmul {
 public:
  // `max_tokens`: the largest batch; `max_tile_bytes`: scratch for one dequantised tile of weights.
  static Result<Matmul> create(std::int64_t max_tokens, std::int64_t max_n_in, std::size_t max_tile_bytes);

  // x: (n_tokens, w.n_in) row-major f32; y: (n_tokens, w.n_out) row-major f32; matrix 0 of a stack (expert
  // stacks go through kernels::moe_grouped_matmul).
  Status run(const kernels::DeviceMatrix& w, const float* x, std::int64_t n_tokens, float* y, cudaStream_t stream);

  // Precise: batched products dequantise to f32 and use SGEMM (no 16-bit rounding anywhere), so a prefill
  // computes what step-by-step decode computes. Slower (no tensor cores); for checks and for users who
  // want exactness over speed.
  void set_precise(bool precise) { precise_ = precise; }
  // The arithmetic batched products of `w` get, dense (run) and expert stacks (kernels::moe_grouped_matmul)
  // alike: fp32 when precise or when the weights are f32 (the router, f32 files), 16-bit tensor cores otherwise.
  kernels::MatmulPrecision precision_for(const kernels::DeviceMatrix& w) const {
    return precise_ || w.type == kernels::WeightType::F32 ? kernels::MatmulPrecision::Fp32
                                                          : kernels::MatmulPrecision::Half;
  }

  Matmul() = default;
  Matmul(Matmul&&) noexcept;
  Matmul& operator=(Matmul&&) noexcept;
  ~Matmul();

 private:
  cublasHandle_t handle_ = nullptr;
  DeviceBuffer tile_;    // dequantised weight rows, half
  DeviceBuffer x_half_;  // (T, n_in) scaled activations, half
  DeviceBuffer scale_;   // (T) per-token scale
  std::int64_t max_tokens_ = 0, max_n_in_ = 0;
  bool precise_ = false;
};

// Below this many tokens, T GEMVs read the weights T times but skip the dequantisation; above it the GEMM wins.
constexpr std::int64_t kGemmMinTokens = 5;

}  // namespace hearth::cuda
