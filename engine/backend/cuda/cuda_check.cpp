#include "backend/cuda/cuda_check.h"

#include <cstring>
#include <string>

namespace hearth::cuda {
namespace {

std::string where(const char* call, const char* file, int line) {
  const char* base = std::strrchr(file, '/');
  return std::string(call) + " at " + (base ? base + 1 : file) + ":" + std::to_string(line);
}

}  // namespace

Status cuda_error(cudaError_t err, const char* call, const char* file, int line) {
  cudaGetLastError();  // clear a non-sticky error so the session can go on
  const std::string what = std::string("CUDA error ") + cudaGetErrorName(err) + " (" + cudaGetErrorString(err) +
                           ") in " + where(call, file, line);
  if (err == cudaErrorMemoryAllocation)
    return Status::error(ErrorCode::OutOfMemory, what,
                         "free GPU memory (close other GPU programs), use a smaller context or a smaller model");
  return Status::error(ErrorCode::DeviceError, what, "restarting Hearth resets the GPU state");
}

Status cublas_error(cublasStatus_t err, const char* call, const char* file, int line) {
  const std::string what =
      std::string("cuBLAS error ") + cublasGetStatusName(err) + " (" + cublasGetStatusString(err) + ") in " +
      where(call, file, line);
  if (err == CUBLAS_STATUS_ALLOC_FAILED)
    return Status::error(ErrorCode::OutOfMemory, what, "free GPU memory or use a smaller prefill batch");
  return Status::error(ErrorCode::DeviceError, what);
}

}  // namespace hearth::cuda
