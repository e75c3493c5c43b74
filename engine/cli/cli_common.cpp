#include "cli/cli_common.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace hearth::cli {

bool Args::next() {
  if (i_ + 1 >= argc_) return false;
  ++i_;
  return true;
}

std::optional<std::string> Args::value() {
  if (i_ + 1 >= argc_) {
    error_ = std::string(flag()) + " needs a value";
    return std::nullopt;
  }
  ++i_;
  return std::string(argv_[i_]);
}

std::optional<std::int64_t> Args::integer() {
  const std::string name(flag());
  const std::optional<std::string> v = value();
  if (!v) return std::nullopt;
  char* end = nullptr;
  const long long n = std::strtoll(v->c_str(), &end, 10);
  if (end == v->c_str() || *end != '\0') {
    error_ = name + " needs a whole number, not '" + *v + "'";
    return std::nullopt;
  }
  return n;
}

std::optional<double> Args::number() {
  const std::string name(flag());
  const std::optional<std::string> v = value();
  if (!v) return std::nullopt;
  char* end = nullptr;
  const double n = std::strtod(v->c_str(), &end);
  if (end == v->c_str() || *end != '\0') {
    error_ = name + " needs a number, not '" + *v + "'";
    return std::nullopt;
  }
  return n;
}

const char* const kSamplingHelp =
    "  --greedy               always the most likely token\n"
    "  --temp T               temperature (default 1.0, Nemotron's recommendation)\n"
    "  --top-k K              keep the K most likely (default 0: off)\n"
    "  --top-p P              nucleus mass (default 0.95)\n"
    "  --min-p P              drop tokens below P x the best (default 0: off)\n"
    "  --repeat-penalty R     penalise recent tokens (default 1: off)\n"
    "  --presence-penalty P   subtract P from recent tokens' logits (default 0)\n"
    "  --seed S               random seed (default 0)\n";

bool parse_sampling_flag(Args& args, runtime::SamplerParams& p) {
  const std::string_view f = args.flag();
  if (f == "--greedy") {
    p.greedy = true;
  } else if (f == "--temp") {
    if (auto v = args.number()) p.temperature = static_cast<float>(*v);
  } else if (f == "--top-k") {
    if (auto v = args.integer()) p.top_k = static_cast<std::int32_t>(*v);
  } else if (f == "--top-p") {
    if (auto v = args.number()) p.top_p = static_cast<float>(*v);
  } else if (f == "--min-p") {
    if (auto v = args.number()) p.min_p = static_cast<float>(*v);
  } else if (f == "--repeat-penalty") {
    if (auto v = args.number()) p.repetition_penalty = static_cast<float>(*v);
  } else if (f == "--presence-penalty") {
    if (auto v = args.number()) p.presence_penalty = static_cast<float>(*v);
  } else if (f == "--seed") {
    if (auto v = args.integer()) p.seed = static_cast<std::uint64_t>(*v);
  } else {
    return false;
  }
  return true;
}

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_sigint(int) {
  if (g_interrupted.exchange(true)) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
}

bool interrupted() { return g_interrupted.load(); }
void clear_interrupt() { g_interrupted.store(false); }

const char* const kBackendHelp =
    "  --backend B            auto (default: CUDA when the model fits on the GPU), cpu or cuda\n"
    "  --threads N            CPU threads (default: all cores)\n"
    "  --no-graphs            CUDA: launch decode kernels one by one instead of replaying a graph\n"
    "  --precise-prefill      CUDA: fp32 prefill matrix products (slower, bit-closer to decode)\n";

bool parse_backend_flag(Args& args, runtime::BundleOptions& options) {
  const std::string_view f = args.flag();
  if (f == "--backend") {
    if (auto v = args.value()) {
      if (*v == "auto") options.backend = runtime::BackendPreference::Auto;
      else if (*v == "cpu") options.backend = runtime::BackendPreference::Cpu;
      else if (*v == "cuda") options.backend = runtime::BackendPreference::Cuda;
      else args.set_error("--backend must be auto, cpu or cuda");
    }
  } else if (f == "--threads") {
    if (auto v = args.integer()) options.n_threads = static_cast<int>(*v);
  } else if (f == "--no-graphs") {
    options.cuda_graphs = false;
  } else if (f == "--precise-prefill") {
    options.precise_prefill = true;
  } else {
    return false;
  }
  return true;
}

Result<runtime::ModelBundle> load_bundle(const std::string& path, runtime::BundleOptions options, bool quiet) {
  int last_percent = -1;
  if (!quiet)
    options.load.progress = [&last_percent](std::uint64_t done, std::uint64_t total) {
      const int percent = total ? static_cast<int>(100 * done / total) : 100;
      if (percent != last_percent) {
        std::fprintf(stderr, "\rloading %3d%%", percent);
        last_percent = percent;
      }
    };
  Result<runtime::ModelBundle> bundle = runtime::load_model_bundle(path, options);
  if (!quiet) {
    std::fprintf(stderr, "\r              \r");
    if (bundle)
      std::fprintf(stderr, "backend: %s (%s): %s\n", std::string(runtime::backend_kind_name(bundle->choice.kind)).c_str(),
                   bundle->choice.device.c_str(), bundle->choice.reason().c_str());
  }
  return bundle;
}

int fail(const char* command, const Status& status) {
  std::fprintf(stderr, "hearth-cli %s: %s: %s\n", command, error_code_name(status.code()), status.message().c_str());
  if (!status.hint().empty()) std::fprintf(stderr, "  hint: %s\n", status.hint().c_str());
  return 1;
}

int usage_error(const char* command, const std::string& what, const char* usage) {
  std::fprintf(stderr, "hearth-cli %s: %s\n\n%s", command, what.c_str(), usage);
  return 2;
}

}  // namespace hearth::cli
