#include "chat/output_parser.h"

#include <array>

namespace hearth::chat {

namespace {

constexpr std::string_view kThinkOpen = "<think>";
constexpr std::string_view kThinkClose = "</think>";
constexpr std::string_view kCallOpen = "<tool_call>";
constexpr std::string_view kCallClose = "</tool_call>";

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Length of the longest suffix of `text` that is a proper prefix of `tag`: it may be the start of that tag.
size_t partial_tag_suffix(std::string_view text, std::string_view tag) {
  for (size_t n = std::min(text.size(), tag.size() - 1); n > 0; --n)
    if (text.substr(text.size() - n) == tag.substr(0, n)) return n;
  return 0;
}

}  // namespace

OutputParser::OutputParser(Start start, const nlohmann::ordered_json& tools)
    : state_(start == Start::Reasoning ? State::Reasoning : State::Answer), schemas_(tools) {}

void OutputParser::push(std::vector<OutputEvent>& out, OutputEvent::Kind kind, std::string_view text) {
  if (text.empty()) return;
  if (!out.empty() && out.back().kind == kind && kind != OutputEvent::Kind::ToolCall) {
    out.back().text += text;
    return;
  }
  OutputEvent e;
  e.kind = kind;
  e.text = std::string(text);
  out.push_back(std::move(e));
}

// Text of the current section: leading whitespace of a section is dropped, trailing whitespace waits until
// we know whether the section goes on (then it is content) or a tag ends it (then it was layout).
void OutputParser::emit_text(std::vector<OutputEvent>& out, std::string_view text) {
  if (section_start_) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    if (text.empty()) return;
    section_start_ = false;
  }
  size_t body = text.size();
  while (body > 0 && is_space(text[body - 1])) --body;
  const auto kind = state_ == State::Reasoning ? OutputEvent::Kind::Reasoning : OutputEvent::Kind::Answer;
  if (body > 0) {
    push(out, kind, held_space_);
    held_space_.clear();
    push(out, kind, text.substr(0, body));
    if (kind == OutputEvent::Kind::Answer) answer_started_ = true;
  }
  held_space_ += text.substr(body);
}

void OutputParser::end_section() {
  held_space_.clear();
  section_start_ = true;
}

void OutputParser::process(std::vector<OutputEvent>& out, bool at_end) {
  while (true) {
    if (state_ == State::ToolCall) {
      const size_t close = buffer_.find(kCallClose);
      if (close == std::string::npos) return;  // a call is only judged whole
      const std::string body = buffer_.substr(0, close);
      buffer_.erase(0, close + kCallClose.size());
      state_ = State::Answer;
      if (auto call = parse_tool_call_body(body, schemas_)) {
        OutputEvent e;
        e.kind = OutputEvent::Kind::ToolCall;
        e.call = std::move(*call);
        out.push_back(std::move(e));
        end_section();
      } else {  // malformed: the user sees exactly what the model wrote
        section_start_ = false;
        push(out, OutputEvent::Kind::Answer, space_before_call_ + std::string(kCallOpen) + body + std::string(kCallClose));
        answer_started_ = true;
      }
      continue;
    }

    // The tags that mean something here; anything else is text.
    std::array<std::string_view, 2> tags{};
    size_t n_tags = 0;
    if (state_ == State::Reasoning) {
      tags[n_tags++] = kThinkClose;
    } else {
      tags[n_tags++] = kCallOpen;
    }
    // <think> is a tag only as the first thing of a section (the model opening reasoning itself); later it
    // is text about tags. Decided on the buffered text, so the answer does not depend on chunking.
    const size_t first_text = buffer_.find_first_not_of(" \n\r\t");
    const std::string_view lead =
        first_text == std::string::npos ? std::string_view() : std::string_view(buffer_).substr(first_text, kThinkOpen.size());
    const bool section_fresh = state_ == State::Reasoning ? section_start_ : section_start_ && !answer_started_;
    if (section_fresh && kThinkOpen.substr(0, lead.size()) == lead) tags[n_tags++] = kThinkOpen;
    size_t best = std::string::npos;
    std::string_view found;
    for (size_t i = 0; i < n_tags; ++i) {
      const size_t at = buffer_.find(tags[i]);
      if (at < best) {
        best = at;
        found = tags[i];
      }
    }
    if (best == std::string::npos) {
      size_t keep = 0;
      if (!at_end)
        for (size_t i = 0; i < n_tags; ++i) keep = std::max(keep, partial_tag_suffix(buffer_, tags[i]));
      emit_text(out, std::string_view(buffer_).substr(0, buffer_.size() - keep));
      buffer_.erase(0, buffer_.size() - keep);
      return;
    }
    emit_text(out, std::string_view(buffer_).substr(0, best));
    buffer_.erase(0, best + found.size());
    if (found == kThinkClose) {
      end_section();
      state_ = State::Answer;
    } else if (found == kThinkOpen) {
      end_section();
      state_ = State::Reasoning;
    } else {  // <tool_call>
      space_before_call_ = section_start_ ? std::string() : held_space_;
      end_section();
      state_ = State::ToolCall;
    }
  }
}

std::vector<OutputEvent> OutputParser::feed(std::string_view chunk) {
  std::vector<OutputEvent> out;
  if (finished_) return out;
  buffer_ += chunk;
  process(out, false);
  return out;
}

std::vector<OutputEvent> OutputParser::finish() {
  std::vector<OutputEvent> out;
  if (finished_) return out;
  finished_ = true;
  process(out, true);
  if (state_ == State::ToolCall) {  // cut off inside a call: it was never a call, show the text
    tool_call_unfinished_ = true;
    push(out, OutputEvent::Kind::Answer, space_before_call_ + std::string(kCallOpen) + buffer_);
  } else {
    reasoning_unclosed_ = state_ == State::Reasoning;
    const auto kind = state_ == State::Reasoning ? OutputEvent::Kind::Reasoning : OutputEvent::Kind::Answer;
    push(out, kind, held_space_);
  }
  buffer_.clear();
  held_space_.clear();
  return out;
}

nlohmann::ordered_json to_assistant_message(const std::vector<OutputEvent>& events) {
  std::string reasoning, content;
  nlohmann::ordered_json calls = nlohmann::ordered_json::array();
  for (const OutputEvent& e : events) {
    if (e.kind == OutputEvent::Kind::Reasoning) reasoning += e.text;
    else if (e.kind == OutputEvent::Kind::Answer) content += e.text;
    else calls.push_back({{"type", "function"}, {"function", {{"name", e.call.name}, {"arguments", e.call.arguments}}}});
  }
  nlohmann::ordered_json message = {{"role", "assistant"}, {"content", content}};
  if (!reasoning.empty()) message["reasoning_content"] = reasoning;
  if (!calls.empty()) message["tool_calls"] = calls;
  return message;
}

}  // namespace hearth::chat
