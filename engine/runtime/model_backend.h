// What a Session needs from the place a model runs (the CPU reference backend or the CUDA backend): a loaded
// model that can open sequences, and per sequence a forward over tokens at its end plus state that can be
// saved, restored and cleared. Everything above this line (prompts, sampling, stop rules, statistics) is the
// same whichever backend computes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "model/model_config.h"
#include "runtime/forward.h"
#include "runtime/sampler.h"
#include "runtime/session_state.h"

namespace hearth::runtime {

enum class BackendKind { Cpu, Cuda };
std::string_view backend_kind_name(BackendKind kind);  // "CPU", "CUDA"

struct SequenceOptions {
  std::int64_t n_ctx = 4096;
  bool kv_f16 = true;
  std::int64_t ssd_chunk = 64;  // CPU: Mamba SSD chunk within a pass (0: step form)
};

// One sequence's state on a backend and the forward that advances it.
class Sequence {
 public:
  virtual ~Sequence() = default;

  // Runs tokens at positions [n_past, n_past + T) (T at most max_batch()). logits: T rows (All), one row
  // (Last), or untouched (None). probe: per-layer outputs; backends that cannot provide them say so.
  virtual Status run(std::int64_t n_past, std::span<const std::int32_t> tokens, LogitsFor which,
                     std::vector<float>& logits, ForwardProbe* probe) = 0;
  virtual std::int64_t max_batch() const = 0;

  virtual std::uint64_t host_bytes() const = 0;    // state, KV and scratch held in host memory
  virtual std::uint64_t device_bytes() const = 0;  // the same in device memory (0 on the CPU)

  // Sampling on the device (optional): feed `token` at n_past and draw the next token from the resulting
  // logits with `params` and the host generator's uniform u, leaving the logits where they are. The token
  // drawn is the one runtime::sample_with_uniform() would draw from the same logits. history: the sequence's
  // tokens including `token` (backends that keep their own copy may ignore it).
  virtual bool draws_on_device() const { return false; }
  virtual Result<std::int32_t> decode_and_draw(std::int64_t n_past, std::int32_t token, const SamplerParams& params,
                                               double u) {
    (void)n_past, (void)token, (void)params, (void)u;
    return Status::error(ErrorCode::NotAvailable, "this backend samples on the host");
  }
  // The logits of the last position fed (after decode_and_draw, which keeps them on the device).
  virtual Status read_logits(std::vector<float>& logits) {
    (void)logits;
    return Status::error(ErrorCode::NotAvailable, "this backend hands logits over in run()");
  }

  virtual Status reset() = 0;  // the empty sequence
  virtual Status save(std::int64_t n_past, StateSnapshot& out) const = 0;
  virtual bool fits(const StateSnapshot& in) const = 0;  // same model, backend and capacity
  virtual Status load(const StateSnapshot& in) = 0;
};

// A model loaded onto a backend. Sequences share its weights; one sequence runs at a time per model.
class ModelBackend {
 public:
  virtual ~ModelBackend() = default;

  virtual BackendKind kind() const = 0;
  virtual std::string device_name() const = 0;          // "NVIDIA H200", or the CPU's model name
  virtual const model::ModelConfig& config() const = 0;
  virtual std::uint64_t weight_bytes() const = 0;       // where the backend keeps them

  // Errors: OutOfMemory for the state and KV cache, naming how much was asked.
  virtual Result<std::unique_ptr<Sequence>> new_sequence(const SequenceOptions& options) = 0;

  // Per-op timings for benchmarks (backends without them report nothing). Turning them on clears them.
  struct OpTime {
    std::string op;
    double ms = 0.0;  // summed
    std::int64_t calls = 0;
  };
  virtual void set_profiling(bool on) { (void)on; }
  virtual std::vector<OpTime> op_times() const { return {}; }
};

}  // namespace hearth::runtime
