// The Nemotron-H mixture-of-experts block (nemotron-h.md §2.3), latent (Super) or not (Nano 30B):
//   router   p = sigmoid(W_gate · h) in fp32 on the full hidden state h (never the latent)
//   select   top-k of p + bias (the correction bias only chooses; ties go to the lower expert id)
//   weights  w_e = p_e / max(Σ_selected p, 6.1035e-5) when weights_norm, then × weights_scale
//   experts  ℓ = W_latent_down · h (or ℓ = h); per chosen e: d_e = W_down[e] · relu(W_up[e] · ℓ)²
//   combine  r = W_latent_up · Σ_e w_e d_e (or the sum itself)
//   shared   s = W_sh_down · relu(W_sh_up · h)², ungated, unscaled, on the full h
//   out      r + s (the caller adds it to the residual)
// Tokens of a prefill are grouped by expert so each chosen expert's weights are read once per batch.
#pragma once

#include <cstdint>
#include <vector>

#include "backend/cpu/weight_view.h"
#include "runtime/thread_pool.h"

namespace hearth::cpu {

struct MoeShape {
  std::int64_t n_embd = 0;
  std::int64_t n_expert = 0;
  std::int64_t n_expert_used = 0;  // k
  std::int64_t latent = 0;         // 0: the experts work in n_embd
  std::int64_t n_ff_exp = 0;
  std::int64_t n_ff_shexp = 0;     // 0: no shared expert
  bool weights_norm = true;
  float weights_scale = 1.0f;
  std::int64_t expert_dim() const { return latent > 0 ? latent : n_embd; }
};

struct MoeWeights {
  WeightView gate_inp;                 // {n_embd, n_expert}, f32 in published files
  const float* probs_bias = nullptr;   // (n_expert) e_score_correction_bias, or null
  WeightView latent_down;              // {n_embd, latent} (latent shape only)
  WeightView latent_up;                // {latent, n_embd} (latent shape only)
  WeightView up_exps;                  // {expert_dim, n_ff_exp, n_expert}
  WeightView down_exps;                // {n_ff_exp, expert_dim, n_expert}
  WeightView up_shexp;                 // {n_embd, n_ff_shexp}
  WeightView down_shexp;               // {n_ff_shexp, n_embd}
};

struct ExpertChoice {
  std::int32_t expert = 0;
  float weight = 0.0f;
};

// The router for one token: logits (n_expert) → k choices, best first.
void select_experts(const MoeShape& shape, const float* logits, const float* probs_bias, ExpertChoice* out);

struct MoeScratch {
  std::vector<float> logits, latent, shared_hidden, shared_out, expert_in, expert_hidden, expert_out, combined;
  std::vector<ExpertChoice> choices;
  std::vector<std::int64_t> counts, offsets, pair_rows;  // pair_rows[t·k + j]: the grouped row of choice j of token t
  std::vector<std::int32_t> order;
};

// h: (T, n_embd), already normalised → out (T, n_embd).
void moe_forward(runtime::ThreadPool& pool, const MoeShape& shape, const MoeWeights& w, const float* h,
                 std::int64_t n_tokens, float* out, MoeScratch& scratch);

}  // namespace hearth::cpu
