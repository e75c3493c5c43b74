// Grouping a prefill batch's expert choices by expert, on the device, so the grouped expert products need no
// host round trip per layer (and a prefill step could be captured in a graph):
//   offsets[e]        first row of expert e in the grouped buffers (prefix sums of the counts; offsets[n_experts] = T·k)
//   slot[t·k + j]     the row that choice j of token t takes
//   gather[slot]      the token of each grouped row (t)
// Rows within one expert's group come in no fixed order (atomics hand them out), which changes nothing in the
// results: every grouped row is computed on its own, and moe_combine_rows sums each token's choices in choice
// order through `slot`.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace hearth::kernels {

// ids: (n_tokens, k) expert choices in [0, n_experts). counters: n_experts ints of scratch. n_experts ≤ 4096.
cudaError_t moe_group(const std::int32_t* ids, std::int64_t n_tokens, int k, int n_experts, std::int32_t* offsets,
                      std::int32_t* slot, std::int32_t* gather, std::int32_t* counters, cudaStream_t stream);

}  // namespace hearth::kernels
