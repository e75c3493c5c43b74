// Named model shapes for the synthesiser and tests: the three released Nemotron 3 models with their exact
// sizes (nemotron-h.md §1.2, pattern strings §1.3) and two tiny ones that cover every block kind.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/status.h"
#include "model/model_config.h"

namespace hearth::model {

struct PresetOptions {
  Dialect dialect = Dialect::LlamaCpp;
  std::int64_t layers = 0;  // > 0: the first N blocks of the real pattern
  bool mtp = false;         // add the "*E" MTP block (MoE architectures only)
};

struct Preset {
  std::string_view name;
  std::string_view pattern;  // one character per block (§1.3 alphabet)
  std::string_view description;
};

std::span<const Preset> presets();
const Preset* find_preset(std::string_view name);

// Vocabulary of the tiny presets: exactly the built-in synthetic tokenizer's token count.
constexpr std::int64_t kTinyVocab = 640;
// Vocabulary of the released models (padded token list in synthesised files).
constexpr std::int64_t kFullVocab = 131072;

// A finalized config for the preset. Errors: unknown preset (listing the known ones), layers out of range,
// MTP on the dense architecture.
Result<ModelConfig> preset_config(std::string_view name, const PresetOptions& options = {});

}  // namespace hearth::model
