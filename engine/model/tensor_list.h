// The tensors a ModelConfig implies, in file order, with their GGUF names (in the config's dialect) and
// shapes (nemotron-h.md §3.2, §4.2). One list: the binder checks files against it, the synthesiser writes it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/arch_table.h"
#include "model/model_config.h"

namespace hearth::model {

// One tensor the config implies: the binder checks it, the synthesiser writes it (same list, same order).
struct ExpectedTensor {
  TensorRole role;
  int layer = -1;  // block index; n_layer for the MTP block; -1 for global tensors
  std::string name;  // in the config's dialect
  std::vector<std::int64_t> ne;
  bool f32_only = false;
};

std::vector<ExpectedTensor> expected_tensors(const ModelConfig& config);

std::string format_shape(const std::vector<std::int64_t>& ne);

}  // namespace hearth::model
