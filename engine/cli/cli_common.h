// Helpers the runtime subcommands (run, chat, bench) share: flag parsing, Ctrl-C that stops generation
// instead of the program, loading a model with progress on stderr, and errors printed with their hint.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "runtime/model_bundle.h"
#include "runtime/sampler.h"

namespace hearth::cli {

// Walks argv; each flag reads its value through value()/number().
class Args {
 public:
  Args(int argc, char** argv) : argc_(argc), argv_(argv) {}
  bool next();  // advances to the next argument; false at the end
  std::string_view flag() const { return argv_[i_]; }
  // The value after the current flag; sets an error (and returns nullopt) when it is missing or malformed.
  std::optional<std::string> value();
  std::optional<std::int64_t> integer();
  std::optional<double> number();
  const std::string& error() const { return error_; }
  void set_error(std::string e) { error_ = std::move(e); }

 private:
  int argc_;
  char** argv_;
  int i_ = 0;  // argv[0] is the subcommand's name
  std::string error_;
};

// Sampling flags (--greedy, --temp, --top-k, --top-p, --min-p, --repeat-penalty, --presence-penalty, --seed).
// Returns true when the current flag was one of them (check args.error() afterwards).
bool parse_sampling_flag(Args& args, runtime::SamplerParams& params);
extern const char* const kSamplingHelp;

// Ctrl-C: the first press sets a flag that generation and prefill poll; a second press ends the program.
void install_interrupt_handler();
bool interrupted();
void clear_interrupt();

// Backend flags (--backend auto|cpu|cuda, --threads N, --no-graphs, --precise-prefill). Returns true when the
// current flag was one of them (check args.error() afterwards).
bool parse_backend_flag(Args& args, runtime::BundleOptions& options);
extern const char* const kBackendHelp;

// Loads the model, its tokenizer and chat template, printing progress and the backend chosen (with its
// reason) to stderr unless quiet.
Result<runtime::ModelBundle> load_bundle(const std::string& path, runtime::BundleOptions options, bool quiet);

int fail(const char* command, const Status& status);
int usage_error(const char* command, const std::string& what, const char* usage);

}  // namespace hearth::cli
