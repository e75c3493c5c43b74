#include "model/model_stats.h"

#include <algorithm>
#include <string>

#include "model/arch_table.h"

namespace hearth::model {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_expert_stack(const std::string& name) {
  for (TensorRole role : {TensorRole::FfnUpExps, TensorRole::FfnDownExps})
    for (const TensorRow& row : tensor_rows(role))
      if (ends_with(name, "." + std::string(row.name))) return true;
  return false;
}

}  // namespace

TensorTotals tensor_totals(const std::vector<gguf::TensorInfo>& tensors) {
  TensorTotals t;
  for (const gguf::TensorInfo& info : tensors) {
    const std::int64_t n = info.n_elements();
    t.params += n;
    t.bytes += info.size_bytes;
    auto it = std::find_if(t.by_type.begin(), t.by_type.end(), [&](const TypeUsage& u) { return u.type == info.type; });
    if (it == t.by_type.end()) {
      t.by_type.emplace_back();
      t.by_type.back().type = info.type;
      it = t.by_type.end() - 1;
    }
    ++it->tensors;
    it->params += n;
    it->bytes += info.size_bytes;
  }
  std::sort(t.by_type.begin(), t.by_type.end(), [](const TypeUsage& a, const TypeUsage& b) { return a.bytes > b.bytes; });
  for (const TypeUsage& u : t.by_type) {
    if (u.type != gguf::TensorType::F32) {
      t.dominant_type = u.type;
      break;
    }
  }
  return t;
}

ModelStats compute_stats(const gguf::File& file, const ModelConfig& c) {
  ModelStats s;
  s.totals = tensor_totals(file.tensors());
  const std::string mtp_prefix = "blk." + std::to_string(c.mtp_layer()) + ".";
  const double used_fraction =
      c.moe.n_expert > 0 ? static_cast<double>(c.moe.n_expert_used) / static_cast<double>(c.moe.n_expert) : 1.0;
  const std::string embd_name = tensor_name(TensorRole::TokenEmbd, c.dialect);
  for (const gguf::TensorInfo& t : file.tensors()) {
    const auto n = static_cast<double>(t.n_elements());
    const auto bytes = static_cast<double>(t.size_bytes);
    if (c.has_mtp() && t.name.rfind(mtp_prefix, 0) == 0) {
      s.mtp_params += t.n_elements();
      continue;
    }
    if (t.name == embd_name) {
      s.embedding_params = t.n_elements();
      const double rows = t.ne.size() > 1 ? static_cast<double>(t.ne[1]) : 1.0;
      s.weight_bytes_per_token += bytes / rows;  // one row looked up per token
      s.active_params_with_embedding += n;
      continue;
    }
    const double fraction = is_expert_stack(t.name) ? used_fraction : 1.0;
    s.active_params += n * fraction;
    s.weight_bytes_per_token += bytes * fraction;
  }
  s.active_params_with_embedding += s.active_params;

  const std::uint64_t kv_per_layer = 2ull * static_cast<std::uint64_t>(c.attn.kv_dim()) * 2ull;  // K and V, f16
  s.kv_bytes_per_token = static_cast<std::uint64_t>(c.count(LayerKind::Attention)) * kv_per_layer;
  s.mtp_kv_bytes_per_token = c.has_mtp() ? kv_per_layer : 0;
  const auto n_mamba = static_cast<std::uint64_t>(c.count(LayerKind::Mamba));
  s.conv_state_bytes = n_mamba * static_cast<std::uint64_t>((c.ssm.d_conv - 1) * c.ssm.conv_dim()) * 4ull;
  s.ssm_state_bytes = n_mamba * static_cast<std::uint64_t>(c.ssm.d_state * c.ssm.d_inner) * 4ull;
  return s;
}

}  // namespace hearth::model
