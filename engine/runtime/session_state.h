// Everything a sequence carries between tokens: per Mamba layer the conv state (last K−1 inputs) and the SSM
// state, both fp32 (nemotron-h.md §7.1), and per attention layer the KV cache (f16 or f32, chosen per
// session). Mamba state is O(1) in the sequence length; only the KV cache grows.
//
// A snapshot copies the Mamba state and only the filled rows of each KV cache, so taking one per turn costs
// a few hundred MiB at most for Super (the state) plus 8 KiB per token of context (f16 KV), and restoring it
// puts the session in exactly the state it had.
#pragma once

#include <cstdint>
#include <vector>

#include "backend/cpu/attention.h"
#include "backend/cpu/mamba2.h"
#include "core/status.h"
#include "runtime/cpu_model.h"

namespace hearth::runtime {

struct StateSnapshot {
  std::int64_t n_past = 0;
  std::vector<float> conv, ssm;
  std::vector<std::uint8_t> kv;  // per attention layer: K rows [0, n_past), then V rows [0, n_past)
  std::vector<std::int32_t> tokens;
  std::vector<float> logits;  // of the last position, so generation can continue without recomputing
  std::uint64_t bytes() const;
};

class SessionState {
 public:
  // capacity: positions the KV cache holds (the context length). Errors: OutOfMemory with the size asked.
  static Result<SessionState> create(const CpuModel& model, std::int64_t capacity, cpu::KvType kv_type);

  std::int64_t capacity() const { return capacity_; }
  cpu::KvType kv_type() const { return kv_type_; }
  // Views of the layer's state by its index among layers of its kind.
  cpu::Mamba2State mamba(std::int64_t index);
  cpu::KvLayerView kv(std::int64_t index);

  // State, KV and per-layer index tables.
  std::uint64_t bytes() const;
  // Zeroes every state (the start of a sequence); KV rows beyond the position are never read.
  void reset();

  void save(std::int64_t n_past, StateSnapshot& out) const;
  // Whether the snapshot has this state's layout (same model, positions within capacity).
  bool fits(const StateSnapshot& in) const;
  void load(const StateSnapshot& in);

 private:
  std::int64_t capacity_ = 0;
  cpu::KvType kv_type_ = cpu::KvType::F16;
  std::int64_t conv_per_layer_ = 0, ssm_per_layer_ = 0;  // floats
  std::int64_t kv_row_bytes_ = 0;                         // one position of K (or V) of one layer
  std::vector<float> conv_, ssm_;
  std::vector<std::uint8_t> kv_;
};

}  // namespace hearth::runtime
