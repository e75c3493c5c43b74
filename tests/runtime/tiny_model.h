// Synthesised tiny models for the whole-model runtime tests: written once per process into a temporary
// folder (seeded, so every run sees the same weights), loaded and bound for the CPU backend.
#pragma once

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unistd.h>

#include "model/loader.h"
#include "model/synth.h"
#include "runtime/cpu_model.h"

namespace hearth_test {

inline std::shared_ptr<hearth::runtime::CpuModel> tiny_model(const std::string& preset, hearth::model::QuantMix quant,
                                                            int threads = 2) {
  static std::map<std::string, std::shared_ptr<hearth::runtime::CpuModel>> cache;
  const std::string key = preset + "/" + std::string(hearth::model::quant_mix_name(quant));
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("hearth-runtime-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / (preset + "-" + std::string(hearth::model::quant_mix_name(quant)) + ".gguf")).string();
  hearth::model::SynthOptions options;
  options.preset = preset;
  options.quant = quant;
  options.seed = 7;
  if (hearth::Status s = hearth::model::synthesize(options, path); !s) throw std::runtime_error(s.to_string());
  hearth::model::LoadOptions load;
  load.prefault = false;
  auto model = hearth::runtime::load_cpu_model(path, load, threads);
  if (!model) throw std::runtime_error(model.status().to_string());
  std::filesystem::remove(path);  // the map keeps the data alive
  std::error_code ignored;
  std::filesystem::remove(dir, ignored);  // empty again unless another process's run shares it
  cache[key] = *model;
  return *model;
}

}  // namespace hearth_test
