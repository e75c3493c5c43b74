#include "model/model_config.h"

#include <algorithm>

namespace hearth::model {

namespace {

std::string str(std::int64_t v) { return std::to_string(v); }

Status bad_key(const ModelConfig& c, Key key, const std::string& expected, const std::string& actual) {
  return Status::error(ErrorCode::MalformedFile,
                       "metadata " + key_name(c.arch, key) + " is " + actual + "; expected " + expected);
}

Status require_positive(const ModelConfig& c, Key key, std::int64_t value) {
  if (value > 0) return Status::ok();
  return bad_key(c, key, "> 0", str(value));
}

Status require_divides(const ModelConfig& c, Key key, std::int64_t value, std::int64_t divisor, const char* what) {
  if (divisor > 0 && value % divisor == 0) return Status::ok();
  return bad_key(c, key, std::string("a multiple of ") + what + " (" + str(divisor) + ")", str(value));
}

}  // namespace

std::int64_t ModelConfig::count(LayerKind kind) const {
  return static_cast<std::int64_t>(std::count(layers.begin(), layers.end(), kind));
}

void set_layer_arrays(ModelConfig& config, const std::vector<LayerKind>& kinds) {
  config.n_layer = static_cast<std::int64_t>(kinds.size());
  config.head_count_kv.assign(kinds.size(), 0);
  config.feed_forward_length.assign(kinds.size(), 0);
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    switch (kinds[i]) {
      case LayerKind::Mamba: break;
      case LayerKind::Attention: config.head_count_kv[i] = static_cast<std::int32_t>(config.attn.n_head_kv); break;
      case LayerKind::MoE: config.feed_forward_length[i] = static_cast<std::int32_t>(config.moe.n_ff_exp); break;
      case LayerKind::MLP: config.feed_forward_length[i] = static_cast<std::int32_t>(config.n_ff); break;
    }
  }
}

Status finalize(ModelConfig& c) {
  HEARTH_TRY(require_positive(c, Key::EmbeddingLength, c.n_embd));
  HEARTH_TRY(require_positive(c, Key::BlockCount, c.n_layer));
  HEARTH_TRY(require_positive(c, Key::VocabSize, c.n_vocab));
  HEARTH_TRY(require_positive(c, Key::ContextLength, c.n_ctx_train));
  if (!(c.rms_eps > 0.0f && c.rms_eps < 1.0f))
    return bad_key(c, Key::RmsEpsilon, "in (0, 1)", std::to_string(c.rms_eps));
  const auto n = static_cast<std::size_t>(c.n_layer);
  if (c.head_count_kv.size() != n)
    return bad_key(c, Key::HeadCountKv, "an array of " + str(c.n_layer) + " values (block_count)",
                   "an array of " + str(static_cast<std::int64_t>(c.head_count_kv.size())));
  if (c.feed_forward_length.size() != n)
    return bad_key(c, Key::FeedForwardLength, "an array of " + str(c.n_layer) + " values (block_count)",
                   "an array of " + str(static_cast<std::int64_t>(c.feed_forward_length.size())));

  // The §1.3 rule, once.
  c.layers.assign(n, LayerKind::Mamba);
  std::int64_t n_ff_dense = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t kv = c.head_count_kv[i];
    const std::int32_t ff = c.feed_forward_length[i];
    const std::string at = "[" + std::to_string(i) + "]";
    if (kv < 0) return bad_key(c, Key::HeadCountKv, at + " >= 0", str(kv));
    if (ff < 0) return bad_key(c, Key::FeedForwardLength, at + " >= 0", str(ff));
    if (ff > 0 && kv > 0)
      return bad_key(c, Key::HeadCountKv, at + " = 0 at a feed-forward layer (feed_forward_length" + at + " = " +
                                              str(ff) + ")", str(kv));
    if (ff == 0) {
      c.layers[i] = kv == 0 ? LayerKind::Mamba : LayerKind::Attention;
      if (kv > 0 && kv != c.attn.n_head_kv)
        return bad_key(c, Key::HeadCountKv, at + " = " + str(c.attn.n_head_kv) + " (the same at every attention layer)",
                       str(kv));
    } else if (c.is_moe_arch()) {
      c.layers[i] = LayerKind::MoE;
      if (ff != c.moe.n_ff_exp)
        return bad_key(c, Key::FeedForwardLength, at + " = expert_feed_forward_length (" + str(c.moe.n_ff_exp) + ")",
                       str(ff));
    } else {
      c.layers[i] = LayerKind::MLP;
      if (n_ff_dense != 0 && ff != n_ff_dense)
        return bad_key(c, Key::FeedForwardLength, at + " = " + str(n_ff_dense) + " (the same at every MLP layer)",
                       str(ff));
      n_ff_dense = ff;
    }
  }
  c.n_ff = n_ff_dense;

  // Mamba: every Nemotron-H has Mamba layers; the sizes must split as §2.1 says.
  if (c.count(LayerKind::Mamba) > 0) {
    HEARTH_TRY(require_positive(c, Key::SsmConvKernel, c.ssm.d_conv));
    HEARTH_TRY(require_positive(c, Key::SsmInnerSize, c.ssm.d_inner));
    HEARTH_TRY(require_positive(c, Key::SsmStateSize, c.ssm.d_state));
    HEARTH_TRY(require_positive(c, Key::SsmTimeStepRank, c.ssm.n_head));
    HEARTH_TRY(require_positive(c, Key::SsmGroupCount, c.ssm.n_group));
    HEARTH_TRY(require_divides(c, Key::SsmInnerSize, c.ssm.d_inner, c.ssm.n_head, "ssm.time_step_rank"));
    HEARTH_TRY(require_divides(c, Key::SsmTimeStepRank, c.ssm.n_head, c.ssm.n_group, "ssm.group_count"));
  }

  // Attention: NoPE GQA; KV heads must divide query heads.
  if (c.count(LayerKind::Attention) > 0 || c.has_mtp()) {
    HEARTH_TRY(require_positive(c, Key::HeadCount, c.attn.n_head));
    HEARTH_TRY(require_positive(c, Key::HeadCountKv, c.attn.n_head_kv));
    HEARTH_TRY(require_positive(c, Key::KeyLength, c.attn.head_dim));
    HEARTH_TRY(require_divides(c, Key::HeadCount, c.attn.n_head, c.attn.n_head_kv, "the KV head count"));
  }

  if (c.is_moe_arch()) {
    HEARTH_TRY(require_positive(c, Key::ExpertCount, c.moe.n_expert));
    HEARTH_TRY(require_positive(c, Key::ExpertUsedCount, c.moe.n_expert_used));
    if (c.moe.n_expert_used > c.moe.n_expert)
      return bad_key(c, Key::ExpertUsedCount, "<= expert_count (" + str(c.moe.n_expert) + ")", str(c.moe.n_expert_used));
    HEARTH_TRY(require_positive(c, Key::ExpertFeedForwardLength, c.moe.n_ff_exp));
    HEARTH_TRY(require_positive(c, Key::ExpertSharedFeedForwardLength, c.moe.n_ff_shexp));
    if (c.moe.n_expert_shared != 1)
      return bad_key(c, Key::ExpertSharedCount, "1 (one shared expert per MoE layer)", str(c.moe.n_expert_shared));
    if (c.moe.latent_size < 0) return bad_key(c, Key::MoeLatentSize, ">= 0", str(c.moe.latent_size));
    if (!(c.moe.weights_scale > 0.0f))
      return bad_key(c, Key::ExpertWeightsScale, "> 0", std::to_string(c.moe.weights_scale));
    // Grouped routing (DeepSeek-style) is not part of Nemotron-H; 0 or 1 group means plain top-k.
    if (c.moe.n_group > 1)
      return Status::error(ErrorCode::UnsupportedArchitecture,
                           "metadata " + key_name(c.arch, Key::ExpertGroupCount) + " is " + str(c.moe.n_group) +
                               "; expected 1 (grouped expert routing is not supported)");
  } else {
    if (c.moe.n_expert != 0)
      return bad_key(c, Key::ExpertCount, "absent or 0 for " + std::string(arch_name(c.arch)), str(c.moe.n_expert));
  }

  if (c.n_nextn < 0 || c.n_nextn > 1)
    return bad_key(c, Key::NextnPredictLayers, "0 or 1 (one MTP block)", str(c.n_nextn));
  if (c.has_mtp() && !c.is_moe_arch())
    return bad_key(c, Key::NextnPredictLayers, "0 for " + std::string(arch_name(c.arch)) + " (MTP is \"*E\")",
                   str(c.n_nextn));
  return Status::ok();
}

}  // namespace hearth::model
