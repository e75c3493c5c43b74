// hearth-cli run: one prompt in, the continuation streamed out. With --chat the prompt becomes a user turn
// laid out by the model's chat template; --json reports ids, text, stats and a fingerprint of the final
// logits; --dump-layers writes every layer's output for debugging. Ctrl-C stops generation, not the program.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "model/layer_kind.h"
#include "runtime/chat_prompt.h"
#include "runtime/fingerprint.h"
#include "runtime/forward.h"
#include "runtime/session.h"
#include "tokenizer/stream_decoder.h"

namespace hearth::cli {
namespace {

constexpr const char* kRunUsage =
    "usage: hearth-cli run -m FILE (-p TEXT | -f FILE) [options]\n"
    "\n"
    "  -m FILE                a Nemotron-H GGUF model\n"
    "  -p TEXT / -f FILE      the prompt, or a file holding it\n"
    "  -n N                   tokens to generate at most (default 256)\n"
    "  --chat                 lay the prompt out as a user turn with the model's chat template\n"
    "  --system TEXT          a system prompt (with --chat)\n"
    "  --think on|off|low     thinking mode (with --chat; default on)\n"
    "  --stop TEXT            stop when the text appears (repeatable)\n"
    "  --ctx N                context length in tokens (default 4096)\n"
    "  --json                 print one JSON object: ids, text, stop reason, stats, logits fingerprint\n"
    "  --dump-layers DIR      write each layer's output of every forward pass to DIR (float32, index.tsv)\n";

// Writes each layer's output x (rows × n_embd, float32) for every forward pass, and one index line for each.
class LayerDump final : public runtime::ForwardProbe {
 public:
  LayerDump(std::filesystem::path dir, std::int64_t n_embd) : dir_(std::move(dir)), n_embd_(n_embd) {
    std::filesystem::create_directories(dir_);
    index_.open(dir_ / "index.tsv");
    index_ << "pass\tlayer\tkind\trows\tcols\tfile\n";
  }
  void layer_output(std::int64_t layer, model::LayerKind kind, std::span<const float> x) override {
    if (layer == 0) ++pass_;  // every forward pass (a prefill chunk, a decode step) starts at layer 0
    char name[64];
    std::snprintf(name, sizeof name, "pass%04d_layer%03lld_%s.f32", pass_, static_cast<long long>(layer),
                  std::string(model::layer_kind_name(kind)).c_str());
    std::ofstream out(dir_ / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(x.data()), static_cast<std::streamsize>(x.size_bytes()));
    index_ << pass_ << '\t' << layer << '\t' << model::layer_kind_char(kind) << '\t'
           << static_cast<std::int64_t>(x.size()) / n_embd_ << '\t' << n_embd_ << '\t' << name << '\n';
  }

 private:
  std::filesystem::path dir_;
  std::int64_t n_embd_;
  std::ofstream index_;
  int pass_ = -1;
};

}  // namespace

int run_run(int argc, char** argv) {
  std::string model_path, prompt, system_prompt, dump_dir, think = "on";
  bool have_prompt = false, chat = false, json = false;
  std::int64_t max_tokens = 256, n_ctx = 4096;
  runtime::BundleOptions load_options;
  std::vector<std::string> stops;
  runtime::SamplerParams sampling;
  Args args(argc, argv);
  while (args.next()) {
    const std::string_view f = args.flag();
    if (f == "--help" || f == "-h") {
      std::fputs(kRunUsage, stdout);
      std::fputs(kBackendHelp, stdout);
      std::fputs(kSamplingHelp, stdout);
      return 0;
    } else if (f == "-m" || f == "--model") {
      if (auto v = args.value()) model_path = *v;
    } else if (f == "-p" || f == "--prompt") {
      if (auto v = args.value()) prompt = *v, have_prompt = true;
    } else if (f == "-f" || f == "--file") {
      if (auto v = args.value()) {
        std::FILE* in = std::fopen(v->c_str(), "rb");
        if (!in) return usage_error("run", "cannot read " + *v, kRunUsage);
        char buffer[65536];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, in)) > 0;) prompt.append(buffer, n);
        std::fclose(in);
        have_prompt = true;
      }
    } else if (f == "-n") {
      if (auto v = args.integer()) max_tokens = *v;
    } else if (f == "--chat") {
      chat = true;
    } else if (f == "--system") {
      if (auto v = args.value()) system_prompt = *v;
    } else if (f == "--think") {
      if (auto v = args.value()) think = *v;
      if (think != "on" && think != "off" && think != "low") args.set_error("--think must be on, off or low");
    } else if (f == "--stop") {
      if (auto v = args.value()) stops.push_back(*v);
    } else if (f == "--ctx") {
      if (auto v = args.integer()) n_ctx = *v;
    } else if (f == "--json") {
      json = true;
    } else if (f == "--dump-layers") {
      if (auto v = args.value()) dump_dir = *v;
    } else if (!parse_sampling_flag(args, sampling) && !parse_backend_flag(args, load_options)) {
      return usage_error("run", "unknown option " + std::string(f), kRunUsage);
    }
    if (!args.error().empty()) return usage_error("run", args.error(), kRunUsage);
  }
  if (model_path.empty()) return usage_error("run", "-m FILE is required", kRunUsage);
  if (!have_prompt) return usage_error("run", "-p TEXT or -f FILE is required", kRunUsage);
  if (max_tokens < 0 || n_ctx < 1) return usage_error("run", "-n must be >= 0 and --ctx >= 1", kRunUsage);

  install_interrupt_handler();
  load_options.n_ctx = n_ctx;
  // Layer dumps are the CPU reference's: pick it unless a backend was named.
  if (!dump_dir.empty() && load_options.backend == runtime::BackendPreference::Auto)
    load_options.backend = runtime::BackendPreference::Cpu;
  Result<runtime::ModelBundle> bundle = load_bundle(model_path, load_options, json);
  if (!bundle) return fail("run", bundle.status());
  const tokenizer::Tokenizer& tok = *bundle->tokenizer;

  std::vector<std::int32_t> ids;
  std::string prompt_text = prompt;
  if (chat) {
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    if (!system_prompt.empty()) messages.push_back({{"role", "system"}, {"content", system_prompt}});
    messages.push_back({{"role", "user"}, {"content", prompt}});
    chat::ChatOptions options;
    options.enable_thinking = think != "off";
    if (think == "low") options.low_effort = true;
    Result<runtime::ChatPrompt> cp = runtime::encode_chat(bundle->chat_template, tok, messages, nullptr, options);
    if (!cp) return fail("run", cp.status());
    ids = cp->tokens;
    prompt_text = cp->text;
  } else {
    for (tokenizer::TokenId id : tok.encode(prompt)) ids.push_back(id);
  }
  if (ids.empty()) return fail("run", Status::error(ErrorCode::InvalidArgument, "the prompt has no tokens"));

  runtime::SessionOptions so;
  so.n_ctx = n_ctx;
  Result<std::unique_ptr<runtime::Session>> session = runtime::Session::create(bundle->backend, so);
  if (!session) return fail("run", session.status());
  std::unique_ptr<LayerDump> dump;
  if (!dump_dir.empty()) {
    dump = std::make_unique<LayerDump>(dump_dir, bundle->config().n_embd);
    (*session)->set_probe(dump.get());
  }
  const Status fed = (*session)->prefill(ids, [](std::int64_t, std::int64_t) { return !interrupted(); });
  if (!fed) return fail("run", fed);

  runtime::Sampler sampler(sampling);
  runtime::GenerateOptions go;
  go.max_tokens = max_tokens;
  go.eog_tokens = bundle->eog_tokens();
  go.stop_strings = stops;
  go.piece = bundle->piece_function();
  tokenizer::StreamDecoder stream(tok);
  std::string chunk;
  Result<runtime::GenerateResult> result =
      max_tokens == 0 ? Result<runtime::GenerateResult>(runtime::GenerateResult{})
                      : (*session)->generate(sampler, go, [&](std::int32_t id, std::string_view) {
                          if (!json) {
                            chunk.clear();
                            if (stream.push(id, chunk).is_ok()) std::fputs(chunk.c_str(), stdout);
                            std::fflush(stdout);
                          }
                          return !interrupted();
                        });
  if (!result) return fail("run", result.status());
  const runtime::SessionStats stats = (*session)->stats();
  if (!json) {
    chunk.clear();
    stream.finish(chunk);
    std::fputs(chunk.c_str(), stdout);
    std::fprintf(stdout, "\n");
    std::fprintf(stderr, "[%s; prompt %lld tokens at %.1f tok/s, %lld generated at %.1f tok/s; %lld/%lld in context]\n",
                 std::string(runtime::stop_reason_name(result->reason)).c_str(),
                 static_cast<long long>(ids.size()), stats.prefill_tokens_per_second(),
                 static_cast<long long>(result->tokens.size()), stats.decode_tokens_per_second(),
                 static_cast<long long>(stats.tokens_in_context), static_cast<long long>(stats.context_size));
    if (!result->message.empty()) std::fprintf(stderr, "%s\n", result->message.c_str());
    return 0;
  }
  nlohmann::ordered_json out;
  out["model"] = model_path;
  out["prompt"] = prompt_text;
  out["prompt_tokens"] = ids;
  out["tokens"] = result->tokens;
  out["text"] = result->text;
  out["stop_reason"] = std::string(runtime::stop_reason_name(result->reason));
  if (!result->message.empty()) out["message"] = result->message;
  out["stats"] = {{"prefill_tokens", stats.prefill_tokens},
                  {"prefill_tokens_per_second", stats.prefill_tokens_per_second()},
                  {"decode_tokens", stats.decode_tokens},
                  {"decode_tokens_per_second", stats.decode_tokens_per_second()},
                  {"tokens_in_context", stats.tokens_in_context},
                  {"context_size", stats.context_size},
                  {"memory_bytes", stats.memory_bytes}};
  out["logits_fingerprint"] = runtime::fingerprint_hex((*session)->logits());
  // Random-weight models (and cut-off replies) can end mid-character: invalid bytes become U+FFFD here.
  std::printf("%s\n", out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
  return 0;
}

}  // namespace hearth::cli
