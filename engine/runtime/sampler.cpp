#include "runtime/sampler.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace hearth::runtime {

namespace {

// Candidates examined before falling back to sorting the whole vocabulary for top-p: the nucleus of a
// language model is almost always far smaller.
constexpr std::size_t kNucleusProbe = 1024;

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
    if (params.repetition_penalty != 1.0f) l = l > 0.0f ? l / params.repetition_penalty : l * params.repetition_penalty;
    l -= params.presence_penalty;
  }
}

std::int32_t Sampler::sample(std::span<const float> logits, std::span<const std::int32_t> history) {
  candidates_.clear();
  if (logits.empty()) return -1;
  work_.assign(logits.begin(), logits.end());
  apply_penalties(params_, work_, history);
  const std::int32_t n_vocab = static_cast<std::int32_t>(work_.size());

  if (params_.greedy || params_.temperature <= 0.0f) {
    // First maximum; NaN never wins.
    std::int32_t best = 0;
    for (std::int32_t i = 1; i < n_vocab; ++i)
      if (work_[static_cast<std::size_t>(i)] > work_[static_cast<std::size_t>(best)] ||
          std::isnan(work_[static_cast<std::size_t>(best)]))
        best = i;
    candidates_.push_back({best, 1.0f});
    return best;
  }

  // Softmax of logits / temperature (in double: 131072 terms).
  const float inv_t = 1.0f / params_.temperature;
  float max_l = -INFINITY;
  for (float l : work_)
    if (!std::isnan(l)) max_l = std::max(max_l, l);
  double sum = 0.0;
  for (float& l : work_) {
    l = std::isnan(l) ? 0.0f : std::exp((l - max_l) * inv_t);
    sum += l;
  }
  const auto more_likely = [](const Candidate& a, const Candidate& b) { return a.p > b.p || (a.p == b.p && a.token < b.token); };

  // Candidates, most likely first: only as many as top-k and top-p can keep.
  candidates_.reserve(work_.size());
  for (std::int32_t i = 0; i < n_vocab; ++i)
    candidates_.push_back({i, static_cast<float>(work_[static_cast<std::size_t>(i)] / sum)});
  std::size_t keep = candidates_.size();
  if (params_.top_k > 0) keep = std::min(keep, static_cast<std::size_t>(params_.top_k));
  bool sorted = false;
  if (params_.top_p < 1.0f && keep > kNucleusProbe) {
    std::partial_sort(candidates_.begin(), candidates_.begin() + static_cast<std::ptrdiff_t>(kNucleusProbe),
                      candidates_.end(), more_likely);
    double mass = 0.0;
    for (std::size_t i = 0; i < kNucleusProbe; ++i) mass += candidates_[i].p;
    if (mass >= params_.top_p) {
      keep = kNucleusProbe;
      sorted = true;
    }
  }
  const bool truncating = params_.top_k > 0 || params_.top_p < 1.0f || params_.min_p > 0.0f;
  if (!sorted && truncating) {
    std::partial_sort(candidates_.begin(), candidates_.begin() + static_cast<std::ptrdiff_t>(keep), candidates_.end(),
                      more_likely);
  }
  candidates_.resize(keep);

  if (params_.top_p < 1.0f) {
    double mass = 0.0;
    std::size_t n = 0;
    while (n < candidates_.size()) {
      mass += candidates_[n++].p;
      if (mass >= params_.top_p) break;
    }
    candidates_.resize(std::max<std::size_t>(n, 1));
  }
  if (params_.min_p > 0.0f) {
    const float threshold = params_.min_p * candidates_.front().p;
    std::size_t n = 1;
    while (n < candidates_.size() && candidates_[n].p >= threshold) ++n;
    candidates_.resize(n);
  }

  double kept = 0.0;
  for (const Candidate& c : candidates_) kept += c.p;
  for (Candidate& c : candidates_) c.p = static_cast<float>(c.p / kept);

  const double u = next_uniform();
  double acc = 0.0;
  for (const Candidate& c : candidates_) {
    acc += c.p;
    if (u < acc) return c.token;
  }
  return candidates_.back().token;  // u within rounding of 1
}

}  // namespace hearth::runtime
