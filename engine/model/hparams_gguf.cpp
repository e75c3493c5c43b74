#include "model/hparams_gguf.h"

#include <algorithm>
#include <cmath>

namespace hearth::model {

namespace {

std::string value_description(const gguf::Value& v) {
  std::string s(gguf::value_type_name(v.type));
  std::uint64_t u = 0;
  std::int64_t i = 0;
  double d = 0;
  if (v.as_u64(u)) return s + " " + std::to_string(u);
  if (v.as_i64(i)) return s + " " + std::to_string(i);
  if (v.as_f64(d)) return s + " " + std::to_string(d);
  if (const std::string* str = v.as_string()) return s + " \"" + *str + "\"";
  if (const std::vector<gguf::Value>* arr = v.as_array()) return s + " of " + std::to_string(arr->size());
  return s;
}

class Reader {
 public:
  Reader(const gguf::File& file, Arch arch) : file_(file), arch_(arch) {}

  // The value of a key (nullptr when absent); an error when the architecture requires it.
  Status lookup(Key key, const gguf::Value*& out) const {
    const KeyRow& row = key_row(key);
    const Need n = arch_ == Arch::NemotronH ? row.dense : row.moe;
    out = file_.find(key_name(arch_, key));
    if (n != Need::Required || out != nullptr) return Status::ok();
    return Status::error(ErrorCode::MalformedFile, "missing metadata " + key_name(arch_, key) +
                                                       ": expected it for " + std::string(arch_name(arch_)) +
                                                       ", actual: absent");
  }

  // Integer keys: any integer type whose value is >= 0 and fits.
  Status get_int(Key key, std::int64_t& out, std::int64_t fallback = 0) const {
    const gguf::Value* v = nullptr;
    HEARTH_TRY(lookup(key, v));
    if (v == nullptr) {
      out = fallback;
      return Status::ok();
    }
    return to_int(key, *v, "", out);
  }

  Status get_float(Key key, float& out, float fallback) const {
    const gguf::Value* v = nullptr;
    HEARTH_TRY(lookup(key, v));
    if (v == nullptr) {
      out = fallback;
      return Status::ok();
    }
    double d = 0;
    if (!v->as_f64(d) || !std::isfinite(d))
      return Status::error(ErrorCode::MalformedFile, "metadata " + key_name(arch_, key) + " is " +
                                                         value_description(*v) + "; expected a finite float");
    out = static_cast<float>(d);
    return Status::ok();
  }

  Status get_bool(Key key, bool& out, bool fallback) const {
    const gguf::Value* v = nullptr;
    HEARTH_TRY(lookup(key, v));
    if (v == nullptr) {
      out = fallback;
      return Status::ok();
    }
    const bool* b = std::get_if<bool>(&v->data);
    if (v->type != gguf::ValueType::BOOL || b == nullptr)
      return Status::error(ErrorCode::MalformedFile,
                           "metadata " + key_name(arch_, key) + " is " + value_description(*v) + "; expected a bool");
    out = *b;
    return Status::ok();
  }

  // A per-layer array, or a scalar that llama.cpp broadcasts to every layer.
  Status get_layer_array(Key key, std::int64_t n, std::vector<std::int32_t>& out) const {
    const std::string name = key_name(arch_, key);
    const gguf::Value* v = nullptr;
    HEARTH_TRY(lookup(key, v));
    out.clear();
    if (v == nullptr) return Status::ok();
    if (const std::vector<gguf::Value>* arr = v->as_array()) {
      if (static_cast<std::int64_t>(arr->size()) < n)
        return Status::error(ErrorCode::MalformedFile, "metadata " + name + " is an array of " +
                                                           std::to_string(arr->size()) + "; expected an array of " +
                                                           std::to_string(n) + " values (block_count)");
      for (std::int64_t i = 0; i < n; ++i) {
        std::int64_t x = 0;
        HEARTH_TRY(to_int(key, (*arr)[static_cast<std::size_t>(i)], "[" + std::to_string(i) + "]", x));
        out.push_back(static_cast<std::int32_t>(x));
      }
      return Status::ok();
    }
    std::int64_t x = 0;
    HEARTH_TRY(to_int(key, *v, "", x));
    out.assign(static_cast<std::size_t>(n), static_cast<std::int32_t>(x));
    return Status::ok();
  }

 private:
  Status to_int(Key key, const gguf::Value& v, const std::string& at, std::int64_t& out) const {
    std::int64_t i = 0;
    if (!v.as_i64(i) || i < 0 || i > (std::int64_t{1} << 31) - 1)
      return Status::error(ErrorCode::MalformedFile, "metadata " + key_name(arch_, key) + at + " is " +
                                                         value_description(v) +
                                                         "; expected a non-negative 32-bit integer");
    out = i;
    return Status::ok();
  }

  const gguf::File& file_;
  Arch arch_;
};

// The width of the first latent projection present under any dialect's name, or 0.
std::int64_t latent_from_tensors(const gguf::File& file, std::int64_t n_layer_total, Dialect* dialect_seen) {
  for (std::int64_t il = 0; il < n_layer_total; ++il) {
    for (const TensorRow& row : tensor_rows(TensorRole::LatentDown)) {
      const gguf::TensorInfo* t = file.find_tensor(format_tensor_name(row, static_cast<int>(il)));
      if (t == nullptr || t->ne.size() < 2) continue;
      if (dialect_seen && row.dialect) *dialect_seen = *row.dialect;
      return t->ne[1];
    }
  }
  return 0;
}

}  // namespace

Result<ModelConfig> read_config(const gguf::File& file) {
  std::string arch_str;
  if (!file.get_string(key_name(Arch::NemotronH, Key::Architecture), arch_str))
    return Status::error(ErrorCode::MalformedFile,
                         "missing metadata general.architecture: expected a string, actual: absent or not a string");
  const std::optional<Arch> arch = arch_from_name(arch_str);
  if (!arch)
    return Status::error(ErrorCode::UnsupportedArchitecture,
                         "architecture '" + arch_str + "' is not supported; expected nemotron_h or nemotron_h_moe",
                         "Hearth runs NVIDIA Nemotron 3 models (Super, Nano 30B, Nano 4B)");
  ModelConfig c;
  c.arch = *arch;
  file.get_string(key_name(c.arch, Key::Name), c.name);
  const Reader r(file, c.arch);

  std::int64_t block_count = 0, nextn = 0;
  HEARTH_TRY(r.get_int(Key::BlockCount, block_count));
  HEARTH_TRY(r.get_int(Key::NextnPredictLayers, nextn));
  if (nextn > 0 && nextn >= block_count)
    return Status::error(ErrorCode::MalformedFile, "metadata " + key_name(c.arch, Key::NextnPredictLayers) + " is " +
                                                       std::to_string(nextn) + "; expected less than block_count (" +
                                                       std::to_string(block_count) + ")");
  // Where the MTP block sits is UNCONFIRMED for Nemotron (§4.2): llama.cpp's convention counts it in
  // block_count (MTP at blk.{block_count - 1}); a file may instead store it after block_count, with or
  // without the key (Ollama-style blobs). The eh_proj tensor says which.
  const bool mtp_after_count =
      file.find_tensor(tensor_name(TensorRole::NextnEhProj, Dialect::LlamaCpp, static_cast<int>(block_count))) != nullptr;
  c.n_nextn = mtp_after_count ? std::max<std::int64_t>(nextn, 1) : nextn;
  c.n_layer = mtp_after_count ? block_count : block_count - nextn;

  HEARTH_TRY(r.get_int(Key::EmbeddingLength, c.n_embd));
  HEARTH_TRY(r.get_int(Key::ContextLength, c.n_ctx_train));
  HEARTH_TRY(r.get_layer_array(Key::FeedForwardLength, c.n_layer, c.feed_forward_length));
  HEARTH_TRY(r.get_int(Key::HeadCount, c.attn.n_head));
  HEARTH_TRY(r.get_layer_array(Key::HeadCountKv, c.n_layer, c.head_count_kv));
  for (std::int32_t kv : c.head_count_kv)
    if (kv > 0) c.attn.n_head_kv = kv;  // finalize() checks they are all equal
  const std::int64_t default_head_dim = c.attn.n_head > 0 ? c.n_embd / c.attn.n_head : 0;
  std::int64_t value_length = 0;
  HEARTH_TRY(r.get_int(Key::KeyLength, c.attn.head_dim, default_head_dim));
  HEARTH_TRY(r.get_int(Key::ValueLength, value_length, c.attn.head_dim));
  if (value_length != c.attn.head_dim)
    return Status::error(ErrorCode::MalformedFile, "metadata " + key_name(c.arch, Key::ValueLength) + " is " +
                                                       std::to_string(value_length) + "; expected key_length (" +
                                                       std::to_string(c.attn.head_dim) + ")");
  HEARTH_TRY(r.get_float(Key::RmsEpsilon, c.rms_eps, 1e-5f));

  // Vocabulary: the key when present, else the token list (llama.cpp sizes the model from the tokens).
  HEARTH_TRY(r.get_int(Key::VocabSize, c.n_vocab, 0));
  if (c.n_vocab == 0) {
    if (const gguf::Value* tokens = file.find("tokenizer.ggml.tokens"); tokens && tokens->as_array())
      c.n_vocab = static_cast<std::int64_t>(tokens->as_array()->size());
  }

  HEARTH_TRY(r.get_int(Key::SsmConvKernel, c.ssm.d_conv));
  HEARTH_TRY(r.get_int(Key::SsmInnerSize, c.ssm.d_inner));
  HEARTH_TRY(r.get_int(Key::SsmStateSize, c.ssm.d_state));
  HEARTH_TRY(r.get_int(Key::SsmTimeStepRank, c.ssm.n_head));
  HEARTH_TRY(r.get_int(Key::SsmGroupCount, c.ssm.n_group));

  Dialect latent_dialect = Dialect::LlamaCpp;
  const std::int64_t latent_seen = latent_from_tensors(file, block_count + 1, &latent_dialect);
  bool latent_key = false;
  if (c.is_moe_arch()) {
    HEARTH_TRY(r.get_int(Key::ExpertCount, c.moe.n_expert));
    HEARTH_TRY(r.get_int(Key::ExpertUsedCount, c.moe.n_expert_used));
    HEARTH_TRY(r.get_int(Key::ExpertGroupCount, c.moe.n_group, 1));
    HEARTH_TRY(r.get_int(Key::ExpertGroupUsedCount, c.moe.n_group_used, 1));
    HEARTH_TRY(r.get_int(Key::ExpertFeedForwardLength, c.moe.n_ff_exp));
    HEARTH_TRY(r.get_int(Key::ExpertSharedFeedForwardLength, c.moe.n_ff_shexp));
    HEARTH_TRY(r.get_int(Key::ExpertSharedCount, c.moe.n_expert_shared, 1));
    HEARTH_TRY(r.get_bool(Key::ExpertWeightsNorm, c.moe.weights_norm, false));
    HEARTH_TRY(r.get_float(Key::ExpertWeightsScale, c.moe.weights_scale, 1.0f));
    latent_key = file.find(key_name(c.arch, Key::MoeLatentSize)) != nullptr;
    // Ollama omits moe_latent_size: the latent projections' width says it (§3.1).
    HEARTH_TRY(r.get_int(Key::MoeLatentSize, c.moe.latent_size, latent_seen));
    if (latent_key && latent_seen != 0 && latent_seen != c.moe.latent_size)
      return Status::error(ErrorCode::ShapeMismatch, "metadata " + key_name(c.arch, Key::MoeLatentSize) + " is " +
                                                         std::to_string(c.moe.latent_size) +
                                                         " but the latent projections are " +
                                                         std::to_string(latent_seen) + " wide; expected them equal");
  } else {
    std::int64_t experts = 0;
    if (const gguf::Value* v = file.find(key_name(c.arch, Key::ExpertCount)); v && v->as_i64(experts)) c.moe.n_expert = experts;
  }

  // Dialect: Ollama's latent names decide; a latent model without moe_latent_size is Ollama's too. Models
  // without latent projections share every name, and only the context length Ollama writes tells them apart.
  if (latent_seen > 0)
    c.dialect = (latent_dialect == Dialect::Ollama || !latent_key) ? Dialect::Ollama : Dialect::LlamaCpp;
  else
    c.dialect = c.n_ctx_train == dialect_context_length(Dialect::Ollama) ? Dialect::Ollama : Dialect::LlamaCpp;

  HEARTH_TRY(finalize(c));
  return c;
}

void write_config(gguf::Writer& w, const ModelConfig& c) {
  const auto key = [&](Key k) { return key_name(c.arch, k); };
  const auto u32 = [](std::int64_t v) { return static_cast<std::uint32_t>(v); };
  w.set_string(key(Key::Architecture), std::string(arch_name(c.arch)));
  if (!c.name.empty()) w.set_string(key(Key::Name), c.name);
  w.set_u32(key(Key::BlockCount), u32(c.n_layer + c.n_nextn));
  w.set_u32(key(Key::ContextLength), u32(c.n_ctx_train));
  w.set_u32(key(Key::EmbeddingLength), u32(c.n_embd));
  std::vector<std::int32_t> ff = c.feed_forward_length, kv = c.head_count_kv;
  if (c.has_mtp()) {  // the "*E" block: attention KV heads and the experts' width
    ff.push_back(static_cast<std::int32_t>(c.moe.n_ff_exp));
    kv.push_back(static_cast<std::int32_t>(c.attn.n_head_kv));
  }
  w.set_i32_array(key(Key::FeedForwardLength), ff);
  w.set_u32(key(Key::HeadCount), u32(c.attn.n_head));
  w.set_i32_array(key(Key::HeadCountKv), kv);
  w.set_u32(key(Key::KeyLength), u32(c.attn.head_dim));
  w.set_u32(key(Key::ValueLength), u32(c.attn.head_dim));
  w.set_f32(key(Key::RmsEpsilon), c.rms_eps);
  w.set_u32(key(Key::VocabSize), u32(c.n_vocab));
  w.set_u32(key(Key::SsmConvKernel), u32(c.ssm.d_conv));
  w.set_u32(key(Key::SsmInnerSize), u32(c.ssm.d_inner));
  w.set_u32(key(Key::SsmStateSize), u32(c.ssm.d_state));
  w.set_u32(key(Key::SsmTimeStepRank), u32(c.ssm.n_head));
  w.set_u32(key(Key::SsmGroupCount), u32(c.ssm.n_group));
  if (c.is_moe_arch()) {
    w.set_u32(key(Key::ExpertCount), u32(c.moe.n_expert));
    w.set_u32(key(Key::ExpertUsedCount), u32(c.moe.n_expert_used));
    w.set_u32(key(Key::ExpertGroupCount), u32(c.moe.n_group));
    w.set_u32(key(Key::ExpertGroupUsedCount), u32(c.moe.n_group_used));
    w.set_u32(key(Key::ExpertFeedForwardLength), u32(c.moe.n_ff_exp));
    w.set_u32(key(Key::ExpertSharedFeedForwardLength), u32(c.moe.n_ff_shexp));
    w.set_u32(key(Key::ExpertSharedCount), u32(c.moe.n_expert_shared));
    w.set_bool(key(Key::ExpertWeightsNorm), c.moe.weights_norm);
    w.set_f32(key(Key::ExpertWeightsScale), c.moe.weights_scale);
    if (c.moe.latent_size > 0 && c.dialect == Dialect::LlamaCpp)
      w.set_u32(key(Key::MoeLatentSize), u32(c.moe.latent_size));
  }
  if (c.has_mtp()) w.set_u32(key(Key::NextnPredictLayers), u32(c.n_nextn));
}

}  // namespace hearth::model
