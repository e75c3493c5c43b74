// One backend reason of each kind with fixed fields, shared by the engine's English goldens
// (tests/runtime/test_backend_reason.cpp) and the app's sentences in the interface language
// (tests/app/test_backend_choice.cpp), so both word the same cases.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/backend_reason.h"

namespace hearth_test {

struct ReasonSample {
  std::string name;
  hearth::runtime::BackendReason reason;
};

inline std::vector<ReasonSample> backend_reason_samples() {
  using hearth::NoGpuCause;
  using Kind = hearth::runtime::BackendReasonKind;
  constexpr std::uint64_t kGiB = 1ull << 30;
  constexpr std::uint64_t kFree = 149571214131ull;  // 139.3 GiB
  auto sizes = [&](Kind kind, std::uint64_t needed) {
    hearth::runtime::BackendReason r;
    r.kind = kind;
    r.bytes_needed = needed;
    r.bytes_free = kFree;
    r.context_tokens = 8257;
    r.gpu = "NVIDIA H200";
    return r;
  };
  auto other = [](Kind kind, NoGpuCause no_gpu, std::string gpu, std::string detail) {
    hearth::runtime::BackendReason r;
    r.kind = kind;
    r.no_gpu = no_gpu;
    r.gpu = std::move(gpu);
    r.detail = std::move(detail);
    return r;
  };
  return {
      {"fits on the GPU", sizes(Kind::FitsOnGpu, 44 * kGiB)},
      {"does not fit", sizes(Kind::DoesNotFitOnGpu, 150 * kGiB + kGiB / 2)},
      {"CPU asked for", other(Kind::CpuRequested, NoGpuCause::None, {}, {})},
      {"GPU load failed", other(Kind::GpuLoadFailed, NoGpuCause::None, "NVIDIA GeForce RTX 4090",
                                "cudaMalloc of 2.0 GiB failed: out of memory")},
      {"no CUDA in the build", other(Kind::NoUsableGpu, NoGpuCause::NoCudaInBuild, {}, {})},
      {"no driver", other(Kind::NoUsableGpu, NoGpuCause::NoDriver, {}, {})},
      {"no device", other(Kind::NoUsableGpu, NoGpuCause::NoDevice, {}, {})},
      {"device refused", other(Kind::NoUsableGpu, NoGpuCause::NoDevice, {}, "all CUDA-capable devices are busy")},
      {"query failed", other(Kind::NoUsableGpu, NoGpuCause::DeviceQueryFailed, {}, {})},
  };
}

}  // namespace hearth_test
