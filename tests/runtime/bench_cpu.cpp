// bench_cpu: synthesise (or reuse) a model and measure the CPU runtime. A developer tool until the
// command line's `bench` wires runtime::bench; not a test.
//   bench_cpu PRESET LAYERS QUANT THREADS N_PROMPT N_DECODE [DEPTH] [FILE]
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "model/synth.h"
#include "runtime/bench.h"
#include "runtime/cpu_model.h"

int main(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: bench_cpu PRESET LAYERS QUANT THREADS N_PROMPT N_DECODE [DEPTH] [FILE]\n");
    return 2;
  }
  hearth::model::SynthOptions so;
  so.preset = argv[1];
  so.layers = std::atoll(argv[2]);
  const auto quant = hearth::model::quant_mix_from_name(argv[3]);
  if (!quant) return std::fprintf(stderr, "unknown quant mix %s\n", argv[3]), 2;
  so.quant = *quant;
  const int threads = std::atoi(argv[4]);
  hearth::runtime::BenchOptions bo;
  bo.n_prompt = std::atoll(argv[5]);
  bo.n_decode = std::atoll(argv[6]);
  bo.depth = argc > 7 ? std::atoll(argv[7]) : 0;
  const std::string path = argc > 8 ? argv[8] : "bench-" + so.preset + "-" + argv[2] + "-" + argv[3] + ".gguf";
  if (!std::filesystem::exists(path)) {
    if (auto s = hearth::model::synthesize(so, path); !s) return std::fprintf(stderr, "%s\n", s.to_string().c_str()), 1;
  }
  auto model = hearth::runtime::load_cpu_model(path, {}, threads);
  if (!model) return std::fprintf(stderr, "%s\n", model.status().to_string().c_str()), 1;
  auto r = hearth::runtime::bench(*model, bo);
  if (!r) return std::fprintf(stderr, "%s\n", r.status().to_string().c_str()), 1;
  std::printf("{\"model\": \"%s\", \"layers\": %s, \"quant\": \"%s\", \"pattern\": \"%s\", \"n_prompt\": %lld, "
              "\"n_decode\": %lld, \"depth\": %lld, \"result\": %s}\n",
              so.preset.c_str(), argv[2], argv[3], (*model)->config->pattern().c_str(), static_cast<long long>(bo.n_prompt),
              static_cast<long long>(bo.n_decode), static_cast<long long>(bo.depth), r->to_json().c_str());
  return 0;
}
