#include "chat/jinja_json.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "chat/jinja_unicode.h"

namespace hearth::jinja {

Value from_json(const nlohmann::ordered_json& j) {
  switch (j.type()) {
    case nlohmann::ordered_json::value_t::null: return Value::none();
    case nlohmann::ordered_json::value_t::boolean: return Value::boolean(j.get<bool>());
    case nlohmann::ordered_json::value_t::number_integer: return Value::integer(j.get<int64_t>());
    case nlohmann::ordered_json::value_t::number_unsigned: {
      const auto u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(INT64_MAX)) return Value::number(static_cast<double>(u));
      return Value::integer(static_cast<int64_t>(u));
    }
    case nlohmann::ordered_json::value_t::number_float: return Value::number(j.get<double>());
    case nlohmann::ordered_json::value_t::string: return Value::string(j.get<std::string>());
    case nlohmann::ordered_json::value_t::array: {
      ValueList items;
      items.reserve(j.size());
      for (const auto& item : j) items.push_back(from_json(item));
      return Value::list(std::move(items));
    }
    case nlohmann::ordered_json::value_t::object: {
      ValueDict dict;
      for (auto it = j.begin(); it != j.end(); ++it) dict.set(Value::string(it.key()), from_json(it.value()));
      return Value::dict(std::move(dict));
    }
    default: return Value::none();
  }
}

namespace {

void append_json_string(std::string& out, const std::string& s, bool ensure_ascii) {
  out.push_back('"');
  auto hex4 = [&out](unsigned v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\u%04x", v);
    out += buf;
  };
  for (char32_t cp : utf8_decode(s)) {
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (cp < 0x20) {
          hex4(static_cast<unsigned>(cp));
        } else if (ensure_ascii && cp > 0x7E) {
          if (cp >= 0x10000) {
            const char32_t v = cp - 0x10000;
            hex4(static_cast<unsigned>(0xD800 + (v >> 10)));
            hex4(static_cast<unsigned>(0xDC00 + (v & 0x3FF)));
          } else {
            hex4(static_cast<unsigned>(cp));
          }
        } else {
          utf8_append(out, cp);
        }
    }
  }
  out.push_back('"');
}

std::string float_json(double f) {
  if (f != f) return "NaN";
  if (f == HUGE_VAL) return "Infinity";
  if (f == -HUGE_VAL) return "-Infinity";
  return format_python_float(f);
}

class Dumper {
 public:
  explicit Dumper(const JsonDumpOptions& o) : o_(o) {
    item_sep_ = o.item_separator.value_or(o.indent ? "," : ", ");
    key_sep_ = o.key_separator.value_or(": ");
  }

  Status dump(const Value& v, int depth, std::string& out) {
    switch (v.kind()) {
      case Value::Kind::None: out += "null"; return Status::ok();
      case Value::Kind::Bool: out += v.as_bool() ? "true" : "false"; return Status::ok();
      case Value::Kind::Int: out += std::to_string(v.as_int()); return Status::ok();
      case Value::Kind::Float: out += float_json(v.as_double()); return Status::ok();
      case Value::Kind::String: append_json_string(out, v.as_string(), o_.ensure_ascii); return Status::ok();
      case Value::Kind::List: {
        const ValueList& items = v.as_list();
        if (items.empty()) {
          out += "[]";
          return Status::ok();
        }
        out.push_back('[');
        for (size_t i = 0; i < items.size(); ++i) {
          if (i > 0) out += item_sep_;
          newline(depth + 1, out);
          HEARTH_TRY(dump(items[i], depth + 1, out));
        }
        newline(depth, out);
        out.push_back(']');
        return Status::ok();
      }
      case Value::Kind::Dict: return dump_dict(v.as_dict(), depth, out);
      default:
        return Status::error(ErrorCode::InvalidArgument,
                             std::string("Object of type ") + v.type_name() + " is not JSON serializable");
    }
  }

 private:
  void newline(int depth, std::string& out) const {
    if (!o_.indent) return;
    out.push_back('\n');
    for (int i = 0; i < depth; ++i) out += *o_.indent;
  }

  Status dump_dict(const ValueDict& dict, int depth, std::string& out) {
    if (dict.size() == 0) {
      out += "{}";
      return Status::ok();
    }
    std::vector<std::pair<std::string, const Value*>> entries;
    for (const auto& [k, val] : dict.entries()) {
      std::string key;
      switch (k.kind()) {
        case Value::Kind::String: key = k.as_string(); break;
        case Value::Kind::Int: key = std::to_string(k.as_int()); break;
        case Value::Kind::Float: key = float_json(k.as_double()); break;
        case Value::Kind::Bool: key = k.as_bool() ? "true" : "false"; break;
        case Value::Kind::None: key = "null"; break;
        default:
          return Status::error(ErrorCode::InvalidArgument,
                               std::string("keys must be str, int, float, bool or None, not ") + k.type_name());
      }
      entries.emplace_back(std::move(key), &val);
    }
    if (o_.sort_keys)
      std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    out.push_back('{');
    for (size_t i = 0; i < entries.size(); ++i) {
      if (i > 0) out += item_sep_;
      newline(depth + 1, out);
      append_json_string(out, entries[i].first, o_.ensure_ascii);
      out += key_sep_;
      HEARTH_TRY(dump(*entries[i].second, depth + 1, out));
    }
    newline(depth, out);
    out.push_back('}');
    return Status::ok();
  }

  const JsonDumpOptions& o_;
  std::string item_sep_;
  std::string key_sep_;
};

}  // namespace

Result<std::string> python_json_dumps(const Value& v, const JsonDumpOptions& options) {
  std::string out;
  Dumper dumper(options);
  HEARTH_TRY(dumper.dump(v, 0, out));
  return out;
}

}  // namespace hearth::jinja
