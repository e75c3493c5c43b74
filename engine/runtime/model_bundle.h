// Everything a conversation needs from one GGUF file, loaded together: the model on the backend that suits
// this machine, the tokenizer from the file's metadata, and the file's own chat template (or the built-in
// Nemotron 3 layout when it has none). The command line and the app's engine worker both start here.
//
// Backend choice (Auto): CUDA when this build has it, a GPU is present and the model plus a session of the
// planned context fits in its free memory; the CPU otherwise. The choice keeps its reason as data (kind, sizes,
// names: runtime/backend_reason.h) and says it in English words on request ("the model and a 4096-token
// context need 36.1 GiB, NVIDIA H200 has 139.3 GiB free", "no CUDA driver is installed"...). A GPU load that
// fails for lack of memory falls back to the CPU and says so.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "chat/chat_template.h"
#include "core/status.h"
#include "model/loader.h"
#include "runtime/backend_reason.h"
#include "runtime/cpu_model.h"
#include "runtime/model_backend.h"
#include "tokenizer/tokenizer.h"

namespace hearth::runtime {

enum class BackendPreference { Auto, Cpu, Cuda };

struct BundleOptions {
  model::LoadOptions load;     // progress (bytes read or uploaded) and cancellation
  int n_threads = 0;           // CPU backend: 0 = every core
  BackendPreference backend = BackendPreference::Auto;
  std::int64_t n_ctx = 4096;   // the context a session will ask for, counted in "does it fit"
  bool kv_f16 = true;
  std::int64_t max_batch = 512;      // CUDA: tokens per prefill forward
  bool precise_prefill = false;      // CUDA: fp32 prefill GEMMs
  bool cuda_graphs = true;           // CUDA: decode steps replay a captured graph
};

struct BackendChoice {
  BackendKind kind = BackendKind::Cpu;
  std::string device;  // GPU or CPU name
  BackendReason why;   // why this backend, as data for the app to put in the user's language
  // Why this backend, in English words (the command line's text), made from `why`.
  std::string reason() const { return describe_backend_reason(why); }
};

struct LoadStats {
  double seconds = 0.0;
  std::uint64_t bytes = 0;            // weight bytes read from the file
  std::uint64_t rss_before_bytes = 0;
  std::uint64_t peak_rss_bytes = 0;   // the process's high-water mark after the load
};

struct ModelBundle {
  std::shared_ptr<ModelBackend> backend;
  std::shared_ptr<CpuModel> model;  // the CPU backend's model; null when the model runs on the GPU
  // The file's header as bound (config, tensors, metadata) whichever backend computes: for describing the
  // model. On the GPU it maps the file without touching its pages.
  std::shared_ptr<const model::LoadedModel> source;
  std::shared_ptr<const tokenizer::Tokenizer> tokenizer;
  chat::ChatTemplate chat_template;
  bool has_own_template = false;  // false: the file had none and the built-in layout is used
  BackendChoice choice;
  LoadStats load_stats;

  const model::ModelConfig& config() const { return backend->config(); }
  // The ids that end a reply (</s>, <|im_end|>, ...), for GenerateOptions::eog_tokens.
  std::vector<std::int32_t> eog_tokens() const;
  // Token → text for stop strings and streaming (control tokens render as nothing).
  std::function<std::string(std::int32_t)> piece_function() const;
};

// Errors: those of the file, binding and weight upload (IoError, MalformedFile, UnsupportedType, OutOfMemory,
// DeviceError, Cancelled), of the tokenizer or the template, each naming what is wrong; NotAvailable when CUDA
// is asked for and cannot be used.
Result<ModelBundle> load_model_bundle(const std::string& path, const BundleOptions& options);
// The automatic backend choice with default options.
Result<ModelBundle> load_model_bundle(const std::string& path, const model::LoadOptions& options = {}, int n_threads = 0);

}  // namespace hearth::runtime
