// Causal attention of one new token over the KV cache (decode), no positional encoding (NoPE),
// GQA: query head h reads KV head ⌊h / G⌋ with G = n_q_heads / n_kv_heads (Super: 32 / 2, G = 16).
// softmax(q·Kᵀ·scale)·V per query head, fp32 math over an f16 or f32 cache.
//
// Split-K ("flash decoding"): the context is cut into spans handled by separate blocks, each keeping an
// online softmax (running max, sum and weighted V) for all G query heads of its KV head, so K and V are read
// once per KV head, not once per query head; a second kernel merges the spans.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace hearth::kernels {

struct AttentionDecodeArgs {
  const float* q = nullptr;   // (n_q_heads, head_dim)
  const void* k = nullptr;    // cache (n_kv_heads, capacity, head_dim), f16 or f32
  const void* v = nullptr;    // same layout as k
  bool cache_f16 = true;
  std::int64_t capacity = 0;  // positions the cache can hold (row stride between heads = capacity·head_dim)
  std::int64_t n_ctx = 0;     // positions to attend over: 0..n_ctx−1 (the new token's K/V already written)
  int n_q_heads = 0, n_kv_heads = 0, head_dim = 0;  // head_dim ≤ 128; G ≤ 16
  float scale = 0.0f;         // 1/sqrt(head_dim) for Nemotron
  float* out = nullptr;       // (n_q_heads, head_dim)
  float* scratch = nullptr;   // attention_decode_scratch_floats(...) floats of device memory
  // CUDA-graph form: when set, the kernels read n_ctx from this device int at run time (n_ctx above is then
  // ignored) and the grid covers max_ctx positions, so one captured graph serves every length up to max_ctx;
  // spans past the real length record an empty softmax that the merge weighs by zero.
  const std::int32_t* n_ctx_device = nullptr;
  std::int64_t max_ctx = 0;
};

// Device scratch (floats) the split-K merge needs for this shape and context length.
std::int64_t attention_decode_scratch_floats(int n_q_heads, int head_dim, std::int64_t max_ctx);

cudaError_t attention_decode(const AttentionDecodeArgs& args, cudaStream_t stream);

// Writes new K and V rows (f32, (n_tokens, n_kv_heads·head_dim)) into the cache at positions
// [pos, pos + n_tokens), converting to f16 when the cache is f16.
cudaError_t kv_cache_write(const float* k_new, const float* v_new, std::int64_t n_tokens, void* k_cache,
                           void* v_cache, bool cache_f16, std::int64_t capacity, std::int64_t pos, int n_kv_heads,
                           int head_dim, cudaStream_t stream);

// The same for one token at the position held in device memory (*pos_device), for captured decode graphs.
cudaError_t kv_cache_write_at(const float* k_new, const float* v_new, void* k_cache, void* v_cache, bool cache_f16,
                              std::int64_t capacity, const std::int32_t* pos_device, int n_kv_heads, int head_dim,
                              cudaStream_t stream);

}  // namespace hearth::kernels
