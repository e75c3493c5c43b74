// The values a Jinja template computes with, modelled on the Python objects jinja2 works on: undefined,
// none, bool, int, float, str, list (and tuple), dict (insertion ordered), callables and namespaces.
// Lists, dicts and strings behave as values (the sandbox HF renders in forbids mutating them); a namespace
// is shared by reference, which is the point of it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace hearth::jinja {

class Value;
struct CallArgs;
using ValueList = std::vector<Value>;

// A dict keeps Python's insertion order; keys are compared with Python equality (1 == 1.0 == True).
class ValueDict {
 public:
  const Value* find(const Value& key) const;
  const Value* find(std::string_view key) const;
  void set(Value key, Value value);
  // For keys known to be new (building a fresh dict): skips the search.
  void append_new(Value key, Value value);
  size_t size() const { return entries_.size(); }
  const std::vector<std::pair<Value, Value>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<Value, Value>> entries_;
};

// Something a template can call: a global function, a macro, a bound method, loop.cycle.
using NativeFunction = std::function<Result<Value>(CallArgs& args)>;
struct Callable {
  std::string name;
  NativeFunction call;
};

// jinja2's Namespace: the one mutable object, so `set ns.x = ...` inside a loop is seen after it.
struct Namespace {
  ValueDict attrs;
};

class Value {
 public:
  enum class Kind { Undefined, None, Bool, Int, Float, String, List, Dict, Callable, Namespace };

  Value() = default;  // undefined
  static Value none() { return Value(Kind::None); }
  static Value boolean(bool b) { Value v(Kind::Bool); v.int_ = b ? 1 : 0; return v; }
  static Value integer(int64_t i) { Value v(Kind::Int); v.int_ = i; return v; }
  static Value number(double f) { Value v(Kind::Float); v.float_ = f; return v; }
  static Value string(std::string s, bool safe = false);
  static Value list(ValueList items, bool tuple = false);
  static Value dict(ValueDict dict);
  static Value callable(std::string name, NativeFunction fn);
  static Value make_namespace(ValueDict attrs);
  // An undefined that remembers the name it was looked up by, for the error when it is used.
  static Value undefined(std::string hint);

  Kind kind() const { return kind_; }
  bool is_undefined() const { return kind_ == Kind::Undefined; }
  bool is_none() const { return kind_ == Kind::None; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_int() const { return kind_ == Kind::Int; }
  bool is_float() const { return kind_ == Kind::Float; }
  bool is_number() const { return kind_ == Kind::Int || kind_ == Kind::Float || kind_ == Kind::Bool; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_list() const { return kind_ == Kind::List; }
  bool is_dict() const { return kind_ == Kind::Dict; }
  bool is_callable() const { return kind_ == Kind::Callable; }
  bool is_namespace() const { return kind_ == Kind::Namespace; }
  bool is_tuple() const { return kind_ == Kind::List && tuple_; }
  // Markup from the `safe` filter: `+` with a plain string escapes the plain side, as jinja2's Markup does.
  bool is_safe() const { return kind_ == Kind::String && safe_; }

  bool as_bool() const { return int_ != 0; }
  int64_t as_int() const { return int_; }  // also a Bool as 0/1
  double as_double() const { return kind_ == Kind::Float ? float_ : static_cast<double>(int_); }
  const std::string& as_string() const { return *str_; }
  const ValueList& as_list() const { return *list_; }
  const ValueDict& as_dict() const { return *dict_; }
  const Callable& as_callable() const { return *callable_; }
  Namespace& as_namespace() const { return *namespace_; }
  // Why it is undefined ("'x' is undefined"), for the error when it is used; empty if unknown.
  std::string undefined_hint() const { return kind_ == Kind::Undefined && str_ ? *str_ : std::string(); }

  // Python truthiness.
  bool truthy() const;
  // str(value) as jinja2 prints it: None -> "None", undefined -> "", 1.0 -> "1.0", lists as repr.
  std::string to_str() const;
  // repr(value): strings quoted, as inside a printed list.
  std::string repr() const;
  // Python ==.
  bool equals(const Value& other) const;
  // Python's name for the type, for error messages ("str", "int", "dict"...).
  const char* type_name() const;

 private:
  explicit Value(Kind k) : kind_(k) {}

  Kind kind_ = Kind::Undefined;
  bool tuple_ = false;
  bool safe_ = false;
  int64_t int_ = 0;
  double float_ = 0.0;
  std::shared_ptr<const std::string> str_;
  std::shared_ptr<const ValueList> list_;
  std::shared_ptr<const ValueDict> dict_;
  std::shared_ptr<const Callable> callable_;
  std::shared_ptr<Namespace> namespace_;  // str_ holds an undefined's hint
};

// Arguments of one call, positional then keyword, in source order.
struct CallArgs {
  ValueList positional;
  std::vector<std::pair<std::string, Value>> keyword;

  // The argument at `index` or named `name`, else `fallback`; marks keywords it consumed.
  Value get(size_t index, std::string_view name, Value fallback = {});
  Value* keyword_arg(std::string_view name);
};

// Python float repr: shortest round-trip digits, "1.0", "1e+16", "1.5e-07", "inf", "nan".
std::string format_python_float(double value);

}  // namespace hearth::jinja
