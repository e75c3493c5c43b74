#include "model/synth.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <thread>
#include <vector>

#include "gguf/gguf_writer.h"
#include "model/hparams_gguf.h"
#include "model/presets.h"
#include "model/synth_vocab.h"
#include "model/weights.h"

namespace hearth::model {

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Per-tensor stream: the seed mixed with the tensor's name, so a tensor's values do not depend on which
// other tensors the file has (a --layers 4 file shares its first layers with the full one).
class Rng {
 public:
  Rng(std::uint64_t seed, const std::string& name) : state_(seed) {
    for (char ch : name) state_ = (state_ ^ static_cast<unsigned char>(ch)) * 0x100000001B3ull;
  }
  double uniform() { return (static_cast<double>(splitmix64(state_) >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
  double normal() {
    if (have_spare_) {
      have_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double t = 6.283185307179586 * uniform();
    spare_ = r * std::sin(t);
    have_spare_ = true;
    return r * std::cos(t);
  }

 private:
  std::uint64_t state_;
  double spare_ = 0;
  bool have_spare_ = false;
};

bool is_norm(TensorRole r) {
  return r == TensorRole::AttnNorm || r == TensorRole::OutputNorm || r == TensorRole::SsmNorm ||
         r == TensorRole::NextnEnorm || r == TensorRole::NextnHnorm || r == TensorRole::NextnSharedHeadNorm ||
         r == TensorRole::PostAttentionNorm;
}

bool is_residual_output(TensorRole r) {
  return r == TensorRole::SsmOut || r == TensorRole::AttnOutput || r == TensorRole::FfnDownExps ||
         r == TensorRole::FfnDownShexp || r == TensorRole::FfnDown || r == TensorRole::LatentUp;
}

float sample(TensorRole role, const ExpectedTensor& e, const ModelConfig& c, Rng& rng) {
  switch (role) {
    case TensorRole::TokenEmbd: return static_cast<float>(rng.normal());
    case TensorRole::SsmConv1d: return static_cast<float>(rng.normal() * 0.5);
    case TensorRole::SsmConv1dBias: return static_cast<float>(rng.normal() * 0.1);
    case TensorRole::SsmDtBias: {
      const double dt = std::exp(std::log(1e-3) + rng.uniform() * (std::log(1e-1) - std::log(1e-3)));
      return static_cast<float>(dt + std::log(-std::expm1(-dt)));  // softplus⁻¹
    }
    case TensorRole::SsmA: return static_cast<float>(-std::exp(std::log(0.5) + rng.uniform() * std::log(8.0)));
    case TensorRole::SsmD: return static_cast<float>(1.0 + 0.1 * rng.normal());
    case TensorRole::ExpProbsB: return static_cast<float>(0.01 * rng.normal());
    default: break;
  }
  if (is_norm(role)) return static_cast<float>(1.0 + 0.05 * rng.normal());
  double scale = 1.0 / std::sqrt(static_cast<double>(e.ne[0]));
  if (is_residual_output(role)) scale /= std::sqrt(static_cast<double>(c.n_layer + 1));
  return static_cast<float>(rng.normal() * scale);
}

// Rows are drawn in groups of kRowsPerGroup, each group from its own stream (group 0 from the tensor's own,
// so small tensors are what they always were). The file is therefore the same whatever the thread count,
// and a full-size model is quantised on every core instead of one.
constexpr std::uint64_t kRowsPerGroup = 64;

gguf::Writer::Fill make_fill(const ModelConfig& c, const ExpectedTensor& e, gguf::TensorType type, std::uint64_t seed) {
  return [&c, e, type, seed](std::uint8_t* dst, std::uint64_t size) -> Status {
    const std::int64_t row = e.ne[0];
    const std::uint64_t row_size = gguf::row_bytes(type, row);
    const std::uint64_t rows = size / row_size;
    const std::uint64_t groups = (rows + kRowsPerGroup - 1) / kRowsPerGroup;
    std::atomic<std::uint64_t> next{0};
    std::mutex error_mutex;
    Status error;
    auto work = [&] {
      std::vector<float> values(static_cast<std::size_t>(row));
      for (std::uint64_t g; (g = next.fetch_add(1)) < groups;) {
        Rng rng(g == 0 ? seed : seed + 0x9E3779B97F4A7C15ull * g, e.name);
        const std::uint64_t end = std::min(rows, (g + 1) * kRowsPerGroup);
        for (std::uint64_t r = g * kRowsPerGroup; r < end; ++r) {
          for (float& v : values) v = sample(e.role, e, c, rng);
          Status st = gguf::quantize_row(type, values.data(), dst + r * row_size, row);
          if (!st) {
            const std::lock_guard<std::mutex> lock(error_mutex);
            if (error.is_ok()) error = std::move(st);
            next.store(groups);
            return;
          }
        }
      }
    };
    const std::uint64_t n_threads =
        std::min<std::uint64_t>(groups, std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::thread> helpers;
    for (std::uint64_t t = 1; t < n_threads; ++t) helpers.emplace_back(work);
    work();
    for (std::thread& t : helpers) t.join();
    return error;
  };
}

void write_tokenizer(gguf::Writer& w, const ModelConfig& c) {
  const SynthVocab v = build_synth_vocab(c.n_vocab);
  w.set_string("tokenizer.ggml.model", "gpt2");
  w.set_string("tokenizer.ggml.pre", "pixtral");
  w.set_string_array("tokenizer.ggml.tokens", v.tokens);
  w.set_i32_array("tokenizer.ggml.token_type", v.types);
  w.set_string_array("tokenizer.ggml.merges", v.merges);
  w.set_u32("tokenizer.ggml.bos_token_id", static_cast<std::uint32_t>(v.bos_id));
  w.set_u32("tokenizer.ggml.eos_token_id", static_cast<std::uint32_t>(v.eos_id));
  w.set_u32("tokenizer.ggml.unknown_token_id", static_cast<std::uint32_t>(v.unk_id));
  w.set_u32("tokenizer.ggml.padding_token_id", static_cast<std::uint32_t>(v.pad_id));
  w.set_bool("tokenizer.ggml.add_bos_token", true);
  w.set_bool("tokenizer.ggml.add_eos_token", false);
  w.set_string("tokenizer.chat_template", synth_chat_template());
}

}  // namespace

Result<ModelConfig> synth_config(const SynthOptions& o) {
  return preset_config(o.preset, PresetOptions{o.dialect, o.layers, o.mtp});
}

Status synthesize(const SynthOptions& o, const std::string& path,
                  const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  Result<ModelConfig> config = synth_config(o);
  if (!config) return config.status();
  const ModelConfig& c = *config;

  gguf::Writer w;
  write_config(w, c);
  w.set_u32("general.file_type", quant_mix_file_type(o.quant));
  if (o.quant != QuantMix::F32 && o.quant != QuantMix::BF16) w.set_u32("general.quantization_version", 2);
  write_tokenizer(w, c);

  const std::vector<ExpectedTensor> tensors = expected_tensors(c);
  const std::vector<gguf::TensorType> types = choose_types(o.quant, c, tensors);
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const ExpectedTensor& e = tensors[i];
    w.add_tensor(e.name, e.ne, types[i], o.sparse ? gguf::Writer::Fill{} : make_fill(c, e, types[i], o.seed));
  }
  return w.write(path, progress);
}

}  // namespace hearth::model
