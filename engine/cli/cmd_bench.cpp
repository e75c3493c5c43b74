// hearth-cli bench: prefill and decode tokens/s at given depths (llama-bench-like), as a table or JSON, on the
// backend the model loads onto (or the one named). Each row sits beside its roofline: decode against the
// bytes a step must move at the measured copy bandwidth, prefill against its FLOPs at the measured bf16 GEMM
// rate (CUDA; ceilings measured in the same run, ../shared/PERFORMANCE.md).
#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/device_info.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "core/build_info.h"
#include "gguf/tensor_types.h"
#include "model/loader.h"
#include "runtime/bench.h"
#include "runtime/roofline.h"
#if HEARTH_HAVE_CUDA
#include "backend/cuda/cuda_ceilings.h"
#endif

namespace hearth::cli {
namespace {

constexpr const char* kBenchUsage =
    "usage: hearth-cli bench -m FILE [-p N[,N...]] [-n N] [--depth D[,D...]] [--kv f16|f32] [--batch N] [backend]\n"
    "                        [--no-ceilings] [--json]\n"
    "\n"
    "  -p N,…       prompt lengths timed for prefill (default 512)\n"
    "  -n N         tokens timed for decode (default 32)\n"
    "  --depth D,…  context already filled before decode is timed (default 0)\n"
    "  --batch N    CUDA: tokens per prefill forward (default 512)\n"
    "  --no-ceilings  skip measuring the GPU's bandwidth and GEMM rate (no roofline columns)\n"
    "  --profile    after the timed runs, time each op of one prefill and of the decode steps (CUDA)\n";

std::vector<std::int64_t> parse_list(Args& args, const char* flag) {
  std::vector<std::int64_t> out;
  if (auto v = args.value()) {
    std::stringstream list(*v);
    std::string item;
    while (std::getline(list, item, ','))
      try {
        out.push_back(std::stoll(item));
      } catch (...) {
        args.set_error(std::string(flag) + " needs numbers separated by commas");
      }
  }
  return out;
}

struct Floors {
  model::ModelStats stats;
  runtime::DecodeTraffic traffic;
  std::string pattern;
  std::string quant_mix;  // "q4_Kx145, q6_Kx13, …": tensors per type, most bytes first
  model::ModelConfig config;
};

Result<Floors> read_floors(const std::string& path) {
  Result<std::unique_ptr<gguf::File>> file = gguf::File::open(path);
  if (!file) return file.status();
  Result<model::LoadedModel> bound = model::bind_model(std::move(file.value()));
  if (!bound) return bound.status();
  Floors f;
  f.stats = model::compute_stats(*bound->file, bound->config);
  f.traffic = runtime::decode_traffic(f.stats);
  f.pattern = bound->config.pattern();
  for (const model::TypeUsage& u : f.stats.totals.by_type)
    f.quant_mix += (f.quant_mix.empty() ? "" : ", ") + std::string(gguf::type_name(u.type)) + "x" + std::to_string(u.tensors);
  f.config = bound->config;
  return f;
}

}  // namespace

int run_bench(int argc, char** argv) {
  std::string model_path;
  std::vector<std::int64_t> depths = {0}, prompts = {512};
  runtime::BenchOptions options;
  runtime::BundleOptions load_options;
  bool json = false, ceilings = true, profile = false;
  Args args(argc, argv);
  while (args.next()) {
    const std::string_view f = args.flag();
    if (f == "--help" || f == "-h") {
      std::fputs(kBenchUsage, stdout);
      std::fputs(kBackendHelp, stdout);
      return 0;
    } else if (f == "-m" || f == "--model") {
      if (auto v = args.value()) model_path = *v;
    } else if (f == "-p") {
      prompts = parse_list(args, "-p");
    } else if (f == "-n") {
      if (auto v = args.integer()) options.n_decode = *v;
    } else if (f == "--depth") {
      depths = parse_list(args, "--depth");
    } else if (f == "--batch") {
      if (auto v = args.integer()) load_options.max_batch = *v;
    } else if (f == "--kv") {
      if (auto v = args.value()) {
        if (*v != "f16" && *v != "f32") args.set_error("--kv must be f16 or f32");
        options.kv_f16 = *v == "f16";
      }
    } else if (f == "--profile") {
      profile = true;
    } else if (f == "--no-ceilings") {
      ceilings = false;
    } else if (f == "--json") {
      json = true;
    } else if (!parse_backend_flag(args, load_options)) {
      return usage_error("bench", "unknown option " + std::string(f), kBenchUsage);
    }
    if (!args.error().empty()) return usage_error("bench", args.error(), kBenchUsage);
  }
  if (model_path.empty()) return usage_error("bench", "-m FILE is required", kBenchUsage);
  if (prompts.empty() || depths.empty()) return usage_error("bench", "-p and --depth need at least one value", kBenchUsage);
  Result<Floors> floors = read_floors(model_path);
  if (!floors) return fail("bench", floors.status());
  load_options.n_ctx = std::max(*std::max_element(prompts.begin(), prompts.end()),
                                *std::max_element(depths.begin(), depths.end())) + options.n_decode + 1;
  load_options.kv_f16 = options.kv_f16;
  options.prefill_chunk = load_options.max_batch;
  Result<runtime::ModelBundle> bundle = load_bundle(model_path, load_options, json);
  if (!bundle) return fail("bench", bundle.status());
  const bool on_gpu = bundle->choice.kind == runtime::BackendKind::Cuda;
  double bandwidth = 0.0, flops = 0.0;
#if HEARTH_HAVE_CUDA
  if (on_gpu && ceilings) {
    Result<cuda::Ceilings> c = cuda::measure_ceilings(0);
    if (!c) return fail("bench", c.status());
    bandwidth = c->copy_bytes_per_second;
    flops = c->bf16_flops_per_second;
  }
#else
  (void)ceilings;  // a build without CUDA has no GPU ceilings to measure
#endif
  nlohmann::ordered_json header;
  header["model"] = model_path;
  header["layers"] = floors->config.n_layer;
  header["pattern"] = floors->pattern;
  header["quant_mix"] = floors->quant_mix;
  header["weight_bytes"] = bundle->backend->weight_bytes();
  header["backend"] = std::string(runtime::backend_kind_name(bundle->choice.kind));
  header["device"] = bundle->choice.device;
  header["reason"] = bundle->choice.reason();
  header["load_seconds"] = bundle->load_stats.seconds;
  header["load_peak_rss_bytes"] = bundle->load_stats.peak_rss_bytes;
  header["cuda_graphs"] = on_gpu && load_options.cuda_graphs;
  header["copy_bandwidth_bytes_per_s"] = bandwidth;
  header["bf16_flops_per_s"] = flops;
  if (!json) {
    std::printf("model %s: %lld layers (%s), %s\n", model_path.c_str(), static_cast<long long>(floors->config.n_layer),
                floors->pattern.c_str(), floors->quant_mix.c_str());
    std::printf("backend %s on %s (%s); load %.1f s, peak RSS %s\n", header["backend"].get<std::string>().c_str(),
                bundle->choice.device.c_str(), bundle->choice.reason().c_str(), bundle->load_stats.seconds,
                format_bytes(bundle->load_stats.peak_rss_bytes).c_str());
    if (bandwidth > 0)
      std::printf("ceilings: copy %.2f TB/s, bf16 GEMM %.0f TFLOP/s\n", bandwidth / 1e12, flops / 1e12);
    std::printf("%-6s %8s %8s %14s %10s %14s %10s\n", "test", "tokens", "depth", "tok/s", "ms/tok", "roofline tok/s",
                "of roof");
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  auto emit = [&](const char* test, std::int64_t tokens, std::int64_t depth, double tok_s, double roof) {
    if (json) {
      nlohmann::ordered_json row;
      row["test"] = test;
      row["tokens"] = tokens;
      row["depth"] = depth;
      row["tok_s"] = tok_s;
      row["roofline_tok_s"] = roof;
      row["fraction_of_roofline"] = roof > 0 ? tok_s / roof : 0.0;
      rows.push_back(row);
    } else {
      std::printf("%-6s %8lld %8lld %14.1f %10.3f %14.1f %9.1f%%\n", test, static_cast<long long>(tokens),
                  static_cast<long long>(depth), tok_s, tok_s > 0 ? 1000.0 / tok_s : 0.0, roof,
                  roof > 0 ? 100.0 * tok_s / roof : 0.0);
    }
  };
  for (std::int64_t n_prompt : prompts) {
    runtime::BenchOptions o = options;
    o.n_prompt = n_prompt;
    o.n_decode = 0;
    Result<runtime::BenchResult> r = runtime::bench(bundle->backend, o);
    if (!r) return fail("bench", r.status());
    // Prefill of n tokens from empty: mean attention depth n/2.
    const double flops_per_token = runtime::prefill_flops_per_token(floors->stats, floors->config, n_prompt / 2);
    emit("pp", n_prompt, 0, r->prefill_tokens_per_second, flops > 0 ? flops / flops_per_token : 0.0);
  }
  for (std::int64_t depth : depths) {
    runtime::BenchOptions o = options;
    o.n_prompt = 0;
    o.depth = depth;
    Result<runtime::BenchResult> r = runtime::bench(bundle->backend, o);
    if (!r) return fail("bench", r.status());
    const double bytes = static_cast<double>(floors->traffic.bytes_at(depth, options.kv_f16));
    emit("tg", options.n_decode, depth, r->decode_tokens_per_second, bandwidth > 0 ? bandwidth / bytes : 0.0);
  }
  if (profile) {
    // One prefill of the first prompt length, then the decode steps at depth 0, each timed op by op.
    auto profile_run = [&](const char* what, std::int64_t n_prompt, std::int64_t n_decode) -> Status {
      runtime::BenchOptions o = options;
      o.n_prompt = n_prompt;
      o.n_decode = n_decode;
      o.depth = 0;
      bundle->backend->set_profiling(true);
      Result<runtime::BenchResult> r = runtime::bench(bundle->backend, o);
      const std::vector<runtime::ModelBackend::OpTime> times = bundle->backend->op_times();
      bundle->backend->set_profiling(false);
      if (!r) return r.status();
      double total = 0.0;
      for (const auto& t : times) total += t.ms;
      // Forward passes (warm-ups included): every pass looks up its embeddings exactly once.
      double per = 1.0;
      for (const auto& t : times)
        if (t.op == "embedding") per = static_cast<double>(std::max<std::int64_t>(1, t.calls));
      nlohmann::ordered_json ops = nlohmann::ordered_json::array();
      if (!json) std::printf("\n%s, op by op (ms per pass, share):\n", what);
      for (const auto& t : times) {
        if (json) ops.push_back({{"op", t.op}, {"ms_per_pass", t.ms / per}, {"calls", t.calls}});
        else std::printf("  %-24s %9.3f ms %6.1f%%  (%lld calls)\n", t.op.c_str(), t.ms / per, total > 0 ? 100.0 * t.ms / total : 0.0,
                         static_cast<long long>(t.calls));
      }
      if (json) header[std::string("profile_") + (n_prompt > 0 ? "prefill" : "decode")] = ops;
      return Status::ok();
    };
    if (Status s = profile_run("prefill", prompts.front(), 0); !s) return fail("bench", s);
    if (Status s = profile_run("decode", 0, options.n_decode); !s) return fail("bench", s);
  }
  if (json) {
    header["decode_bytes_per_token_at_depth_0"] = floors->traffic.bytes_at(0, options.kv_f16);
    header["results"] = rows;
    std::printf("%s\n", header.dump(2).c_str());
  } else {
    std::printf("decode moves %s per token at depth 0 (weights %s, state %s)\n",
                format_bytes(floors->traffic.bytes_at(0, options.kv_f16)).c_str(),
                format_bytes(floors->traffic.weights).c_str(), format_bytes(floors->traffic.state).c_str());
  }
  return 0;
}

}  // namespace hearth::cli
