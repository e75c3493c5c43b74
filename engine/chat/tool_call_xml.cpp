#include "chat/tool_call_xml.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace hearth::chat {

namespace {

using Json = nlohmann::ordered_json;

bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

std::string_view trim_ws(std::string_view s) {
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<Json> parse_json(const std::string& text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

// The schema's types as a list: "integer" -> {"integer"}; ["string", "null"] stays.
std::vector<std::string> type_names(const Json* type) {
  std::vector<std::string> names;
  if (type == nullptr) return names;
  if (type->is_string()) names.push_back(type->get<std::string>());
  if (type->is_array())
    for (const Json& t : *type)
      if (t.is_string()) names.push_back(t.get<std::string>());
  return names;
}

bool has(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

ToolSchemas::ToolSchemas(const Json& tools) {
  if (!tools.is_array()) return;
  for (const Json& entry : tools) {
    const Json& fn = entry.is_object() && entry.contains("function") ? entry["function"] : entry;
    if (!fn.is_object() || !fn.contains("name") || !fn["name"].is_string()) continue;
    auto& params = types_[fn["name"].get<std::string>()];
    if (!fn.contains("parameters") || !fn["parameters"].is_object()) continue;
    const Json& schema = fn["parameters"];
    if (!schema.contains("properties") || !schema["properties"].is_object()) continue;
    for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it)
      if (it.value().is_object() && it.value().contains("type")) params[it.key()] = it.value()["type"];
  }
}

const Json* ToolSchemas::type_of(const std::string& tool, const std::string& parameter) const {
  const auto t = types_.find(tool);
  if (t == types_.end()) return nullptr;
  const auto p = t->second.find(parameter);
  return p == t->second.end() ? nullptr : &p->second;
}

Json typed_argument(const std::string& value, const Json* type) {
  const std::vector<std::string> names = type_names(type);
  if (names.empty()) {
    if (auto j = parse_json(value)) return *j;
    return value;
  }
  // A schema that allows a string keeps the text, except the literal null of a nullable string.
  if (has(names, "string")) {
    if (has(names, "null") && (value == "null" || value == "None")) return nullptr;
    return value;
  }
  const std::string_view v = trim_ws(value);
  if (has(names, "boolean")) {
    if (v == "true" || v == "True") return true;
    if (v == "false" || v == "False") return false;
  }
  if (has(names, "null") && (v == "null" || v == "None")) return nullptr;
  if (auto j = parse_json(std::string(v))) {
    const bool fits = (j->is_number_integer() && (has(names, "integer") || has(names, "number"))) ||
                      (j->is_number() && has(names, "number")) || (j->is_boolean() && has(names, "boolean")) ||
                      (j->is_object() && has(names, "object")) || (j->is_array() && has(names, "array")) ||
                      (j->is_null() && has(names, "null"));
    if (fits) return *j;
    if (j->is_number_float() && has(names, "integer") && *j == std::floor(j->get<double>()))
      return static_cast<int64_t>(j->get<double>());
  }
  return value;  // the model wrote something the schema does not allow: keep its text rather than guess
}

std::optional<ToolCall> parse_tool_call_body(std::string_view body, const ToolSchemas& schemas) {
  std::string_view rest = trim_ws(body);
  constexpr std::string_view kOpen = "<function=";
  constexpr std::string_view kClose = "</function>";
  if (rest.substr(0, kOpen.size()) != kOpen) return std::nullopt;
  rest.remove_prefix(kOpen.size());
  const size_t name_end = rest.find('>');
  if (name_end == std::string_view::npos) return std::nullopt;
  ToolCall call;
  call.name = std::string(trim_ws(rest.substr(0, name_end)));
  if (call.name.empty() || call.name.find_first_of("<\n") != std::string::npos) return std::nullopt;
  rest.remove_prefix(name_end + 1);
  rest = trim_ws(rest);
  if (rest.size() < kClose.size() || rest.substr(rest.size() - kClose.size()) != kClose) return std::nullopt;
  rest.remove_suffix(kClose.size());

  constexpr std::string_view kParam = "<parameter=";
  constexpr std::string_view kParamClose = "</parameter>";
  while (true) {
    rest = trim_ws(rest);
    if (rest.empty()) break;
    if (rest.substr(0, kParam.size()) != kParam) return std::nullopt;
    rest.remove_prefix(kParam.size());
    const size_t arg_end = rest.find('>');
    if (arg_end == std::string_view::npos) return std::nullopt;
    const std::string arg(trim_ws(rest.substr(0, arg_end)));
    if (arg.empty() || arg.find_first_of("<\n") != std::string::npos) return std::nullopt;
    rest.remove_prefix(arg_end + 1);
    const size_t value_end = rest.find(kParamClose);
    if (value_end == std::string_view::npos) return std::nullopt;
    std::string_view value = rest.substr(0, value_end);
    // The layout puts the value on its own lines: one newline after the opening tag and one before the close.
    if (!value.empty() && value.front() == '\n') value.remove_prefix(1);
    if (!value.empty() && value.back() == '\n') value.remove_suffix(1);
    call.arguments[arg] = typed_argument(std::string(value), schemas.type_of(call.name, arg));
    rest.remove_prefix(value_end + kParamClose.size());
  }
  return call;
}

}  // namespace hearth::chat
