// hearth-cli model synth | inspect | list: writes random-weight Nemotron-H models, reports what a GGUF holds
// (header only) and finds models other tools keep on disk. Thin: the work is in engine/model/.
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gguf/gguf_file.h"
#include "model/discovery.h"
#include "model/inspect.h"
#include "model/presets.h"
#include "model/synth.h"

namespace hearth::cli {

namespace {

using namespace hearth::model;

void print_model_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: hearth-cli model synth --preset P [--layers N] [--quant Q] [--dialect D] [--mtp] [--seed S]\n"
               "                              [--sparse] -o FILE\n"
               "       hearth-cli model inspect FILE [--tensors] [--json]\n"
               "       hearth-cli model list [--dir D]... [--json]\n"
               "\n"
               "  synth    write a random-weight model with the exact layout of a real one\n"
               "           presets:");
  for (const Preset& p : presets()) std::fprintf(out, " %s", std::string(p.name).c_str());
  std::fprintf(out,
               "\n"
               "           --quant f32|bf16|q8_0|q4_k_m (default f32), --dialect llamacpp|ollama (default llamacpp)\n"
               "           --sparse leaves tensor data as a file hole (full-size files cost no disk)\n"
               "  inspect  architecture, layer pattern, hyperparameters, tensors, parameters, bytes per token\n"
               "  list     GGUF models in the Ollama, Hugging Face, llama.cpp and LM Studio stores (and --dir)\n");
}

int fail(const Status& s) {
  std::fprintf(stderr, "hearth-cli: %s: %s\n", error_code_name(s.code()), s.to_string().c_str());
  return 1;
}

int usage_error(const std::string& what) {
  std::fprintf(stderr, "hearth-cli model: %s\n\n", what.c_str());
  print_model_usage(stderr);
  return 2;
}

bool parse_int(const char* text, std::int64_t& out) {
  char* end = nullptr;
  const long long v = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0') return false;
  out = v;
  return true;
}

int cmd_synth(int argc, char** argv) {
  SynthOptions o;
  std::string output;
  bool have_preset = false;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) return nullptr;
      (void)name;
      return argv[++i];
    };
    if (arg == "--preset") {
      const char* v = value("--preset");
      if (!v) return usage_error("--preset needs a value");
      o.preset = v;
      have_preset = true;
    } else if (arg == "--layers") {
      const char* v = value("--layers");
      if (!v || !parse_int(v, o.layers) || o.layers <= 0) return usage_error("--layers needs a positive number");
    } else if (arg == "--quant") {
      const char* v = value("--quant");
      const auto q = v ? quant_mix_from_name(v) : std::nullopt;
      if (!q) return usage_error("--quant must be f32, bf16, q8_0 or q4_k_m");
      o.quant = *q;
    } else if (arg == "--dialect") {
      const char* v = value("--dialect");
      const auto d = v ? dialect_from_name(v) : std::nullopt;
      if (!d) return usage_error("--dialect must be llamacpp or ollama");
      o.dialect = *d;
    } else if (arg == "--mtp") {
      o.mtp = true;
    } else if (arg == "--sparse") {
      o.sparse = true;
    } else if (arg == "--seed") {
      std::int64_t seed = 0;
      const char* v = value("--seed");
      if (!v || !parse_int(v, seed)) return usage_error("--seed needs a number");
      o.seed = static_cast<std::uint64_t>(seed);
    } else if (arg == "-o" || arg == "--output") {
      const char* v = value("-o");
      if (!v) return usage_error("-o needs a file name");
      output = v;
    } else {
      return usage_error("unknown option '" + std::string(arg) + "'");
    }
  }
  if (!have_preset) return usage_error("--preset is required");
  if (output.empty()) return usage_error("-o FILE is required");
  const auto start = std::chrono::steady_clock::now();
  const Status s = synthesize(o, output);
  if (!s) return fail(s);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("wrote %s (preset %s, %s, %s%s%s) in %.2f s\n", output.c_str(), o.preset.c_str(),
              std::string(quant_mix_name(o.quant)).c_str(), std::string(dialect_name(o.dialect)).c_str(),
              o.mtp ? ", MTP" : "", o.sparse ? ", sparse" : "", seconds);
  return 0;
}

int cmd_inspect(int argc, char** argv) {
  std::string path;
  InspectOptions options;
  bool json = false;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--tensors") options.all_tensors = true;
    else if (arg == "--json") json = true;
    else if (!arg.empty() && arg[0] == '-') return usage_error("unknown option '" + std::string(arg) + "'");
    else if (path.empty()) path = arg;
    else return usage_error("inspect takes one file");
  }
  if (path.empty()) return usage_error("inspect needs a file");
  Result<std::unique_ptr<gguf::File>> file = gguf::File::open(path);
  if (!file) return fail(file.status());
  if (json) {
    Result<nlohmann::json> j = inspect_json(**file, options);
    if (!j) return fail(j.status());
    std::printf("%s\n", j->dump(2).c_str());
    return 0;
  }
  Result<std::string> text = inspect_text(**file, options);
  if (!text) {
    // Still say what the file is; then why Hearth cannot run it.
    std::fputs(inspect_generic_text(**file).c_str(), stdout);
    return fail(text.status());
  }
  std::fputs(text->c_str(), stdout);
  return 0;
}

int cmd_list(int argc, char** argv) {
  const char* home = std::getenv("HOME");
  DiscoveryRoots roots = default_roots(home ? home : "", [](const char* name) { return std::getenv(name); });
  bool json = false;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--dir" && i + 1 < argc) roots.user.push_back(argv[++i]);
    else if (arg == "--json") json = true;
    else return usage_error("unknown option '" + std::string(arg) + "'");
  }
  const std::vector<DiscoveredModel> models = discover_models(roots);
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const DiscoveredModel& m : models)
      out.push_back({{"source", std::string(model_source_name(m.source))}, {"name", m.display_name}, {"path", m.path},
                     {"size_bytes", m.size_bytes}, {"architecture", m.architecture}, {"quantization", m.quantization},
                     {"params", m.params}, {"runnable", m.runnable}, {"why_not", m.why_not}});
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  if (models.empty()) {
    std::printf("no GGUF models found\n");
    return 0;
  }
  for (const DiscoveredModel& m : models) {
    std::printf("%-11s %s\n", std::string(model_source_name(m.source)).c_str(), m.display_name.c_str());
    std::printf("            %s\n", m.path.c_str());
    std::printf("            %s, %s, %s, %s params\n", format_size(static_cast<double>(m.size_bytes)).c_str(),
                m.architecture.empty() ? "?" : m.architecture.c_str(), m.quantization.empty() ? "?" : m.quantization.c_str(),
                format_count(static_cast<double>(m.params)).c_str());
    std::printf("            %s%s\n", m.runnable ? "runs in Hearth" : "cannot run: ", m.why_not.c_str());
  }
  return 0;
}

}  // namespace

int run_model(int argc, char** argv) {
  if (argc < 2) {
    print_model_usage(stderr);
    return 2;
  }
  const std::string_view sub = argv[1];
  if (sub == "synth") return cmd_synth(argc - 2, argv + 2);
  if (sub == "inspect") return cmd_inspect(argc - 2, argv + 2);
  if (sub == "list") return cmd_list(argc - 2, argv + 2);
  if (sub == "--help" || sub == "help") {
    print_model_usage(stdout);
    return 0;
  }
  return usage_error("unknown subcommand '" + std::string(sub) + "'");
}

}  // namespace hearth::cli
