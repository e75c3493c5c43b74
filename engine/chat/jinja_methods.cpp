// Attribute and item lookup, slicing, iteration, ordering, and the str/dict/list methods templates call.
#include <algorithm>
#include <array>

#include "chat/jinja_builtins.h"
#include "chat/jinja_unicode.h"

namespace hearth::jinja {

namespace {

Status type_error(const std::string& what) { return Status::error(ErrorCode::InvalidArgument, what); }

Result<std::string> string_arg(CallArgs& args, size_t index, std::string_view name, const char* method) {
  Value v = args.get(index, name);
  if (!v.is_string()) return type_error(std::string(method) + "() argument must be str, not " + v.type_name());
  return v.as_string();
}

// Python str.split(sep, maxsplit).
Result<Value> str_split(const std::string& s, CallArgs& args, bool from_right) {
  Value sep = args.get(0, "sep", Value::none());
  const Value max = args.get(1, "maxsplit", Value::integer(-1));
  const int64_t maxsplit = max.is_number() ? max.as_int() : -1;
  ValueList out;
  if (sep.is_none() || sep.is_undefined()) {
    std::vector<std::string> parts;
    if (!from_right || maxsplit < 0) {
      parts = python_split_whitespace(s, maxsplit);
    } else {  // rsplit with a limit: split the reversed code points, then reverse back
      std::vector<char32_t> cps = utf8_decode(s);
      std::reverse(cps.begin(), cps.end());
      for (std::string& part : python_split_whitespace(utf8_encode(cps, 0, cps.size()), maxsplit)) {
        std::vector<char32_t> p = utf8_decode(part);
        std::reverse(p.begin(), p.end());
        parts.insert(parts.begin(), utf8_encode(p, 0, p.size()));
      }
    }
    for (auto& p : parts) out.push_back(Value::string(std::move(p)));
    return Value::list(std::move(out));
  }
  if (!sep.is_string()) return type_error(std::string("must be str or None, not ") + sep.type_name());
  const std::string& d = sep.as_string();
  if (d.empty()) return type_error("empty separator");
  std::vector<std::string> parts;
  if (!from_right) {
    size_t start = 0;
    while (maxsplit < 0 || static_cast<int64_t>(parts.size()) < maxsplit) {
      const size_t at = s.find(d, start);
      if (at == std::string::npos) break;
      parts.push_back(s.substr(start, at - start));
      start = at + d.size();
    }
    parts.push_back(s.substr(start));
  } else {
    size_t end = s.size();
    int64_t splits = 0;
    while (maxsplit < 0 || splits < maxsplit) {
      if (end < d.size()) break;
      const size_t at = s.rfind(d, end - d.size());
      if (at == std::string::npos) break;
      parts.insert(parts.begin(), s.substr(at + d.size(), end - at - d.size()));
      end = at;
      ++splits;
    }
    parts.insert(parts.begin(), s.substr(0, end));
  }
  for (auto& p : parts) out.push_back(Value::string(std::move(p)));
  return Value::list(std::move(out));
}

// startswith/endswith accept a string or a tuple of strings.
Result<Value> str_affix(const std::string& s, CallArgs& args, bool prefix) {
  const Value arg = args.get(0, prefix ? "prefix" : "suffix");
  ValueList options;
  if (arg.is_string()) options.push_back(arg);
  else if (arg.is_list()) options = arg.as_list();
  else return type_error(std::string(prefix ? "startswith" : "endswith") + " first arg must be str or a tuple of str");
  for (const Value& o : options) {
    if (!o.is_string()) return type_error("tuple for startswith/endswith must only contain str");
    const std::string& a = o.as_string();
    if (a.size() > s.size()) continue;
    if (prefix ? s.compare(0, a.size(), a) == 0 : s.compare(s.size() - a.size(), a.size(), a) == 0)
      return Value::boolean(true);
  }
  return Value::boolean(false);
}

Result<Value> str_replace(const std::string& s, const std::string& from, const std::string& to, int64_t count) {
  std::string out;
  if (from.empty()) {  // Python inserts `to` between every character
    const std::vector<char32_t> cps = utf8_decode(s);
    int64_t done = 0;
    for (size_t i = 0; i <= cps.size(); ++i) {
      if (count < 0 || done < count) {
        out += to;
        ++done;
      }
      if (i < cps.size()) utf8_append(out, cps[i]);
    }
    return Value::string(std::move(out));
  }
  size_t start = 0;
  int64_t done = 0;
  while (count < 0 || done < count) {
    const size_t at = s.find(from, start);
    if (at == std::string::npos) break;
    out.append(s, start, at - start);
    out += to;
    start = at + from.size();
    ++done;
  }
  out.append(s, start, std::string::npos);
  return Value::string(std::move(out));
}

std::string python_title(const std::string& s) {
  std::string out;
  bool previous_cased = false;
  for (char c : s) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (letter) out += previous_cased ? ascii_lower(std::string(1, c)) : ascii_upper(std::string(1, c));
    else out.push_back(c);
    previous_cased = letter || (static_cast<unsigned char>(c) >= 0x80 && previous_cased);
  }
  return out;
}

Result<Value> call_string_method(const std::string& s, std::string_view name, CallArgs& args) {
  if (name == "strip" || name == "lstrip" || name == "rstrip") {
    const Value chars = args.get(0, "chars", Value::none());
    std::string set;
    if (chars.is_string()) set = chars.as_string();
    return Value::string(python_strip(s, chars.is_string() ? &set : nullptr, name != "rstrip", name != "lstrip"));
  }
  if (name == "split") return str_split(s, args, false);
  if (name == "rsplit") return str_split(s, args, true);
  if (name == "startswith") return str_affix(s, args, true);
  if (name == "endswith") return str_affix(s, args, false);
  if (name == "upper") return Value::string(ascii_upper(s));
  if (name == "lower") return Value::string(ascii_lower(s));
  if (name == "title") return Value::string(python_title(s));
  if (name == "capitalize") {
    std::string out = ascii_lower(s);
    if (!out.empty()) out[0] = ascii_upper(out.substr(0, 1))[0];
    return Value::string(std::move(out));
  }
  if (name == "replace") {
    auto from = string_arg(args, 0, "old", "replace");
    if (!from) return from.status();
    auto to = string_arg(args, 1, "new", "replace");
    if (!to) return to.status();
    const Value count = args.get(2, "count", Value::integer(-1));
    return str_replace(s, *from, *to, count.is_number() ? count.as_int() : -1);
  }
  if (name == "find" || name == "rfind" || name == "index" || name == "count") {
    auto needle = string_arg(args, 0, "sub", std::string(name).c_str());
    if (!needle) return needle.status();
    if (name == "count") {
      if (needle->empty()) return Value::integer(static_cast<int64_t>(utf8_length(s)) + 1);
      int64_t n = 0;
      for (size_t at = s.find(*needle); at != std::string::npos; at = s.find(*needle, at + needle->size())) ++n;
      return Value::integer(n);
    }
    const size_t at = name == "rfind" ? s.rfind(*needle) : s.find(*needle);
    if (at == std::string::npos) {
      if (name == "index") return type_error("substring not found");
      return Value::integer(-1);
    }
    return Value::integer(static_cast<int64_t>(utf8_length(std::string_view(s).substr(0, at))));
  }
  if (name == "join") {
    auto items = iterate(args.get(0, "iterable"));
    if (!items) return items.status();
    std::string out;
    for (size_t i = 0; i < items->size(); ++i) {
      if (!(*items)[i].is_string()) return type_error("sequence item " + std::to_string(i) + ": expected str instance");
      if (i > 0) out += s;
      out += (*items)[i].as_string();
    }
    return Value::string(std::move(out));
  }
  if (name == "isdigit" || name == "isalpha" || name == "isspace" || name == "isupper" || name == "islower" ||
      name == "isalnum") {
    if (s.empty()) return Value::boolean(false);
    bool all = true, any_cased = false;
    for (char32_t cp : utf8_decode(s)) {
      const bool digit = cp >= '0' && cp <= '9';
      const bool upper = cp >= 'A' && cp <= 'Z', lower = cp >= 'a' && cp <= 'z';
      any_cased = any_cased || upper || lower;
      if (name == "isdigit") all = all && digit;
      else if (name == "isalpha") all = all && (upper || lower);
      else if (name == "isalnum") all = all && (upper || lower || digit);
      else if (name == "isspace") all = all && is_python_space(cp);
      else if (name == "isupper") all = all && !lower;
      else all = all && !upper;
    }
    if (name == "isupper" || name == "islower") all = all && any_cased;
    return Value::boolean(all);
  }
  return type_error("'str' object has no attribute '" + std::string(name) + "'");
}

Result<Value> call_dict_method(const Value& d, std::string_view name, CallArgs& args) {
  const ValueDict& dict = d.as_dict();
  if (name == "items" || name == "keys" || name == "values") {
    ValueList out;
    for (const auto& [k, v] : dict.entries()) {
      if (name == "items") out.push_back(Value::list({k, v}, true));
      else out.push_back(name == "keys" ? k : v);
    }
    return Value::list(std::move(out));
  }
  if (name == "get") {
    const Value* found = dict.find(args.get(0, "key"));
    return found != nullptr ? *found : args.get(1, "default", Value::none());
  }
  if (name == "copy") return d;
  return type_error("dict method '" + std::string(name) + "' is not allowed in a chat template (unsafe or unsupported)");
}

Result<Value> call_list_method(const Value& l, std::string_view name, CallArgs& args) {
  const ValueList& list = l.as_list();
  if (name == "count" || name == "index") {
    const Value needle = args.get(0, "value");
    int64_t n = 0;
    for (size_t i = 0; i < list.size(); ++i) {
      if (!list[i].equals(needle)) continue;
      if (name == "index") return Value::integer(static_cast<int64_t>(i));
      ++n;
    }
    if (name == "index") return type_error(needle.repr() + " is not in list");
    return Value::integer(n);
  }
  if (name == "copy") return l;
  return type_error("list method '" + std::string(name) + "' is not allowed in a chat template (unsafe or unsupported)");
}

constexpr std::array<std::string_view, 23> kStringMethods = {
    "strip", "lstrip", "rstrip", "split", "rsplit", "startswith", "endswith", "upper", "lower", "title",
    "capitalize", "replace", "find", "rfind", "index", "count", "join", "isdigit", "isalpha", "isspace",
    "isupper", "islower", "isalnum"};
// Every dict method exists as an attribute (so `d.update` is the method, not a key), even those the sandbox
// refuses to call.
constexpr std::array<std::string_view, 11> kDictMethods = {"items", "keys", "values", "get", "copy", "pop",
                                                           "popitem", "setdefault", "update", "clear", "fromkeys"};
constexpr std::array<std::string_view, 11> kListMethods = {"count", "index", "copy", "append", "extend", "insert",
                                                           "pop", "remove", "reverse", "sort", "clear"};

template <size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Value bind_method(const Value& object, std::string_view name) {
  const std::string method(name);
  return Value::callable(method, [object, method](CallArgs& args) -> Result<Value> {
    if (object.is_string()) return call_string_method(object.as_string(), method, args);
    if (object.is_dict()) return call_dict_method(object, method, args);
    return call_list_method(object, method, args);
  });
}

Value missing_attribute(const Value& object, std::string_view name) {
  return Value::undefined("'" + std::string(object.type_name()) + " object' has no attribute '" + std::string(name) + "'");
}

}  // namespace

std::string undefined_message(const Value& v) {
  return v.undefined_hint().empty() ? "value is undefined" : v.undefined_hint();
}

Value get_attribute(const Value& object, std::string_view name) {
  switch (object.kind()) {
    case Value::Kind::Dict: {
      if (contains(kDictMethods, name)) return bind_method(object, name);
      if (const Value* v = object.as_dict().find(name)) return *v;
      break;
    }
    case Value::Kind::String:
      if (contains(kStringMethods, name)) return bind_method(object, name);
      break;
    case Value::Kind::List:
      if (contains(kListMethods, name)) return bind_method(object, name);
      break;
    case Value::Kind::Namespace:
      if (const Value* v = object.as_namespace().attrs.find(name)) return *v;
      break;
    default:
      break;
  }
  return missing_attribute(object, name);
}

namespace {

bool normalize_index(int64_t& i, size_t size) {
  if (i < 0) i += static_cast<int64_t>(size);
  return i >= 0 && i < static_cast<int64_t>(size);
}

}  // namespace

Value get_item(const Value& object, const Value& key) {
  if (object.is_dict()) {
    if (const Value* v = object.as_dict().find(key)) return *v;
  } else if (object.is_namespace()) {
    if (const Value* v = object.as_namespace().attrs.find(key)) return *v;
  } else if ((object.is_list() || object.is_string()) && (key.is_int() || key.is_bool())) {
    int64_t i = key.as_int();
    if (object.is_list()) {
      if (normalize_index(i, object.as_list().size())) return object.as_list()[static_cast<size_t>(i)];
    } else {
      const std::vector<char32_t> cps = utf8_decode(object.as_string());
      if (normalize_index(i, cps.size())) return Value::string(utf8_encode(cps, static_cast<size_t>(i), static_cast<size_t>(i) + 1));
    }
    return Value::undefined("'" + std::string(object.type_name()) + " object' has no element " + std::to_string(key.as_int()));
  }
  if (key.is_string()) return get_attribute(object, key.as_string());
  return Value::undefined("'" + std::string(object.type_name()) + " object' has no element " + key.repr());
}

Result<Value> get_slice(const Value& object, const Value& start_v, const Value& stop_v, const Value& step_v) {
  auto as_opt = [](const Value& v, const char* what) -> Result<std::optional<int64_t>> {
    if (v.is_undefined() || v.is_none()) return std::optional<int64_t>();
    if (v.is_int() || v.is_bool()) return std::optional<int64_t>(v.as_int());
    return type_error(std::string("slice ") + what + " must be an integer or None, not " + v.type_name());
  };
  auto start = as_opt(start_v, "start");
  if (!start) return start.status();
  auto stop = as_opt(stop_v, "stop");
  if (!stop) return stop.status();
  auto step_opt = as_opt(step_v, "step");
  if (!step_opt) return step_opt.status();
  const int64_t step = step_opt->value_or(1);
  if (step == 0) return type_error("slice step cannot be zero");

  std::vector<char32_t> cps;
  size_t size = 0;
  if (object.is_list()) size = object.as_list().size();
  else if (object.is_string()) size = (cps = utf8_decode(object.as_string())).size();
  else return type_error(std::string("'") + object.type_name() + "' object is not subscriptable");

  // Python's slice.indices().
  const auto n = static_cast<int64_t>(size);
  auto clamp = [&](std::optional<int64_t> v, int64_t dflt) {
    if (!v) return dflt;
    int64_t x = *v;
    if (x < 0) x += n;
    if (step > 0) return std::clamp<int64_t>(x, 0, n);
    return std::clamp<int64_t>(x, -1, n - 1);
  };
  const int64_t b = clamp(*start, step > 0 ? 0 : n - 1);
  const int64_t e = clamp(*stop, step > 0 ? n : -1);
  std::vector<size_t> picks;
  for (int64_t i = b; step > 0 ? i < e : i > e; i += step) picks.push_back(static_cast<size_t>(i));
  if (object.is_list()) {
    ValueList out;
    for (size_t i : picks) out.push_back(object.as_list()[i]);
    return Value::list(std::move(out), object.is_tuple());
  }
  std::string out;
  for (size_t i : picks) utf8_append(out, cps[i]);
  return Value::string(std::move(out));
}

Result<ValueList> iterate(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Undefined: return ValueList{};
    case Value::Kind::List: return value.as_list();
    case Value::Kind::Dict: {
      ValueList keys;
      for (const auto& entry : value.as_dict().entries()) keys.push_back(entry.first);
      return keys;
    }
    case Value::Kind::String: {
      ValueList chars;
      std::string one;
      for (char32_t cp : utf8_decode(value.as_string())) {
        one.clear();
        utf8_append(one, cp);
        chars.push_back(Value::string(one));
      }
      return chars;
    }
    default:
      return type_error(std::string("'") + value.type_name() + "' object is not iterable");
  }
}

Result<bool> python_less(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_float() || b.is_float()) return a.as_double() < b.as_double();
    return a.as_int() < b.as_int();
  }
  if (a.is_string() && b.is_string()) return a.as_string() < b.as_string();  // UTF-8 byte order is code point order
  if (a.is_list() && b.is_list()) {
    const ValueList& x = a.as_list();
    const ValueList& y = b.as_list();
    for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
      if (x[i].equals(y[i])) continue;
      return python_less(x[i], y[i]);
    }
    return x.size() < y.size();
  }
  return type_error(std::string("'<' not supported between instances of '") + a.type_name() + "' and '" +
                    b.type_name() + "'");
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace hearth::jinja
