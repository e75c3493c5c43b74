// Choosing the next token from logits: greedy, or temperature → top-k → top-p → min-p → a seeded draw, after
// repetition and presence penalties over the recent tokens. The order (temperature first, then the
// truncations) is Hugging Face's and vLLM's, where Nemotron's recommended settings (temperature 1.0,
// top-p 0.95, the defaults here) come from. A sampler with the same seed and the same inputs returns the
// same tokens on every machine: the generator is specified here, not taken from <random>.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hearth::runtime {

struct SamplerParams {
  bool greedy = false;              // argmax of the penalised logits (as does temperature <= 0)
  float temperature = 1.0f;
  std::int32_t top_k = 0;           // keep the k most likely; 0 = off
  float top_p = 0.95f;              // keep the smallest most-likely set reaching this mass; 1 = off
  float min_p = 0.0f;               // keep tokens with p >= min_p · p_max; 0 = off
  float repetition_penalty = 1.0f;  // seen tokens: logit / r if positive, logit · r if not; 1 = off
  float presence_penalty = 0.0f;    // seen tokens: logit − presence; 0 = off
  std::int32_t penalty_last_n = 64; // how many recent tokens count as seen; -1 = all of history
  std::uint64_t seed = 0;
};

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
  // renormalised over the kept tokens; most likely first whenever a truncation is on (for tests and
  // --json diagnostics).
  struct Candidate {
    std::int32_t token;
    float p;
  };
  const std::vector<Candidate>& last_candidates() const { return candidates_; }

  // Uniform double in [0, 1) from the sampler's generator (splitmix64).
  double next_uniform();

 private:
  SamplerParams params_;
  std::uint64_t state_;
  std::vector<float> work_;
  std::vector<Candidate> candidates_;
};

// Applies the repetition and presence penalties of `params` to logits in place (each distinct token of the
// last penalty_last_n of history once).
void apply_penalties(const SamplerParams& params, std::span<float> logits, std::span<const std::int32_t> history);

}  // namespace hearth::runtime
