#include "backend/cuda/cuda_ceilings.h"

#include <cublas_v2.h>
#include <cuda_bf16.h>
#include <cuda_runtime_api.h>

#include "backend/cuda/cuda_check.h"
#include "backend/cuda/device_buffer.h"

namespace hearth::cuda {
namespace {

constexpr std::size_t kCopyBytes = 1ull << 30;  // far beyond any cache
constexpr int kGemmN = 8192;                    // square bf16 GEMM: 1.1 TFLOP per call
constexpr int kRepeats = 10;

// Times `work` run kRepeats times after one warm-up, with events on `stream`.
template <typename Work>
Result<double> time_seconds(cudaStream_t stream, Work work) {
  HEARTH_TRY(work());
  cudaEvent_t start = nullptr, stop = nullptr;
  HEARTH_CUDA_CHECK(cudaEventCreate(&start));
  HEARTH_CUDA_CHECK(cudaEventCreate(&stop));
  Status s = Status::ok();
  if (cudaEventRecord(start, stream) != cudaSuccess) s = Status::error(ErrorCode::DeviceError, "cudaEventRecord failed");
  for (int i = 0; i < kRepeats && s.is_ok(); ++i) s = work();
  float ms = 0.0f;
  if (s.is_ok() && (cudaEventRecord(stop, stream) != cudaSuccess || cudaEventSynchronize(stop) != cudaSuccess ||
                    cudaEventElapsedTime(&ms, start, stop) != cudaSuccess))
    s = Status::error(ErrorCode::DeviceError, "timing with CUDA events failed");
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  if (!s.is_ok()) return s;
  return static_cast<double>(ms) / 1000.0 / kRepeats;
}

}  // namespace

Result<Ceilings> measure_ceilings(int device) {
  HEARTH_CUDA_CHECK(cudaSetDevice(device));
  cudaStream_t stream = nullptr;
  HEARTH_CUDA_CHECK(cudaStreamCreate(&stream));
  Ceilings c;
  Status status = [&]() -> Status {
    {
      Result<DeviceBuffer> a = DeviceBuffer::allocate(kCopyBytes, "the bandwidth probe");
      if (!a) return a.status();
      Result<DeviceBuffer> b = DeviceBuffer::allocate(kCopyBytes, "the bandwidth probe");
      if (!b) return b.status();
      HEARTH_CUDA_CHECK(cudaMemsetAsync(a->get(), 1, kCopyBytes, stream));
      Result<double> t = time_seconds(stream, [&]() -> Status {
        HEARTH_CUDA_CHECK(cudaMemcpyAsync(b->get(), a->get(), kCopyBytes, cudaMemcpyDeviceToDevice, stream));
        return Status::ok();
      });
      if (!t) return t.status();
      c.copy_bytes_per_second = 2.0 * static_cast<double>(kCopyBytes) / *t;  // each byte read once, written once
    }
    const std::size_t n = kGemmN;
    Result<DeviceBuffer> a = DeviceBuffer::allocate(n * n * sizeof(__nv_bfloat16), "the GEMM probe");
    if (!a) return a.status();
    Result<DeviceBuffer> b = DeviceBuffer::allocate(n * n * sizeof(__nv_bfloat16), "the GEMM probe");
    if (!b) return b.status();
    Result<DeviceBuffer> d = DeviceBuffer::allocate(n * n * sizeof(__nv_bfloat16), "the GEMM probe");
    if (!d) return d.status();
    // 0x3c00 as bf16 is 2^-7: small finite values, so no denormal or overflow path is timed.
    HEARTH_CUDA_CHECK(cudaMemsetAsync(a->get(), 0x3c, a->size(), stream));
    HEARTH_CUDA_CHECK(cudaMemsetAsync(b->get(), 0x3c, b->size(), stream));
    cublasHandle_t handle = nullptr;
    HEARTH_CUBLAS_CHECK(cublasCreate(&handle));
    cublasSetStream(handle, stream);
    const float one = 1.0f, zero = 0.0f;
    const int ni = kGemmN;
    Result<double> t = time_seconds(stream, [&]() -> Status {
      HEARTH_CUBLAS_CHECK(cublasGemmEx(handle, CUBLAS_OP_T, CUBLAS_OP_N, ni, ni, ni, &one, a->get(), CUDA_R_16BF, ni,
                                       b->get(), CUDA_R_16BF, ni, &zero, d->get(), CUDA_R_16BF, ni,
                                       CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
      return Status::ok();
    });
    cublasDestroy(handle);
    if (!t) return t.status();
    c.bf16_flops_per_second = 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n) / *t;
    return Status::ok();
  }();
  cudaStreamDestroy(stream);
  if (!status.is_ok()) return status;
  return c;
}

}  // namespace hearth::cuda
