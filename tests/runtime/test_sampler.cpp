#include <cmath>
#include <map>
#include <random>
#include <vector>

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
