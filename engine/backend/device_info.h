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

// Why a report has no GPU, as data so the app can say it in the user's language (why_no_gpu says it in English).
enum class NoGpuCause {
  None,               // there is a GPU
  NoCudaInBuild,      // compiled without the CUDA backend
  NoDriver,           // no CUDA driver is installed
  NoDevice,           // the driver reports no device, or refuses (cuda_error says how)
  DeviceQueryFailed,  // devices exist but none could be queried
};

struct DeviceReport {
  bool built_with_cuda = false;
  std::string cuda_architectures;  // the build's targets, e.g. "90;121"; empty without CUDA
  int runtime_version = 0;         // e.g. 13000 for CUDA 13.0; 0 without CUDA
  int driver_version = 0;          // 0 when no driver is installed
  std::vector<GpuInfo> gpus;
  NoGpuCause no_gpu = NoGpuCause::None;  // set when gpus is empty
  std::string cuda_error;  // NoDevice: the CUDA runtime's own message when it refused; empty when it found none
  std::string why_no_gpu;  // set when gpus is empty: describe_no_gpu(no_gpu, cuda_error)
};

// Queries the CUDA runtime (when built with it). Never fails: problems end up in why_no_gpu.
DeviceReport query_devices();

// The English sentence for a missing GPU: "no CUDA driver is installed", "no usable CUDA device: <error>", ...
std::string describe_no_gpu(NoGpuCause cause, const std::string& cuda_error);

// "13.0" from 13000.
std::string format_cuda_version(int version);
// "139.2 GiB"
std::string format_bytes(std::uint64_t bytes);
// One line for a status bar or a log: "CUDA: NVIDIA H200 (sm_90), 139.2 GiB free of 140.4 GiB" or "CPU: <why>".
std::string describe_backend(const DeviceReport& report);

}  // namespace hearth
