// jinja2's built-in tests (`x is mapping`), as one table. Type tests follow Python's abstract base classes:
// a dict and a string are sequences, a bool is a number, undefined is iterable (and empty).
#include <cmath>
#include <string_view>

#include "chat/jinja_builtins.h"
#include "chat/jinja_unicode.h"

namespace hearth::jinja {

namespace {

using TestFn = Result<bool> (*)(const Value& v, CallArgs& args);

Status fail(const std::string& what) { return Status::error(ErrorCode::InvalidArgument, what); }

Result<bool> t_defined(const Value& v, CallArgs&) { return !v.is_undefined(); }
Result<bool> t_undefined(const Value& v, CallArgs&) { return v.is_undefined(); }
Result<bool> t_none(const Value& v, CallArgs&) { return v.is_none(); }
Result<bool> t_boolean(const Value& v, CallArgs&) { return v.is_bool(); }
Result<bool> t_true(const Value& v, CallArgs&) { return v.is_bool() && v.as_bool(); }
Result<bool> t_false(const Value& v, CallArgs&) { return v.is_bool() && !v.as_bool(); }
Result<bool> t_integer(const Value& v, CallArgs&) { return v.is_int(); }
Result<bool> t_float(const Value& v, CallArgs&) { return v.is_float(); }
Result<bool> t_number(const Value& v, CallArgs&) { return v.is_number(); }
Result<bool> t_string(const Value& v, CallArgs&) { return v.is_string(); }
Result<bool> t_mapping(const Value& v, CallArgs&) { return v.is_dict(); }
Result<bool> t_sequence(const Value& v, CallArgs&) {
  return v.is_list() || v.is_string() || v.is_dict() || v.is_undefined();
}
Result<bool> t_iterable(const Value& v, CallArgs&) {
  return v.is_list() || v.is_string() || v.is_dict() || v.is_undefined();
}
Result<bool> t_callable(const Value& v, CallArgs&) { return v.is_callable(); }
Result<bool> t_escaped(const Value& v, CallArgs&) { return v.is_safe(); }

Result<int64_t> integer_of(const Value& v) {
  if (v.is_undefined()) return fail(undefined_message(v));
  if (v.is_int() || v.is_bool()) return v.as_int();
  return fail(std::string("not all arguments converted during string formatting: ") + v.type_name());
}

Result<bool> t_odd(const Value& v, CallArgs&) {
  if (v.is_float()) return std::fmod(std::fabs(v.as_double()), 2.0) == 1.0;
  auto i = integer_of(v);
  if (!i) return i.status();
  return (*i % 2) != 0;
}
Result<bool> t_even(const Value& v, CallArgs&) {
  if (v.is_float()) return std::fmod(v.as_double(), 2.0) == 0.0;
  auto i = integer_of(v);
  if (!i) return i.status();
  return (*i % 2) == 0;
}
Result<bool> t_divisibleby(const Value& v, CallArgs& args) {
  const Value n = args.get(0, "num");
  if (!n.is_number() || !v.is_number()) return fail("divisibleby needs numbers");
  if (n.is_float() || v.is_float()) return std::fmod(v.as_double(), n.as_double()) == 0.0;
  if (n.as_int() == 0) return fail("integer division or modulo by zero");
  return v.as_int() % n.as_int() == 0;
}

Result<bool> t_eq(const Value& v, CallArgs& args) { return v.equals(args.get(0, "other")); }
Result<bool> t_ne(const Value& v, CallArgs& args) { return !v.equals(args.get(0, "other")); }
Result<bool> t_lt(const Value& v, CallArgs& args) { return python_less(v, args.get(0, "other")); }
Result<bool> t_gt(const Value& v, CallArgs& args) { return python_less(args.get(0, "other"), v); }
Result<bool> t_le(const Value& v, CallArgs& args) {
  auto r = python_less(args.get(0, "other"), v);
  if (!r) return r;
  return !*r;
}
Result<bool> t_ge(const Value& v, CallArgs& args) {
  auto r = python_less(v, args.get(0, "other"));
  if (!r) return r;
  return !*r;
}
Result<bool> t_in(const Value& v, CallArgs& args) {
  const Value seq = args.get(0, "seq");
  if (seq.is_string()) {
    if (!v.is_string()) return fail("'in <string>' requires string as left operand");
    return seq.as_string().find(v.as_string()) != std::string::npos;
  }
  auto items = iterate(seq);
  if (!items) return items.status();
  for (const Value& item : *items)
    if (item.equals(v)) return true;
  return false;
}
Result<bool> t_sameas(const Value& v, CallArgs& args) {
  const Value other = args.get(0, "other");
  if (v.kind() != other.kind()) return false;
  if (v.is_none() || v.is_bool() || v.is_undefined()) return v.equals(other);
  return false;  // identity of other objects is not observable here
}
Result<bool> t_lower(const Value& v, CallArgs&) {
  const std::string s = v.to_str();
  return s == ascii_lower(s) && s != ascii_upper(s);
}
Result<bool> t_upper(const Value& v, CallArgs&) {
  const std::string s = v.to_str();
  return s == ascii_upper(s) && s != ascii_lower(s);
}
Result<bool> t_filter(const Value& v, CallArgs&) { return v.is_string() && has_filter(v.as_string()); }
Result<bool> t_test(const Value& v, CallArgs&) { return v.is_string() && has_test(v.as_string()); }

struct TestEntry {
  std::string_view name;
  TestFn fn;
};

constexpr TestEntry kTests[] = {
    {"defined", t_defined},   {"undefined", t_undefined}, {"none", t_none},         {"boolean", t_boolean},
    {"true", t_true},         {"false", t_false},         {"integer", t_integer},   {"float", t_float},
    {"number", t_number},     {"string", t_string},       {"mapping", t_mapping},   {"sequence", t_sequence},
    {"iterable", t_iterable}, {"callable", t_callable},   {"escaped", t_escaped},   {"odd", t_odd},
    {"even", t_even},         {"divisibleby", t_divisibleby}, {"eq", t_eq},         {"equalto", t_eq},
    {"==", t_eq},             {"ne", t_ne},               {"!=", t_ne},             {"lt", t_lt},
    {"lessthan", t_lt},       {"<", t_lt},                {"le", t_le},             {"<=", t_le},
    {"gt", t_gt},             {"greaterthan", t_gt},      {">", t_gt},              {"ge", t_ge},
    {">=", t_ge},             {"in", t_in},               {"sameas", t_sameas},     {"lower", t_lower},
    {"upper", t_upper},       {"filter", t_filter},       {"test", t_test},
};

const TestEntry* find_test(std::string_view name) {
  for (const TestEntry& t : kTests)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace

bool has_test(std::string_view name) { return find_test(name) != nullptr; }

Result<bool> apply_test(std::string_view name, const Value& input, CallArgs& args) {
  const TestEntry* t = find_test(name);
  if (t == nullptr) return fail("no test named '" + std::string(name) + "'");
  return t->fn(input, args);
}

}  // namespace hearth::jinja
