// What accelerator this process can use, asked once at start-up and shown in the app's status bar,
// its About box and `hearth-cli --version`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hearth {

struct GpuInfo {
  int index = 0;
  std::string name;
  int cc_major = 0;
  int cc_minor = 0;
  std::uint64_t total_bytes = 0;
  std::uint64_t free_bytes = 0;
  int multiprocessors = 0;
  bool integrated = false;  // shares host memory (DGX Spark's GB10)
};

struct DeviceReport {
  bool built_with_cuda = false;
  std::string cuda_architectures;  // the build's targets, e.g. "90;121"; empty without CUDA
  int runtime_version = 0;         // e.g. 13000 for CUDA 13.0; 0 without CUDA
  int driver_version = 0;          // 0 when no driver is installed
  std::vector<GpuInfo> gpus;
  std::string why_no_gpu;  // set when gpus is empty: "built without CUDA", "no CUDA driver", ...
};

// Queries the CUDA runtime (when built with it). Never fails: problems end up in why_no_gpu.
DeviceReport query_devices();

// "13.0" from 13000.
std::string format_cuda_version(int version);
// "139.2 GiB"
std::string format_bytes(std::uint64_t bytes);
// One line for a status bar or a log: "CUDA: NVIDIA H200 (sm_90), 139.2 GiB free of 140.4 GiB" or "CPU: <why>".
std::string describe_backend(const DeviceReport& report);

}  // namespace hearth
