// Attention against a double-precision causal GQA softmax written here, prefill against token-by-token
// decode, the f16 cache, and the whole mixer (projections included).
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "backend/cpu/attention.h"
#include "backend/cpu/half.h"
#include "gguf/tensor_types.h"
#include "random_fill.h"
#include "runtime/thread_pool.h"
#include "support/check.h"
#include "weight_fill.h"

using namespace hearth::cpu;
using hearth::gguf::TensorType;
using hearth::runtime::ThreadPool;
using hearth_test::max_rel_error;
using hearth_test::random_values;

namespace {

struct Cache {
  std::vector<float> k32, v32;
  std::vector<std::uint16_t> k16, v16;
  KvLayerView view;
  Cache(KvType type, std::int64_t capacity, std::int64_t kv_dim) {
    const auto n = static_cast<std::size_t>(capacity * kv_dim);
    view.type = type;
    view.capacity = capacity;
    if (type == KvType::F32) {
      k32.resize(n);
      v32.resize(n);
      view.k = k32.data();
      view.v = v32.data();
    } else {
      k16.resize(n);
      v16.resize(n);
      view.k = k16.data();
      view.v = v16.data();
    }
  }
};

// Causal attention of every position over all earlier ones, from full K/V (T, kv_dim), in double.
std::vector<double> reference(const AttentionShape& s, std::int64_t T, const std::vector<float>& q,
                              const std::vector<float>& k, const std::vector<float>& v) {
  std::vector<double> out(static_cast<std::size_t>(T * s.q_dim()), 0.0);
  const double scale = 1.0 / std::sqrt(static_cast<double>(s.head_dim));
  for (std::int64_t t = 0; t < T; ++t)
    for (std::int64_t h = 0; h < s.n_head; ++h) {
      const std::int64_t kvh = h / (s.n_head / s.n_head_kv);
      std::vector<double> sc(static_cast<std::size_t>(t + 1));
      double mx = -1e300;
      for (std::int64_t j = 0; j <= t; ++j) {
        double d = 0.0;
        for (std::int64_t i = 0; i < s.head_dim; ++i)
          d += static_cast<double>(q[static_cast<std::size_t>(t * s.q_dim() + h * s.head_dim + i)]) *
               k[static_cast<std::size_t>(j * s.kv_dim() + kvh * s.head_dim + i)];
        sc[static_cast<std::size_t>(j)] = d * scale;
        mx = std::max(mx, d * scale);
      }
      double sum = 0.0;
      for (double& x : sc) sum += x = std::exp(x - mx);
      for (std::int64_t j = 0; j <= t; ++j)
        for (std::int64_t i = 0; i < s.head_dim; ++i)
          out[static_cast<std::size_t>(t * s.q_dim() + h * s.head_dim + i)] +=
              sc[static_cast<std::size_t>(j)] / sum * v[static_cast<std::size_t>(j * s.kv_dim() + kvh * s.head_dim + i)];
    }
  return out;
}

std::vector<float> rounded_to_half(const std::vector<float>& v) {
  std::vector<float> r(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) r[i] = hearth::gguf::fp16_to_f32(hearth::gguf::f32_to_fp16(v[i]));
  return r;
}

void run_case(hearth_test::Context& hearth_ctx, ThreadPool& pool, std::mt19937& rng, const AttentionShape& s,
              std::int64_t T, KvType type) {
  const auto q = random_values(rng, static_cast<std::size_t>(T * s.q_dim()), 0.05f, 1.0f);
  const auto k = random_values(rng, static_cast<std::size_t>(T * s.kv_dim()), 0.05f, 1.0f);
  const auto v = random_values(rng, static_cast<std::size_t>(T * s.kv_dim()));
  const bool half = type == KvType::F16;
  const auto ref = reference(s, T, q, half ? rounded_to_half(k) : k, half ? rounded_to_half(v) : v);

  // Prefill: all T tokens in one call.
  Cache prefill_cache(type, T + 3, s.kv_dim());
  std::vector<float> prefill(static_cast<std::size_t>(T * s.q_dim()));
  attention(pool, s, prefill_cache.view, 0, T, q.data(), k.data(), v.data(), prefill.data());
  CHECK(max_rel_error(prefill, ref) < 1e-5);

  // Decode: one token at a time, then a chunk in the middle; identical arithmetic, identical bits.
  Cache step_cache(type, T + 3, s.kv_dim());
  std::vector<float> steps(prefill.size());
  std::int64_t pos = 0;
  while (pos < T) {
    const std::int64_t n = pos == 2 ? std::min<std::int64_t>(3, T - pos) : 1;
    attention(pool, s, step_cache.view, pos, n, q.data() + pos * s.q_dim(), k.data() + pos * s.kv_dim(),
              v.data() + pos * s.kv_dim(), steps.data() + pos * s.q_dim());
    pos += n;
  }
  CHECK(steps == prefill);
}

}  // namespace

TEST_CASE(gqa_causal_matches_reference_and_decode_equals_prefill) {
  std::mt19937 rng(201);
  ThreadPool pool(3);
  for (KvType type : {KvType::F32, KvType::F16}) {
    run_case(hearth_ctx, pool, rng, AttentionShape{8, 2, 16}, 11, type);
    run_case(hearth_ctx, pool, rng, AttentionShape{4, 4, 8}, 6, type);  // no grouping
  }
}

TEST_CASE(super_shape) {
  std::mt19937 rng(202);
  ThreadPool pool(2);
  run_case(hearth_ctx, pool, rng, AttentionShape{32, 2, 128}, 24, KvType::F16);
}

TEST_CASE(mixer_with_projections) {
  std::mt19937 rng(203);
  ThreadPool pool(3);
  const AttentionShape s{4, 2, 8};
  const std::int64_t n_embd = 64, T = 5;
  const auto wq = hearth_test::random_weight(rng, TensorType::Q8_0, n_embd, s.q_dim());
  const auto wk = hearth_test::random_weight(rng, TensorType::F16, n_embd, s.kv_dim());
  const auto wv = hearth_test::random_weight(rng, TensorType::BF16, n_embd, s.kv_dim());
  const auto wo = hearth_test::random_weight(rng, TensorType::Q8_0, s.q_dim(), n_embd);
  const auto u = random_values(rng, static_cast<std::size_t>(T * n_embd));
  const AttentionWeights w{wq.view, wk.view, wv.view, wo.view};

  std::vector<double> q, k, v, scale;
  hearth_test::reference_matmul(wq.values, 0, n_embd, s.q_dim(), u.data(), T, q, scale);
  hearth_test::reference_matmul(wk.values, 0, n_embd, s.kv_dim(), u.data(), T, k, scale);
  hearth_test::reference_matmul(wv.values, 0, n_embd, s.kv_dim(), u.data(), T, v, scale);
  const auto heads = reference(s, T, std::vector<float>(q.begin(), q.end()), std::vector<float>(k.begin(), k.end()),
                               std::vector<float>(v.begin(), v.end()));
  const std::vector<float> heads_f(heads.begin(), heads.end());
  std::vector<double> ref;
  hearth_test::reference_matmul(wo.values, 0, s.q_dim(), n_embd, heads_f.data(), T, ref, scale);

  Cache cache(KvType::F32, 8, s.kv_dim());
  AttentionScratch scratch;
  std::vector<float> out(static_cast<std::size_t>(T * n_embd));
  attention_forward(pool, s, w, cache.view, 0, u.data(), T, out.data(), scratch);
  CHECK(max_rel_error(out, ref, 0.1) < 1e-4);
}

TEST_CASE(half_conversion_exact_for_all_65536_inputs) {
  int wrong = 0;
  for (std::uint32_t h = 0; h < 65536; ++h) {
    const float mine = hearth::cpu::half_to_float(static_cast<std::uint16_t>(h));
    const float ref = hearth::gguf::fp16_to_f32(static_cast<std::uint16_t>(h));
    std::uint32_t a, b;
    std::memcpy(&a, &mine, 4);
    std::memcpy(&b, &ref, 4);
    const bool both_nan = std::isnan(mine) && std::isnan(ref);
    wrong += !(a == b || both_nan);
  }
  CHECK_EQ(wrong, 0);
}
