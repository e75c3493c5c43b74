// The Nemotron-H forward pass on the CPU backend (nemotron-h.md §2.0) for a run of tokens of one sequence:
//   x = token_embd[token];  for each block: x += Mixer(rms(x, attn_norm));  logits = output · rms(x, output_norm)
// The mixer is the block's kind (Mamba-2, attention, MoE or dense MLP). Positions [n_past, n_past + T)
// are written into the session's state. The work per token is the same at any depth except attention's
// reads of the KV cache.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "backend/cpu/attention.h"
#include "backend/cpu/mamba2.h"
#include "backend/cpu/moe.h"
#include "core/status.h"
#include "runtime/cpu_model.h"
#include "runtime/session_state.h"

namespace hearth::runtime {

enum class LogitsFor { None, Last, All };

// Named intermediates of one forward, for --dump-layers: called after every block with the residual
// stream (T, n_embd) and at the end with the logits.
struct ForwardProbe {
  virtual ~ForwardProbe() = default;
  virtual void layer_output(std::int64_t layer, model::LayerKind kind, std::span<const float> x) = 0;
};

class Forward {
 public:
  // SSD chunk length for multi-token Mamba calls (0: step form throughout).
  std::int64_t ssd_chunk = 64;

  // logits: T rows (All), one row (Last) or untouched (None), each n_vocab wide. Errors: a token outside
  // the vocabulary; positions beyond the state's capacity (the session checks first).
  Status run(const CpuModel& model, SessionState& state, std::int64_t n_past, std::span<const std::int32_t> tokens,
             LogitsFor which, std::vector<float>& logits, ForwardProbe* probe = nullptr);

  std::uint64_t workspace_bytes() const;

 private:
  std::vector<float> x_, u_, out_, hidden_;
  cpu::Mamba2Scratch mamba_;
  cpu::AttentionScratch attention_;
  cpu::MoeScratch moe_;
};

}  // namespace hearth::runtime
