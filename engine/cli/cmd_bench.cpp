// hearth-cli bench: prefill and decode tokens/s of the CPU runtime at given depths (llama-bench-like), as a
// table or JSON. The CUDA path joins it with the CUDA backend's session integration.
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "runtime/bench.h"

namespace hearth::cli {
namespace {

constexpr const char* kBenchUsage =
    "usage: hearth-cli bench -m FILE [-p N] [-n N] [--depth D[,D...]] [--threads T] [--kv f16|f32] [--json]\n"
    "\n"
    "  -p N         prompt tokens timed for prefill (default 512)\n"
    "  -n N         tokens timed for decode (default 32)\n"
    "  --depth D,…  context already filled before decode is timed (default 0)\n"
    "  --threads T  CPU threads (default: all cores)\n";

}  // namespace

int run_bench(int argc, char** argv) {
  std::string model_path;
  std::vector<std::int64_t> depths = {0};
  runtime::BenchOptions options;
  options.n_prompt = 512;
  std::int64_t threads = 0;
  bool json = false;
  Args args(argc, argv);
  while (args.next()) {
    const std::string_view f = args.flag();
    if (f == "--help" || f == "-h") {
      std::fputs(kBenchUsage, stdout);
      return 0;
    } else if (f == "-m" || f == "--model") {
      if (auto v = args.value()) model_path = *v;
    } else if (f == "-p") {
      if (auto v = args.integer()) options.n_prompt = *v;
    } else if (f == "-n") {
      if (auto v = args.integer()) options.n_decode = *v;
    } else if (f == "--depth") {
      if (auto v = args.value()) {
        depths.clear();
        std::stringstream list(*v);
        std::string item;
        while (std::getline(list, item, ','))
          try {
            depths.push_back(std::stoll(item));
          } catch (...) {
            args.set_error("--depth needs numbers separated by commas");
          }
      }
    } else if (f == "--threads") {
      if (auto v = args.integer()) threads = *v;
    } else if (f == "--kv") {
      if (auto v = args.value()) {
        if (*v != "f16" && *v != "f32") args.set_error("--kv must be f16 or f32");
        options.kv_f16 = *v == "f16";
      }
    } else if (f == "--json") {
      json = true;
    } else {
      return usage_error("bench", "unknown option " + std::string(f), kBenchUsage);
    }
    if (!args.error().empty()) return usage_error("bench", args.error(), kBenchUsage);
  }
  if (model_path.empty()) return usage_error("bench", "-m FILE is required", kBenchUsage);
  Result<runtime::ModelBundle> bundle = load_bundle(model_path, static_cast<int>(threads), json);
  if (!bundle) return fail("bench", bundle.status());
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  if (!json) std::printf("%-10s %8s %8s %16s %16s %8s\n", "backend", "prompt", "depth", "prefill tok/s", "decode tok/s", "threads");
  for (std::int64_t depth : depths) {
    options.depth = depth;
    Result<runtime::BenchResult> r = runtime::bench(bundle->model, options);
    if (!r) return fail("bench", r.status());
    if (json) {
      nlohmann::ordered_json row = nlohmann::ordered_json::parse(r->to_json());
      row["model"] = model_path;
      row["backend"] = "cpu";
      row["n_prompt"] = options.n_prompt;
      row["n_decode"] = options.n_decode;
      row["depth"] = depth;
      rows.push_back(row);
    } else {
      std::printf("%-10s %8lld %8lld %16.1f %16.2f %8d\n", "cpu", static_cast<long long>(options.n_prompt),
                  static_cast<long long>(depth), r->prefill_tokens_per_second, r->decode_tokens_per_second, r->threads);
    }
  }
  if (json) std::printf("%s\n", rows.dump(2).c_str());
  return 0;
}

}  // namespace hearth::cli
