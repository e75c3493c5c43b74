// Splits Jinja template source into text and tag tokens, applying the whitespace rules Hugging Face renders
// chat templates with: trim_blocks (the newline after a block or comment tag goes), lstrip_blocks (spaces
// and tabs before a block or comment tag at the start of a line go), `-` (all whitespace on that side goes)
// and `+` (keeps it), one trailing newline of the source dropped (keep_trailing_newline=False), \r\n read
// as \n. Comments vanish here and {% raw %} bodies become plain text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace hearth::jinja {

struct SourcePos {
  int line = 1;
  int column = 1;
};

struct Token {
  enum class Type { Text, PrintBegin, PrintEnd, BlockBegin, BlockEnd, Name, String, Integer, Float, Operator, End };
  Type type = Type::End;
  std::string text;  // Text and String: the decoded content; Name and Operator: as written
  int64_t integer = 0;
  double number = 0.0;
  SourcePos pos;
};

struct LexOptions {
  bool trim_blocks = true;
  bool lstrip_blocks = true;
};

Result<std::vector<Token>> tokenize(std::string_view source, const LexOptions& options = {});

std::string describe(const SourcePos& pos);  // "line 3, column 7"

}  // namespace hearth::jinja
