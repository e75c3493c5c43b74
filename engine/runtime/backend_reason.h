// Why a loaded model runs on the backend it runs on, kept as data: the kind of reason plus the sizes and names
// it rests on. The command line prints describe_backend_reason() (English, one sentence built from these fields
// and nowhere else); the app words the same fields in the user's language. Only text that is inherently
// technical (a CUDA runtime error, an engine error message) travels as words, in `detail`.
#pragma once

#include <cstdint>
#include <string>

#include "backend/device_info.h"

namespace hearth::runtime {

enum class BackendReasonKind {
  FitsOnGpu,        // CUDA: the model and a session of the planned context fit in the GPU's free memory
  CpuRequested,     // CPU: the CPU backend was asked for
  NoUsableGpu,      // CPU: no GPU can be used; no_gpu says why (a build without CUDA among them)
  DoesNotFitOnGpu,  // CPU: the model and a session of the planned context need more than the GPU has free
  GpuLoadFailed,    // CPU: loading onto the GPU ran out of memory or hit a device error; detail says which
};

struct BackendReason {
  BackendReasonKind kind = BackendReasonKind::CpuRequested;
  // FitsOnGpu, DoesNotFitOnGpu: the estimate (weights, a session's state and KV cache, a margin), the GPU's free
  // memory before the load, and the context the estimate counts.
  std::uint64_t bytes_needed = 0;
  std::uint64_t bytes_free = 0;
  std::int64_t context_tokens = 0;
  std::string gpu;                        // FitsOnGpu, DoesNotFitOnGpu, GpuLoadFailed: the GPU's name
  NoGpuCause no_gpu = NoGpuCause::None;   // NoUsableGpu
  // Technical text, in English: NoUsableGpu the CUDA runtime's error (DeviceReport::cuda_error, may be empty),
  // GpuLoadFailed the engine's error message. Empty for the other kinds.
  std::string detail;
};

// The English sentence: "the model and a 8257-token context need 44.0 GiB, NVIDIA H200 has 139.3 GiB free",
// "the CPU backend was asked for", "this build has no CUDA backend", "loading onto <gpu> failed (<message>)"...
std::string describe_backend_reason(const BackendReason& reason);

}  // namespace hearth::runtime
