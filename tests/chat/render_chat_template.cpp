// Developer tool: renders one conversation (a tests/chat/data/cases-style JSON file) with a chat template
// file through Hearth's interpreter and prints the text, or the error on stderr with exit code 1.
// compare_templates.py runs it against jinja2 over a folder of real model templates.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "chat/chat_template.h"

namespace {

std::string read_all(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s TEMPLATE.jinja CASE.json\n", argv[0]);
    return 2;
  }
  const auto spec = nlohmann::ordered_json::parse(read_all(argv[2]), nullptr, false);
  if (spec.is_discarded()) {
    std::fprintf(stderr, "%s: not JSON\n", argv[2]);
    return 2;
  }
  hearth::chat::ChatOptions options;
  const auto opts = spec.value("options", nlohmann::ordered_json::object());
  options.add_generation_prompt = opts.value("add_generation_prompt", true);
  if (opts.contains("enable_thinking")) options.enable_thinking = opts["enable_thinking"].get<bool>();
  if (opts.contains("low_effort")) options.low_effort = opts["low_effort"].get<bool>();
  if (opts.contains("truncate_history_thinking")) options.truncate_history_thinking = opts["truncate_history_thinking"].get<bool>();
  if (spec.contains("extra")) options.extra = spec["extra"];
  auto out = hearth::chat::render_chat(read_all(argv[1]), spec["messages"], spec.value("tools", nlohmann::ordered_json()), options);
  if (!out) {
    std::fprintf(stderr, "%s\n", out.status().message().c_str());
    return 1;
  }
  std::fwrite(out->data(), 1, out->size(), stdout);
  return 0;
}
