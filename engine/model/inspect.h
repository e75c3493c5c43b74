// The report `hearth-cli model inspect` prints: architecture, dialect, layer pattern, hyperparameters,
// tensors (grouped by name pattern, or all), bytes by type and the §6 numbers (model_stats.h). It reads
// only the header, so it is instant on a 100 GB file.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "gguf/gguf_file.h"

namespace hearth::model {

struct InspectOptions {
  bool all_tensors = false;  // one line per tensor instead of one per name pattern
};

// Human-readable text. Errors: read_config's (UnsupportedArchitecture naming it, malformed keys).
Result<std::string> inspect_text(const gguf::File& file, const InspectOptions& options = {});
// What any GGUF's header says (architecture, file type, tensors, parameters, bytes by type), for files that
// are not Nemotron-H: inspect still tells the user what they have before saying why Hearth cannot run it.
std::string inspect_generic_text(const gguf::File& file);
Result<nlohmann::json> inspect_json(const gguf::File& file, const InspectOptions& options = {});

// "120.67 B", "3.23 M", "512".
std::string format_count(double n);
// "80.13 GiB (86.04 GB)".
std::string format_size(double bytes);

}  // namespace hearth::model
