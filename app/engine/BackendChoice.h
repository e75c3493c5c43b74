// Where a loaded model runs and why, in one place, in the interface language: the engine keeps its reason as
// data (runtime::BackendReason: a kind, sizes, names) and this words it with tr(), sizes and counts in the
// user's locale. Everything else reads LoadedModelInfo.
#pragma once

#include <QString>

#include "backend/device_info.h"

namespace hearth::runtime {
struct BackendReason;
struct ModelBundle;
}  // namespace hearth::runtime

namespace hearth::app {

struct BackendChoice {
  QString backend;  // "CUDA" or "CPU"
  QString device;   // the GPU's or the processor's name
  QString reason;   // why this backend, a sentence in the interface language
};

// The backend `bundle` runs on, and why.
BackendChoice backendChoice(const runtime::ModelBundle& bundle);

// Why a model runs where it runs: "The model and a context of 8,257 tokens need 44.0 GiB, and NVIDIA H200 has
// 139.3 GiB free, so the model runs on the GPU." GPU names and engine error messages are inserted as they are.
QString backendReasonText(const runtime::BackendReason& reason);

// Why there is no GPU to use ("No CUDA driver is installed."): `cudaError` is the CUDA runtime's own message
// (DeviceReport::cuda_error), shown as it is. Empty for NoGpuCause::None.
QString noGpuText(hearth::NoGpuCause cause, const QString& cudaError);

// The processor's model name (Linux: "model name" in /proc/cpuinfo), or a generic name when unknown.
QString processorName();

}  // namespace hearth::app
