// hearth-cli: the engine's command line. It keeps the engine honest about having no UI and doubles as the
// inspection, parity and benchmark tool. Each subcommand lives in its own cmd_<name>.cpp.
#include <cstdio>
#include <cstring>
#include <string>

#include "backend/device_info.h"
#include "cli/commands.h"
#include "core/build_info.h"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);  // argv[0] is the subcommand's name
};

constexpr Command kCommands[] = {
    {"model", "synth | inspect | list: make, read and find GGUF models (hearth-cli model --help)", hearth::cli::run_model},
    {"run", "generate a continuation of a prompt (hearth-cli run --help)", hearth::cli::run_run},
    {"chat", "an interactive conversation in the terminal (hearth-cli chat --help)", hearth::cli::run_chat},
    {"tokenize", "text to token ids and back (hearth-cli tokenize --help)", hearth::cli::run_tokenize},
    {"bench", "prefill and decode tokens/s (hearth-cli bench --help)", hearth::cli::run_bench},
};

void print_usage(std::FILE* out) {
  std::fprintf(out, "usage: hearth-cli COMMAND [ARGS] | --version | --help\n\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %-10s  %s\n", c.name, c.summary);
  std::fprintf(out,
               "  --version   print the version, the build's CUDA architectures and the GPUs found\n"
               "  --help      print this help\n");
}

int print_version() {
  const hearth::DeviceReport report = hearth::query_devices();
  std::printf("hearth-cli %s\n", HEARTH_VERSION_STRING);
  if (!report.built_with_cuda) {
    std::printf("CUDA: not built (CPU backend only)\n");
    return 0;
  }
  std::printf("CUDA: runtime %s, driver %s, architectures %s\n", hearth::format_cuda_version(report.runtime_version).c_str(),
              hearth::format_cuda_version(report.driver_version).c_str(), report.cuda_architectures.c_str());
  if (report.gpus.empty()) {
    std::printf("GPU: none (%s)\n", report.why_no_gpu.c_str());
    return 0;
  }
  for (const hearth::GpuInfo& gpu : report.gpus) {
    std::printf("GPU %d: %s, compute capability %d.%d, %d SMs, %s total, %s free%s\n", gpu.index, gpu.name.c_str(),
                gpu.cc_major, gpu.cc_minor, gpu.multiprocessors, hearth::format_bytes(gpu.total_bytes).c_str(),
                hearth::format_bytes(gpu.free_bytes).c_str(), gpu.integrated ? " (shares host memory)" : "");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  const std::string command = argv[1];
  if (command == "--version" || command == "version") return print_version();
  if (command == "--help" || command == "-h" || command == "help") {
    print_usage(stdout);
    return 0;
  }
  for (const Command& c : kCommands)
    if (command == c.name) return c.run(argc - 1, argv + 1);
  std::fprintf(stderr, "hearth-cli: unknown command '%s'\n\n", argv[1]);
  print_usage(stderr);
  return 2;
}
