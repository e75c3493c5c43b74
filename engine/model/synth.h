// Random-weight Nemotron-H models with the exact tensor layout of a real GGUF: for tests, for the CPU and
// GPU engines' whole-model checks and for `hearth-cli model synth`. Values are seeded and scaled so that
// activations stay finite and non-trivial through every layer:
//   projections  N(0, 1/sqrt(fan_in)); the residual-branch outputs (ssm_out, attn_output, ffn_down*,
//                latent_up) further by 1/sqrt(n_layer + 1) so the residual stream stays O(1);
//   norms        1 + N(0, 0.05);  ssm_a = −exp(U(log 0.5, log 4));  ssm_d ≈ 1;
//   dt_bias      softplus⁻¹(dt) with dt log-uniform in [1e-3, 1e-1] (Mamba's initialisation);
//   router       N(0, 1/sqrt(n_embd)), selection bias N(0, 0.01).
// The file also carries a byte-level BPE tokenizer and a chat template (synth_vocab.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"
#include "model/model_config.h"
#include "model/quant_mix.h"

namespace hearth::model {

struct SynthOptions {
  std::string preset = "tiny";
  std::int64_t layers = 0;  // > 0: the first N blocks of the preset's pattern
  QuantMix quant = QuantMix::F32;
  Dialect dialect = Dialect::LlamaCpp;
  bool mtp = false;
  std::uint64_t seed = 1;
  bool sparse = false;  // tensor data left as a file hole: full-size files for header and loader tests
};

// The config the options describe (the preset, cut to `layers`, with MTP when asked).
Result<ModelConfig> synth_config(const SynthOptions& options);

// Writes the model to `path` (atomically: the writer renames a finished ".part" file).
Status synthesize(const SynthOptions& options, const std::string& path,
                  const std::function<void(std::uint64_t, std::uint64_t)>& progress = {});

}  // namespace hearth::model
