// jinja2's built-in filters, as one table from name to function. Filters jinja2 returns as generators
// (map, select, reverse...) return lists here, which only differs if a template prints one unconverted.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string_view>
#include <utility>

#include "chat/jinja_builtins.h"
#include "chat/jinja_format.h"
#include "chat/jinja_json.h"
#include "chat/jinja_unicode.h"

namespace hearth::jinja {

namespace {

Status fail(const std::string& what) { return Status::error(ErrorCode::InvalidArgument, what); }

using FilterFn = Result<Value> (*)(const Value& input, CallArgs& args);

Result<Value> require_defined(const Value& v) {
  if (v.is_undefined()) return fail(undefined_message(v));
  return v;
}

Result<int64_t> length_of(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Undefined: return int64_t{0};
    case Value::Kind::String: return static_cast<int64_t>(utf8_length(v.as_string()));
    case Value::Kind::List: return static_cast<int64_t>(v.as_list().size());
    case Value::Kind::Dict: return static_cast<int64_t>(v.as_dict().size());
    default: return fail(std::string("object of type '") + v.type_name() + "' has no len()");
  }
}

// attribute="a.b.0" paths, as jinja2's make_attrgetter resolves them.
Value resolve_attribute(const Value& item, const Value& path) {
  if (!path.is_string()) return get_item(item, path);
  Value v = item;
  std::string_view rest = path.as_string();
  while (true) {
    const size_t dot = rest.find('.');
    const std::string part(rest.substr(0, dot));
    const bool numeric = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    v = numeric ? get_item(v, Value::integer(std::stoll(part))) : get_item(v, Value::string(part));
    if (dot == std::string_view::npos) return v;
    rest.remove_prefix(dot + 1);
  }
}

// Case-insensitive ordering key for sort, unique, dictsort, min and max.
Value fold_case(const Value& v, bool case_sensitive) {
  if (!case_sensitive && v.is_string()) return Value::string(ascii_lower(v.as_string()));
  return v;
}

Result<Value> f_length(const Value& in, CallArgs&) {
  auto n = length_of(in);
  if (!n) return n.status();
  return Value::integer(*n);
}

Result<Value> f_string(const Value& in, CallArgs&) { return Value::string(in.to_str(), in.is_safe()); }
Result<Value> f_safe(const Value& in, CallArgs&) { return Value::string(in.to_str(), true); }
Result<Value> f_escape(const Value& in, CallArgs&) {
  if (in.is_safe()) return in;
  return Value::string(html_escape(in.to_str()), true);
}
Result<Value> f_forceescape(const Value& in, CallArgs&) { return Value::string(html_escape(in.to_str()), true); }

Result<Value> f_upper(const Value& in, CallArgs&) { return Value::string(ascii_upper(in.to_str())); }
Result<Value> f_lower(const Value& in, CallArgs&) { return Value::string(ascii_lower(in.to_str())); }

Result<Value> f_capitalize(const Value& in, CallArgs&) {
  std::string s = ascii_lower(in.to_str());
  if (!s.empty()) s[0] = ascii_upper(s.substr(0, 1))[0];
  return Value::string(std::move(s));
}

// jinja2's title: a word starts after '-', whitespace or an opening bracket.
Result<Value> f_title(const Value& in, CallArgs&) {
  std::string s = in.to_str();
  bool word_start = true;
  for (char& c : s) {
    const bool boundary = c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == '{' ||
                          c == '[' || c == '<';
    if (boundary) {
      word_start = true;
      continue;
    }
    c = word_start ? ascii_upper(std::string(1, c))[0] : ascii_lower(std::string(1, c))[0];
    word_start = false;
  }
  return Value::string(std::move(s));
}

Result<Value> f_trim(const Value& in, CallArgs& args) {
  const Value chars = args.get(0, "chars", Value::none());
  const std::string set = chars.is_string() ? chars.as_string() : std::string();
  return Value::string(python_strip(in.to_str(), chars.is_string() ? &set : nullptr, true, true));
}

Result<Value> f_default(const Value& in, CallArgs& args) {
  const Value fallback = args.get(0, "default_value", Value::string(""));
  const bool boolean = args.get(1, "boolean", Value::boolean(false)).truthy();
  if (in.is_undefined() || (boolean && !in.truthy())) return fallback;
  return in;
}

Result<Value> f_list(const Value& in, CallArgs&) {
  auto items = iterate(in);
  if (!items) return items.status();
  return Value::list(std::move(*items));
}

Result<Value> f_first(const Value& in, CallArgs&) {
  auto items = iterate(in);
  if (!items) return items.status();
  if (items->empty()) return Value::undefined("No first item, sequence was empty.");
  return items->front();
}

Result<Value> f_last(const Value& in, CallArgs&) {
  auto items = iterate(in);
  if (!items) return items.status();
  if (items->empty()) return Value::undefined("No last item, sequence was empty.");
  return items->back();
}

Result<Value> f_join(const Value& in, CallArgs& args) {
  const std::string sep = args.get(0, "d", Value::string("")).to_str();
  const Value attribute = args.get(1, "attribute", Value());
  auto items = iterate(in);
  if (!items) return items.status();
  std::string out;
  for (size_t i = 0; i < items->size(); ++i) {
    if (i > 0) out += sep;
    out += attribute.is_undefined() ? (*items)[i].to_str() : resolve_attribute((*items)[i], attribute).to_str();
  }
  return Value::string(std::move(out));
}

Result<Value> f_items(const Value& in, CallArgs&) {
  if (in.is_undefined()) return Value::list({});
  if (!in.is_dict()) return fail("Can only get item pairs from a mapping.");
  ValueList out;
  for (const auto& [k, v] : in.as_dict().entries()) out.push_back(Value::list({k, v}, true));
  return Value::list(std::move(out));
}

Result<Value> f_dictsort(const Value& in, CallArgs& args) {
  if (!in.is_dict()) return fail("dictsort expects a mapping");
  const bool case_sensitive = args.get(0, "case_sensitive", Value::boolean(false)).truthy();
  const std::string by = args.get(1, "by", Value::string("key")).to_str();
  const bool reverse = args.get(2, "reverse", Value::boolean(false)).truthy();
  if (by != "key" && by != "value") return fail("You can only sort by either \"key\" or \"value\"");
  std::vector<std::pair<Value, Value>> entries = in.as_dict().entries();
  Status error;
  std::stable_sort(entries.begin(), entries.end(), [&](const auto& a, const auto& b) {
    const Value ka = fold_case(by == "key" ? a.first : a.second, case_sensitive);
    const Value kb = fold_case(by == "key" ? b.first : b.second, case_sensitive);
    auto less = reverse ? python_less(kb, ka) : python_less(ka, kb);
    if (!less) {
      error = less.status();
      return false;
    }
    return *less;
  });
  if (!error.is_ok()) return error;
  ValueList out;
  for (auto& [k, v] : entries) out.push_back(Value::list({k, v}, true));
  return Value::list(std::move(out));
}

Result<Value> f_sort(const Value& in, CallArgs& args) {
  const bool reverse = args.get(0, "reverse", Value::boolean(false)).truthy();
  const bool case_sensitive = args.get(1, "case_sensitive", Value::boolean(false)).truthy();
  const Value attribute = args.get(2, "attribute", Value());
  auto items = iterate(in);
  if (!items) return items.status();
  Status error;
  auto key = [&](const Value& v) {
    return fold_case(attribute.is_undefined() ? v : resolve_attribute(v, attribute), case_sensitive);
  };
  std::stable_sort(items->begin(), items->end(), [&](const Value& a, const Value& b) {
    auto less = reverse ? python_less(key(b), key(a)) : python_less(key(a), key(b));
    if (!less) {
      error = less.status();
      return false;
    }
    return *less;
  });
  if (!error.is_ok()) return error;
  return Value::list(std::move(*items));
}

Result<Value> f_unique(const Value& in, CallArgs& args) {
  const bool case_sensitive = args.get(0, "case_sensitive", Value::boolean(false)).truthy();
  const Value attribute = args.get(1, "attribute", Value());
  auto items = iterate(in);
  if (!items) return items.status();
  ValueList out, seen;
  for (const Value& v : *items) {
    const Value k = fold_case(attribute.is_undefined() ? v : resolve_attribute(v, attribute), case_sensitive);
    if (std::any_of(seen.begin(), seen.end(), [&](const Value& s) { return s.equals(k); })) continue;
    seen.push_back(k);
    out.push_back(v);
  }
  return Value::list(std::move(out));
}

Result<Value> min_max(const Value& in, CallArgs& args, bool want_max) {
  const bool case_sensitive = args.get(0, "case_sensitive", Value::boolean(false)).truthy();
  const Value attribute = args.get(1, "attribute", Value());
  auto items = iterate(in);
  if (!items) return items.status();
  if (items->empty()) return Value::undefined(std::string("No aggregated item, sequence was empty."));
  size_t best = 0;
  for (size_t i = 1; i < items->size(); ++i) {
    auto key = [&](size_t j) {
      return fold_case(attribute.is_undefined() ? (*items)[j] : resolve_attribute((*items)[j], attribute), case_sensitive);
    };
    auto less = want_max ? python_less(key(best), key(i)) : python_less(key(i), key(best));
    if (!less) return less.status();
    if (*less) best = i;
  }
  return (*items)[best];
}
Result<Value> f_max(const Value& in, CallArgs& args) { return min_max(in, args, true); }
Result<Value> f_min(const Value& in, CallArgs& args) { return min_max(in, args, false); }

Result<Value> f_sum(const Value& in, CallArgs& args) {
  const Value attribute = args.get(0, "attribute", Value());
  Value total = args.get(1, "start", Value::integer(0));
  auto items = iterate(in);
  if (!items) return items.status();
  for (const Value& item : *items) {
    const Value v = attribute.is_undefined() ? item : resolve_attribute(item, attribute);
    if (!v.is_number() || !total.is_number()) return fail(std::string("unsupported operand type(s) for +: '") + total.type_name() + "' and '" + v.type_name() + "'");
    total = (v.is_float() || total.is_float()) ? Value::number(total.as_double() + v.as_double())
                                               : Value::integer(total.as_int() + v.as_int());
  }
  return total;
}

Result<Value> f_reverse(const Value& in, CallArgs&) {
  if (in.is_string()) {
    std::vector<char32_t> cps = utf8_decode(in.as_string());
    std::reverse(cps.begin(), cps.end());
    return Value::string(utf8_encode(cps, 0, cps.size()));
  }
  auto items = iterate(in);
  if (!items) return items.status();
  std::reverse(items->begin(), items->end());
  return Value::list(std::move(*items));
}

Result<Value> f_replace(const Value& in, CallArgs& args) {
  CallArgs method_args;
  method_args.positional = {args.get(0, "old"), args.get(1, "new"), args.get(2, "count", Value::integer(-1))};
  if (!method_args.positional[0].is_string() || !method_args.positional[1].is_string())
    return fail("replace() arguments must be str");
  if (method_args.positional[2].is_none()) method_args.positional[2] = Value::integer(-1);
  const Value method = get_attribute(Value::string(in.to_str()), "replace");
  return method.as_callable().call(method_args);
}

// Python's str.splitlines() boundaries.
std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  const std::vector<char32_t> cps = utf8_decode(s);
  size_t start = 0;
  for (size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = cps[i];
    const bool boundary = c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D ||
                          c == 0x1E || c == 0x85 || c == 0x2028 || c == 0x2029;
    if (!boundary) continue;
    lines.push_back(utf8_encode(cps, start, i));
    if (c == '\r' && i + 1 < cps.size() && cps[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < cps.size()) lines.push_back(utf8_encode(cps, start, cps.size()));
  return lines;
}

Result<Value> f_indent(const Value& in, CallArgs& args) {
  const Value width = args.get(0, "width", Value::integer(4));
  const bool first = args.get(1, "first", Value::boolean(false)).truthy();
  const bool blank = args.get(2, "blank", Value::boolean(false)).truthy();
  const std::string pad = width.is_string() ? width.as_string() : std::string(static_cast<size_t>(std::max<int64_t>(0, width.as_int())), ' ');
  const std::vector<std::string> lines = split_lines(in.to_str() + "\n");
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "\n";
    if (i > 0 && (blank || !lines[i].empty())) out += pad;
    out += lines[i];
  }
  if (first) out = pad + out;
  return Value::string(std::move(out));
}

Result<Value> f_int(const Value& in, CallArgs& args) {
  const Value fallback = args.get(0, "default", Value::integer(0));
  const int base = static_cast<int>(args.get(1, "base", Value::integer(10)).as_int());
  if (in.is_int() || in.is_bool()) return Value::integer(in.as_int());
  if (in.is_float()) return std::isfinite(in.as_double()) ? Value::integer(static_cast<int64_t>(in.as_double())) : fallback;
  if (!in.is_string()) return fallback;
  std::string s = python_strip(in.as_string(), nullptr, true, true);
  std::string digits;
  for (char c : s)
    if (c != '_') digits.push_back(c);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(digits.c_str(), &end, base);
  if (!digits.empty() && end == digits.c_str() + digits.size() && errno == 0) return Value::integer(v);
  end = nullptr;
  const double d = std::strtod(digits.c_str(), &end);  // int(float(value)), as jinja2 falls back to
  if (!digits.empty() && end == digits.c_str() + digits.size() && std::isfinite(d)) return Value::integer(static_cast<int64_t>(d));
  return fallback;
}

Result<Value> f_float(const Value& in, CallArgs& args) {
  const Value fallback = args.get(0, "default", Value::number(0.0));
  if (in.is_number()) return Value::number(in.as_double());
  if (!in.is_string()) return fallback;
  const std::string s = python_strip(in.as_string(), nullptr, true, true);
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (!s.empty() && end == s.c_str() + s.size()) return Value::number(d);
  return fallback;
}

Result<Value> f_abs(const Value& in, CallArgs&) {
  if (in.is_float()) return Value::number(std::fabs(in.as_double()));
  if (in.is_number()) return Value::integer(in.as_int() < 0 ? -in.as_int() : in.as_int());
  return fail(std::string("bad operand type for abs(): '") + in.type_name() + "'");
}

// Python's round(x, n) rounds the exact binary value half to even; printf does the same exact rounding.
Result<Value> f_round(const Value& in, CallArgs& args) {
  const int64_t precision = args.get(0, "precision", Value::integer(0)).as_int();
  const std::string method = args.get(1, "method", Value::string("common")).to_str();
  if (!in.is_number()) return fail(std::string("type ") + in.type_name() + " doesn't define __round__ method");
  const double x = in.as_double();
  const double scale = std::pow(10.0, static_cast<double>(precision));
  if (method == "ceil") return Value::number(std::ceil(x * scale) / scale);
  if (method == "floor") return Value::number(std::floor(x * scale) / scale);
  if (method != "common") return fail("method must be 'common', 'ceil' or 'floor'");
  if (precision <= 0) return Value::number(std::nearbyint(x / std::pow(10.0, static_cast<double>(-precision))) * std::pow(10.0, static_cast<double>(-precision)));
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(std::min<int64_t>(precision, 300)), x);
  return Value::number(std::strtod(buf, nullptr));
}

Result<Value> f_tojson(const Value& in, CallArgs& args) {
  JsonDumpOptions o;
  o.ensure_ascii = args.get(0, "ensure_ascii", Value::boolean(false)).truthy();
  const Value indent = args.get(1, "indent", Value::none());
  if (indent.is_int()) o.indent = std::string(static_cast<size_t>(std::max<int64_t>(0, indent.as_int())), ' ');
  else if (indent.is_string()) o.indent = indent.as_string();
  const Value separators = args.get(2, "separators", Value::none());
  if (separators.is_list() && separators.as_list().size() == 2) {
    o.item_separator = separators.as_list()[0].to_str();
    o.key_separator = separators.as_list()[1].to_str();
  }
  o.sort_keys = args.get(3, "sort_keys", Value::boolean(false)).truthy();
  auto text = python_json_dumps(in, o);
  if (!text) return text.status();
  return Value::string(std::move(*text));
}

// attr() is getattr only: on a dict it finds methods, never keys (unlike `.name`, which falls back to them).
Result<Value> f_attr(const Value& in, CallArgs& args) {
  const std::string name = args.get(0, "name").to_str();
  if (in.is_dict() && in.as_dict().find(name) != nullptr) {
    const Value without_keys = Value::dict({});
    const Value method = get_attribute(without_keys, name);
    return method.is_callable() ? get_attribute(in, name) : method;
  }
  return get_attribute(in, name);
}

Result<Value> f_map(const Value& in, CallArgs& args) {
  auto items = iterate(in);
  if (!items) return items.status();
  ValueList out;
  if (Value* attribute = args.keyword_arg("attribute")) {
    const Value fallback = args.get(99, "default", Value());
    for (const Value& item : *items) {
      Value v = resolve_attribute(item, *attribute);
      out.push_back(v.is_undefined() && !fallback.is_undefined() ? fallback : v);
    }
    return Value::list(std::move(out));
  }
  if (args.positional.empty()) return fail("map requires a filter argument");
  const std::string name = args.positional[0].to_str();
  CallArgs rest;
  rest.positional.assign(args.positional.begin() + 1, args.positional.end());
  rest.keyword = args.keyword;
  for (const Value& item : *items) {
    CallArgs each = rest;
    auto v = apply_filter(name, item, each);
    if (!v) return v.status();
    out.push_back(std::move(*v));
  }
  return Value::list(std::move(out));
}

// select/reject(test, args...) and selectattr/rejectattr(attribute, test, args...).
Result<Value> select_impl(const Value& in, CallArgs& args, bool by_attribute, bool keep) {
  auto items = iterate(in);
  if (!items) return items.status();
  size_t next = 0;
  Value attribute;
  if (by_attribute) {
    if (args.positional.empty()) return fail("Missing parameter for attribute name");
    attribute = args.positional[next++];
  }
  std::string test;
  if (next < args.positional.size()) test = args.positional[next++].to_str();
  CallArgs rest;
  rest.positional.assign(args.positional.begin() + static_cast<std::ptrdiff_t>(std::min(next, args.positional.size())), args.positional.end());
  rest.keyword = args.keyword;
  ValueList out;
  for (const Value& item : *items) {
    const Value v = by_attribute ? resolve_attribute(item, attribute) : item;
    bool pass = v.truthy();
    if (!test.empty()) {
      CallArgs each = rest;
      auto r = apply_test(test, v, each);
      if (!r) return r.status();
      pass = *r;
    }
    if (pass == keep) out.push_back(item);
  }
  return Value::list(std::move(out));
}
Result<Value> f_select(const Value& in, CallArgs& args) { return select_impl(in, args, false, true); }
Result<Value> f_reject(const Value& in, CallArgs& args) { return select_impl(in, args, false, false); }
Result<Value> f_selectattr(const Value& in, CallArgs& args) { return select_impl(in, args, true, true); }
Result<Value> f_rejectattr(const Value& in, CallArgs& args) { return select_impl(in, args, true, false); }

// jinja2's format filter: value % args (or % kwargs).
Result<Value> f_format(const Value& in, CallArgs& args) {
  Value operands;
  if (!args.keyword.empty()) {
    ValueDict named;
    for (const auto& [k, v] : args.keyword) named.set(Value::string(k), v);
    operands = Value::dict(std::move(named));
  } else {
    operands = Value::list(args.positional, true);
  }
  auto text = python_percent_format(in.to_str(), operands);
  if (!text) return text.status();
  return Value::string(std::move(*text));
}

Result<Value> f_wordcount(const Value& in, CallArgs&) {
  return Value::integer(static_cast<int64_t>(python_split_whitespace(in.to_str(), -1).size()));
}

Result<Value> f_center(const Value& in, CallArgs& args) {
  const std::string s = in.to_str();
  const int64_t width = args.get(0, "width", Value::integer(80)).as_int();
  const auto len = static_cast<int64_t>(utf8_length(s));
  if (width <= len) return Value::string(s);
  const int64_t pad = width - len;
  const int64_t left = pad / 2 + (pad & width & 1);  // Python's str.center puts the odd space by this rule
  return Value::string(std::string(static_cast<size_t>(left), ' ') + s + std::string(static_cast<size_t>(pad - left), ' '));
}

Result<Value> f_batch(const Value& in, CallArgs& args) {
  const int64_t size = args.get(0, "linecount").as_int();
  const Value fill = args.get(1, "fill_with", Value::none());
  if (size <= 0) return fail("batch size must be positive");
  auto items = iterate(in);
  if (!items) return items.status();
  ValueList out, row;
  for (const Value& v : *items) {
    row.push_back(v);
    if (static_cast<int64_t>(row.size()) == size) {
      out.push_back(Value::list(std::move(row)));
      row.clear();
    }
  }
  if (!row.empty()) {
    if (!fill.is_none())
      while (static_cast<int64_t>(row.size()) < size) row.push_back(fill);
    out.push_back(Value::list(std::move(row)));
  }
  return Value::list(std::move(out));
}

struct FilterEntry {
  std::string_view name;
  FilterFn fn;
};

constexpr FilterEntry kFilters[] = {
    {"abs", f_abs},           {"attr", f_attr},           {"batch", f_batch},
    {"capitalize", f_capitalize}, {"center", f_center},   {"count", f_length},
    {"d", f_default},         {"default", f_default},     {"dictsort", f_dictsort},
    {"e", f_escape},          {"escape", f_escape},       {"first", f_first},
    {"float", f_float},       {"forceescape", f_forceescape}, {"format", f_format},
    {"indent", f_indent},
    {"int", f_int},           {"items", f_items},         {"join", f_join},
    {"last", f_last},         {"length", f_length},       {"list", f_list},
    {"lower", f_lower},       {"map", f_map},             {"max", f_max},
    {"min", f_min},           {"reject", f_reject},       {"rejectattr", f_rejectattr},
    {"replace", f_replace},   {"reverse", f_reverse},     {"round", f_round},
    {"safe", f_safe},         {"select", f_select},       {"selectattr", f_selectattr},
    {"sort", f_sort},         {"string", f_string},       {"sum", f_sum},
    {"title", f_title},       {"tojson", f_tojson},       {"trim", f_trim},
    {"unique", f_unique},     {"upper", f_upper},         {"wordcount", f_wordcount},
};

const FilterEntry* find_filter(std::string_view name) {
  for (const FilterEntry& f : kFilters)
    if (f.name == name) return &f;
  return nullptr;
}

// Filters that accept an undefined input the way jinja2's do (the rest fail on it).
bool accepts_undefined(std::string_view name) {
  return name == "default" || name == "d" || name == "length" || name == "count" || name == "list" ||
         name == "items" || name == "string" || name == "safe" || name == "first" || name == "last" ||
         name == "join" || name == "trim" || name == "upper" || name == "lower" || name == "escape" ||
         name == "e" || name == "int" || name == "float" || name == "capitalize" || name == "title" ||
         name == "indent" || name == "wordcount" || name == "select" || name == "reject" ||
         name == "selectattr" || name == "rejectattr" || name == "map" || name == "unique" || name == "sort" ||
         name == "reverse" || name == "replace" || name == "center";
}

}  // namespace

bool has_filter(std::string_view name) { return find_filter(name) != nullptr; }

Result<Value> apply_filter(std::string_view name, const Value& input, CallArgs& args) {
  const FilterEntry* f = find_filter(name);
  if (f == nullptr) return fail("no filter named '" + std::string(name) + "'");
  if (input.is_undefined() && !accepts_undefined(name)) return require_defined(input);
  return f->fn(input, args);
}

}  // namespace hearth::jinja
