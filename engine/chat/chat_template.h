// Turns a conversation into the exact prompt text a model was trained on, by rendering the model's own
// chat template (tokenizer.chat_template) the way Hugging Face's apply_chat_template does. A model without
// a template gets the built-in Nemotron 3 ChatML layout (chatml_fallback.h).
//
// Messages and tools are OpenAI-style JSON, as nlohmann::ordered_json because key order is visible in the
// prompt (tool schemas are printed in the order given, as Python dicts keep it): {"role", "content", "reasoning_content", "tool_calls":
// [{"type": "function", "function": {"name", "arguments": {..} or "json string"}}]}, {"role": "tool", ...}.
// Arguments given as a JSON string holding an object are parsed before rendering (templates iterate them as
// a mapping; HF itself would fail on a string, vLLM parses it the same way). Everything else is passed as is:
// messages, tools, documents=None, add_generation_prompt, the set options, then `extra`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace hearth::jinja {
class Template;
}

namespace hearth::chat {

struct ChatOptions {
  bool add_generation_prompt = true;
  // Unset: not passed, so the template's own default applies (Nemotron: thinking on, history truncated).
  std::optional<bool> enable_thinking;
  std::optional<bool> low_effort;  // Super's template: "{reasoning effort: low}" after the last user message
  std::optional<bool> truncate_history_thinking;
  // More template variables (bos_token, eos_token, custom switches), as HF passes extra kwargs.
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
};

class ChatTemplate {
 public:
  // Parses `source` once. Empty source selects the built-in Nemotron 3 layout.
  static Result<ChatTemplate> create(std::string_view source);

  // `tools`: an array of tool definitions, or null for none (HF passes tools=None then).
  Result<std::string> render(const nlohmann::ordered_json& messages, const nlohmann::ordered_json& tools,
                             const ChatOptions& options) const;

  bool is_builtin() const { return template_ == nullptr; }

 private:
  std::shared_ptr<const jinja::Template> template_;
};

// One-shot convenience: create + render.
Result<std::string> render_chat(std::string_view template_source, const nlohmann::ordered_json& messages,
                                const nlohmann::ordered_json& tools, const ChatOptions& options);

}  // namespace hearth::chat
