#include "chat/chatml_fallback.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "chat/jinja_json.h"
#include "chat/jinja_unicode.h"

namespace hearth::chat {

namespace {

using jinja::Value;

constexpr std::string_view kToolInstructions =
    "\n\nIf you choose to call a function ONLY reply in the following format with NO suffix:\n\n<tool_call>\n"
    "<function=example_function_name>\n<parameter=example_parameter_1>\nvalue_1\n</parameter>\n"
    "<parameter=example_parameter_2>\nThis is the value for the second parameter\nthat can span\nmultiple "
    "lines\n</parameter>\n</function>\n</tool_call>\n\n<IMPORTANT>\nReminder:\n- Function calls MUST follow the "
    "specified format: an inner <function=...></function> block must be nested within <tool_call></tool_call> "
    "XML tags\n- Required parameters MUST be specified\n- You may provide optional reasoning for your function "
    "call in natural language BEFORE the function call, but NOT after\n- If there is no function call "
    "available, answer the question like normal with your current knowledge and do not tell the user about "
    "function calls\n</IMPORTANT>";
constexpr std::string_view kLowEffortSuffix = "\n\n{reasoning effort: low}";

// A JSON field as the template sees it: missing is undefined, null is None.
Value field(const nlohmann::ordered_json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return Value();
  return jinja::from_json(object[key]);
}

std::string trim(const std::string& s) { return jinja::python_strip(s, nullptr, true, true); }

Result<std::string> to_json(const Value& v) { return jinja::python_json_dumps(v, {}); }

// Mappings and lists as JSON, everything else as Python's str(): the template's rule for schema extras.
Result<std::string> render_value(const Value& v) {
  if (v.is_dict() || v.is_list()) return to_json(v);
  return v.to_str();
}

Status append_extra_keys(std::string& out, const nlohmann::ordered_json& object, std::initializer_list<std::string_view> handled) {
  if (!object.is_object()) return Status::ok();
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(handled.begin(), handled.end(), it.key()) != handled.end()) continue;
    auto text = render_value(jinja::from_json(it.value()));
    if (!text) return text.status();
    out += "\n<" + it.key() + ">" + *text + "</" + it.key() + ">";
  }
  return Status::ok();
}

Status append_tools(std::string& out, const nlohmann::ordered_json& tools) {
  out += "# Tools\n\nYou have access to the following functions:\n\n<tools>";
  for (const nlohmann::ordered_json& entry : tools) {
    const nlohmann::ordered_json& tool = entry.is_object() && entry.contains("function") ? entry["function"] : entry;
    out += "\n<function>\n<name>" + field(tool, "name").to_str() + "</name>";
    if (tool.is_object() && tool.contains("description"))
      out += "\n<description>" + trim(field(tool, "description").to_str()) + "</description>";
    out += "\n<parameters>";
    const nlohmann::ordered_json params = tool.is_object() && tool.contains("parameters") ? tool["parameters"] : nlohmann::ordered_json();
    if (params.is_object() && params.contains("properties") && params["properties"].is_object()) {
      for (auto it = params["properties"].begin(); it != params["properties"].end(); ++it) {
        const nlohmann::ordered_json& p = it.value();
        out += "\n<parameter>\n<name>" + it.key() + "</name>";
        if (p.is_object() && p.contains("type")) out += "\n<type>" + field(p, "type").to_str() + "</type>";
        if (p.is_object() && p.contains("description"))
          out += "\n<description>" + trim(field(p, "description").to_str()) + "</description>";
        if (p.is_object() && p.contains("enum")) {
          auto e = to_json(field(p, "enum"));
          if (!e) return e.status();
          out += "\n<enum>" + *e + "</enum>";
        }
        HEARTH_TRY(append_extra_keys(out, p, {"name", "type", "description", "enum"}));
        out += "\n</parameter>";
      }
    }
    HEARTH_TRY(append_extra_keys(out, params, {"type", "properties", "required"}));
    if (params.is_object() && params.contains("required")) {
      auto r = to_json(field(params, "required"));
      if (!r) return r.status();
      out += "\n<required>" + *r + "</required>";
    }
    out += "\n</parameters>";
    HEARTH_TRY(append_extra_keys(out, tool, {"type", "name", "description", "parameters"}));
    out += "\n</function>";
  }
  out += "\n</tools>";
  out += kToolInstructions;
  return Status::ok();
}

bool contains(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

std::string after_last(const std::string& s, std::string_view sep) {
  const size_t at = s.rfind(sep);
  return at == std::string::npos ? s : s.substr(at + sep.size());
}

Status append_tool_calls(std::string& out, const nlohmann::ordered_json& calls) {
  for (const nlohmann::ordered_json& entry : calls) {
    const nlohmann::ordered_json& call = entry.is_object() && entry.contains("function") ? entry["function"] : entry;
    out += "<tool_call>\n<function=" + field(call, "name").to_str() + ">\n";
    if (call.is_object() && call.contains("arguments")) {
      const nlohmann::ordered_json& args = call["arguments"];
      if (!args.is_object())
        return Status::error(ErrorCode::InvalidArgument, "tool call arguments must be a JSON object (or a string holding one)");
      for (auto it = args.begin(); it != args.end(); ++it) {
        auto text = render_value(jinja::from_json(it.value()));
        if (!text) return text.status();
        out += "<parameter=" + it.key() + ">\n" + *text + "\n</parameter>\n";
      }
    }
    out += "</function>\n</tool_call>\n";
  }
  return Status::ok();
}

// The assistant's content with its reasoning folded in, as the template builds it before deciding what to keep.
Value assistant_content(const nlohmann::ordered_json& m) {
  const Value reasoning = field(m, "reasoning_content");
  Value content = field(m, "content");
  if (!content.truthy()) content = Value::string("");
  if (reasoning.is_string() && !trim(reasoning.as_string()).empty())
    return Value::string("<think>\n" + reasoning.as_string() + "\n</think>\n" + content.to_str());
  if (content.is_string() && !contains(content.as_string(), "<think>") && !contains(content.as_string(), "</think>"))
    return Value::string("<think></think>" + content.as_string());
  return content;
}

Status append_assistant(std::string& out, const nlohmann::ordered_json& m, bool keep_reasoning) {
  const Value content = assistant_content(m);
  const bool has_calls = m.contains("tool_calls") && m["tool_calls"].is_array() && !m["tool_calls"].empty();
  if (has_calls) {
    out += "<|im_start|>assistant\n";
    if (content.is_string() && !trim(content.as_string()).empty()) {
      if (keep_reasoning) {
        out += trim(content.as_string()) + "\n";
      } else {
        std::string c = content.as_string();
        if (contains(c, "</think>")) c = after_last(c, "</think>");
        else if (contains(c, "<think>")) c = c.substr(0, c.find("<think>"));
        out += "<think></think>" + trim(c) + "\n";
      }
    } else {
      out += "<think></think>";
    }
    HEARTH_TRY(append_tool_calls(out, m["tool_calls"]));
    out += "<|im_end|>\n";
    return Status::ok();
  }
  std::string c = content.truthy() ? content.to_str() : "";
  if (keep_reasoning) {
    out += "<|im_start|>assistant\n" + trim(c) + "<|im_end|>\n";
    return Status::ok();
  }
  if (contains(c, "<think>") && contains(c, "</think>")) c = "<think></think>" + after_last(c, "</think>");
  out += "<|im_start|>assistant\n" + trim(c) + "<|im_end|>\n";
  return Status::ok();
}

std::string role_of(const nlohmann::ordered_json& m) { return m["role"].get<std::string>(); }

}  // namespace

Result<std::string> render_nemotron_chatml(const nlohmann::ordered_json& messages, const nlohmann::ordered_json& tools,
                                           const ChatOptions& options) {
  const bool thinking = options.enable_thinking.value_or(true);
  const bool truncate = options.truncate_history_thinking.value_or(true);
  const bool low_effort = options.low_effort.value_or(false);

  const bool has_system = !messages.empty() && role_of(messages[0]) == "system";
  const std::string system_message = has_system ? field(messages[0], "content").to_str() : "";
  const size_t first = has_system ? 1 : 0;
  int64_t last_user = -1;
  for (size_t i = first; i < messages.size(); ++i)
    if (role_of(messages[i]) == "user") last_user = static_cast<int64_t>(i - first);

  std::string out = "<|im_start|>system\n" + system_message;
  if (tools.is_array() && !tools.empty()) {
    if (!system_message.empty()) out += "\n\n";
    HEARTH_TRY(append_tools(out, tools));
  }
  out += "<|im_end|>\n";

  for (size_t i = first; i < messages.size(); ++i) {
    const nlohmann::ordered_json& m = messages[i];
    const std::string role = role_of(m);
    const auto index = static_cast<int64_t>(i - first);
    if (role == "assistant") {
      HEARTH_TRY(append_assistant(out, m, !(truncate && index < last_user)));
    } else if (role == "user" || role == "system") {
      out += "<|im_start|>" + role + "\n" + field(m, "content").to_str();
      if (role == "user" && low_effort && index == last_user) out += kLowEffortSuffix;
      out += "<|im_end|>\n";
    } else if (role == "tool") {
      // Consecutive tool results share one user turn, opened by the first and closed by the last.
      if (i > first && role_of(messages[i - 1]) != "tool") out += "<|im_start|>user\n";
      out += "<tool_response>\n" + field(m, "content").to_str() + "\n</tool_response>\n";
      if (i + 1 == messages.size() || role_of(messages[i + 1]) != "tool") out += "<|im_end|>\n";
    } else {
      out += "<|im_start|>" + role + "\n" + field(m, "content").to_str() + "<|im_end|>\n";
    }
  }
  if (options.add_generation_prompt) out += thinking ? "<|im_start|>assistant\n<think>\n" : "<|im_start|>assistant\n<think></think>";
  return out;
}

}  // namespace hearth::chat
