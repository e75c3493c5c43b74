// Hyperparameters of a Nemotron-H model: nemotron_h (dense, Nano 4B) and nemotron_h_moe (Nano 30B, Super).
// Values and their GGUF keys: nemotron-h.md §1.2 and §3.1. The per-layer kinds are computed once, by
// finalize(), from head_count_kv[i] and feed_forward_length[i] with llama.cpp's rule (§1.3):
//   Mamba      iff head_count_kv[i] == 0 and feed_forward_length[i] == 0
//   Attention  iff head_count_kv[i] >  0 and feed_forward_length[i] == 0
//   MoE / MLP  iff feed_forward_length[i] > 0 (MoE when the architecture has experts)
// Everything downstream reads `layers`; nothing re-derives the rule.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "model/arch_table.h"
#include "model/layer_kind.h"

namespace hearth::model {

struct AttentionConfig {
  std::int64_t n_head = 0;     // query heads (32 on Super)
  std::int64_t n_head_kv = 0;  // KV heads at attention layers (2 on Super); GQA group = n_head / n_head_kv
  std::int64_t head_dim = 0;   // key_length == value_length (128)
  std::int64_t q_dim() const { return n_head * head_dim; }
  std::int64_t kv_dim() const { return n_head_kv * head_dim; }
};

struct SsmConfig {
  std::int64_t d_conv = 0;    // causal conv kernel K (4)
  std::int64_t d_inner = 0;   // H · P (8192 on Super)
  std::int64_t d_state = 0;   // N (128)
  std::int64_t n_head = 0;    // H, GGUF ssm.time_step_rank (128)
  std::int64_t n_group = 0;   // G, B/C groups and gated-norm groups (8)
  std::int64_t head_dim() const { return n_head > 0 ? d_inner / n_head : 0; }             // P
  std::int64_t conv_dim() const { return d_inner + 2 * n_group * d_state; }               // C
  std::int64_t in_proj_dim() const { return 2 * d_inner + 2 * n_group * d_state + n_head; }  // z, xBC, dt
  std::int64_t group_size() const { return n_group > 0 ? d_inner / n_group : 0; }         // gated-norm group
};

struct MoeConfig {
  std::int64_t n_expert = 0;         // routed experts (512); 0 for the dense architecture
  std::int64_t n_expert_used = 0;    // top-k (22)
  std::int64_t n_ff_exp = 0;         // expert intermediate (2688)
  std::int64_t n_ff_shexp = 0;       // shared expert intermediate (5376)
  std::int64_t n_expert_shared = 0;  // shared experts (1)
  std::int64_t latent_size = 0;      // 0 when experts work in n_embd (Nano 30B); 1024 on Super
  bool weights_norm = true;          // divide the selected sigmoid weights by their sum
  float weights_scale = 1.0f;        // routed_scaling_factor (5.0 Super, 2.5 Nano 30B)
  std::int64_t n_group = 1;          // expert groups; <= 1 means no grouping (§7.11)
  std::int64_t n_group_used = 1;
};

struct ModelConfig {
  Arch arch = Arch::NemotronHMoe;
  Dialect dialect = Dialect::LlamaCpp;
  std::string name;  // general.name, informational

  std::int64_t n_embd = 0;
  std::int64_t n_layer = 0;  // main decoder blocks, excluding the MTP block
  std::int64_t n_vocab = 0;
  std::int64_t n_ctx_train = 0;
  float rms_eps = 1e-5f;

  // Per main layer, as GGUF stores them (MTP entries, if the file has any, are not included).
  std::vector<std::int32_t> head_count_kv;
  std::vector<std::int32_t> feed_forward_length;

  AttentionConfig attn;
  SsmConfig ssm;
  MoeConfig moe;
  std::int64_t n_ff = 0;  // dense MLP intermediate (12544 on Nano 4B); 0 without MLP layers

  // Multi-token prediction: one block stored at index n_layer (§4.2): "*E", attention then MoE.
  std::int64_t n_nextn = 0;
  bool has_mtp() const { return n_nextn > 0; }
  std::int64_t mtp_layer() const { return n_layer; }

  // Filled by finalize().
  std::vector<LayerKind> layers;

  std::string pattern() const { return pattern_string(layers); }
  std::int64_t count(LayerKind kind) const;
  bool is_moe_arch() const { return arch == Arch::NemotronHMoe; }
  // Width the experts work in: the latent size on Super, n_embd otherwise.
  std::int64_t moe_dim() const { return moe.latent_size > 0 ? moe.latent_size : n_embd; }
};

// Computes `layers` from the per-layer arrays and validates the whole config: sizes positive and
// divisible where the math needs it, arrays of length n_layer, uniform KV heads, expert counts, MTP only on
// an architecture with attention and experts. Errors name the GGUF key with expected and actual values.
Status finalize(ModelConfig& config);

// Per-layer arrays that produce the given kinds (the inverse of the §1.3 rule), for presets and tests.
void set_layer_arrays(ModelConfig& config, const std::vector<LayerKind>& kinds);

}  // namespace hearth::model
