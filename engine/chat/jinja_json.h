// Between nlohmann::ordered_json (the messages and tools handed to a template) and template values, and the
// `tojson` filter as Hugging Face defines it: json.dumps(x, ensure_ascii=False, indent=None,
// separators=None, sort_keys=False), i.e. ", " and ": " separators, non-ASCII kept, no HTML escaping
// (HF replaces jinja2's own htmlsafe tojson with this).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "chat/jinja_value.h"
#include "core/status.h"

namespace hearth::jinja {

Value from_json(const nlohmann::ordered_json& j);

struct JsonDumpOptions {
  bool ensure_ascii = false;
  std::optional<std::string> indent;  // spaces (or the string) per level; unset: one line
  std::optional<std::string> item_separator;
  std::optional<std::string> key_separator;
  bool sort_keys = false;
};

// Fails on values JSON has no form for (undefined, callables), with Python's message.
Result<std::string> python_json_dumps(const Value& v, const JsonDumpOptions& options);

}  // namespace hearth::jinja
