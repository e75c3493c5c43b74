#include "runtime/backend_reason.h"

namespace hearth::runtime {

std::string describe_backend_reason(const BackendReason& reason) {
  switch (reason.kind) {
    case BackendReasonKind::FitsOnGpu:
    case BackendReasonKind::DoesNotFitOnGpu:
      return "the model and a " + std::to_string(reason.context_tokens) + "-token context need " +
             format_bytes(reason.bytes_needed) + ", " + reason.gpu + " has " + format_bytes(reason.bytes_free) + " free";
    case BackendReasonKind::CpuRequested: return "the CPU backend was asked for";
    case BackendReasonKind::NoUsableGpu: return describe_no_gpu(reason.no_gpu, reason.detail);
    case BackendReasonKind::GpuLoadFailed: return "loading onto " + reason.gpu + " failed (" + reason.detail + ")";
  }
  return {};
}

}  // namespace hearth::runtime
