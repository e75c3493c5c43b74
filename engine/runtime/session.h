// A conversation's state on a loaded model: the tokens so far, the per-layer Mamba and KV state, the logits
// of the last position, and the timing statistics. Prompts go in by chunked prefill (with progress and
// cancellation); tokens come out by generate() with a sampler, a per-token callback that can stop, and the
// stop rules (end-of-generation ids, max tokens, stop strings, context full). Snapshot/restore copy the
// whole state, so regenerate, branching and resuming are exact.
//
// Nothing is truncated silently: a prompt longer than the room left is an error saying by how much, and
// generation that reaches the context limit stops with StopReason::ContextFull.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backend/cpu/attention.h"
#include "core/status.h"
#include "runtime/cpu_model.h"
#include "runtime/forward.h"
#include "runtime/model_backend.h"
#include "runtime/sampler.h"
#include "runtime/session_state.h"

namespace hearth::runtime {

struct SessionOptions {
  std::int64_t n_ctx = 4096;                 // positions the session can hold
  cpu::KvType kv_type = cpu::KvType::F16;    // KV cache precision
  std::int64_t prefill_chunk = 256;          // tokens per forward pass during prefill
  std::int64_t ssd_chunk = 64;               // Mamba SSD chunk within a pass (0: step form)
  bool device_sampling = true;               // draw tokens on the GPU when the backend can (same tokens)
};

struct SessionStats {
  std::int64_t prefill_tokens = 0;
  double prefill_seconds = 0.0;
  std::int64_t decode_tokens = 0;
  double decode_seconds = 0.0;
  std::int64_t tokens_in_context = 0;
  std::int64_t context_size = 0;
  std::uint64_t memory_bytes = 0;  // host: state + KV cache + workspace (weights not included)
  std::uint64_t device_memory_bytes = 0;  // the same on the GPU (CUDA backend)
  double prefill_tokens_per_second() const { return prefill_seconds > 0 ? prefill_tokens / prefill_seconds : 0.0; }
  double decode_tokens_per_second() const { return decode_seconds > 0 ? decode_tokens / decode_seconds : 0.0; }
};

// (tokens done, tokens total) after every chunk; return false to cancel (ErrorCode::Cancelled).
using ProgressFn = std::function<bool(std::int64_t, std::int64_t)>;
// Each generated token with its text; return false to stop (StopReason::Callback).
using TokenFn = std::function<bool(std::int32_t, std::string_view)>;

enum class StopReason { EndOfGeneration, MaxTokens, StopString, Callback, ContextFull };
std::string_view stop_reason_name(StopReason reason);

struct GenerateOptions {
  std::int64_t max_tokens = 512;
  std::vector<std::int32_t> eog_tokens;  // e.g. </s> and <|im_end|>; the one drawn is returned, not fed
  std::vector<std::string> stop_strings;  // generation stops as the text first contains one (excluded)
  std::function<std::string(std::int32_t)> piece;  // token → text; needed for stop strings and callback text
};

struct GenerateResult {
  std::vector<std::int32_t> tokens;  // generated, in order (an end-of-generation token last, if drawn)
  std::string text;                  // their text (up to a stop string)
  StopReason reason = StopReason::MaxTokens;
  std::string message;               // for ContextFull: what happened, in words
};

class Session {
 public:
  // Errors: OutOfMemory for the KV cache; InvalidArgument for n_ctx < 1.
  static Result<std::unique_ptr<Session>> create(std::shared_ptr<ModelBackend> backend, const SessionOptions& options = {});
  // The CPU reference backend over a prepared model.
  static Result<std::unique_ptr<Session>> create(std::shared_ptr<const CpuModel> model, const SessionOptions& options = {});

  // Feeds tokens at the end of the context. all_logits (optional) receives T rows of logits.
  // Errors: ContextOverflow (saying by how much), InvalidArgument (token id), Cancelled (state then holds
  // the chunks done so far).
  Status prefill(std::span<const std::int32_t> tokens, const ProgressFn& progress = {},
                 std::vector<float>* all_logits = nullptr);
  // Feeds one token (a decode step).
  Status decode(std::int32_t token);
  // Samples and feeds tokens from the current logits until a stop rule fires. Needs logits (a prefill or
  // decode first).
  Result<GenerateResult> generate(Sampler& sampler, const GenerateOptions& options, const TokenFn& on_token = {});

  std::span<const float> logits() const { return logits_; }  // of the last position fed
  const std::vector<std::int32_t>& tokens() const { return tokens_; }
  std::int64_t n_past() const { return static_cast<std::int64_t>(tokens_.size()); }
  std::int64_t n_ctx() const { return options_.n_ctx; }
  const SessionOptions& options() const { return options_; }
  SessionStats stats() const;

  StateSnapshot snapshot() const;
  // Errors: InvalidArgument when the snapshot is from a session of another model or larger context.
  Status restore(const StateSnapshot& snapshot);
  void reset();  // empty context, zero state, statistics kept

  void set_probe(ForwardProbe* probe) { probe_ = probe; }
  const ModelBackend& backend() const { return *backend_; }

 private:
  Session(std::shared_ptr<ModelBackend> backend, const SessionOptions& options, std::unique_ptr<Sequence> sequence);

  std::shared_ptr<ModelBackend> backend_;
  SessionOptions options_;
  std::unique_ptr<Sequence> sequence_;
  std::vector<std::int32_t> tokens_;
  std::vector<float> logits_;
  SessionStats stats_;
  ForwardProbe* probe_ = nullptr;
};

}  // namespace hearth::runtime
