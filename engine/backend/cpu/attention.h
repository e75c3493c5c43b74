// Nemotron-H self-attention (nemotron-h.md §2.2): GQA (query head h reads KV head ⌊h / (n_head/n_head_kv)⌋),
// no positional encoding of any kind, causal, softmax scale 1/√head_dim, no window, sinks or softcap.
// The KV cache of a layer holds one row of n_head_kv·head_dim keys (and values) per position, in f32 or
// f16 (chosen per session); new tokens are written at their positions, then each attends to positions
// 0..its own. Prefill of many tokens and decode of one are the same code, so they agree exactly.
#pragma once

#include <cstdint>
#include <vector>

#include "backend/cpu/weight_view.h"
#include "runtime/thread_pool.h"

namespace hearth::cpu {

enum class KvType { F32, F16 };

struct KvLayerView {
  KvType type = KvType::F16;
  void* k = nullptr;  // (capacity, n_head_kv · head_dim): float or IEEE half
  void* v = nullptr;  // same
  std::int64_t capacity = 0;
};

struct AttentionShape {
  std::int64_t n_head = 0;
  std::int64_t n_head_kv = 0;
  std::int64_t head_dim = 0;
  std::int64_t q_dim() const { return n_head * head_dim; }
  std::int64_t kv_dim() const { return n_head_kv * head_dim; }
};

// Stores k_new/v_new (T, kv_dim) at positions [pos0, pos0 + T) (requires pos0 + T <= capacity), then
// out (T, q_dim) = causal attention of q (T, q_dim) over positions [0, pos0 + t].
void attention(runtime::ThreadPool& pool, const AttentionShape& shape, const KvLayerView& kv, std::int64_t pos0,
               std::int64_t n_tokens, const float* q, const float* k_new, const float* v_new, float* out);

struct AttentionWeights {
  WeightView q;    // {n_embd, q_dim}
  WeightView k;    // {n_embd, kv_dim}
  WeightView v;    // {n_embd, kv_dim}
  WeightView out;  // {q_dim, n_embd}
};

struct AttentionScratch {
  std::vector<float> q, k, v, heads;
};

// The whole mixer: u (T, n_embd), already normalised → out (T, n_embd).
void attention_forward(runtime::ThreadPool& pool, const AttentionShape& shape, const AttentionWeights& w,
                       const KvLayerView& kv, std::int64_t pos0, const float* u, std::int64_t n_tokens, float* out,
                       AttentionScratch& scratch);

}  // namespace hearth::cpu
