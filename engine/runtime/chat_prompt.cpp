#include "runtime/chat_prompt.h"

#include <string_view>

namespace hearth::runtime {
namespace {

// Text no template produces and no person types: the private-use code point U+F8FF around a counter.
std::string marker(std::size_t i) { return "\xEF\xA3\xBF" + std::to_string(i) + "\xEF\xA3\xBF"; }

}  // namespace

Result<ChatPrompt> encode_chat(const chat::ChatTemplate& chat_template, const tokenizer::Tokenizer& tokenizer,
                               const nlohmann::ordered_json& messages, const nlohmann::ordered_json& tools,
                               const chat::ChatOptions& options) {
  // Markers replace the plain-string contents of system, user and tool messages. Assistant turns keep their
  // text: templates take them apart (reasoning before </think>), and they came from the model anyway.
  nlohmann::ordered_json marked = messages;
  std::vector<std::string> contents;
  for (auto& m : marked) {
    if (!m.is_object() || !m.contains("content") || !m["content"].is_string()) continue;
    const std::string role = m.value("role", "");
    if (role == "assistant") continue;
    contents.push_back(m["content"].get<std::string>());
    m["content"] = marker(contents.size() - 1);
  }
  Result<std::string> rendered = chat_template.render(marked, tools, options);
  if (!rendered) return rendered.status();

  // Split at the markers; a template that transformed a marker falls back to rendering the real text with
  // special tokens parsed everywhere (correct for every template we know; only lookalike text would differ).
  std::vector<tokenizer::TextSegment> segments;
  std::string text;
  std::string_view rest = rendered.value();
  std::size_t found = 0;
  for (std::size_t i = 0; i < contents.size(); ++i) {
    const std::string m = marker(i);
    const std::size_t at = rest.find(m);
    if (at == std::string_view::npos) break;
    segments.push_back({rest.substr(0, at), true});
    segments.push_back({contents[i], false});
    text.append(rest.substr(0, at)).append(contents[i]);
    rest.remove_prefix(at + m.size());
    ++found;
  }
  ChatPrompt prompt;
  if (found != contents.size() || rest.find("\xEF\xA3\xBF") != std::string_view::npos) {
    Result<std::string> plain = chat_template.render(messages, tools, options);
    if (!plain) return plain.status();
    prompt.text = plain.value();
    tokenizer::EncodeOptions eo;
    eo.parse_special = true;
    for (tokenizer::TokenId id : tokenizer.encode(prompt.text, eo)) prompt.tokens.push_back(id);
    return prompt;
  }
  segments.push_back({rest, true});
  text.append(rest);
  prompt.text = std::move(text);
  for (tokenizer::TokenId id : tokenizer.encode_segments(segments)) prompt.tokens.push_back(id);
  return prompt;
}

}  // namespace hearth::runtime
