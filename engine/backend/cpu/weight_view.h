// A weight as the CPU ops see it: a view of GGUF tensor data (any type the gguf layer dequantises), never a
// copy. Matrices are {ne[0] = n_in, ne[1] = n_out}: n_out rows of n_in elements, quant blocks along a row.
// Expert stacks add ne[2] = n_expert; expert(e) is the 2-D slice of one expert.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "gguf/tensor_types.h"

namespace hearth::cpu {

struct WeightView {
  gguf::TensorType type = gguf::TensorType::F32;
  std::int64_t n_in = 0;      // ne[0], elements per row
  std::int64_t n_out = 0;     // ne[1], rows
  std::int64_t n_expert = 1;  // ne[2], stacked matrices
  std::uint64_t row_stride = 0;  // bytes per row
  const void* data = nullptr;

  const std::uint8_t* row(std::int64_t r) const {
    return static_cast<const std::uint8_t*>(data) + static_cast<std::uint64_t>(r) * row_stride;
  }
  // Expert e's {n_in, n_out} matrix (e < n_expert).
  WeightView expert(std::int64_t e) const {
    WeightView v = *this;
    v.n_expert = 1;
    v.data = row(e * n_out);
    return v;
  }
};

// Checks that the type is dequantisable and that rows hold whole blocks, then builds the view.
Result<WeightView> make_weight_view(gguf::TensorType type, std::int64_t n_in, std::int64_t n_out,
                                    std::int64_t n_expert, const void* data);

}  // namespace hearth::cpu
