#include "runtime/sampler.h"

#include <algorithm>
#include <functional>
#include <unordered_set>

#include "kernels/sample_rules.h"

namespace hearth::runtime {

namespace rules = sample_rules;

namespace {

// Candidates ordered before falling back to ordering every eligible token: the kept set of a language model
// is almost always far smaller.
constexpr std::size_t kNucleusProbe = 1024;

// First maximum; NaN never wins (the last token when every logit is NaN).
std::int32_t first_max(std::span<const float> x) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < x.size(); ++i)
    if (x[i] > x[best] || x[best] != x[best]) best = i;
  return static_cast<std::int32_t>(best);
}

// Walks `order` (keys or plain weights through `weight_of`) and returns the first position whose running
// weight exceeds target.
template <typename Range, typename WeightOf>
std::size_t first_above(const Range& order, std::size_t count, WeightOf weight_of, std::uint64_t target) {
  std::uint64_t acc = 0;
  for (std::size_t i = 0; i < count; ++i) {
    acc += weight_of(order[i]);
    if (acc > target) return i;
  }
  return count - 1;  // unreachable: target < the total weight
}

}  // namespace

Sampler::Sampler(const SamplerParams& params) : params_(params), state_(params.seed) {}

double Sampler::next_uniform() {
  // splitmix64 (Steele, Lea, Flood 2014): one 64-bit word of state, every output equally likely.
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1p-53;
}

void apply_penalties(const SamplerParams& params, std::span<float> logits, std::span<const std::int32_t> history) {
  if (params.repetition_penalty == 1.0f && params.presence_penalty == 0.0f) return;
  std::size_t n = history.size();
  if (params.penalty_last_n >= 0) n = std::min(n, static_cast<std::size_t>(params.penalty_last_n));
  std::unordered_set<std::int32_t> seen;
  for (std::int32_t token : history.subspan(history.size() - n)) {
    if (token < 0 || static_cast<std::size_t>(token) >= logits.size() || !seen.insert(token).second) continue;
    float& l = logits[static_cast<std::size_t>(token)];
    l = rules::penalised(l, params.repetition_penalty, params.presence_penalty);
  }
}

bool sampler_draws(const SamplerParams& params) { return !rules::greedy_mode(params.greedy, params.temperature); }

std::int32_t sample_with_uniform(const SamplerParams& params, std::span<const float> logits,
                                 std::span<const std::int32_t> history, double u, SampleWork& work) {
  std::vector<SampleCandidate>& candidates = work.candidates;
  candidates.clear();
  if (logits.empty()) return -1;
  work.logits.assign(logits.begin(), logits.end());
  apply_penalties(params, work.logits, history);
  const std::span<const float> x = work.logits;
  const auto n = static_cast<std::int64_t>(x.size());

  const std::int32_t best = first_max(x);
  const float max_logit = x[static_cast<std::size_t>(best)];
  if (rules::greedy_mode(params.greedy, params.temperature) || !rules::is_finite(max_logit)) {
    candidates.push_back({best, 1.0f});
    return best;
  }

  const int weight_bits = rules::weight_bits(n), index_bits = rules::index_bits(n);
  std::vector<std::uint64_t>& w = work.weights;
  w.resize(x.size());
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    total += w[i] = rules::token_weight(x[i], max_logit, params.temperature, weight_bits);
  rules::Truncation trunc = rules::truncation(params.top_k, params.top_p, params.min_p, weight_bits);
  rules::set_total(trunc, total);

  if (!trunc.on) {  // token order, every token of positive weight
    const std::size_t pick = first_above(
        w, w.size(), [](std::uint64_t v) { return v; }, rules::draw_target(u, total));
    for (std::size_t i = 0; i < w.size(); ++i)
      if (w[i] > 0)
        candidates.push_back({static_cast<std::int32_t>(i), static_cast<float>(w[i] / static_cast<double>(total))});
    return static_cast<std::int32_t>(pick);
  }

  // Likelihood order over the eligible tokens, ordered only as far as the cut needs.
  std::vector<std::uint64_t>& keys = work.keys;
  keys.clear();
  for (std::int64_t i = 0; i < n; ++i)
    if (rules::eligible(trunc, w[static_cast<std::size_t>(i)]))
      keys.push_back(rules::order_key(w[static_cast<std::size_t>(i)], i, n, index_bits));
  std::size_t ordered = std::min(kNucleusProbe, keys.size());
  if (trunc.top_k > 0) ordered = std::min(ordered, static_cast<std::size_t>(trunc.top_k));  // the cut is within k
  std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(ordered), keys.end(), std::greater<>());
  std::size_t keep = keys.size();
  std::uint64_t mass = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i == ordered) {  // the probe did not reach the cut: order the rest too
      std::sort(keys.begin() + static_cast<std::ptrdiff_t>(ordered), keys.end(), std::greater<>());
      ordered = keys.size();
    }
    mass += rules::key_weight(keys[i], index_bits);
    if (rules::cut_here(trunc, i + 1, mass)) {
      keep = i + 1;
      break;
    }
  }
  std::uint64_t kept = 0;
  for (std::size_t i = 0; i < keep; ++i) kept += rules::key_weight(keys[i], index_bits);
  const std::size_t pick = first_above(
      keys, keep, [&](std::uint64_t k) { return rules::key_weight(k, index_bits); }, rules::draw_target(u, kept));
  for (std::size_t i = 0; i < keep; ++i)
    candidates.push_back({rules::key_token(keys[i], n, index_bits),
                          static_cast<float>(rules::key_weight(keys[i], index_bits) / static_cast<double>(kept))});
  return rules::key_token(keys[pick], n, index_bits);
}

std::int32_t Sampler::sample(std::span<const float> logits, std::span<const std::int32_t> history) {
  const double u = sampler_draws(params_) ? next_uniform() : 0.0;
  return sample_with_uniform(params_, logits, history, u, work_);
}

}  // namespace hearth::runtime
