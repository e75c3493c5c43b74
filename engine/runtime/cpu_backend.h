// The CPU reference backend behind the ModelBackend interface: a CpuModel, and per sequence a SessionState
// (host memory) with the Forward that advances it.
#pragma once

#include <memory>

#include "runtime/cpu_model.h"
#include "runtime/model_backend.h"

namespace hearth::runtime {

// Wraps a prepared CPU model (shared: several backends or sessions may hold it).
std::shared_ptr<ModelBackend> make_cpu_backend(std::shared_ptr<const CpuModel> model);

}  // namespace hearth::runtime
