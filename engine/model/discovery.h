// Finds GGUF models already on disk, where other tools keep them, without copying or modifying anything:
//   Ollama        <root>/manifests/<registry>/<namespace>/<model>/<tag> (JSON) → the layer whose mediaType is
//                 application/vnd.ollama.image.model → <root>/blobs/sha256-<hex>
//   Hugging Face  <hub>/models--<org>--<name>/snapshots/<revision>/**.gguf (symlinks into blobs/)
//   llama.cpp     its cache folder (**.gguf)
//   LM Studio     <root>/<publisher>/<model>/**.gguf
//   user folders  **.gguf
// Each file is described from its header only: architecture, quantisation, parameter count, and whether
// Hearth can run it (the same config and binding checks the loader makes) and, if not, why.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace hearth::model {

enum class ModelSource { Ollama, HuggingFace, LlamaCpp, LmStudio, UserFolder };
std::string_view model_source_name(ModelSource source);

struct DiscoveryRoots {
  std::vector<std::string> ollama;       // folders holding manifests/ and blobs/
  std::vector<std::string> huggingface;  // hub caches holding models--org--name/
  std::vector<std::string> llamacpp;
  std::vector<std::string> lmstudio;
  std::vector<std::string> user;
};

// The standard places for a home directory and environment: ~/.ollama/models, $OLLAMA_MODELS,
// /usr/share/ollama/.ollama/models; $HUGGINGFACE_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub;
// $LLAMA_CACHE, ~/.cache/llama.cpp; ~/.lmstudio/models, ~/.cache/lm-studio/models. `getenv` is a parameter
// so tests control it; system_dirs=false leaves out /usr/share (tests).
DiscoveryRoots default_roots(const std::string& home, const std::function<const char*(const char*)>& getenv,
                             bool system_dirs = true);

struct DiscoveredModel {
  ModelSource source = ModelSource::UserFolder;
  std::string display_name;  // "nemotron-3-super:120b", "unsloth/Nemotron-3-Nano-30B-A3B-GGUF: …Q4_K_M.gguf"
  std::string path;
  std::uint64_t size_bytes = 0;
  std::string architecture;   // general.architecture, empty when unreadable
  std::string quantization;   // general.file_type name, else the dominant tensor type
  std::int64_t params = 0;    // tensor elements in the file
  bool runnable = false;
  ErrorCode problem = ErrorCode::Ok;
  std::string why_not;        // empty when runnable
};

// Describes one file (header only).
DiscoveredModel describe_model_file(const std::string& path, ModelSource source, std::string display_name);

// Every model under the roots; a file reachable twice (a symlink, an Ollama blob shared by two tags with the
// same path) is listed once per name. Missing or unreadable folders are skipped silently.
std::vector<DiscoveredModel> discover_models(const DiscoveryRoots& roots);

}  // namespace hearth::model
