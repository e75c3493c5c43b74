#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <vector>

#include "kernels/sample_rules.h"
#include "runtime/sampler.h"
#include "support/check.h"

using hearth::runtime::apply_penalties;
using hearth::runtime::Sampler;
using hearth::runtime::SamplerParams;

namespace {

std::vector<float> random_logits(std::uint32_t seed, std::size_t n) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0.0f, 3.0f);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

std::vector<double> softmax(const std::vector<float>& l, double temperature) {
  double m = -1e300, sum = 0.0;
  for (float x : l) m = std::max(m, static_cast<double>(x));
  std::vector<double> p(l.size());
  for (std::size_t i = 0; i < l.size(); ++i) sum += p[i] = std::exp((l[i] - m) / temperature);
  for (double& x : p) x /= sum;
  return p;
}

std::size_t argmax(const std::vector<float>& l) {
  return static_cast<std::size_t>(std::max_element(l.begin(), l.end()) - l.begin());
}

}  // namespace

TEST_CASE(defaults_are_nemotron_recommendation) {
  const SamplerParams p;
  CHECK_EQ(p.temperature, 1.0f);
  CHECK_EQ(p.top_p, 0.95f);
  CHECK(!p.greedy);
}

TEST_CASE(greedy_and_top_k_one_pick_the_argmax) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const auto logits = random_logits(seed, 500);
    SamplerParams g;
    g.greedy = true;
    Sampler greedy(g);
    CHECK_EQ(static_cast<std::size_t>(greedy.sample(logits, {})), argmax(logits));
    SamplerParams k1;
    k1.top_k = 1;
    k1.seed = seed;
    Sampler topk(k1);
    CHECK_EQ(static_cast<std::size_t>(topk.sample(logits, {})), argmax(logits));
    SamplerParams t0;
    t0.temperature = 0.0f;
    Sampler cold(t0);
    CHECK_EQ(static_cast<std::size_t>(cold.sample(logits, {})), argmax(logits));
  }
}

TEST_CASE(top_p_keeps_smallest_prefix_reaching_p) {
  const auto logits = random_logits(3, 3000);  // above the 1024-candidate probe
  for (float top_p : {0.3f, 0.9f, 0.999f}) {
    SamplerParams params;
    params.top_p = top_p;
    params.temperature = 0.7f;
    Sampler s(params);
    s.sample(logits, {});
    const auto& kept = s.last_candidates();
    auto p = softmax(logits, 0.7);
    std::vector<double> sorted = p;
    std::sort(sorted.rbegin(), sorted.rend());
    std::size_t expect = 0;
    double mass = 0.0;
    while (mass < top_p) mass += sorted[expect++];
    CHECK_EQ(kept.size(), expect);
    for (std::size_t i = 0; i + 1 < kept.size(); ++i) CHECK(kept[i].p >= kept[i + 1].p);
    // Renormalised over the kept set.
    CHECK_NEAR(kept.front().p, sorted[0] / mass, 1e-5);
  }
}

TEST_CASE(min_p_threshold_relative_to_max) {
  const auto logits = random_logits(4, 400);
  SamplerParams params;
  params.top_p = 1.0f;
  params.min_p = 0.05f;
  Sampler s(params);
  s.sample(logits, {});
  const auto p = softmax(logits, 1.0);
  const double pmax = *std::max_element(p.begin(), p.end());
  std::size_t expect = 0;
  for (double x : p) expect += x >= 0.05 * pmax;
  CHECK_EQ(s.last_candidates().size(), expect);
}

TEST_CASE(penalties_change_logits_as_defined) {
  std::vector<float> logits = {2.0f, -1.0f, 0.5f, 3.0f};
  SamplerParams params;
  params.repetition_penalty = 2.0f;
  params.presence_penalty = 0.25f;
  params.penalty_last_n = 3;
  const std::vector<std::int32_t> history = {3, 0, 1, 1};  // token 3 is outside the last 3
  apply_penalties(params, logits, history);
  CHECK_NEAR(logits[0], 2.0 / 2.0 - 0.25, 1e-7);
  CHECK_NEAR(logits[1], -1.0 * 2.0 - 0.25, 1e-7);  // counted once although seen twice
  CHECK_NEAR(logits[2], 0.5, 1e-7);
  CHECK_NEAR(logits[3], 3.0, 1e-7);
}

TEST_CASE(penalty_can_change_the_greedy_choice) {
  const std::vector<float> logits = {1.0f, 1.5f};
  SamplerParams params;
  params.greedy = true;
  params.repetition_penalty = 2.0f;
  Sampler s(params);
  CHECK_EQ(s.sample(logits, {}), 1);
  const std::vector<std::int32_t> history = {1};
  CHECK_EQ(s.sample(logits, history), 0);
}

TEST_CASE(same_seed_same_sequence_and_state_restores) {
  const auto logits = random_logits(5, 1000);
  SamplerParams params;
  params.seed = 1234;
  Sampler a(params), b(params);
  std::vector<std::int32_t> seq_a, seq_b;
  for (int i = 0; i < 50; ++i) {
    seq_a.push_back(a.sample(logits, {}));
    seq_b.push_back(b.sample(logits, {}));
  }
  CHECK(seq_a == seq_b);
  params.seed = 1235;
  Sampler c(params);
  std::vector<std::int32_t> seq_c;
  for (int i = 0; i < 50; ++i) seq_c.push_back(c.sample(logits, {}));
  CHECK(seq_a != seq_c);
  // Restoring the generator state replays the draws.
  const std::uint64_t saved = a.rng_state();
  const std::int32_t next = a.sample(logits, {});
  a.set_rng_state(saved);
  CHECK_EQ(a.sample(logits, {}), next);
}

TEST_CASE(draws_follow_the_distribution) {
  // Four tokens, temperature 1, no truncation: empirical frequencies within 4 standard errors.
  const std::vector<float> logits = {0.0f, 1.0f, 2.0f, -1.0f};
  SamplerParams params;
  params.top_p = 1.0f;
  params.seed = 99;
  Sampler s(params);
  const int n = 40000;
  std::map<std::int32_t, int> counts;
  for (int i = 0; i < n; ++i) ++counts[s.sample(logits, {})];
  const auto p = softmax(logits, 1.0);
  for (int t = 0; t < 4; ++t) {
    const double se = std::sqrt(p[static_cast<std::size_t>(t)] * (1 - p[static_cast<std::size_t>(t)]) / n);
    CHECK_NEAR(counts[t] / static_cast<double>(n), p[static_cast<std::size_t>(t)], 4 * se);
  }
}

TEST_CASE(top_k_never_returns_outside_the_k) {
  const auto logits = random_logits(6, 200);
  std::vector<std::size_t> order(logits.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return logits[a] > logits[b]; });
  SamplerParams params;
  params.top_k = 5;
  params.top_p = 1.0f;
  params.temperature = 5.0f;  // flat enough that the tail would otherwise be drawn
  Sampler s(params);
  for (int i = 0; i < 500; ++i) {
    const auto t = static_cast<std::size_t>(s.sample(logits, {}));
    CHECK(std::find(order.begin(), order.begin() + 5, t) != order.begin() + 5);
  }
}

// The fixed-point exp behind the shared CPU/GPU weights: within one unit of 2^B·e^−t, exactly 2^B at t = 0,
// never increasing with t, and 0 once below half a unit.
TEST_CASE(fixed_point_exp_weight_is_accurate_and_monotone) {
  namespace rules = hearth::sample_rules;
  for (int bits : {46, 40, 30}) {
    CHECK_EQ(rules::exp_weight(0.0, bits), 1ull << bits);
    std::mt19937 rng(static_cast<std::uint32_t>(bits));
    std::uniform_real_distribution<double> t_of(0.0, 34.0);
    std::vector<double> ts(20000);
    for (double& t : ts) t = t_of(rng);
    std::sort(ts.begin(), ts.end());
    std::uint64_t previous = 1ull << bits;
    int bad = 0;
    for (double t : ts) {
      const std::uint64_t w = rules::exp_weight(t, bits);
      const double want = std::ldexp(std::exp(-t), bits);
      if (std::fabs(static_cast<double>(w) - want) > 1.0 + want * 1e-13 || w > previous) {
        if (bad++ < 5)
          std::fprintf(stderr, "  t=%.17g bits=%d: w=%llu want %.3f\n", t, bits, static_cast<unsigned long long>(w),
                       want);
      }
      previous = w;
    }
    CHECK_EQ(bad, 0);
  }
  CHECK_EQ(rules::exp_weight(std::nan(""), 46), 0ull);
  CHECK_EQ(rules::exp_weight(INFINITY, 46), 0ull);
}

TEST_CASE(sample_uses_the_uniform_as_sample_with_uniform_does) {
  const auto logits = random_logits(8, 3000);
  SamplerParams params;
  params.temperature = 0.8f;
  params.top_k = 100;
  params.seed = 77;
  Sampler s(params), shadow(params);
  hearth::runtime::SampleWork work;
  for (int i = 0; i < 200; ++i) {
    const double u = shadow.next_uniform();
    CHECK_EQ(s.sample(logits, {}), hearth::runtime::sample_with_uniform(params, logits, {}, u, work));
  }
}

TEST_CASE(ties_go_to_the_lower_token_and_u_walks_most_likely_first) {
  const std::vector<float> logits = {1.0f, 2.0f, 2.0f, 2.0f, 0.0f};
  SamplerParams params;
  params.top_k = 2;
  params.top_p = 1.0f;
  hearth::runtime::SampleWork work;
  CHECK_EQ(hearth::runtime::sample_with_uniform(params, logits, {}, 0.0, work), 1);
  CHECK_EQ(hearth::runtime::sample_with_uniform(params, logits, {}, 0.49, work), 1);
  CHECK_EQ(hearth::runtime::sample_with_uniform(params, logits, {}, 0.51, work), 2);
  CHECK_EQ(hearth::runtime::sample_with_uniform(params, logits, {}, 0.9999999, work), 2);
  // No truncation: token order.
  params.top_k = 0;
  CHECK_EQ(hearth::runtime::sample_with_uniform(params, logits, {}, 0.0, work), 0);
  CHECK_EQ(hearth::runtime::sample_with_uniform(params, logits, {}, 0.9999999, work), 4);
}

TEST_CASE(non_finite_logits_have_defined_results) {
  const float nan = std::nanf(""), inf = INFINITY;
  hearth::runtime::SampleWork work;
  SamplerParams params;  // temperature 1, top-p 0.95
  const auto draw = [&](const std::vector<float>& l, double u) {
    return hearth::runtime::sample_with_uniform(params, l, {}, u, work);
  };
  // NaN and −inf are never drawn while a finite logit exists.
  for (double u : {0.0, 0.5, 0.9999999}) {
    CHECK_EQ(draw({nan, 0.0f, -inf, nan}, u), 1);
    const std::int32_t t = draw({-inf, 1.0f, nan, 1.0f, -inf}, u);
    CHECK(t == 1 || t == 3);
  }
  CHECK_EQ(draw({nan, nan, nan}, 0.3), 2);         // all NaN: the last token, like greedy
  CHECK_EQ(draw({-inf, -inf, -inf}, 0.3), 0);      // nothing finite: the first maximum
  CHECK_EQ(draw({0.0f, inf, 3.0f, inf}, 0.7), 1);  // +inf: the first of them
  params.top_p = 1.0f;
  for (double u : {0.0, 0.9999999}) CHECK_EQ(draw({-inf, 2.0f, nan, -inf}, u), 1);
}
