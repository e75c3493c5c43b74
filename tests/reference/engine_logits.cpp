// engine_logits: the engine side of hf_parity.py. Loads a GGUF written by another program with the engine's
// real loading path (model::load_model, runtime::make_cpu_model), prefills the given tokens in
// one session with an f32 KV cache and writes the logits of every position. With LAYERS it also writes the
// residual stream after every block, so a mismatch can be pinned to the first layer that differs.
//   TOKENS: int32 little-endian; OUT: float32 (positions × n_vocab); LAYERS: float32 (n_layer × positions × n_embd)
// usage: engine_logits MODEL.gguf TOKENS.i32 OUT.f32 [LAYERS.f32]
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "model/loader.h"
#include "reference_io.h"
#include "runtime/cpu_model.h"
#include "runtime/forward.h"
#include "runtime/session.h"

namespace {

int fail(const std::string& what) { return hearth_reference::fail("engine_logits", what); }
using hearth_reference::write_all;

// Prefill calls the probe once per chunk and block; appending per layer gives each layer's rows in order.
class LayerCollector final : public hearth::runtime::ForwardProbe {
 public:
  explicit LayerCollector(std::size_t n_layer) : layers_(n_layer) {}
  void layer_output(std::int64_t layer, hearth::model::LayerKind, std::span<const float> x) override {
    if (layer < 0 || static_cast<std::size_t>(layer) >= layers_.size()) return;
    auto& rows = layers_[static_cast<std::size_t>(layer)];
    rows.insert(rows.end(), x.begin(), x.end());
  }
  std::vector<float> joined() const {
    std::vector<float> all;
    for (const auto& rows : layers_) all.insert(all.end(), rows.begin(), rows.end());
    return all;
  }

 private:
  std::vector<std::vector<float>> layers_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) return fail("usage: engine_logits MODEL.gguf TOKENS.i32 OUT.f32 [LAYERS.f32]");
  std::ifstream tin(argv[2], std::ios::binary);
  const std::vector<char> raw((std::istreambuf_iterator<char>(tin)), std::istreambuf_iterator<char>());
  if (!tin.good() && !tin.eof()) return fail(std::string("cannot read ") + argv[2]);
  if (raw.empty() || raw.size() % sizeof(std::int32_t) != 0)
    return fail(std::string(argv[2]) + " has " + std::to_string(raw.size()) + " bytes; expected a non-empty int32 array");
  std::vector<std::int32_t> tokens(raw.size() / sizeof(std::int32_t));
  std::memcpy(tokens.data(), raw.data(), raw.size());

  // The path the app takes: gguf::File::open, read_config, bind_weights (strict names, shapes and types).
  auto opened = hearth::model::load_model(argv[1]);
  if (!opened) return fail(opened.status().to_string());
  auto loaded = std::make_shared<hearth::model::LoadedModel>(std::move(*opened));
  auto model = hearth::runtime::make_cpu_model(loaded, 0);
  if (!model) return fail(model.status().to_string());

  hearth::runtime::SessionOptions o;
  o.n_ctx = static_cast<std::int64_t>(tokens.size());
  o.kv_type = hearth::cpu::KvType::F32;
  // Chunks smaller than the prompt so the carried conv, SSM and KV state between passes is part of what is
  // compared, not only the single-pass form.
  o.prefill_chunk = 16;
  o.ssd_chunk = 8;
  auto session = hearth::runtime::Session::create(*model, o);
  if (!session) return fail(session.status().to_string());
  LayerCollector collector(static_cast<std::size_t>(loaded->config.n_layer));
  if (argc == 5) (*session)->set_probe(&collector);
  std::vector<float> logits;
  if (auto s = (*session)->prefill(tokens, {}, &logits); !s) return fail(s.to_string());
  if (!write_all(argv[3], logits)) return fail(std::string("cannot write ") + argv[3]);
  if (argc == 5 && !write_all(argv[4], collector.joined())) return fail(std::string("cannot write ") + argv[4]);
  std::printf("engine_logits: %s %s, pattern %s, %zu positions, n_vocab %lld\n",
              std::string(hearth::model::arch_name(loaded->config.arch)).c_str(),
              std::string(hearth::model::dialect_name(loaded->config.dialect)).c_str(),
              loaded->config.pattern().c_str(), tokens.size(), static_cast<long long>(loaded->config.n_vocab));
  return 0;
}
