// ModelConfig ⇄ GGUF metadata, through the key table (arch_table.h). Reading accepts both dialects:
// llama.cpp (ffn_latent_down/up + moe_latent_size, context 2^20) and Ollama (ffn_latent_in/out, latent size
// inferred from the tensor shapes, context 262144). An MTP block is recognised by nextn_predict_layers
// (block_count then includes it, the llama.cpp convention) or by its tensors at blk.{block_count}.nextn.*
// (block_count excludes it; with or without the key).
#pragma once

#include "core/status.h"
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "model/model_config.h"

namespace hearth::model {

// Errors: UnsupportedArchitecture naming the architecture (e.g. 'llama'); MalformedFile naming the key with
// the expected and actual value or type; everything finalize() checks.
Result<ModelConfig> read_config(const gguf::File& file);

// general.architecture, general.name and every <arch>.* key of the config, as the config's dialect writes
// them (Ollama: no moe_latent_size). Per-layer arrays get an MTP entry ("*E": KV heads and expert ff).
void write_config(gguf::Writer& writer, const ModelConfig& config);

}  // namespace hearth::model
