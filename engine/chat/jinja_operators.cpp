#include "chat/jinja_operators.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "chat/jinja_builtins.h"
#include "chat/jinja_format.h"

namespace hearth::jinja {

namespace {

constexpr size_t kMaxValueBytes = 64u << 20;  // one string or list built by * repetition: a guard, not Python

Status fail(const std::string& what) { return Status::error(ErrorCode::InvalidArgument, what); }

Value repeat(const Value& v, int64_t times) {
  if (v.is_string()) {
    std::string out;
    for (int64_t i = 0; i < times; ++i) out += v.as_string();
    return Value::string(std::move(out));
  }
  ValueList items;
  for (int64_t i = 0; i < times; ++i) items.insert(items.end(), v.as_list().begin(), v.as_list().end());
  return Value::list(std::move(items), v.is_tuple());
}

Result<Value> arithmetic(std::string_view op, const Value& a, const Value& b) {
  if (op == "/") {
    if (b.as_double() == 0.0) return fail("division by zero");
    return Value::number(a.as_double() / b.as_double());
  }
  if (a.is_float() || b.is_float()) {
    const double x = a.as_double(), y = b.as_double();
    if (op == "+") return Value::number(x + y);
    if (op == "-") return Value::number(x - y);
    if (op == "*") return Value::number(x * y);
    if (op == "**") return Value::number(std::pow(x, y));
    if (y == 0.0) return fail("float division by zero");
    if (op == "//") return Value::number(std::floor(x / y));
    double m = std::fmod(x, y);
    if (m != 0.0 && ((m < 0) != (y < 0))) m += y;  // Python's modulo takes the divisor's sign
    return Value::number(m);
  }
  // Python integers are unbounded; ours are 64-bit, so leaving that range is an error rather than a wrap.
  const int64_t x = a.as_int(), y = b.as_int();
  int64_t r = 0;
  auto overflow = [op] {
    return Result<Value>(fail("integer overflow in '" + std::string(op) + "' (Python integers are unbounded; Hearth's are 64-bit)"));
  };
  if (op == "+") return __builtin_add_overflow(x, y, &r) ? overflow() : Value::integer(r);
  if (op == "-") return __builtin_sub_overflow(x, y, &r) ? overflow() : Value::integer(r);
  if (op == "*") return __builtin_mul_overflow(x, y, &r) ? overflow() : Value::integer(r);
  if (op == "**") {
    if (y < 0) return Value::number(std::pow(static_cast<double>(x), static_cast<double>(y)));
    r = 1;
    for (int64_t i = 0; i < y; ++i) {
      if (__builtin_mul_overflow(r, x, &r)) return overflow();
      if (r == 0 || r == 1) break;  // 0 and 1 stay put; -1 alternates but never overflows
    }
    if (x == -1) r = (y % 2 == 0) ? 1 : -1;
    return Value::integer(r);
  }
  if (y == 0) return fail("integer division or modulo by zero");
  if (x == INT64_MIN && y == -1) return overflow();
  int64_t q = x / y, m = x % y;
  if (m != 0 && ((m < 0) != (y < 0))) {  // floor semantics
    --q;
    m += y;
  }
  return Value::integer(op == "//" ? q : m);
}

}  // namespace

Result<Value> binary_operator(std::string_view op, const Value& a, const Value& b) {
  if (op == "~") return Value::string(a.to_str() + b.to_str());
  if (a.is_undefined()) return fail(undefined_message(a));
  if (b.is_undefined()) return fail(undefined_message(b));
  auto type_error = [&] {
    return Result<Value>(fail("unsupported operand type(s) for " + std::string(op) + ": '" + a.type_name() + "' and '" +
                              b.type_name() + "'"));
  };
  if (a.is_number() && b.is_number()) return arithmetic(op, a, b);
  if (op == "+") {
    if (a.is_string() && b.is_string()) {
      // Markup + str escapes the plain side, as jinja2's Markup does.
      if (a.is_safe() || b.is_safe())
        return Value::string((a.is_safe() ? a.as_string() : html_escape(a.as_string())) +
                                 (b.is_safe() ? b.as_string() : html_escape(b.as_string())),
                             true);
      return Value::string(a.as_string() + b.as_string());
    }
    if (a.is_list() && b.is_list() && a.is_tuple() == b.is_tuple()) {
      ValueList items = a.as_list();
      items.insert(items.end(), b.as_list().begin(), b.as_list().end());
      return Value::list(std::move(items), a.is_tuple());
    }
    if (a.is_string()) return fail(std::string("can only concatenate str (not \"") + b.type_name() + "\") to str");
    return type_error();
  }
  if (op == "*" && (a.is_string() || a.is_list() || b.is_string() || b.is_list())) {
    const bool seq_first = a.is_string() || a.is_list();
    const Value& seq = seq_first ? a : b;
    const Value& times = seq_first ? b : a;
    if (!times.is_int() && !times.is_bool()) return type_error();
    const size_t unit = seq.is_string() ? seq.as_string().size() : seq.as_list().size() * sizeof(Value);
    if (times.as_int() > 0 && unit > 0 && static_cast<uint64_t>(times.as_int()) > kMaxValueBytes / unit)
      return fail("repetition would build more than " + std::to_string(kMaxValueBytes >> 20) + " MiB");
    return repeat(seq, times.as_int());
  }
  if (op == "%" && a.is_string()) {
    auto text = python_percent_format(a.as_string(), b);
    if (!text) return text.status();
    return Value::string(std::move(*text));
  }
  return type_error();
}

Result<bool> compare_operator(std::string_view op, const Value& a, const Value& b) {
  if (op == "==") return a.equals(b);
  if (op == "!=") return !a.equals(b);
  if (op == "in" || op == "not in") {
    if (b.is_none() || b.is_number()) return fail(std::string("argument of type '") + b.type_name() + "' is not iterable");
    CallArgs args;
    args.positional.push_back(b);
    auto found = apply_test("in", a, args);
    if (!found) return found;
    return *found == (op == "in");
  }
  if (a.is_undefined()) return fail(undefined_message(a));
  if (b.is_undefined()) return fail(undefined_message(b));
  auto less = op == "<" || op == ">=" ? python_less(a, b) : python_less(b, a);
  if (!less) return less;
  return (op == "<" || op == ">") ? *less : !*less;
}

}  // namespace hearth::jinja
