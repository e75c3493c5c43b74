#include "backend/cpu/moe.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "backend/cpu/matmul.h"
#include "backend/cpu/mlp.h"
#include "backend/cpu/scratch.h"

namespace hearth::cpu {

namespace {

// Floor of the normalising sum, as llama.cpp clamps it (2^-14; HF adds 1e-20 instead).
constexpr float kMinWeightSum = 6.103515625e-5f;
// (token, expert) pairs per pass: bounds the gathered activations (pairs × n_ff_exp floats) of a prefill.
constexpr std::int64_t kMaxPairsPerPass = 4096;

}  // namespace

void select_experts(const MoeShape& shape, const float* logits, const float* probs_bias, ExpertChoice* out) {
  const std::int64_t E = shape.n_expert, k = shape.n_expert_used;
  thread_local std::vector<float> p, score;
  thread_local std::vector<std::int32_t> idx;
  p.resize(static_cast<std::size_t>(E));
  score.resize(static_cast<std::size_t>(E));
  idx.resize(static_cast<std::size_t>(E));
  for (std::int64_t e = 0; e < E; ++e) {
    const std::size_t i = static_cast<std::size_t>(e);
    p[i] = 1.0f / (1.0f + std::exp(-logits[e]));
    const float s = p[i] + (probs_bias != nullptr ? probs_bias[e] : 0.0f);
    score[i] = std::isnan(s) ? -INFINITY : s;  // a NaN must not break the ordering
  }
  std::iota(idx.begin(), idx.end(), 0);
  std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), [&](std::int32_t a, std::int32_t b) {
    const float sa = score[static_cast<std::size_t>(a)], sb = score[static_cast<std::size_t>(b)];
    return sa > sb || (sa == sb && a < b);
  });
  float sum = 0.0f;
  for (std::int64_t j = 0; j < k; ++j) sum += p[static_cast<std::size_t>(idx[static_cast<std::size_t>(j)])];
  const float denom = shape.weights_norm ? std::max(sum, kMinWeightSum) : 1.0f;
  for (std::int64_t j = 0; j < k; ++j) {
    const std::int32_t e = idx[static_cast<std::size_t>(j)];
    out[j] = {e, p[static_cast<std::size_t>(e)] / denom * shape.weights_scale};
  }
}

void moe_forward(runtime::ThreadPool& pool, const MoeShape& shape, const MoeWeights& w, const float* h,
                 std::int64_t n_tokens, float* out, MoeScratch& s) {
  const std::int64_t k = shape.n_expert_used, D = shape.expert_dim(), F = shape.n_ff_exp;
  const std::int64_t Fs = shape.n_ff_shexp, E = shape.n_expert, C = shape.n_embd;
  const std::int64_t batch = std::max<std::int64_t>(1, kMaxPairsPerPass / k);
  thread_local std::vector<MatmulJob> jobs;

  for (std::int64_t t0 = 0; t0 < n_tokens; t0 += batch) {
    const std::int64_t nt = std::min(batch, n_tokens - t0), pairs = nt * k;
    const float* hb = h + t0 * C;
    float* ob = out + t0 * C;

    // Everything that reads h: router, latent projection, shared expert up.
    float* logits = grown(s.logits, nt * E);
    const float* lat = hb;
    jobs.clear();
    jobs.push_back({w.gate_inp, hb, nt, logits});
    if (shape.latent > 0) {
      float* l = grown(s.latent, nt * D);
      jobs.push_back({w.latent_down, hb, nt, l});
      lat = l;
    }
    float* sh_hidden = Fs > 0 ? grown(s.shared_hidden, nt * Fs) : nullptr;
    if (Fs > 0) jobs.push_back({w.up_shexp, hb, nt, sh_hidden});
    matmul_batch(pool, jobs);

    ExpertChoice* choices = grown(s.choices, pairs);
    for (std::int64_t t = 0; t < nt; ++t) select_experts(shape, logits + t * E, w.probs_bias, choices + t * k);

    // Group pairs by expert (counting sort; tokens ascending within an expert): pair_rows[t·k + j] is the
    // row of pair (t, j) in the gathered buffers.
    std::int64_t* counts = grown(s.counts, E);
    std::int64_t* offsets = grown(s.offsets, E + 1);
    std::int64_t* pair_rows = grown(s.pair_rows, pairs);
    std::fill(counts, counts + E, 0);
    for (std::int64_t i = 0; i < pairs; ++i) ++counts[choices[i].expert];
    offsets[0] = 0;
    for (std::int64_t e = 0; e < E; ++e) offsets[e + 1] = offsets[e] + counts[e];
    std::fill(counts, counts + E, 0);
    float* x_in = grown(s.expert_in, pairs * D);
    for (std::int64_t i = 0; i < pairs; ++i) {
      const std::int32_t e = choices[i].expert;
      pair_rows[i] = offsets[e] + counts[e]++;
      std::memcpy(x_in + pair_rows[i] * D, lat + (i / k) * D, static_cast<std::size_t>(D) * sizeof(float));
    }

    float* hidden = grown(s.expert_hidden, pairs * F);
    float* e_out = grown(s.expert_out, pairs * D);
    jobs.clear();
    for (std::int64_t e = 0; e < E; ++e)
      if (counts[e] > 0) jobs.push_back({w.up_exps.expert(e), x_in + offsets[e] * D, counts[e], hidden + offsets[e] * F});
    matmul_batch(pool, jobs);
    relu_squared_inplace(pool, hidden, pairs * F);
    if (Fs > 0) relu_squared_inplace(pool, sh_hidden, nt * Fs);

    jobs.clear();
    for (std::int64_t e = 0; e < E; ++e)
      if (counts[e] > 0) jobs.push_back({w.down_exps.expert(e), hidden + offsets[e] * F, counts[e], e_out + offsets[e] * D});
    float* sh_out = Fs > 0 ? grown(s.shared_out, nt * C) : nullptr;
    if (Fs > 0) jobs.push_back({w.down_shexp, sh_hidden, nt, sh_out});
    matmul_batch(pool, jobs);

    // Weighted sum per token, in ascending expert order whatever the batch: a token's result does not
    // depend on which other tokens shared its pass.
    float* m = shape.latent > 0 ? grown(s.combined, nt * D) : ob;
    std::int32_t* order = grown(s.order, pairs);
    pool.parallel_for(nt, pool.grain_for(nt, 1, 2), [&](std::int64_t b, std::int64_t e, int) {
      for (std::int64_t t = b; t < e; ++t) {
        std::int32_t* o = order + t * k;
        const ExpertChoice* c = choices + t * k;
        std::iota(o, o + k, 0);
        std::sort(o, o + k, [&](std::int32_t a, std::int32_t b2) { return c[a].expert < c[b2].expert; });
        float* mt = m + t * D;
        std::fill(mt, mt + D, 0.0f);
        for (std::int64_t j = 0; j < k; ++j) {
          const float wgt = c[o[j]].weight;
          const float* src = e_out + pair_rows[t * k + o[j]] * D;
          for (std::int64_t d = 0; d < D; ++d) mt[d] += wgt * src[d];
        }
      }
    });
    if (shape.latent > 0) matmul(pool, w.latent_up, m, nt, ob);
    if (Fs > 0)
      for (std::int64_t i = 0; i < nt * C; ++i) ob[i] += sh_out[i];
  }
}

}  // namespace hearth::cpu
