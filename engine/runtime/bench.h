// A llama-bench-like measurement of a backend (a tool, never a timed test): prefill tokens/s for a
// prompt of n_prompt tokens, and decode tokens/s over n_decode greedy-free steps after a context of
// `depth` tokens. Token ids are fixed pseudo-random values: speed does not depend on them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "runtime/model_backend.h"

namespace hearth::runtime {

struct BenchOptions {
  std::int64_t n_prompt = 128;
  std::int64_t n_decode = 32;
  std::int64_t depth = 0;           // tokens already in context before decode is timed
  std::int64_t prefill_chunk = 256;
  bool kv_f16 = true;
};

struct BenchResult {
  double prefill_tokens_per_second = 0.0;
  double decode_tokens_per_second = 0.0;
  double decode_ms_per_token = 0.0;
  std::uint64_t session_bytes = 0;  // host and device
  std::string to_json() const;
};

Result<BenchResult> bench(const std::shared_ptr<ModelBackend>& backend, const BenchOptions& options);

}  // namespace hearth::runtime
