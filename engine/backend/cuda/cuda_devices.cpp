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
    report.why_no_gpu = "no CUDA driver is installed";
    return report;
  }
  int count = 0;
  cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess || count == 0) {
    report.why_no_gpu = err != cudaSuccess ? std::string("no usable CUDA device: ") + cudaGetErrorString(err)
                                           : std::string("no CUDA device found");
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
  if (report.gpus.empty()) report.why_no_gpu = "CUDA devices could not be queried";
  return report;
}

}  // namespace hearth
