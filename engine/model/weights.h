// Every tensor of a Nemotron-H GGUF bound to a named field, strictly: each expected tensor must be present
// with the shape below and a type this engine can dequantise (norms, biases, SSM vectors and the router
// must be F32, as every converter writes them), and nothing may be left over. Shapes are ggml `ne` order
// (ne[0] contiguous), nemotron-h.md §3.2 and §4.2. Fields point into the gguf::File, which must outlive them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "gguf/gguf_file.h"
#include "model/arch_table.h"
#include "model/model_config.h"
#include "model/tensor_list.h"

namespace hearth::model {

using Tensor = const gguf::TensorInfo*;

// Glossary: E = n_embd, H = ssm.n_head, C = ssm.conv_dim(), K = ssm.d_conv, G = ssm.n_group,
// X = n_expert, F = n_ff_exp, S = n_ff_shexp, L = moe_dim() (latent size, or E without latent).

struct MambaWeights {
  Tensor ssm_in = nullptr;       // (E, 2·d_inner + 2·G·N + H)  z | xBC | dt
  Tensor conv1d = nullptr;       // (K, C)                      F32
  Tensor conv1d_bias = nullptr;  // (C)                         F32
  Tensor dt_bias = nullptr;      // (H)                         F32
  Tensor a = nullptr;            // (1, H)  −exp(A_log)         F32
  Tensor d = nullptr;            // (1, H)                      F32
  Tensor norm = nullptr;         // (d_inner / G, G)            F32
  Tensor out = nullptr;          // (d_inner, E)
};

struct AttentionWeights {
  Tensor q = nullptr;  // (E, n_head · head_dim)
  Tensor k = nullptr;  // (E, n_head_kv · head_dim)
  Tensor v = nullptr;  // (E, n_head_kv · head_dim)
  Tensor o = nullptr;  // (n_head · head_dim, E)
};

struct MoeWeights {
  Tensor gate_inp = nullptr;     // (E, X)  router, F32, on the full hidden state
  Tensor exp_probs_b = nullptr;  // (X)     selection bias, F32
  Tensor latent_down = nullptr;  // (E, L)  null without latent (Nano 30B); Ollama: ffn_latent_in
  Tensor latent_up = nullptr;    // (L, E)  null without latent;            Ollama: ffn_latent_out
  Tensor up_exps = nullptr;      // (L, F, X)
  Tensor down_exps = nullptr;    // (F, L, X)
  Tensor up_shexp = nullptr;     // (E, S)
  Tensor down_shexp = nullptr;   // (S, E)
};

struct MlpWeights {
  Tensor up = nullptr;    // (E, n_ff)
  Tensor down = nullptr;  // (n_ff, E)
};

struct LayerWeights {
  LayerKind kind = LayerKind::Mamba;
  Tensor attn_norm = nullptr;  // (E)  the block's single pre-norm, F32
  MambaWeights mamba;          // filled for Mamba layers only
  AttentionWeights attn;       // Attention layers only
  MoeWeights moe;              // MoE layers only
  MlpWeights mlp;              // MLP layers only
};

// The "*E" MTP block at index n_layer (§4.1/§4.2). Embedding and lm_head are shared with the main model.
struct MtpWeights {
  Tensor eh_proj = nullptr;              // (2·E, E)  [embedding half first | hidden half]
  Tensor enorm = nullptr;                // (E)
  Tensor hnorm = nullptr;                // (E)
  Tensor shared_head_norm = nullptr;     // (E)
  Tensor attn_norm = nullptr;            // (E)
  AttentionWeights attn;
  Tensor post_attention_norm = nullptr;  // (E)  the MoE sub-layer's pre-norm
  MoeWeights moe;
};

struct ModelWeights {
  Tensor token_embd = nullptr;   // (E, n_vocab)
  Tensor output_norm = nullptr;  // (E)
  Tensor output = nullptr;       // (E, n_vocab)  untied lm_head
  std::vector<LayerWeights> layers;  // n_layer, kinds from ModelConfig::layers
  std::optional<MtpWeights> mtp;
};

// Binds every tensor of `file`. Errors (each naming the tensor with expected and actual values):
// MissingTensor, ShapeMismatch, UnsupportedType, MalformedFile for a leftover tensor.
Result<ModelWeights> bind_weights(const gguf::File& file, const ModelConfig& config);

}  // namespace hearth::model
