#include "model/arch_table.h"

#include <algorithm>

namespace hearth::model {

namespace {

struct ArchRow {
  Arch arch;
  std::string_view name;
};
constexpr ArchRow kArchs[] = {{Arch::NemotronH, "nemotron_h"}, {Arch::NemotronHMoe, "nemotron_h_moe"}};

struct DialectRow {
  Dialect dialect;
  std::string_view name;
  std::int64_t context_length;
};
constexpr DialectRow kDialects[] = {
    {Dialect::LlamaCpp, "llamacpp", std::int64_t{1} << 20},  // conversion/granite.py: 2^20 for NoPE hybrids
    {Dialect::Ollama, "ollama", 262144},                     // convert_nemotron_h.go: max_position_embeddings
};

using N = Need;
constexpr KeyRow kKeys[] = {
    // key                               name                                 global dense        moe
    {Key::Architecture,                  "general.architecture",              true,  N::Required, N::Required},
    {Key::FileType,                      "general.file_type",                 true,  N::Optional, N::Optional},
    {Key::Name,                          "general.name",                      true,  N::Optional, N::Optional},
    {Key::BlockCount,                    "block_count",                       false, N::Required, N::Required},
    {Key::ContextLength,                 "context_length",                    false, N::Required, N::Required},
    {Key::EmbeddingLength,               "embedding_length",                  false, N::Required, N::Required},
    {Key::FeedForwardLength,             "feed_forward_length",               false, N::Required, N::Required},
    {Key::HeadCount,                     "attention.head_count",              false, N::Required, N::Required},
    {Key::HeadCountKv,                   "attention.head_count_kv",           false, N::Required, N::Required},
    {Key::KeyLength,                     "attention.key_length",              false, N::Optional, N::Optional},
    {Key::ValueLength,                   "attention.value_length",            false, N::Optional, N::Optional},
    {Key::RmsEpsilon,                    "attention.layer_norm_rms_epsilon",  false, N::Required, N::Required},
    {Key::VocabSize,                     "vocab_size",                        false, N::Optional, N::Optional},
    {Key::SsmConvKernel,                 "ssm.conv_kernel",                   false, N::Required, N::Required},
    {Key::SsmInnerSize,                  "ssm.inner_size",                    false, N::Required, N::Required},
    {Key::SsmStateSize,                  "ssm.state_size",                    false, N::Required, N::Required},
    {Key::SsmTimeStepRank,               "ssm.time_step_rank",                false, N::Required, N::Required},
    {Key::SsmGroupCount,                 "ssm.group_count",                   false, N::Required, N::Required},
    {Key::ExpertCount,                   "expert_count",                      false, N::Unused,   N::Required},
    {Key::ExpertUsedCount,               "expert_used_count",                 false, N::Unused,   N::Required},
    {Key::ExpertGroupCount,              "expert_group_count",                false, N::Unused,   N::Optional},
    {Key::ExpertGroupUsedCount,          "expert_group_used_count",           false, N::Unused,   N::Optional},
    {Key::ExpertFeedForwardLength,       "expert_feed_forward_length",        false, N::Unused,   N::Required},
    {Key::ExpertSharedFeedForwardLength, "expert_shared_feed_forward_length", false, N::Unused,   N::Required},
    {Key::ExpertSharedCount,             "expert_shared_count",               false, N::Unused,   N::Optional},
    {Key::ExpertWeightsNorm,             "expert_weights_norm",               false, N::Unused,   N::Optional},
    {Key::ExpertWeightsScale,            "expert_weights_scale",              false, N::Unused,   N::Required},
    {Key::MoeLatentSize,                 "moe_latent_size",                   false, N::Unused,   N::Optional},
    {Key::NextnPredictLayers,            "nextn_predict_layers",              false, N::Unused,   N::Optional},
};

using R = TensorRole;
constexpr std::optional<Dialect> kAny = std::nullopt;
// Rows of one role are adjacent (tensor_rows returns a sub-span). The first row of a role is the
// llama.cpp name; alias rows follow.
constexpr TensorRow kTensors[] = {
    // role                    name                               per_layer dialect            f32_only
    {R::TokenEmbd,             "token_embd.weight",               false, kAny,               false},
    {R::OutputNorm,            "output_norm.weight",              false, kAny,               true},
    {R::Output,                "output.weight",                   false, kAny,               false},
    {R::AttnNorm,              "attn_norm.weight",                true,  kAny,               true},
    {R::SsmIn,                 "ssm_in.weight",                   true,  kAny,               false},
    {R::SsmConv1d,             "ssm_conv1d.weight",               true,  kAny,               true},
    {R::SsmConv1dBias,         "ssm_conv1d.bias",                 true,  kAny,               true},
    {R::SsmDtBias,             "ssm_dt.bias",                     true,  kAny,               true},
    {R::SsmA,                  "ssm_a",                           true,  kAny,               true},
    {R::SsmD,                  "ssm_d",                           true,  kAny,               true},
    {R::SsmNorm,               "ssm_norm.weight",                 true,  kAny,               true},
    {R::SsmOut,                "ssm_out.weight",                  true,  kAny,               false},
    {R::AttnQ,                 "attn_q.weight",                   true,  kAny,               false},
    {R::AttnK,                 "attn_k.weight",                   true,  kAny,               false},
    {R::AttnV,                 "attn_v.weight",                   true,  kAny,               false},
    {R::AttnOutput,            "attn_output.weight",              true,  kAny,               false},
    {R::FfnGateInp,            "ffn_gate_inp.weight",             true,  kAny,               true},
    {R::ExpProbsB,             "exp_probs_b.bias",                true,  kAny,               true},
    {R::LatentDown,            "ffn_latent_down.weight",          true,  Dialect::LlamaCpp,  false},
    {R::LatentDown,            "ffn_latent_in.weight",            true,  Dialect::Ollama,    false},
    {R::LatentUp,              "ffn_latent_up.weight",            true,  Dialect::LlamaCpp,  false},
    {R::LatentUp,              "ffn_latent_out.weight",           true,  Dialect::Ollama,    false},
    {R::FfnUpExps,             "ffn_up_exps.weight",              true,  kAny,               false},
    {R::FfnDownExps,           "ffn_down_exps.weight",            true,  kAny,               false},
    {R::FfnUpShexp,            "ffn_up_shexp.weight",             true,  kAny,               false},
    {R::FfnDownShexp,          "ffn_down_shexp.weight",           true,  kAny,               false},
    {R::FfnUp,                 "ffn_up.weight",                   true,  kAny,               false},
    {R::FfnDown,               "ffn_down.weight",                 true,  kAny,               false},
    {R::NextnEhProj,           "nextn.eh_proj.weight",            true,  kAny,               false},
    {R::NextnEnorm,            "nextn.enorm.weight",              true,  kAny,               true},
    {R::NextnHnorm,            "nextn.hnorm.weight",              true,  kAny,               true},
    {R::NextnSharedHeadNorm,   "nextn.shared_head_norm.weight",   true,  kAny,               true},
    {R::PostAttentionNorm,     "post_attention_norm.weight",      true,  kAny,               true},
};

}  // namespace

std::string_view arch_name(Arch arch) {
  for (const ArchRow& r : kArchs)
    if (r.arch == arch) return r.name;
  return "?";
}

std::optional<Arch> arch_from_name(std::string_view name) {
  for (const ArchRow& r : kArchs)
    if (r.name == name) return r.arch;
  return std::nullopt;
}

std::string_view dialect_name(Dialect dialect) {
  for (const DialectRow& r : kDialects)
    if (r.dialect == dialect) return r.name;
  return "?";
}

std::optional<Dialect> dialect_from_name(std::string_view name) {
  for (const DialectRow& r : kDialects)
    if (r.name == name) return r.dialect;
  return std::nullopt;
}

std::int64_t dialect_context_length(Dialect dialect) {
  for (const DialectRow& r : kDialects)
    if (r.dialect == dialect) return r.context_length;
  return 0;
}

std::span<const KeyRow> key_table() { return kKeys; }

const KeyRow& key_row(Key key) {
  for (const KeyRow& r : kKeys)
    if (r.key == key) return r;
  return kKeys[0];
}

std::string key_name(Arch arch, Key key) {
  const KeyRow& r = key_row(key);
  if (r.global) return std::string(r.name);
  return std::string(arch_name(arch)) + "." + std::string(r.name);
}

std::span<const TensorRow> tensor_table() { return kTensors; }

std::span<const TensorRow> tensor_rows(TensorRole role) {
  const TensorRow* begin = std::find_if(std::begin(kTensors), std::end(kTensors),
                                        [role](const TensorRow& r) { return r.role == role; });
  const TensorRow* end = std::find_if(begin, std::end(kTensors), [role](const TensorRow& r) { return r.role != role; });
  return {begin, end};
}

std::string format_tensor_name(const TensorRow& row, int layer) {
  if (!row.per_layer) return std::string(row.name);
  return "blk." + std::to_string(layer) + "." + std::string(row.name);
}

std::string tensor_name(TensorRole role, Dialect dialect, int layer) {
  const std::span<const TensorRow> rows = tensor_rows(role);
  for (const TensorRow& r : rows)
    if (!r.dialect || *r.dialect == dialect) return format_tensor_name(r, layer);
  return format_tensor_name(rows.front(), layer);
}

}  // namespace hearth::model
