// Everything a conversation needs from one GGUF file, loaded together: the model prepared for the CPU
// backend, the tokenizer from the file's metadata, and the file's own chat template (or the built-in
// Nemotron 3 layout when it has none). The command line and the app's engine worker both start here.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "chat/chat_template.h"
#include "core/status.h"
#include "model/loader.h"
#include "runtime/cpu_model.h"
#include "tokenizer/tokenizer.h"

namespace hearth::runtime {

struct ModelBundle {
  std::shared_ptr<CpuModel> model;
  std::shared_ptr<const tokenizer::Tokenizer> tokenizer;
  chat::ChatTemplate chat_template;
  bool has_own_template = false;  // false: the file had none and the built-in layout is used

  // The ids that end a reply (</s>, <|im_end|>, ...), for GenerateOptions::eog_tokens.
  std::vector<std::int32_t> eog_tokens() const;
  // Token → text for stop strings and streaming (control tokens render as nothing).
  std::function<std::string(std::int32_t)> piece_function() const;
};

// Errors: those of load_cpu_model (file, binding, Cancelled), and of the tokenizer or the template
// (UnsupportedType, MalformedFile), each naming what is wrong.
Result<ModelBundle> load_model_bundle(const std::string& path, const model::LoadOptions& options = {}, int n_threads = 0);

}  // namespace hearth::runtime
