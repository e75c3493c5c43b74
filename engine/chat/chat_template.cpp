#include "chat/chat_template.h"

#include "chat/chatml_fallback.h"
#include "chat/jinja_json.h"
#include "chat/jinja_template.h"

namespace hearth::chat {

namespace {

Status check_messages(const nlohmann::ordered_json& messages) {
  if (!messages.is_array()) return Status::error(ErrorCode::InvalidArgument, "chat messages must be a JSON array");
  for (size_t i = 0; i < messages.size(); ++i) {
    const nlohmann::ordered_json& m = messages[i];
    if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
      return Status::error(ErrorCode::InvalidArgument,
                           "chat message " + std::to_string(i) + " must be an object with a string \"role\"");
  }
  return Status::ok();
}

// Tool-call arguments may arrive as a JSON string (OpenAI wire format); templates iterate them as a mapping,
// so a string that parses as a JSON object is handed over parsed, as HF-compatible servers do.
nlohmann::ordered_json normalize_messages(const nlohmann::ordered_json& messages) {
  nlohmann::ordered_json out = messages;
  for (auto& m : out) {
    if (!m.contains("tool_calls") || !m["tool_calls"].is_array()) continue;
    for (auto& call : m["tool_calls"]) {
      nlohmann::ordered_json* fn = call.contains("function") && call["function"].is_object() ? &call["function"] : &call;
      if (!fn->contains("arguments") || !(*fn)["arguments"].is_string()) continue;
      nlohmann::ordered_json parsed = nlohmann::ordered_json::parse((*fn)["arguments"].get<std::string>(), nullptr, false);
      if (!parsed.is_discarded() && parsed.is_object()) (*fn)["arguments"] = std::move(parsed);
    }
  }
  return out;
}

}  // namespace

Result<ChatTemplate> ChatTemplate::create(std::string_view source) {
  ChatTemplate t;
  if (source.empty()) return t;
  auto parsed = jinja::Template::parse(source);
  if (!parsed) return parsed.status();
  t.template_ = std::make_shared<const jinja::Template>(std::move(*parsed));
  return t;
}

Result<std::string> ChatTemplate::render(const nlohmann::ordered_json& messages, const nlohmann::ordered_json& tools,
                                         const ChatOptions& options) const {
  HEARTH_TRY(check_messages(messages));
  if (!tools.is_null() && !tools.is_array())
    return Status::error(ErrorCode::InvalidArgument, "chat tools must be a JSON array or null");
  if (!options.extra.is_object())
    return Status::error(ErrorCode::InvalidArgument, "extra chat template variables must be a JSON object");
  const nlohmann::ordered_json normalized = normalize_messages(messages);
  if (template_ == nullptr) return render_nemotron_chatml(normalized, tools, options);

  // The variables apply_chat_template passes: messages, tools, documents, add_generation_prompt, then kwargs.
  jinja::ValueDict vars;
  auto set = [&vars](const char* name, jinja::Value v) { vars.set(jinja::Value::string(name), std::move(v)); };
  set("messages", jinja::from_json(normalized));
  set("tools", jinja::from_json(tools));
  set("documents", jinja::Value::none());
  set("add_generation_prompt", jinja::Value::boolean(options.add_generation_prompt));
  if (options.enable_thinking) set("enable_thinking", jinja::Value::boolean(*options.enable_thinking));
  if (options.low_effort) set("low_effort", jinja::Value::boolean(*options.low_effort));
  if (options.truncate_history_thinking)
    set("truncate_history_thinking", jinja::Value::boolean(*options.truncate_history_thinking));
  for (auto it = options.extra.begin(); it != options.extra.end(); ++it) set(it.key().c_str(), jinja::from_json(it.value()));
  return template_->render(vars);
}

Result<std::string> render_chat(std::string_view template_source, const nlohmann::ordered_json& messages,
                                const nlohmann::ordered_json& tools, const ChatOptions& options) {
  auto t = ChatTemplate::create(template_source);
  if (!t) return t.status();
  return t->render(messages, tools, options);
}

}  // namespace hearth::chat
