// Sampling on the device, so a decode step never copies logits to the host: penalties → temperature → top-k →
// top-p → min-p → a draw with a host-drawn uniform u, picking exactly the token runtime::sample_with_uniform()
// picks for the same logits, history and u (the deciding arithmetic is shared: kernels/sample_rules.h).
// No host synchronisation, no allocation, no host-side branch on device data: safe inside CUDA graph capture
// (u and the history length can be read from device memory so a captured graph replays with new values).
#pragma once

#include <cstddef>
#include <cstdint>

#include <cuda_runtime.h>

namespace hearth::kernels {

// Largest vocabulary the device sampler takes (a block per 1024 tokens; the integer weights leave room for
// 2^17 tokens at full precision and lose one bit per doubling after that).
constexpr std::int64_t kSampleMaxVocab = std::int64_t{1} << 20;

struct SampleParams {
  bool greedy = false;  // argmax of the penalised logits (as does temperature <= 0)
  float temperature = 1.0f;
  std::int32_t top_k = 0;           // 0 = off
  float top_p = 0.95f;              // 1 = off
  float min_p = 0.0f;               // 0 = off
  float repetition_penalty = 1.0f;  // 1 = off
  float presence_penalty = 0.0f;    // 0 = off
};

struct SampleArgs {
  const float* logits = nullptr;  // (n_vocab) device, not modified
  std::int64_t n_vocab = 0;       // 1 .. kSampleMaxVocab
  SampleParams params;
  // The tokens that count as seen for the penalties: the last penalty_last_n of the history, in any order
  // (a ring buffer will do), device memory; out-of-range ids are ignored, repeats count once.
  const std::int32_t* history = nullptr;
  std::int32_t history_len = 0;
  const std::int32_t* history_len_device = nullptr;  // when set, read instead of history_len (graph replay)
  double u = 0.0;                                    // uniform in [0, 1): the host Sampler's next_uniform()
  const double* u_device = nullptr;                  // when set, read instead of u (graph replay)
  void* scratch = nullptr;                           // sample_scratch_bytes(n_vocab), 16-byte aligned
  std::int32_t* token = nullptr;                     // (1) device: the chosen token
  std::int32_t* token_host = nullptr;                // optional mapped pinned host int, written as well
};

// Scratch bytes sample() needs for this vocabulary (about 36 bytes a token: 4.5 MiB at 131072).
std::size_t sample_scratch_bytes(std::int64_t n_vocab);

// Enqueues the sampler on `stream`. cudaErrorInvalidValue for a vocabulary out of range or a null pointer.
cudaError_t sample(const SampleArgs& args, cudaStream_t stream);

}  // namespace hearth::kernels
