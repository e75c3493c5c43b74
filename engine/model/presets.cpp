#include "model/presets.h"

namespace hearth::model {

namespace {

// Shapes shared by every preset row; a row is one model.
struct PresetShape {
  Arch arch;
  std::int64_t n_embd, n_vocab;
  std::int64_t n_head, n_head_kv, head_dim;
  std::int64_t ssm_heads, ssm_head_dim, ssm_state, ssm_groups, ssm_conv;
  std::int64_t n_expert, n_expert_used, n_ff_exp, n_ff_shexp, latent;
  float expert_scale;
  std::int64_t n_ff;  // dense MLP
};

struct PresetRow {
  Preset preset;
  PresetShape shape;
};

// clang-format off
constexpr PresetRow kPresets[] = {
    {{"super",
      "MEMEMEM*EMEMEMEM*EMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEMEM*EMEMEMEM*EMEMEMEME",
      "Nemotron 3 Super 120B-A12B (nemotron_h_moe, latent MoE)"},
     {Arch::NemotronHMoe, 4096, kFullVocab, 32, 2, 128, 128, 64, 128, 8, 4, 512, 22, 2688, 5376, 1024, 5.0f, 0}},
    {{"nano30b", "MEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEMEM*EMEMEMEME",
      "Nemotron 3 Nano 30B-A3B (nemotron_h_moe, experts in n_embd)"},
     {Arch::NemotronHMoe, 2688, kFullVocab, 32, 2, 128, 64, 64, 128, 8, 4, 128, 6, 1856, 3712, 0, 2.5f, 0}},
    {{"nano4b", "M-M-M-MM-M-M*-M-M*-M-M-M*-M-M-MM*-MMM-M-M-", "Nemotron 3 Nano 4B (nemotron_h, dense MLP)"},
     {Arch::NemotronH, 3136, kFullVocab, 40, 8, 128, 96, 80, 128, 8, 4, 0, 0, 0, 0, 0, 0.0f, 12544}},
    // Tiny: every kind of the MoE architecture (Mamba, attention, latent MoE). 16 experts, not 8: llama.cpp's
    // quantiser special-cases n_expert == 8 (Mixtral). Row lengths 96 / 64 are not multiples of 256, so
    // q4_k_m exercises the Q5_0 / Q8_0 fallbacks the way Super's 2688 does. State size 128 as in every real
    // model: llama.cpp's CUDA Mamba-2 scan only takes N of 128 or 256.
    {{"tiny", "MEM*EM*E", "tiny nemotron_h_moe: Mamba, attention, latent MoE (tests)"},
     {Arch::NemotronHMoe, 256, kTinyVocab, 4, 2, 64, 8, 32, 128, 2, 4, 16, 4, 96, 192, 64, 2.5f, 0}},
    {{"tiny-dense", "M-M*-M-", "tiny nemotron_h: Mamba, attention, dense MLP (tests)"},
     {Arch::NemotronH, 256, kTinyVocab, 4, 2, 64, 8, 32, 128, 2, 4, 0, 0, 0, 0, 0, 0.0f, 512}},
};
// clang-format on

const PresetRow* find_row(std::string_view name) {
  for (const PresetRow& r : kPresets)
    if (r.preset.name == name) return &r;
  return nullptr;
}

}  // namespace

std::span<const Preset> presets() {
  static const std::vector<Preset> list = [] {
    std::vector<Preset> v;
    for (const PresetRow& r : kPresets) v.push_back(r.preset);
    return v;
  }();
  return list;
}

const Preset* find_preset(std::string_view name) {
  const PresetRow* r = find_row(name);
  return r ? &r->preset : nullptr;
}

Result<ModelConfig> preset_config(std::string_view name, const PresetOptions& options) {
  const PresetRow* row = find_row(name);
  if (row == nullptr) {
    std::string known;
    for (const PresetRow& r : kPresets) known += (known.empty() ? "" : ", ") + std::string(r.preset.name);
    return Status::error(ErrorCode::InvalidArgument, "unknown preset '" + std::string(name) + "'", "use one of " + known);
  }
  const PresetShape& s = row->shape;
  Result<std::vector<LayerKind>> kinds = parse_pattern(row->preset.pattern);
  if (!kinds) return kinds.status();
  const auto full = static_cast<std::int64_t>(kinds->size());
  if (options.layers < 0 || options.layers > full)
    return Status::error(ErrorCode::InvalidArgument, "--layers " + std::to_string(options.layers) +
                                                         " is out of range for preset " + std::string(name) +
                                                         "; expected 1.." + std::to_string(full));
  if (options.layers > 0) kinds->resize(static_cast<std::size_t>(options.layers));

  ModelConfig c;
  c.arch = s.arch;
  c.dialect = options.dialect;
  c.name = "hearth-synth-" + std::string(name);
  c.n_embd = s.n_embd;
  c.n_vocab = s.n_vocab;
  c.n_ctx_train = dialect_context_length(options.dialect);
  c.rms_eps = 1e-5f;
  c.attn = {s.n_head, s.n_head_kv, s.head_dim};
  c.ssm.d_conv = s.ssm_conv;
  c.ssm.d_inner = s.ssm_heads * s.ssm_head_dim;
  c.ssm.d_state = s.ssm_state;
  c.ssm.n_head = s.ssm_heads;
  c.ssm.n_group = s.ssm_groups;
  if (s.arch == Arch::NemotronHMoe) {
    c.moe.n_expert = s.n_expert;
    c.moe.n_expert_used = s.n_expert_used;
    c.moe.n_ff_exp = s.n_ff_exp;
    c.moe.n_ff_shexp = s.n_ff_shexp;
    c.moe.n_expert_shared = 1;
    c.moe.latent_size = s.latent;
    c.moe.weights_norm = true;
    c.moe.weights_scale = s.expert_scale;
  }
  c.n_ff = s.n_ff;
  c.n_nextn = options.mtp ? 1 : 0;
  set_layer_arrays(c, *kinds);
  HEARTH_TRY(finalize(c));
  return c;
}

}  // namespace hearth::model
