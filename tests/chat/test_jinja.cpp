// The Jinja interpreter, feature by feature. data/jinja_features.json holds each template with the output
// Python's jinja2 gave for it (filled in by regenerate_goldens.py, configured as Hugging Face configures it),
// or the fact that jinja2 failed on it, in which case we must fail too. The cases written out below check
// what the table cannot: our error messages, and Hearth-only behaviour.
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/jinja_json.h"
#include "chat/jinja_template.h"
#include "golden_diff.h"
#include "support/check.h"

namespace {

using hearth::jinja::Template;
using hearth::jinja::Value;
using hearth::jinja::ValueDict;

const std::string kData = HEARTH_CHAT_TEST_DATA;

hearth::Result<std::string> try_render(const std::string& source, const ValueDict& vars = {}) {
  auto t = Template::parse(source);
  if (!t) return t.status();
  return t->render(vars);
}

std::string render(const std::string& source, const ValueDict& vars = {}) {
  auto out = try_render(source, vars);
  return out ? *out : "ERROR: " + out.status().message();
}

std::string error_of(const std::string& source) {
  auto out = try_render(source);
  return out ? "(no error; rendered '" + *out + "')" : out.status().message();
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE(every_feature_matches_jinja2) {
  const auto features = nlohmann::ordered_json::parse(hearth_test::read_file(kData + "/jinja_features.json"));
  REQUIRE(features.size() >= 60);
  for (const auto& f : features) {
    const std::string name = f["name"].get<std::string>();
    ValueDict vars;
    if (f.contains("vars"))
      for (auto it = f["vars"].begin(); it != f["vars"].end(); ++it)
        vars.set(Value::string(it.key()), hearth::jinja::from_json(it.value()));
    auto out = try_render(f["template"].get<std::string>(), vars);
    if (f.contains("error")) {
      if (out) hearth_ctx.fail(__FILE__, __LINE__, name + ": jinja2 raised " + f["error"].get<std::string>() + ", we rendered '" + *out + "'");
      continue;
    }
    if (!out) {
      hearth_ctx.fail(__FILE__, __LINE__, name + ": " + out.status().message());
      continue;
    }
    const std::string diff = hearth_test::first_difference(f["expected"].get<std::string>(), *out);
    if (!diff.empty()) hearth_ctx.fail(__FILE__, __LINE__, name + ": " + diff);
  }
}

TEST_CASE(unsupported_constructs_name_themselves_and_their_position) {
  CHECK_EQ(error_of("ab\n  {% include 'x' %}"), std::string("chat template: unsupported tag 'include' at line 2, column 6"));
  CHECK_EQ(error_of("{% extends 'base' %}"), std::string("chat template: unsupported tag 'extends' at line 1, column 4"));
  CHECK_EQ(error_of("{{ x|frobnicate }}"), std::string("chat template: unsupported filter 'frobnicate' at line 1, column 6"));
  CHECK_EQ(error_of("{{ x is frob }}"), std::string("chat template: unsupported test 'frob' at line 1, column 9"));
  CHECK_EQ(error_of("{% for x in y recursive %}{% endfor %}"),
           std::string("chat template: unsupported construct 'recursive' loop at line 1, column 15"));
  CHECK_EQ(error_of("{% frob %}"), std::string("chat template: unknown tag 'frob' at line 1, column 4"));
  CHECK_EQ(error_of("{{ f(*args) }}"), std::string("chat template: unsupported construct '*args' in a call at line 1, column 6"));
}

TEST_CASE(syntax_errors_say_what_and_where) {
  CHECK_EQ(error_of("{% if x %}open"), std::string("chat template: missing '{% endif %}' at line 1, column 15"));
  CHECK_EQ(error_of("{{ 1 + }}"), std::string("chat template: expected an expression, found '}}' at line 1, column 8"));
  CHECK_EQ(error_of("x\n{{ 'abc }}"), std::string("chat template: unterminated string literal at line 2, column 4"));
  CHECK_EQ(error_of("{# never closed"), std::string("chat template: unclosed comment '{#' at line 1, column 1"));
  CHECK_EQ(error_of("{% break %}"), std::string("chat template: 'break' outside a loop at line 1, column 4"));
  CHECK(contains(error_of("{{ a $ b }}"), "unexpected character '$' at line 1, column 6"));
}

TEST_CASE(runtime_errors_say_what_and_where) {
  CHECK_EQ(error_of("\n\n  {{ nothing.attr }}"), std::string("chat template: 'nothing' is undefined at line 3, column 13"));
  CHECK_EQ(error_of("{{ 'a' + 1 }}"), std::string("chat template: can only concatenate str (not \"int\") to str at line 1, column 8"));
  CHECK_EQ(error_of("{{ 1 // 0 }}"), std::string("chat template: integer division or modulo by zero at line 1, column 6"));
  CHECK_EQ(error_of("{{ 'abc'|items }}"), std::string("chat template: filter 'items': Can only get item pairs from a mapping. at line 1, column 10"));
  CHECK_EQ(error_of("{% for x in 5 %}{% endfor %}"), std::string("chat template: for loop: 'int' object is not iterable at line 1, column 13"));
  CHECK_EQ(error_of("{% set d = {} %}{% set d.x = 1 %}"),
           std::string("chat template: cannot assign attribute on non-namespace object 'd' at line 1, column 20"));
  CHECK(contains(error_of("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"), "nested deeper than 200 calls"));
}

TEST_CASE(raise_exception_carries_the_template_message) {
  const std::string message = error_of("{% if true %}\n  {{ raise_exception('Conversation roles must alternate') }}{% endif %}");
  CHECK_EQ(message, std::string("chat template raised an error: Conversation roles must alternate (at line 2, column 21)"));
  auto out = try_render("{{ raise_exception('x') }}");
  REQUIRE(!out.is_ok());
  CHECK(out.status().code() == hearth::ErrorCode::InvalidArgument);
}

TEST_CASE(generation_block_renders_its_body) {
  // HF's AssistantTracker extension: {% generation %} only marks assistant text for training masks.
  CHECK_EQ(render("a{% generation %}b{{ 1 }}{% endgeneration %}c"), std::string("ab1c"));
}

TEST_CASE(values_convert_from_json_in_order) {
  const auto j = nlohmann::ordered_json::parse(R"({"z": 1, "a": [true, null, 2.5, "s"], "m": {"y": {}, "b": []}})");
  const Value v = hearth::jinja::from_json(j);
  CHECK_EQ(v.repr(), std::string("{'z': 1, 'a': [True, None, 2.5, 's'], 'm': {'y': {}, 'b': []}}"));
}

TEST_CASE(rendering_is_repeatable_and_isolated) {
  auto t = Template::parse("{% set ns = namespace(n=0) %}{% for m in msgs %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}");
  REQUIRE(t.is_ok());
  ValueDict vars;
  vars.set(Value::string("msgs"), Value::list({Value::integer(1), Value::integer(2)}));
  for (int i = 0; i < 3; ++i) {
    auto out = t->render(vars);
    REQUIRE(out.is_ok());
    CHECK_EQ(*out, std::string("2"));
  }
}

TEST_CASE(hostile_templates_fail_instead_of_hanging_or_crashing) {
  CHECK(contains(error_of("{{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}"), "nesting deeper than 100 levels"));
  CHECK(contains(error_of("{{ " + std::string(3000, '-') + "1 }}"), "nesting deeper than 100 levels"));
  CHECK(contains(error_of("{{ " + std::string(3000, '[') + std::string(3000, ']') + " }}"), "nesting deeper than 100 levels"));
  std::string nested_ifs;
  for (int i = 0; i < 500; ++i) nested_ifs += "{% if true %}";
  CHECK(contains(error_of(nested_ifs), "nesting deeper than 100 levels"));
  {
    auto t = Template::parse("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}");
    REQUIRE(t.is_ok());
    hearth::jinja::RenderLimits limits;
    limits.max_steps = 200'000;
    auto out = t->render({}, limits);
    REQUIRE(!out.is_ok());
    CHECK(contains(out.status().message(), "template ran more than 200000 steps"));
    limits.max_output_bytes = 1000;
    auto big = Template::parse("{% for i in range(100000) %}xxxxxxxxxx{% endfor %}")->render({}, limits);
    REQUIRE(!big.is_ok());
    CHECK(contains(big.status().message(), "template output exceeds 1000 bytes"));
  }
  CHECK(contains(error_of("{{ 'x' * 1000000000000 }}"), "repetition would build more than 64 MiB"));
  CHECK(contains(error_of("{{ range(10000000)|length }}"), "range() too large"));
  CHECK(contains(error_of("{{ 2 ** 64 }}"), "integer overflow in '**'"));
  CHECK(contains(error_of("{{ 9223372036854775807 + 1 }}"), "integer overflow in '+'"));
  CHECK_EQ(render("{{ 2 ** 62 }}|{{ (-1) ** 1000000000001 }}|{{ 0 ** 5 }}|{{ 1 ** 99999999999 }}"),
           std::string("4611686018427387904|-1|0|1"));
}

// Seeded random token soup: whatever the template, parsing and rendering end with text or an error, never a
// crash, a hang or a different answer the second time (run under the asan preset, this also checks memory).
TEST_CASE(random_templates_never_crash) {
  const std::vector<std::string> pieces = {
      "{{", "}}", "{%", "%}", "{#", "#}", "-", "+", " if ", " for ", " in ", " endif ", " endfor ", " else ", " elif ",
      " set ", " x ", " = ", "(", ")", "[", "]", "{", "}", ",", ":", "'s'", "\"t\"", "1", "2.5", "-3", "|", "length",
      "tojson", "trim", "items", " is ", " defined ", " not ", " and ", " or ", "~", "*", "//", "loop", ".", "index",
      " macro ", " m ", " endmacro ", " raw ", " endraw ", " ", "\n", "namespace", "ns", "range", "msgs", "join",
      " call ", " endcall ", " filter ", " endfilter ", "caller", "upper", "[::-1]", "[1:]", "none", "true"};
  ValueDict vars;
  vars.set(Value::string("msgs"), Value::list({Value::string("a"), Value::integer(2), Value::dict({})}));
  std::mt19937 rng(424242);
  int parsed = 0, rendered = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string source;
    const int n = std::uniform_int_distribution<int>(1, 40)(rng);
    for (int i = 0; i < n; ++i) source += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)];
    auto t = Template::parse(source);
    if (!t) {
      CHECK(!t.status().message().empty());
      continue;
    }
    ++parsed;
    hearth::jinja::RenderLimits limits;
    limits.max_steps = 100'000;
    auto a = t->render(vars, limits);
    auto b = t->render(vars, limits);
    CHECK_EQ(a.is_ok(), b.is_ok());
    if (a && b) {
      ++rendered;
      CHECK_EQ(*a, *b);
    } else if (!a && !b) {
      CHECK_EQ(a.status().message(), b.status().message());
    }
  }
  CHECK(parsed > 100);  // the soup must reach the evaluator often enough to mean something
  CHECK(rendered > 50);
}
