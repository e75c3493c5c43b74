#include "model/inspect.h"

#include <cinttypes>
#include <cstdio>
#include <map>

#include "model/hparams_gguf.h"
#include "model/model_stats.h"
#include "model/quant_mix.h"
#include "model/weights.h"

namespace hearth::model {

namespace {

std::string printf_string(const char* fmt, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, a);
  return buf;
}

// Tensors sharing a name pattern ("blk.*.ssm_in.weight"); the MTP block's are their own group.
struct TensorGroup {
  std::string pattern;
  std::int64_t count = 0;
  std::int64_t params = 0;
  std::uint64_t bytes = 0;
  std::map<std::string, std::int64_t> shapes;
  std::map<std::string, std::int64_t> types;
};

std::string group_pattern(const std::string& name, const ModelConfig& c) {
  if (name.rfind("blk.", 0) != 0) return name;
  const std::size_t dot = name.find('.', 4);
  if (dot == std::string::npos) return name;
  const std::string index = name.substr(4, dot - 4);
  if (c.has_mtp() && index == std::to_string(c.mtp_layer())) return "blk." + index + "." + name.substr(dot + 1) + " (MTP)";
  return "blk.*." + name.substr(dot + 1);
}

std::vector<TensorGroup> group_tensors(const gguf::File& file, const ModelConfig& c) {
  std::vector<TensorGroup> groups;
  std::map<std::string, std::size_t> index;
  for (const gguf::TensorInfo& t : file.tensors()) {
    const std::string p = group_pattern(t.name, c);
    auto [it, inserted] = index.emplace(p, groups.size());
    if (inserted) {
      groups.emplace_back();
      groups.back().pattern = p;
    }
    TensorGroup& g = groups[it->second];
    ++g.count;
    g.params += t.n_elements();
    g.bytes += t.size_bytes;
    ++g.shapes[format_shape(t.ne)];
    ++g.types[std::string(gguf::type_name(t.type))];
  }
  return groups;
}

std::string join_counts(const std::map<std::string, std::int64_t>& m, std::int64_t total) {
  std::string s;
  for (const auto& [k, n] : m) {
    if (!s.empty()) s += ", ";
    s += k;
    if (n != total) s += " x" + std::to_string(n);
  }
  return s;
}

std::string file_type_text(const gguf::File& file) {
  std::uint64_t ft = 0;
  if (!file.get_u64("general.file_type", ft)) return "(not stated)";
  const std::string_view name = file_type_name(static_cast<std::uint32_t>(ft));
  return name.empty() ? std::to_string(ft) : std::string(name);
}

std::string bytes_by_type_text(const TensorTotals& totals) {
  std::string o = "bytes by type   (tensor data " + format_size(static_cast<double>(totals.bytes)) + ")\n";
  for (const TypeUsage& u : totals.by_type) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-6s %5" PRId64 " tensors %12s params %s\n", std::string(gguf::type_name(u.type)).c_str(),
                  u.tensors, format_count(static_cast<double>(u.params)).c_str(),
                  format_size(static_cast<double>(u.bytes)).c_str());
    o += buf;
  }
  return o;
}

struct Report {
  ModelConfig config;
  ModelStats stats;
  std::vector<TensorGroup> groups;
};

Result<Report> build(const gguf::File& file) {
  Result<ModelConfig> config = read_config(file);
  if (!config) return config.status();
  Report r;
  r.config = std::move(config).value();
  r.stats = compute_stats(file, r.config);
  r.groups = group_tensors(file, r.config);
  return r;
}

}  // namespace

std::string format_count(double n) {
  if (n >= 1e9) return printf_string("%.2f B", n / 1e9);
  if (n >= 1e6) return printf_string("%.2f M", n / 1e6);
  if (n >= 1e4) return printf_string("%.1f K", n / 1e3);
  return printf_string("%.0f", n);
}

std::string format_size(double bytes) {
  if (bytes >= 1024.0 * 1024 * 1024) return printf_string("%.2f GiB", bytes / (1024.0 * 1024 * 1024)) + printf_string(" (%.2f GB)", bytes / 1e9);
  if (bytes >= 1024.0 * 1024) return printf_string("%.2f MiB", bytes / (1024.0 * 1024));
  if (bytes >= 1024.0) return printf_string("%.2f KiB", bytes / 1024.0);
  return printf_string("%.0f B", bytes);
}

Result<std::string> inspect_text(const gguf::File& file, const InspectOptions& options) {
  Result<Report> built = build(file);
  if (!built) return built.status();
  const ModelConfig& c = built->config;
  const ModelStats& s = built->stats;
  std::string o;
  const auto line = [&o](const std::string& text) { o += text + "\n"; };
  const auto num = [](std::int64_t v) { return std::to_string(v); };

  line("file            " + file.path() + " (" + format_size(static_cast<double>(file.file_size())) + ", GGUF v" +
       num(file.version()) + ", " + num(static_cast<std::int64_t>(file.tensors().size())) + " tensors)");
  line("architecture    " + std::string(arch_name(c.arch)) + " (dialect " + std::string(dialect_name(c.dialect)) + ")");
  if (!c.name.empty()) line("name            " + c.name);
  line("file type       " + file_type_text(file));
  line("layers          " + num(c.n_layer) + ": M " + num(c.count(LayerKind::Mamba)) + ", * " +
       num(c.count(LayerKind::Attention)) + ", E " + num(c.count(LayerKind::MoE)) + ", - " + num(c.count(LayerKind::MLP)) +
       (c.has_mtp() ? " + MTP block \"*E\" at blk." + num(c.mtp_layer()) : std::string(", no MTP")));
  line("pattern         " + c.pattern());
  line("hyperparameters");
  line("  n_embd " + num(c.n_embd) + ", vocab " + num(c.n_vocab) + ", context " + num(c.n_ctx_train) + ", rms_eps " +
       printf_string("%g", c.rms_eps));
  line("  attention     " + num(c.attn.n_head) + " heads, " + num(c.attn.n_head_kv) + " KV heads, head dim " +
       num(c.attn.head_dim) + " (q " + num(c.attn.q_dim()) + ", kv " + num(c.attn.kv_dim()) + "), no RoPE");
  line("  mamba-2       d_inner " + num(c.ssm.d_inner) + " (" + num(c.ssm.n_head) + " heads x " + num(c.ssm.head_dim()) +
       "), state " + num(c.ssm.d_state) + ", groups " + num(c.ssm.n_group) + ", conv " + num(c.ssm.d_conv) +
       " (in_proj " + num(c.ssm.in_proj_dim()) + ", conv channels " + num(c.ssm.conv_dim()) + ")");
  if (c.is_moe_arch())
    line("  moe           " + num(c.moe.n_expert) + " experts, " + num(c.moe.n_expert_used) + " used, ff " +
         num(c.moe.n_ff_exp) + ", shared ff " + num(c.moe.n_ff_shexp) + ", latent " +
         (c.moe.latent_size > 0 ? num(c.moe.latent_size) : std::string("none")) + ", scale " +
         printf_string("%g", c.moe.weights_scale) + ", weights norm " + (c.moe.weights_norm ? "yes" : "no") +
         ", groups " + num(c.moe.n_group));
  if (c.n_ff > 0) line("  mlp           ff " + num(c.n_ff) + " (ReLU^2)");
  line("parameters");
  line("  total         " + format_count(static_cast<double>(s.totals.params)) +
       (c.has_mtp() ? " (" + format_count(static_cast<double>(s.totals.params - s.mtp_params)) + " without the MTP block of " +
                          format_count(static_cast<double>(s.mtp_params)) + ")"
                    : std::string()));
  line("  active        " + format_count(s.active_params) + " per token excluding the input embedding, " +
       format_count(s.active_params_with_embedding) + " including it");
  line("per token");
  line("  weights read  " + format_size(s.weight_bytes_per_token) + " (non-expert + " + num(c.moe.n_expert_used) + "/" +
       num(c.moe.n_expert) + " of each expert stack + one embedding row)");
  line("  KV cache      " + num(static_cast<std::int64_t>(s.kv_bytes_per_token)) + " B/token (f16, " +
       num(c.count(LayerKind::Attention)) + " attention layers)" +
       (c.has_mtp() ? " + " + num(static_cast<std::int64_t>(s.mtp_kv_bytes_per_token)) + " B/token for MTP" : std::string()));
  line("recurrent state " + format_size(static_cast<double>(s.conv_state_bytes + s.ssm_state_bytes)) +
       " per sequence (f32: conv " + format_size(static_cast<double>(s.conv_state_bytes)) + ", SSM " +
       format_size(static_cast<double>(s.ssm_state_bytes)) + ")");
  o += bytes_by_type_text(s.totals);
  if (options.all_tensors) {
    line("tensors");
    for (const gguf::TensorInfo& t : file.tensors()) {
      char buf[256];
      std::snprintf(buf, sizeof buf, "  %-40s %-22s %-5s %s", t.name.c_str(), format_shape(t.ne).c_str(),
                    std::string(gguf::type_name(t.type)).c_str(), format_size(static_cast<double>(t.size_bytes)).c_str());
      line(buf);
    }
  } else {
    line("tensors         (grouped; --tensors lists every one)");
    for (const TensorGroup& g : built->groups) {
      char buf[320];
      std::snprintf(buf, sizeof buf, "  %-44s x%-3" PRId64 " %-22s %-22s %s", g.pattern.c_str(), g.count,
                    join_counts(g.shapes, g.count).c_str(), join_counts(g.types, g.count).c_str(),
                    format_size(static_cast<double>(g.bytes)).c_str());
      line(buf);
    }
  }
  return o;
}

std::string inspect_generic_text(const gguf::File& file) {
  std::string arch = "(not stated)";
  file.get_string("general.architecture", arch);
  const TensorTotals totals = tensor_totals(file.tensors());
  std::string o = "file            " + file.path() + " (" + format_size(static_cast<double>(file.file_size())) + ", GGUF v" +
                  std::to_string(file.version()) + ", " + std::to_string(file.tensors().size()) + " tensors)\n";
  o += "architecture    " + arch + "\n";
  std::string name;
  if (file.get_string("general.name", name)) o += "name            " + name + "\n";
  o += "file type       " + file_type_text(file) + "\n";
  o += "parameters      " + format_count(static_cast<double>(totals.params)) + "\n";
  o += bytes_by_type_text(totals);
  return o;
}

Result<nlohmann::json> inspect_json(const gguf::File& file, const InspectOptions& options) {
  Result<Report> built = build(file);
  if (!built) return built.status();
  const ModelConfig& c = built->config;
  const ModelStats& s = built->stats;
  nlohmann::json j;
  j["path"] = file.path();
  j["file_size"] = file.file_size();
  j["gguf_version"] = file.version();
  j["architecture"] = std::string(arch_name(c.arch));
  j["dialect"] = std::string(dialect_name(c.dialect));
  j["name"] = c.name;
  j["file_type"] = file_type_text(file);
  j["pattern"] = c.pattern();
  j["layers"] = {{"count", c.n_layer},
                 {"mamba", c.count(LayerKind::Mamba)},
                 {"attention", c.count(LayerKind::Attention)},
                 {"moe", c.count(LayerKind::MoE)},
                 {"mlp", c.count(LayerKind::MLP)},
                 {"mtp", c.has_mtp()}};
  j["hparams"] = {
      {"n_embd", c.n_embd}, {"n_vocab", c.n_vocab}, {"context_length", c.n_ctx_train}, {"rms_eps", c.rms_eps},
      {"attention", {{"n_head", c.attn.n_head}, {"n_head_kv", c.attn.n_head_kv}, {"head_dim", c.attn.head_dim}}},
      {"ssm",
       {{"d_inner", c.ssm.d_inner}, {"d_state", c.ssm.d_state}, {"n_head", c.ssm.n_head}, {"head_dim", c.ssm.head_dim()},
        {"n_group", c.ssm.n_group}, {"d_conv", c.ssm.d_conv}}},
      {"moe",
       {{"n_expert", c.moe.n_expert}, {"n_expert_used", c.moe.n_expert_used}, {"n_ff_exp", c.moe.n_ff_exp},
        {"n_ff_shexp", c.moe.n_ff_shexp}, {"latent_size", c.moe.latent_size}, {"weights_norm", c.moe.weights_norm},
        {"weights_scale", c.moe.weights_scale}, {"n_group", c.moe.n_group}}},
      {"n_ff", c.n_ff}};
  j["params"] = {{"total", s.totals.params},
                 {"mtp", s.mtp_params},
                 {"embedding", s.embedding_params},
                 {"active", s.active_params},
                 {"active_with_embedding", s.active_params_with_embedding}};
  nlohmann::json types = nlohmann::json::array();
  for (const TypeUsage& u : s.totals.by_type)
    types.push_back({{"type", std::string(gguf::type_name(u.type))}, {"tensors", u.tensors}, {"params", u.params}, {"bytes", u.bytes}});
  j["bytes"] = {{"tensor_data", s.totals.bytes}, {"by_type", types}};
  j["weight_bytes_per_token"] = s.weight_bytes_per_token;
  j["kv_bytes_per_token_f16"] = s.kv_bytes_per_token;
  j["mtp_kv_bytes_per_token_f16"] = s.mtp_kv_bytes_per_token;
  j["recurrent_state_bytes"] = {{"conv", s.conv_state_bytes}, {"ssm", s.ssm_state_bytes},
                                {"total", s.conv_state_bytes + s.ssm_state_bytes}};
  nlohmann::json tensors = nlohmann::json::array();
  if (options.all_tensors) {
    for (const gguf::TensorInfo& t : file.tensors())
      tensors.push_back({{"name", t.name}, {"shape", t.ne}, {"type", std::string(gguf::type_name(t.type))}, {"bytes", t.size_bytes}});
    j["tensors"] = tensors;
  } else {
    for (const TensorGroup& g : built->groups)
      tensors.push_back({{"pattern", g.pattern}, {"count", g.count}, {"params", g.params}, {"bytes", g.bytes},
                         {"shapes", g.shapes}, {"types", g.types}});
    j["tensor_groups"] = tensors;
  }
  return j;
}

}  // namespace hearth::model
