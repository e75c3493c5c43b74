// The card's own ceilings, measured in the benchmark's run (../shared/PERFORMANCE.md, step 1): memory
// bandwidth from a large device-to-device copy (bytes read plus bytes written), and the bf16 tensor-core rate
// from a large cuBLAS GEMM. Rooflines are these divided into the work a case must do.
#pragma once

#include "core/status.h"

namespace hearth::cuda {

struct Ceilings {
  double copy_bytes_per_second = 0.0;
  double bf16_flops_per_second = 0.0;
};

// Takes about a second and ~3 GiB of device memory. Errors: OutOfMemory, DeviceError.
Result<Ceilings> measure_ceilings(int device);

}  // namespace hearth::cuda
