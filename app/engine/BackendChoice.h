// Where a loaded model runs and why, in one place: the lead switches this when the engine's bundle gains
// its backend selection (CUDA or CPU, with the reason); everything else reads LoadedModelInfo.
#pragma once

#include <QString>


namespace hearth::runtime {
struct ModelBundle;
}

namespace hearth::app {

struct BackendChoice {
  QString backend;  // "CUDA" or "CPU"
  QString device;   // the GPU's or the processor's name
  QString reason;   // why this backend, in words
};

// The backend `bundle` runs on. Today every bundle is the CPU runtime's.
BackendChoice backendChoice(const runtime::ModelBundle& bundle);

// The processor's model name (Linux: "model name" in /proc/cpuinfo), or a generic name when unknown.
QString processorName();

}  // namespace hearth::app
