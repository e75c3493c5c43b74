// Choosing the next token from logits: greedy, or temperature → top-k → top-p → min-p → a seeded draw, after
// repetition and presence penalties over the recent tokens. The order (temperature first, then the
// truncations) is Hugging Face's and vLLM's, where Nemotron's recommended settings (temperature 1.0,
// top-p 0.95, the defaults here) come from. A sampler with the same seed and the same inputs returns the
// same tokens on every machine: the generator is specified here, not taken from <random>. The probabilities
// are integer weights from a fixed-point exp (kernels/sample_rules.h) so the CUDA sampler (kernels/sample.cuh)
// picks exactly the same token for the same logits and the same uniform draw.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hearth::runtime {

struct SamplerParams {
  bool greedy = false;  // argmax of the penalised logits (as does temperature <= 0)
  float temperature = 1.0f;
  std::int32_t top_k = 0;            // keep the k most likely; 0 = off
  float top_p = 0.95f;               // keep the smallest most-likely set reaching this mass; 1 = off
  float min_p = 0.0f;                // keep tokens with p >= min_p · p_max; 0 = off
  float repetition_penalty = 1.0f;   // seen tokens: logit / r if positive, logit · r if not; 1 = off
  float presence_penalty = 0.0f;     // seen tokens: logit − presence; 0 = off
  std::int32_t penalty_last_n = 64;  // how many recent tokens count as seen; -1 = all of history
  std::uint64_t seed = 0;
};

// One kept token and its probability, renormalised over the kept set.
struct SampleCandidate {
  std::int32_t token;
  float p;
};

// Buffers sample_with_uniform() reuses between calls (no allocation per token once grown).
struct SampleWork {
  std::vector<float> logits;
  std::vector<std::uint64_t> weights;
  std::vector<std::uint64_t> keys;
  std::vector<SampleCandidate> candidates;  // the distribution the last call drew from (see last_candidates())
};

// The token for uniform u in [0, 1), without any generator: Sampler::sample() with u = next_uniform(), and the
// reference the CUDA sampler reproduces bit for bit. Greedy (u unused) when params.greedy or temperature ≤ 0
// (or NaN), and also when no penalised logit is finite or one is +inf. Greedy is the first maximum; NaN never
// wins unless every logit is NaN (then the last token). A token whose weight rounds to zero (NaN, −inf, or more
// than about 32 below the maximum after temperature) is never drawn. Returns -1 only for an empty vocabulary.
std::int32_t sample_with_uniform(const SamplerParams& params, std::span<const float> logits,
                                 std::span<const std::int32_t> history, double u, SampleWork& work);

// Whether sample() consumes a uniform for these parameters (the CUDA path draws one exactly when this holds).
bool sampler_draws(const SamplerParams& params);

class Sampler {
 public:
  explicit Sampler(const SamplerParams& params = {});

  const SamplerParams& params() const { return params_; }

  // The next token. history: the tokens so far (prompt and generated), oldest first, for the penalties.
  // logits are not modified. Returns -1 only for an empty vocabulary.
  std::int32_t sample(std::span<const float> logits, std::span<const std::int32_t> history);

  // The generator's state: a snapshot taken with the session's makes a restored run draw the same tokens.
  std::uint64_t rng_state() const { return state_; }
  void set_rng_state(std::uint64_t state) { state_ = state; }

  // The penalised, tempered and truncated distribution the last sample() drew from, as (token, p) with p
  // renormalised over the kept tokens (tokens of weight 0 left out); most likely first whenever a truncation
  // is on, token order otherwise (for tests and --json diagnostics).
  using Candidate = SampleCandidate;
  const std::vector<Candidate>& last_candidates() const { return work_.candidates; }

  // Uniform double in [0, 1) from the sampler's generator (splitmix64).
  double next_uniform();

 private:
  SamplerParams params_;
  std::uint64_t state_;
  SampleWork work_;
};

// Applies the repetition and presence penalties of `params` to logits in place (each distinct token of the
// last penalty_last_n of history once).
void apply_penalties(const SamplerParams& params, std::span<float> logits, std::span<const std::int32_t> history);

}  // namespace hearth::runtime
