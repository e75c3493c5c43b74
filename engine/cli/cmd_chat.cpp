// hearth-cli chat: an interactive terminal conversation. Each turn is laid out by the model's chat template;
// the session keeps its state between turns and only the new part of the prompt is fed when the previous
// prompt is a prefix of it. Reasoning is shown apart from the answer (dimmed on a terminal). Ctrl-C stops the
// reply being written; /reset starts over, /exit (or end of input) quits.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/output_parser.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "runtime/chat_prompt.h"
#include "runtime/session.h"
#include "tokenizer/stream_decoder.h"

namespace hearth::cli {
namespace {

constexpr const char* kChatUsage =
    "usage: hearth-cli chat -m FILE [--system TEXT] [--think on|off|low] [-n N] [--ctx N] [backend] [sampling]\n"
    "\n"
    "  type a message and press Enter; /reset starts a new conversation, /exit quits\n";

bool is_prefix(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b) {
  return a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

int run_chat(int argc, char** argv) {
  std::string model_path, system_prompt, think = "on";
  std::int64_t max_tokens = 2048, n_ctx = 8192;
  runtime::BundleOptions load_options;
  runtime::SamplerParams sampling;
  Args args(argc, argv);
  while (args.next()) {
    const std::string_view f = args.flag();
    if (f == "--help" || f == "-h") {
      std::fputs(kChatUsage, stdout);
      std::fputs(kBackendHelp, stdout);
      std::fputs(kSamplingHelp, stdout);
      return 0;
    } else if (f == "-m" || f == "--model") {
      if (auto v = args.value()) model_path = *v;
    } else if (f == "--system") {
      if (auto v = args.value()) system_prompt = *v;
    } else if (f == "--think") {
      if (auto v = args.value()) think = *v;
      if (think != "on" && think != "off" && think != "low") args.set_error("--think must be on, off or low");
    } else if (f == "-n") {
      if (auto v = args.integer()) max_tokens = *v;
    } else if (f == "--ctx") {
      if (auto v = args.integer()) n_ctx = *v;
    } else if (!parse_sampling_flag(args, sampling) && !parse_backend_flag(args, load_options)) {
      return usage_error("chat", "unknown option " + std::string(f), kChatUsage);
    }
    if (!args.error().empty()) return usage_error("chat", args.error(), kChatUsage);
  }
  if (model_path.empty()) return usage_error("chat", "-m FILE is required", kChatUsage);

  install_interrupt_handler();
  load_options.n_ctx = n_ctx;
  Result<runtime::ModelBundle> bundle = load_bundle(model_path, load_options, false);
  if (!bundle) return fail("chat", bundle.status());
  runtime::SessionOptions so;
  so.n_ctx = n_ctx;
  Result<std::unique_ptr<runtime::Session>> session = runtime::Session::create(bundle->backend, so);
  if (!session) return fail("chat", session.status());
  runtime::Sampler sampler(sampling);
  const bool tty = ::isatty(STDOUT_FILENO) != 0;
  const char* dim = tty ? "\033[2m" : "";
  const char* plain = tty ? "\033[0m" : "";

  chat::ChatOptions options;
  options.enable_thinking = think != "off";
  if (think == "low") options.low_effort = true;
  nlohmann::ordered_json messages = nlohmann::ordered_json::array();
  if (!system_prompt.empty()) messages.push_back({{"role", "system"}, {"content", system_prompt}});
  std::fprintf(stderr, "Hearth chat with %s (%s template). /reset, /exit.\n", model_path.c_str(),
               bundle->has_own_template ? "the model's" : "the built-in");

  std::string line;
  while (true) {
    std::fputs("\n> ", stdout);
    std::fflush(stdout);
    clear_interrupt();
    if (!std::getline(std::cin, line) || line == "/exit") break;
    if (line == "/reset") {
      (*session)->reset();
      messages = nlohmann::ordered_json::array();
      if (!system_prompt.empty()) messages.push_back({{"role", "system"}, {"content", system_prompt}});
      std::fputs("(new conversation)\n", stdout);
      continue;
    }
    if (line.empty()) continue;
    messages.push_back({{"role", "user"}, {"content", line}});
    Result<runtime::ChatPrompt> prompt = runtime::encode_chat(bundle->chat_template, *bundle->tokenizer, messages,
                                                              nullptr, options);
    if (!prompt) {
      fail("chat", prompt.status());
      messages.erase(messages.size() - 1);
      continue;
    }
    // Feed only what is new; when the template rewrote earlier turns (history reasoning dropped), start over.
    if (!is_prefix((*session)->tokens(), prompt->tokens)) (*session)->reset();
    const std::vector<std::int32_t> fresh(prompt->tokens.begin() + static_cast<std::ptrdiff_t>((*session)->n_past()),
                                          prompt->tokens.end());
    if (!fresh.empty()) {
      const Status fed = (*session)->prefill(fresh, [](std::int64_t, std::int64_t) { return !interrupted(); });
      if (!fed) {
        fail("chat", fed);
        (*session)->reset();
        messages.erase(messages.size() - 1);
        continue;
      }
    }
    chat::OutputParser parser(options.enable_thinking.value_or(true) ? chat::OutputParser::Start::Reasoning
                                                                     : chat::OutputParser::Start::Answer);
    std::vector<chat::OutputEvent> events;
    auto show = [&](std::vector<chat::OutputEvent> batch) {
      for (chat::OutputEvent& e : batch) {
        if (e.kind == chat::OutputEvent::Kind::Reasoning) std::printf("%s%s%s", dim, e.text.c_str(), plain);
        else if (e.kind == chat::OutputEvent::Kind::Answer) std::fputs(e.text.c_str(), stdout);
        else std::printf("[tool call: %s]\n", e.call.name.c_str());
        events.push_back(std::move(e));
      }
      std::fflush(stdout);
    };
    tokenizer::StreamDecoder stream(*bundle->tokenizer);
    std::string text;
    runtime::GenerateOptions go;
    go.max_tokens = max_tokens;
    go.eog_tokens = bundle->eog_tokens();
    go.piece = bundle->piece_function();
    Result<runtime::GenerateResult> result = (*session)->generate(sampler, go, [&](std::int32_t id, std::string_view) {
      text.clear();
      if (stream.push(id, text).is_ok() && !text.empty()) show(parser.feed(text));
      return !interrupted();
    });
    text.clear();
    stream.finish(text);
    if (!text.empty()) show(parser.feed(text));
    show(parser.finish());
    std::fputs("\n", stdout);
    if (!result) {
      fail("chat", result.status());
      continue;
    }
    if (result->reason == runtime::StopReason::Callback) std::fputs("(stopped)\n", stderr);
    if (result->reason == runtime::StopReason::ContextFull) std::fprintf(stderr, "(%s)\n", result->message.c_str());
    messages.push_back(chat::to_assistant_message(events));
  }
  return 0;
}

}  // namespace hearth::cli
