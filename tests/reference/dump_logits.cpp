// reference_dump: the engine side of the numpy reference check. Synthesises a model, runs the CPU runtime
// over pseudo-random tokens (first a chunked prefill, then single decode steps, so both paths are
// compared) and writes what check_reference.py needs:
//   OUT/model.gguf, OUT/tokens.i32 (int32 little-endian), OUT/logits.f32 (float32, positions × n_vocab)
// usage: reference_dump PRESET QUANT N_TOKENS OUT_DIR [llamacpp|ollama]
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "model/synth.h"
#include "reference_io.h"
#include "runtime/cpu_model.h"
#include "runtime/session.h"

namespace {

int fail(const std::string& what) { return hearth_reference::fail("reference_dump", what); }
using hearth_reference::write_all;

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) return fail("usage: reference_dump PRESET QUANT N_TOKENS OUT_DIR [llamacpp|ollama]");
  hearth::model::SynthOptions so;
  so.preset = argv[1];
  const auto quant = hearth::model::quant_mix_from_name(argv[2]);
  if (!quant) return fail(std::string("unknown quant mix ") + argv[2]);
  so.quant = *quant;
  so.seed = 3;
  if (argc == 6 && std::string(argv[5]) == "ollama") so.dialect = hearth::model::Dialect::Ollama;
  const long n_tokens = std::atol(argv[3]);
  const std::filesystem::path dir = argv[4];
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "model.gguf").string();
  if (auto s = hearth::model::synthesize(so, path); !s) return fail(s.to_string());

  auto model = hearth::runtime::load_cpu_model(path, {}, 2);
  if (!model) return fail(model.status().to_string());
  const hearth::model::ModelConfig& config = *(*model)->config;

  const auto V = static_cast<std::uint32_t>(config.n_vocab);
  std::vector<std::int32_t> tokens(static_cast<std::size_t>(n_tokens));
  std::uint32_t x = 12345;
  for (auto& t : tokens) {
    x = x * 1664525u + 1013904223u;
    t = static_cast<std::int32_t>((x >> 8) % V);
  }
  hearth::runtime::SessionOptions o;
  o.n_ctx = n_tokens;
  o.kv_type = hearth::cpu::KvType::F32;
  o.prefill_chunk = 16;
  o.ssd_chunk = 8;
  auto session = hearth::runtime::Session::create(*model, o);
  if (!session) return fail(session.status().to_string());
  const std::size_t n_prefill = tokens.size() / 2;
  std::vector<float> logits;
  if (auto s = (*session)->prefill(std::span<const std::int32_t>(tokens).first(n_prefill), {}, &logits); !s)
    return fail(s.to_string());
  for (std::size_t i = n_prefill; i < tokens.size(); ++i) {
    if (auto s = (*session)->decode(tokens[i]); !s) return fail(s.to_string());
    logits.insert(logits.end(), (*session)->logits().begin(), (*session)->logits().end());
  }
  if (!write_all(dir / "tokens.i32", tokens) || !write_all(dir / "logits.f32", logits)) return fail("cannot write output");
  std::printf("%s %s: %ld positions, pattern %s\n", argv[1], argv[2], n_tokens, config.pattern().c_str());
  return 0;
}
