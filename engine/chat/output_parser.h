// Reads a Nemotron 3 reply back while it streams: reasoning (<think>…</think>), the answer, and tool calls in
// the Qwen3-Coder XML layout (tool_call_xml.h). Text arrives in chunks split anywhere, even inside a tag, so
// a possible tag start is held back until the next chunk shows what it is.
//
// Whitespace that only lays out the tags (the newline after <think>, before </think>, between the answer and
// a <tool_call>) is dropped, so reasoning and answer come out as the template would print them back. Nothing
// else is ever dropped: output that is cut off or malformed (no </think>, half a tool call at the stop,
// unknown tags) comes out as plain text, and finish() hands over whatever is still held back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/tool_call_xml.h"

namespace hearth::chat {

struct OutputEvent {
  enum class Kind { Reasoning, Answer, ToolCall };
  Kind kind = Kind::Answer;
  std::string text;  // Reasoning and Answer
  ToolCall call;     // ToolCall
};

class OutputParser {
 public:
  // With thinking on, the generation prompt already opened <think>, so the reply starts inside reasoning.
  enum class Start { Reasoning, Answer };

  // `tools`: the tool definitions given to the chat template, for argument types (null: none).
  explicit OutputParser(Start start, const nlohmann::ordered_json& tools = nullptr);

  // Consumes the next piece of generated text; returns the events it completes (adjacent texts merged).
  std::vector<OutputEvent> feed(std::string_view chunk);
  // End of generation: everything still held back comes out.
  std::vector<OutputEvent> finish();

  // After finish(): the reply stopped inside <think> (no </think>) or inside a <tool_call>.
  bool reasoning_unclosed() const { return reasoning_unclosed_; }
  bool tool_call_unfinished() const { return tool_call_unfinished_; }

 private:
  enum class State { Reasoning, Answer, ToolCall };

  void process(std::vector<OutputEvent>& out, bool at_end);
  void emit_text(std::vector<OutputEvent>& out, std::string_view text);
  void end_section();
  static void push(std::vector<OutputEvent>& out, OutputEvent::Kind kind, std::string_view text);

  State state_;
  ToolSchemas schemas_;
  std::string buffer_;       // received, not yet classified
  std::string held_space_;   // trailing whitespace of the current section, kept until more text follows it
  std::string space_before_call_;  // whitespace dropped before a <tool_call>, restored if the call is malformed
  bool section_start_ = true;      // leading whitespace of a section is layout
  bool answer_started_ = false;    // a <think> only opens reasoning before any answer text
  bool finished_ = false;
  bool reasoning_unclosed_ = false;
  bool tool_call_unfinished_ = false;
};

// The finished reply as an assistant message for the conversation history, in the shape the chat template
// reads back: {"role": "assistant", "content", "reasoning_content" (if any), "tool_calls" (if any):
// [{"type": "function", "function": {"name", "arguments": {...}}}]}.
nlohmann::ordered_json to_assistant_message(const std::vector<OutputEvent>& events);

}  // namespace hearth::chat
