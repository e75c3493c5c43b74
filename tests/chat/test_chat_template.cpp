// Golden tests: every conversation in data/cases renders, through our Jinja interpreter, to exactly the bytes
// Python's jinja2 produced for it (data/goldens, written by regenerate_goldens.py), and the built-in Nemotron
// layout used for models without a template produces the same bytes.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/chat_template.h"
#include "golden_diff.h"
#include "support/check.h"

namespace {

namespace fs = std::filesystem;
using hearth::chat::ChatOptions;
using hearth::chat::ChatTemplate;

const std::string kData = HEARTH_CHAT_TEST_DATA;

struct Case {
  std::string name;
  nlohmann::ordered_json spec;
};

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  for (const auto& entry : fs::directory_iterator(kData + "/cases"))
    if (entry.path().extension() == ".json")
      cases.push_back({entry.path().stem().string(), nlohmann::ordered_json::parse(hearth_test::read_file(entry.path().string()))});
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

ChatOptions options_of(const nlohmann::ordered_json& spec) {
  ChatOptions o;
  const nlohmann::ordered_json& opts = spec["options"];
  o.add_generation_prompt = opts.value("add_generation_prompt", true);
  if (opts.contains("enable_thinking")) o.enable_thinking = opts["enable_thinking"].get<bool>();
  if (opts.contains("low_effort")) o.low_effort = opts["low_effort"].get<bool>();
  if (opts.contains("truncate_history_thinking")) o.truncate_history_thinking = opts["truncate_history_thinking"].get<bool>();
  if (spec.contains("extra")) o.extra = spec["extra"];
  return o;
}

nlohmann::ordered_json tools_of(const nlohmann::ordered_json& spec) { return spec.contains("tools") ? spec["tools"] : nlohmann::ordered_json(); }

}  // namespace

TEST_CASE(at_least_fifteen_cases_with_goldens) {
  const std::vector<Case> cases = load_cases();
  CHECK(cases.size() >= 15);
  for (const Case& c : cases) CHECK(fs::exists(kData + "/goldens/" + c.name + ".txt"));
}

// Renders every case with `pick(case)` and compares with its golden, reporting each mismatch with context.
template <typename Pick>
void check_against_goldens(hearth_test::Context& hearth_ctx, const std::string& label, Pick pick) {
  for (const Case& c : load_cases()) {
    auto tmpl = pick(c);
    if (!tmpl) {
      hearth_ctx.fail(__FILE__, __LINE__, c.name + ": " + tmpl.status().message());
      continue;
    }
    auto text = tmpl->render(c.spec["messages"], tools_of(c.spec), options_of(c.spec));
    if (!text) {
      hearth_ctx.fail(__FILE__, __LINE__, c.name + label + ": " + text.status().message());
      continue;
    }
    const std::string golden = hearth_test::read_file(kData + "/goldens/" + c.name + ".txt");
    const std::string diff = hearth_test::first_difference(golden, *text);
    if (!diff.empty()) hearth_ctx.fail(__FILE__, __LINE__, c.name + label + ": " + diff);
  }
}

TEST_CASE(template_output_matches_jinja2_byte_for_byte) {
  check_against_goldens(hearth_ctx, "", [](const Case& c) {
    return ChatTemplate::create(hearth_test::read_file(kData + "/" + c.spec["template"].get<std::string>()));
  });
}

TEST_CASE(builtin_layout_matches_the_template) {
  auto builtin = ChatTemplate::create("");
  REQUIRE(builtin.is_ok());
  CHECK(builtin->is_builtin());
  check_against_goldens(hearth_ctx, " (built-in layout)", [](const Case&) { return ChatTemplate::create(""); });
}

TEST_CASE(template_is_parsed_once_and_renders_repeatedly) {
  const std::string source = hearth_test::read_file(kData + "/nemotron-3-nano.jinja");
  auto tmpl = ChatTemplate::create(source);
  REQUIRE(tmpl.is_ok());
  const nlohmann::ordered_json messages = nlohmann::ordered_json::parse(R"([{"role":"user","content":"hi"}])");
  auto a = tmpl->render(messages, nullptr, {});
  auto b = tmpl->render(messages, nullptr, {});
  REQUIRE(a.is_ok() && b.is_ok());
  CHECK_EQ(*a, *b);
  CHECK_EQ(*a, std::string("<|im_start|>system\n<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n<think>\n"));
}

TEST_CASE(invalid_inputs_are_errors_not_crashes) {
  auto tmpl = ChatTemplate::create("");
  REQUIRE(tmpl.is_ok());
  CHECK(!tmpl->render(nlohmann::ordered_json::object(), nullptr, {}).is_ok());
  CHECK(!tmpl->render(nlohmann::ordered_json::parse(R"([{"content":"no role"}])"), nullptr, {}).is_ok());
  CHECK(!tmpl->render(nlohmann::ordered_json::parse(R"([{"role":"user","content":"x"}])"), nlohmann::ordered_json::object(), {}).is_ok());
}
