#include "backend/device_info.h"

#include <cstdio>

#include "core/build_info.h"

namespace hearth {

#if HEARTH_HAVE_CUDA
DeviceReport query_cuda_devices();  // backend/cuda/cuda_devices.cpp
#endif

DeviceReport query_devices() {
#if HEARTH_HAVE_CUDA
  return query_cuda_devices();
#else
  DeviceReport report;
  report.no_gpu = NoGpuCause::NoCudaInBuild;
  report.why_no_gpu = describe_no_gpu(report.no_gpu, report.cuda_error);
  return report;
#endif
}

std::string describe_no_gpu(NoGpuCause cause, const std::string& cuda_error) {
  switch (cause) {
    case NoGpuCause::None: return {};
    case NoGpuCause::NoCudaInBuild: return "this build has no CUDA backend";
    case NoGpuCause::NoDriver: return "no CUDA driver is installed";
    case NoGpuCause::NoDevice: return cuda_error.empty() ? "no CUDA device found" : "no usable CUDA device: " + cuda_error;
    case NoGpuCause::DeviceQueryFailed: return "CUDA devices could not be queried";
  }
  return {};
}

std::string format_cuda_version(int version) {
  if (version <= 0) return "none";
  return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

std::string format_bytes(std::uint64_t bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024.0 && unit < 4) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

std::string describe_backend(const DeviceReport& report) {
  if (report.gpus.empty()) return "CPU (" + report.why_no_gpu + ")";
  const GpuInfo& gpu = report.gpus.front();
  return "CUDA: " + gpu.name + " (sm_" + std::to_string(gpu.cc_major) + std::to_string(gpu.cc_minor) + "), " +
         format_bytes(gpu.free_bytes) + " free of " + format_bytes(gpu.total_bytes);
}

}  // namespace hearth
