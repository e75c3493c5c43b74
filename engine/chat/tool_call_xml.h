// The Qwen3-Coder XML tool-call layout that Nemotron 3 is trained on (its chat template describes it):
//
//   <tool_call>\n<function=NAME>\n<parameter=ARG>\nVALUE\n</parameter>\n...</function>\n</tool_call>
//
// This file parses the inside of one <tool_call> element into a name and typed arguments. Values are text;
// the tool's JSON schema says what they are: integer/number/boolean/object/array/null parse as JSON (and
// Python's True/False/None, which is how the template prints booleans and None back into history), string
// stays text. Without a schema a value that parses as JSON is taken as such, anything else as text.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hearth::chat {

struct ToolCall {
  std::string name;
  nlohmann::ordered_json arguments = nlohmann::ordered_json::object();
};

// Parameter types per tool, from the same tool definitions handed to the chat template.
class ToolSchemas {
 public:
  ToolSchemas() = default;
  explicit ToolSchemas(const nlohmann::ordered_json& tools);
  // The schema "type" of a parameter (a string or a list of strings), or null if unknown.
  const nlohmann::ordered_json* type_of(const std::string& tool, const std::string& parameter) const;

 private:
  std::map<std::string, std::map<std::string, nlohmann::ordered_json>> types_;
};

// `body` is the text between <tool_call> and </tool_call>. Returns nothing when it is not a well-formed call
// (then the caller shows the raw text instead).
std::optional<ToolCall> parse_tool_call_body(std::string_view body, const ToolSchemas& schemas);

// One parameter value converted by its schema type (null: no schema).
nlohmann::ordered_json typed_argument(const std::string& value, const nlohmann::ordered_json* type);

}  // namespace hearth::chat
