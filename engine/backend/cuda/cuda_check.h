// CUDA and cuBLAS failures as values: the failing call, file and line, and the runtime's own words. A desktop
// app must survive a GPU error (out of memory above all), so nothing here aborts.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include "core/status.h"

namespace hearth::cuda {

Status cuda_error(cudaError_t err, const char* call, const char* file, int line);
Status cublas_error(cublasStatus_t err, const char* call, const char* file, int line);

}  // namespace hearth::cuda

#define HEARTH_CUDA_CHECK(call)                                                                      \
  do {                                                                                               \
    const cudaError_t hearth_cuda_err_ = (call);                                                     \
    if (hearth_cuda_err_ != cudaSuccess) return ::hearth::cuda::cuda_error(hearth_cuda_err_, #call, __FILE__, __LINE__); \
  } while (false)

#define HEARTH_CUBLAS_CHECK(call)                                                                       \
  do {                                                                                                  \
    const cublasStatus_t hearth_cublas_err_ = (call);                                                   \
    if (hearth_cublas_err_ != CUBLAS_STATUS_SUCCESS)                                                    \
      return ::hearth::cuda::cublas_error(hearth_cublas_err_, #call, __FILE__, __LINE__);               \
  } while (false)
