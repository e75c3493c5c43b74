// The MoE block and the dense MLP against double-precision implementations written here from
// nemotron-h.md §2.3-2.4: router on the full state, bias only for selection, unbiased normalised and scaled
// weights, latent projections, ReLU² experts, ungated shared expert.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "backend/cpu/mlp.h"
#include "backend/cpu/moe.h"
#include "random_fill.h"
#include "runtime/thread_pool.h"
#include "support/check.h"
#include "weight_fill.h"

using namespace hearth::cpu;
using hearth::gguf::TensorType;
using hearth::runtime::ThreadPool;
using hearth_test::max_rel_error;
using hearth_test::random_values;
using hearth_test::random_weight;
using hearth_test::RandomWeight;

namespace {

std::vector<double> matvec(const RandomWeight& w, std::int64_t expert, const std::vector<double>& x) {
  const std::int64_t n_in = w.view.n_in, n_out = w.view.n_out;
  std::vector<double> y(static_cast<std::size_t>(n_out), 0.0);
  for (std::int64_t o = 0; o < n_out; ++o)
    for (std::int64_t i = 0; i < n_in; ++i)
      y[static_cast<std::size_t>(o)] += static_cast<double>(w.values[static_cast<std::size_t>((expert * n_out + o) * n_in + i)]) * x[static_cast<std::size_t>(i)];
  return y;
}

std::vector<double> relu2(std::vector<double> v) {
  for (double& x : v) x = x > 0 ? x * x : 0.0;
  return v;
}

struct MoeModel {
  MoeShape shape;
  RandomWeight gate, latent_down, latent_up, up, down, up_sh, down_sh;
  std::vector<float> bias;
  MoeWeights weights() const {
    MoeWeights w;
    w.gate_inp = gate.view;
    w.probs_bias = bias.data();
    if (shape.latent > 0) {
      w.latent_down = latent_down.view;
      w.latent_up = latent_up.view;
    }
    w.up_exps = up.view;
    w.down_exps = down.view;
    if (shape.n_ff_shexp > 0) {
      w.up_shexp = up_sh.view;
      w.down_shexp = down_sh.view;
    }
    return w;
  }
};

MoeModel make_moe(std::mt19937& rng, MoeShape s, TensorType up_type, TensorType down_type) {
  MoeModel m;
  m.shape = s;
  const std::int64_t D = s.expert_dim();
  m.gate = random_weight(rng, TensorType::F32, s.n_embd, s.n_expert);
  if (s.latent > 0) {
    m.latent_down = random_weight(rng, TensorType::Q8_0, s.n_embd, s.latent);
    m.latent_up = random_weight(rng, TensorType::Q8_0, s.latent, s.n_embd);
  }
  m.up = random_weight(rng, up_type, D, s.n_ff_exp, s.n_expert);
  m.down = random_weight(rng, down_type, s.n_ff_exp, D, s.n_expert);
  if (s.n_ff_shexp > 0) {
    m.up_sh = random_weight(rng, TensorType::BF16, s.n_embd, s.n_ff_shexp);
    m.down_sh = random_weight(rng, TensorType::Q8_0, s.n_ff_shexp, s.n_embd);
  }
  m.bias = random_values(rng, static_cast<std::size_t>(s.n_expert), 0.01f, 0.3f);
  return m;
}

std::vector<double> moe_reference(const MoeModel& m, const float* h_in) {
  const MoeShape& s = m.shape;
  std::vector<double> h(h_in, h_in + s.n_embd);
  const auto logits = matvec(m.gate, 0, h);
  std::vector<double> p(logits.size()), score(logits.size());
  for (std::size_t e = 0; e < p.size(); ++e) {
    p[e] = 1.0 / (1.0 + std::exp(-logits[e]));
    score[e] = p[e] + m.bias[e];
  }
  std::vector<std::size_t> idx(p.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  double sum = 0.0;
  for (std::int64_t j = 0; j < s.n_expert_used; ++j) sum += p[idx[static_cast<std::size_t>(j)]];
  const std::vector<double> lat = s.latent > 0 ? matvec(m.latent_down, 0, h) : h;
  std::vector<double> comb(lat.size(), 0.0);
  for (std::int64_t j = 0; j < s.n_expert_used; ++j) {
    const auto e = static_cast<std::int64_t>(idx[static_cast<std::size_t>(j)]);
    const double wgt = p[static_cast<std::size_t>(e)] / std::max(sum, 6.103515625e-5) * s.weights_scale;
    const auto d = matvec(m.down, e, relu2(matvec(m.up, e, lat)));
    for (std::size_t i = 0; i < comb.size(); ++i) comb[i] += wgt * d[i];
  }
  std::vector<double> out = s.latent > 0 ? matvec(m.latent_up, 0, comb) : comb;
  if (s.n_ff_shexp > 0) {
    const auto sh = matvec(m.down_sh, 0, relu2(matvec(m.up_sh, 0, h)));
    for (std::size_t i = 0; i < out.size(); ++i) out[i] += sh[i];
  }
  return out;
}

void check_moe(hearth_test::Context& hearth_ctx, ThreadPool& pool, std::mt19937& rng, const MoeModel& m,
               std::int64_t T) {
  const std::int64_t C = m.shape.n_embd;
  const auto h = random_values(rng, static_cast<std::size_t>(T * C));
  std::vector<double> ref;
  for (std::int64_t t = 0; t < T; ++t) {
    const auto r = moe_reference(m, h.data() + t * C);
    ref.insert(ref.end(), r.begin(), r.end());
  }
  MoeScratch scratch;
  std::vector<float> out(static_cast<std::size_t>(T * C));
  moe_forward(pool, m.shape, m.weights(), h.data(), T, out.data(), scratch);
  // Errors relative to the output's largest element: random weights make wide outputs large, and single
  // elements near zero carry the absolute rounding of the whole sum.
  double mag = 0.0;
  for (double r : ref) mag = std::max(mag, std::fabs(r));
  CHECK(max_rel_error(out, ref, mag) < 1e-5);
  // Token by token gives the same result as the batch (grouped by expert) to rounding.
  std::vector<float> single(out.size());
  for (std::int64_t t = 0; t < T; ++t)
    moe_forward(pool, m.shape, m.weights(), h.data() + t * C, 1, single.data() + t * C, scratch);
  CHECK(max_rel_error(single, out, mag) < 1e-5);
}

}  // namespace

TEST_CASE(router_selects_with_bias_and_weighs_without) {
  MoeShape s;
  s.n_expert = 4;
  s.n_expert_used = 2;
  s.weights_norm = true;
  s.weights_scale = 5.0f;
  // p = sigmoid(logits) = {0.5, 0.731, 0.269, 0.881}; the bias lifts expert 2 above 1 and 3.
  const float logits[] = {0.0f, 1.0f, -1.0f, 2.0f};
  const float bias[] = {0.0f, 0.0f, 0.7f, 0.0f};
  ExpertChoice c[2];
  select_experts(s, logits, bias, c);
  CHECK_EQ(c[0].expert, 2);
  CHECK_EQ(c[1].expert, 3);
  const double p2 = 1 / (1 + std::exp(1.0)), p3 = 1 / (1 + std::exp(-2.0));
  CHECK_NEAR(c[0].weight, 5.0 * p2 / (p2 + p3), 1e-6);
  CHECK_NEAR(c[1].weight, 5.0 * p3 / (p2 + p3), 1e-6);
  // Without normalisation only the scale applies.
  s.weights_norm = false;
  select_experts(s, logits, bias, c);
  CHECK_NEAR(c[0].weight, 5.0 * p2, 1e-6);
  // Ties go to the lower expert id; NaN logits are never chosen.
  const float tied[] = {NAN, 3.0f, 3.0f, 3.0f};
  select_experts(s, tied, nullptr, c);
  CHECK_EQ(c[0].expert, 1);
  CHECK_EQ(c[1].expert, 2);
}

TEST_CASE(router_floor_on_the_weight_sum) {
  MoeShape s;
  s.n_expert = 3;
  s.n_expert_used = 1;
  s.weights_scale = 1.0f;
  const float logits[] = {-30.0f, -40.0f, -50.0f};  // p ≈ 9.4e-14: the sum is clamped to 6.1035e-5
  ExpertChoice c[1];
  select_experts(s, logits, nullptr, c);
  CHECK_EQ(c[0].expert, 0);
  CHECK_NEAR(c[0].weight, (1 / (1 + std::exp(30.0))) / 6.103515625e-5, 1e-12);
}

TEST_CASE(latent_moe_matches_reference) {
  std::mt19937 rng(301);
  ThreadPool pool(3);
  MoeShape s{64, 8, 3, 32, 64, 96, true, 5.0f};
  const MoeModel m = make_moe(rng, s, TensorType::Q8_0, TensorType::Q5_0);
  check_moe(hearth_ctx, pool, rng, m, 1);
  check_moe(hearth_ctx, pool, rng, m, 7);
}

TEST_CASE(plain_moe_matches_reference) {
  std::mt19937 rng(302);
  ThreadPool pool(2);
  MoeShape s{64, 6, 2, 0, 32, 64, true, 2.5f};  // Nano 30B style: experts in n_embd
  const MoeModel m = make_moe(rng, s, TensorType::Q5_0, TensorType::Q8_0);
  check_moe(hearth_ctx, pool, rng, m, 5);
}

TEST_CASE(super_widths) {
  std::mt19937 rng(303);
  ThreadPool pool(2);
  // Super's widths (4096 → latent 1024 → 2688 → 1024 → 4096; q4_K up, q5_0 down) with few experts and a
  // narrow shared expert, so the double reference stays small.
  MoeShape s{4096, 4, 2, 1024, 2688, 256, true, 5.0f};
  const MoeModel m = make_moe(rng, s, TensorType::Q4_K, TensorType::Q5_0);
  check_moe(hearth_ctx, pool, rng, m, 2);
}

TEST_CASE(dense_mlp_matches_reference) {
  std::mt19937 rng(304);
  ThreadPool pool(3);
  const std::int64_t C = 96, F = 160, T = 6;
  const auto up = random_weight(rng, TensorType::Q8_0, C, F);
  const auto down = random_weight(rng, TensorType::Q5_0, F, C);
  const auto u = random_values(rng, static_cast<std::size_t>(T * C));
  std::vector<double> ref;
  for (std::int64_t t = 0; t < T; ++t) {
    const auto r = matvec(down, 0, relu2(matvec(up, 0, std::vector<double>(u.begin() + t * C, u.begin() + (t + 1) * C))));
    ref.insert(ref.end(), r.begin(), r.end());
  }
  std::vector<float> out(static_cast<std::size_t>(T * C)), hidden;
  mlp_forward(pool, MlpWeights{up.view, down.view}, u.data(), T, out.data(), hidden);
  CHECK(max_rel_error(out, ref, 0.1) < 1e-4);
}
