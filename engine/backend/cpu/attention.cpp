#include "backend/cpu/attention.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "backend/cpu/matmul.h"
#include "backend/cpu/scratch.h"
#include "backend/cpu/vector_math.h"
#include "gguf/half_float.h"

namespace hearth::cpu {

namespace {

// One cached row of head_dim values as f32: the row itself for an f32 cache, else converted into buf.
template <KvType Type>
inline const float* row_f32(const void* base, std::int64_t offset, std::int64_t n, float* buf) {
  if constexpr (Type == KvType::F32) {
    return static_cast<const float*>(base) + offset;
  } else {
    halves_to_floats(static_cast<const std::uint16_t*>(base) + offset, buf, n);
    return buf;
  }
}

template <KvType Type>
void store_rows(void* base, std::int64_t row0, std::int64_t rows, std::int64_t width, const float* src) {
  if constexpr (Type == KvType::F32) {
    std::memcpy(static_cast<float*>(base) + row0 * width, src, static_cast<std::size_t>(rows * width) * sizeof(float));
  } else {
    std::uint16_t* dst = static_cast<std::uint16_t*>(base) + row0 * width;
    for (std::int64_t i = 0; i < rows * width; ++i) dst[i] = gguf::detail::float_to_half(src[i]);
  }
}

// One query head of one token against n_pos cached positions of its KV head. scores: n_pos floats;
// row: head_dim floats of conversion scratch.
template <KvType Type>
HEARTH_ALWAYS_INLINE void attend_one(const float* q, const void* k, const void* v, std::int64_t kv_dim,
                                     std::int64_t kv_offset, std::int64_t head_dim, std::int64_t n_pos, float scale,
                                     float* __restrict scores, float* __restrict row, float* __restrict out) {
  float max_score = -INFINITY;
  for (std::int64_t j = 0; j < n_pos; ++j) {
    const float s = dot_f32(q, row_f32<Type>(k, j * kv_dim + kv_offset, head_dim, row), head_dim) * scale;
    scores[j] = s;
    max_score = s > max_score ? s : max_score;
  }
  float sum = 0.0f;
  for (std::int64_t j = 0; j < n_pos; ++j) {
    scores[j] = std::exp(scores[j] - max_score);
    sum += scores[j];
  }
  const float inv = 1.0f / sum;
  for (std::int64_t d = 0; d < head_dim; ++d) out[d] = 0.0f;
  for (std::int64_t j = 0; j < n_pos; ++j) {
    const float p = scores[j] * inv;
    const float* vr = row_f32<Type>(v, j * kv_dim + kv_offset, head_dim, row);
    for (std::int64_t d = 0; d < head_dim; ++d) out[d] += p * vr[d];
  }
}

// Non-template entry points: multiversioned functions cannot be templates (Clang).
HEARTH_CPU_CLONES void attend_f32(const float* q, const void* k, const void* v, std::int64_t kv_dim,
                                  std::int64_t kv_offset, std::int64_t head_dim, std::int64_t n_pos, float scale,
                                  float* scores, float* row, float* out) {
  attend_one<KvType::F32>(q, k, v, kv_dim, kv_offset, head_dim, n_pos, scale, scores, row, out);
}

HEARTH_CPU_CLONES void attend_f16(const float* q, const void* k, const void* v, std::int64_t kv_dim,
                                  std::int64_t kv_offset, std::int64_t head_dim, std::int64_t n_pos, float scale,
                                  float* scores, float* row, float* out) {
  attend_one<KvType::F16>(q, k, v, kv_dim, kv_offset, head_dim, n_pos, scale, scores, row, out);
}

template <KvType Type>
void attention_typed(runtime::ThreadPool& pool, const AttentionShape& s, const KvLayerView& kv, std::int64_t pos0,
                     std::int64_t n_tokens, const float* q, const float* k_new, const float* v_new, float* out) {
  const std::int64_t kv_dim = s.kv_dim(), q_dim = s.q_dim();
  store_rows<Type>(kv.k, pos0, n_tokens, kv_dim, k_new);
  store_rows<Type>(kv.v, pos0, n_tokens, kv_dim, v_new);
  const std::int64_t group = s.n_head / s.n_head_kv;
  const float scale = 1.0f / std::sqrt(static_cast<float>(s.head_dim));
  const std::int64_t tasks = n_tokens * s.n_head;
  pool.parallel_for(tasks, 1, [&](std::int64_t b, std::int64_t e, int) {
    thread_local std::vector<float> scores, row;
    for (std::int64_t task = b; task < e; ++task) {
      const std::int64_t t = task / s.n_head, h = task % s.n_head;
      const std::int64_t n_pos = pos0 + t + 1;
      float* sc = grown(scores, n_pos);
      (Type == KvType::F32 ? attend_f32 : attend_f16)(q + t * q_dim + h * s.head_dim, kv.k, kv.v, kv_dim, (h / group) * s.head_dim, s.head_dim,
                       n_pos, scale, sc, grown(row, s.head_dim), out + t * q_dim + h * s.head_dim);
    }
  });
}

}  // namespace

void attention(runtime::ThreadPool& pool, const AttentionShape& shape, const KvLayerView& kv, std::int64_t pos0,
               std::int64_t n_tokens, const float* q, const float* k_new, const float* v_new, float* out) {
  if (kv.type == KvType::F32)
    attention_typed<KvType::F32>(pool, shape, kv, pos0, n_tokens, q, k_new, v_new, out);
  else
    attention_typed<KvType::F16>(pool, shape, kv, pos0, n_tokens, q, k_new, v_new, out);
}

void attention_forward(runtime::ThreadPool& pool, const AttentionShape& shape, const AttentionWeights& w,
                       const KvLayerView& kv, std::int64_t pos0, const float* u, std::int64_t n_tokens, float* out,
                       AttentionScratch& scratch) {
  const std::int64_t T = n_tokens;
  float* q = grown(scratch.q, T * shape.q_dim());
  float* k = grown(scratch.k, T * shape.kv_dim());
  float* v = grown(scratch.v, T * shape.kv_dim());
  float* heads = grown(scratch.heads, T * shape.q_dim());
  const MatmulJob projections[] = {{w.q, u, T, q}, {w.k, u, T, k}, {w.v, u, T, v}};
  matmul_batch(pool, projections);
  attention(pool, shape, kv, pos0, T, q, k, v, heads);
  matmul(pool, w.out, heads, T, out);
}

}  // namespace hearth::cpu
