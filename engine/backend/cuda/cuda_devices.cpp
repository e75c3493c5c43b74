// Device discovery through the CUDA runtime. Compiled only when the build has the CUDA backend; a
// machine without a driver or a GPU still runs the same binary and gets a reason instead of a GPU.
#include <cuda_runtime_api.h>

#include "backend/device_info.h"
#include "core/build_info.h"

namespace hearth {

DeviceReport query_cuda_devices() {
  DeviceReport report;
  report.built_with_cuda = true;
  report.cuda_architectures = HEARTH_CUDA_ARCHITECTURES;
  cudaRuntimeGetVersion(&report.runtime_version);
  if (cudaDriverGetVersion(&report.driver_version) != cudaSuccess || report.driver_version == 0) {
    report.driver_version = 0;
    report.no_gpu = NoGpuCause::NoDriver;
    report.why_no_gpu = describe_no_gpu(report.no_gpu, report.cuda_error);
    return report;
  }
  int count = 0;
  cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess || count == 0) {
    report.no_gpu = NoGpuCause::NoDevice;
    if (err != cudaSuccess) report.cuda_error = cudaGetErrorString(err);
    report.why_no_gpu = describe_no_gpu(report.no_gpu, report.cuda_error);
    cudaGetLastError();  // clear the sticky-free error so later calls start clean
    return report;
  }
  for (int i = 0; i < count; ++i) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
    GpuInfo gpu;
    gpu.index = i;
    gpu.name = prop.name;
    gpu.cc_major = prop.major;
    gpu.cc_minor = prop.minor;
    gpu.total_bytes = prop.totalGlobalMem;
    gpu.multiprocessors = prop.multiProcessorCount;
    gpu.integrated = prop.integrated != 0;
    size_t free_bytes = 0, total_bytes = 0;
    if (cudaSetDevice(i) == cudaSuccess && cudaMemGetInfo(&free_bytes, &total_bytes) == cudaSuccess) {
      gpu.free_bytes = free_bytes;
      gpu.total_bytes = total_bytes;
    }
    report.gpus.push_back(gpu);
  }
  if (report.gpus.empty()) {
    report.no_gpu = NoGpuCause::DeviceQueryFailed;
    report.why_no_gpu = describe_no_gpu(report.no_gpu, report.cuda_error);
  }
  return report;
}

}  // namespace hearth
