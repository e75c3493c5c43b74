// Where a forward pass spends its time on the GPU, op by op: CUDA events recorded between the ops of the
// non-graph path, summed per op name. For benchmarks (`hearth-cli bench --profile`), never on by default:
// recording events serialises nothing but does cost a few microseconds per op, and graphs are bypassed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <cuda_runtime_api.h>

#include "core/status.h"

namespace hearth::cuda {

class OpProfile {
 public:
  struct Row {
    const char* op;
    double ms = 0.0;       // summed over every call
    std::int64_t calls = 0;
  };

  OpProfile() = default;
  ~OpProfile();
  OpProfile(const OpProfile&) = delete;
  OpProfile& operator=(const OpProfile&) = delete;

  bool enabled() const { return enabled_; }
  void set_enabled(bool on) { enabled_ = on; }

  // Starts a pass on `stream`; mark(op) after each op attributes the time since the previous mark to op;
  // finish() waits for the stream and adds the pass to the totals. All no-ops when disabled.
  void start(cudaStream_t stream);
  void mark(const char* op);
  Status finish();

  std::vector<Row> rows() const;  // slowest first
  void clear() { rows_.clear(); }

 private:
  cudaEvent_t event(std::size_t i);

  bool enabled_ = false;
  cudaStream_t stream_ = nullptr;
  std::vector<cudaEvent_t> events_;          // grown as needed, reused every pass
  std::vector<const char*> pass_ops_;        // the op ending at event i + 1
  std::vector<Row> rows_;
};

}  // namespace hearth::cuda
