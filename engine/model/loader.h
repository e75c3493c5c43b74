// Opens a Nemotron-H GGUF for a backend: header, hyperparameters, strict binding, then (CPU backend) the
// memory map made resident, page by page in file order, with a progress callback and cancellation. The
// CUDA backend will copy the same tensors into device buffers from the same walk.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "gguf/gguf_file.h"
#include "model/model_config.h"
#include "model/weights.h"

namespace hearth::model {

struct LoadOptions {
  // Called with (bytes done, bytes total) after every chunk and once at the end; total is the tensor data.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
  // Checked between chunks; when it reads true the load stops with ErrorCode::Cancelled.
  const std::atomic<bool>* cancel = nullptr;
  // Touch every page so the first token does not stall on page faults (off: leave it to demand paging).
  bool prefault = true;
  std::uint64_t chunk_bytes = 64ull << 20;
};

struct LoadedModel {
  std::unique_ptr<gguf::File> file;  // owns the map every tensor view points into
  ModelConfig config;
  ModelWeights weights;
};

// Errors: everything gguf::File::open, read_config and bind_weights report; Cancelled.
Result<LoadedModel> load_model(const std::string& path, const LoadOptions& options = {});

// The header part alone (no page touched): config and bound weights of an open file.
Result<LoadedModel> bind_model(std::unique_ptr<gguf::File> file);

}  // namespace hearth::model
