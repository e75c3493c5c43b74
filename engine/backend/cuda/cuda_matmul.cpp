#include "backend/cuda/cuda_matmul.h"

#include <algorithm>
#include <utility>

#include "backend/cuda/cuda_check.h"
#include "kernels/dequantize.cuh"
#include "kernels/gather.cuh"
#include "kernels/gemv.cuh"

namespace hearth::cuda {

Result<Matmul> Matmul::create(std::int64_t max_tokens, std::int64_t max_n_in, std::size_t max_tile_bytes) {
  Matmul m;
  m.max_tokens_ = max_tokens;
  m.max_n_in_ = max_n_in;
  if (cublasCreate(&m.handle_) != CUBLAS_STATUS_SUCCESS)
    return Status::error(ErrorCode::DeviceError, "cuBLAS could not be initialised");
  Result<DeviceBuffer> tile = DeviceBuffer::allocate(max_tile_bytes, "the prefill weight tile");
  if (!tile) return tile.status();
  m.tile_ = std::move(tile.value());
  Result<DeviceBuffer> xh =
      DeviceBuffer::allocate(static_cast<std::size_t>(max_tokens * max_n_in) * sizeof(__half), "prefill activations");
  if (!xh) return xh.status();
  m.x_half_ = std::move(xh.value());
  Result<DeviceBuffer> scale = DeviceBuffer::allocate(static_cast<std::size_t>(max_tokens) * sizeof(float), "prefill scales");
  if (!scale) return scale.status();
  m.scale_ = std::move(scale.value());
  return m;
}

Matmul::Matmul(Matmul&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      tile_(std::move(other.tile_)),
      x_half_(std::move(other.x_half_)),
      scale_(std::move(other.scale_)),
      max_tokens_(other.max_tokens_),
      max_n_in_(other.max_n_in_),
      precise_(other.precise_) {}

Matmul& Matmul::operator=(Matmul&& other) noexcept {
  if (this != &other) {
    if (handle_) cublasDestroy(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
    tile_ = std::move(other.tile_);
    x_half_ = std::move(other.x_half_);
    scale_ = std::move(other.scale_);
    max_tokens_ = other.max_tokens_;
    max_n_in_ = other.max_n_in_;
    precise_ = other.precise_;
  }
  return *this;
}

Matmul::~Matmul() {
  if (handle_) cublasDestroy(handle_);
}

Status Matmul::run(const kernels::DeviceMatrix& w, const float* x, std::int64_t n_tokens, float* y,
                   cudaStream_t stream) {
  if (n_tokens <= 0) return Status::ok();
  if (n_tokens < kGemmMinTokens) {
    for (std::int64_t t = 0; t < n_tokens; ++t) HEARTH_CUDA_CHECK(kernels::gemv(w, x + t * w.n_in, y + t * w.n_out, stream));
    return Status::ok();
  }
  if (n_tokens > max_tokens_ || w.n_in > max_n_in_)
    return Status::error(ErrorCode::Internal, "prefill batch of " + std::to_string(n_tokens) + " tokens × " +
                                                  std::to_string(w.n_in) + " exceeds the planned scratch");
  HEARTH_CUBLAS_CHECK(cublasSetStream(handle_, stream));
  const float alpha = 1.0f, beta = 0.0f;
  // Column-major view: Yᵀ (n_out × T, ld n_out) = W (n_out × n_in, stored as Wᵀ with ld n_in) · Xᵀ (n_in × T).
  if (w.type == kernels::WeightType::F32) {
    const int lda = static_cast<int>(w.quant_pitch / 4);
    HEARTH_CUBLAS_CHECK(cublasSgemm(handle_, CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(w.n_out),
                                    static_cast<int>(n_tokens), static_cast<int>(w.n_in), &alpha,
                                    reinterpret_cast<const float*>(w.quants), lda, x, static_cast<int>(w.n_in), &beta,
                                    y, static_cast<int>(w.n_out)));
    return Status::ok();
  }
  if (precision_for(w) == kernels::MatmulPrecision::Fp32) {  // quantised weights, precise: dequantise to f32
    const std::int64_t tile_rows =
        std::max<std::int64_t>(1, static_cast<std::int64_t>(tile_.size() / (sizeof(float) * w.n_in)));
    auto* tile = tile_.as<float>();
    for (std::int64_t row = 0; row < w.n_out; row += tile_rows) {
      const std::int64_t rows = std::min(tile_rows, w.n_out - row);
      HEARTH_CUDA_CHECK(kernels::dequantize_rows_f32(w, row, rows, tile, w.n_in, stream));
      HEARTH_CUBLAS_CHECK(cublasSgemm(handle_, CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(rows),
                                      static_cast<int>(n_tokens), static_cast<int>(w.n_in), &alpha, tile,
                                      static_cast<int>(w.n_in), x, static_cast<int>(w.n_in), &beta, y + row,
                                      static_cast<int>(w.n_out)));
    }
    return Status::ok();
  }
  auto* xh = x_half_.as<__half>();
  auto* scale = scale_.as<float>();
  HEARTH_CUDA_CHECK(kernels::f32_to_f16_row_scaled(x, n_tokens, w.n_in, xh, scale, stream));
  const std::int64_t tile_rows =
      std::max<std::int64_t>(1, static_cast<std::int64_t>(tile_.size() / (sizeof(__half) * w.n_in)));
  auto* tile = tile_.as<__half>();
  for (std::int64_t row = 0; row < w.n_out; row += tile_rows) {
    const std::int64_t rows = std::min(tile_rows, w.n_out - row);
    HEARTH_CUDA_CHECK(kernels::dequantize_rows_f16(w, row, rows, tile, w.n_in, stream));
    HEARTH_CUBLAS_CHECK(cublasGemmEx(handle_, CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(rows),
                                     static_cast<int>(n_tokens), static_cast<int>(w.n_in), &alpha, tile, CUDA_R_16F,
                                     static_cast<int>(w.n_in), xh, CUDA_R_16F, static_cast<int>(w.n_in), &beta,
                                     y + row, CUDA_R_32F, static_cast<int>(w.n_out), CUBLAS_COMPUTE_32F,
                                     CUBLAS_GEMM_DEFAULT));
  }
  HEARTH_CUDA_CHECK(kernels::scale_rows(y, n_tokens, w.n_out, scale, stream));
  return Status::ok();
}

}  // namespace hearth::cuda
