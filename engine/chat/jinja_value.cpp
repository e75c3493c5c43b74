#include "chat/jinja_value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "chat/jinja_unicode.h"

namespace hearth::jinja {

Value Value::string(std::string s, bool safe) {
  Value v(Kind::String);
  v.str_ = std::make_shared<const std::string>(std::move(s));
  v.safe_ = safe;
  return v;
}

Value Value::list(ValueList items, bool tuple) {
  Value v(Kind::List);
  v.list_ = std::make_shared<const ValueList>(std::move(items));
  v.tuple_ = tuple;
  return v;
}

Value Value::dict(ValueDict dict) {
  Value v(Kind::Dict);
  v.dict_ = std::make_shared<const ValueDict>(std::move(dict));
  return v;
}

Value Value::callable(std::string name, NativeFunction fn) {
  Value v(Kind::Callable);
  v.callable_ = std::make_shared<const Callable>(Callable{std::move(name), std::move(fn)});
  return v;
}

Value Value::make_namespace(ValueDict attrs) {
  Value v(Kind::Namespace);
  v.namespace_ = std::make_shared<Namespace>(Namespace{std::move(attrs)});
  return v;
}

Value Value::undefined(std::string hint) {
  Value v;
  v.str_ = std::make_shared<const std::string>(std::move(hint));
  return v;
}

bool Value::truthy() const {
  switch (kind_) {
    case Kind::Undefined: case Kind::None: return false;
    case Kind::Bool: case Kind::Int: return int_ != 0;
    case Kind::Float: return float_ != 0.0;
    case Kind::String: return !str_->empty();
    case Kind::List: return !list_->empty();
    case Kind::Dict: return dict_->size() > 0;
    case Kind::Callable: case Kind::Namespace: return true;
  }
  return false;
}

std::string format_python_float(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Shortest round-trip digits in scientific form, then laid out the way Python's repr does:
  // positional when -4 <= exponent < 16, otherwise d.ddde+XX with at least two exponent digits.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  if (ec != std::errc()) return "nan";
  std::string sci(buf, end);
  const size_t e_pos = sci.find('e');
  std::string mantissa = sci.substr(0, e_pos);
  const int exponent = std::stoi(sci.substr(e_pos + 1));
  const bool negative = mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  std::string digits;
  for (char c : mantissa)
    if (c != '.') digits.push_back(c);
  std::string out = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      out += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    } else {
      const size_t int_digits = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= int_digits) {
        out += digits + std::string(int_digits - digits.size(), '0') + ".0";
      } else {
        out += digits.substr(0, int_digits) + "." + digits.substr(int_digits);
      }
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  char exp_buf[16];
  std::snprintf(exp_buf, sizeof exp_buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
  return out + exp_buf;
}

namespace {

std::string repr_string(const std::string& s) {
  const bool has_single = s.find('\'') != std::string::npos;
  const bool has_double = s.find('"') != std::string::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (char32_t cp : utf8_decode(s)) {
    if (cp == static_cast<char32_t>(quote) || cp == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(cp));
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp >= 0xDC80 && cp <= 0xDCFF) {
      out += "\\udc" + std::string(1, "0123456789abcdef"[(cp >> 4) & 0xF]) + "0123456789abcdef"[cp & 0xF];
    } else if (!is_python_printable(cp)) {
      char buf[16];
      if (cp < 0x100) std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
      else if (cp < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      else std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(cp));
      out += buf;
    } else {
      utf8_append(out, cp);
    }
  }
  out.push_back(quote);
  return out;
}

}  // namespace

std::string Value::to_str() const {
  switch (kind_) {
    case Kind::Undefined: return "";
    case Kind::String: return *str_;
    default: return repr();
  }
}

std::string Value::repr() const {
  switch (kind_) {
    case Kind::Undefined: return "Undefined";
    case Kind::None: return "None";
    case Kind::Bool: return int_ ? "True" : "False";
    case Kind::Int: return std::to_string(int_);
    case Kind::Float: return format_python_float(float_);
    case Kind::String: return repr_string(*str_);
    case Kind::List: {
      std::string out = tuple_ ? "(" : "[";
      for (size_t i = 0; i < list_->size(); ++i) {
        if (i > 0) out += ", ";
        out += (*list_)[i].repr();
      }
      if (tuple_ && list_->size() == 1) out += ",";
      return out + (tuple_ ? ")" : "]");
    }
    case Kind::Dict: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : dict_->entries()) {
        if (!first) out += ", ";
        first = false;
        out += k.repr() + ": " + v.repr();
      }
      return out + "}";
    }
    case Kind::Callable: return "<function " + callable_->name + ">";
    case Kind::Namespace: {
      std::string out = "<Namespace {";
      bool first = true;
      for (const auto& [k, v] : namespace_->attrs.entries()) {
        if (!first) out += ", ";
        first = false;
        out += k.repr() + ": " + v.repr();
      }
      return out + "}>";
    }
  }
  return "";
}

bool Value::equals(const Value& other) const {
  if (is_number() && other.is_number()) {
    if (is_float() || other.is_float()) return as_double() == other.as_double();
    return int_ == other.int_;
  }
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case Kind::Undefined: case Kind::None: return true;
    case Kind::String: return *str_ == *other.str_;
    case Kind::List: {
      if (list_->size() != other.list_->size()) return false;
      for (size_t i = 0; i < list_->size(); ++i)
        if (!(*list_)[i].equals((*other.list_)[i])) return false;
      return true;
    }
    case Kind::Dict: {
      if (dict_->size() != other.dict_->size()) return false;
      for (const auto& [k, v] : dict_->entries()) {
        const Value* o = other.dict_->find(k);
        if (o == nullptr || !v.equals(*o)) return false;
      }
      return true;
    }
    case Kind::Callable: return callable_ == other.callable_;
    case Kind::Namespace: return namespace_ == other.namespace_;
    default: return false;
  }
}

const char* Value::type_name() const {
  switch (kind_) {
    case Kind::Undefined: return "Undefined";
    case Kind::None: return "NoneType";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::String: return "str";
    case Kind::List: return tuple_ ? "tuple" : "list";
    case Kind::Dict: return "dict";
    case Kind::Callable: return "function";
    case Kind::Namespace: return "Namespace";
  }
  return "?";
}

const Value* ValueDict::find(const Value& key) const {
  for (const auto& entry : entries_)
    if (entry.first.equals(key)) return &entry.second;
  return nullptr;
}

const Value* ValueDict::find(std::string_view key) const {
  for (const auto& entry : entries_)
    if (entry.first.is_string() && entry.first.as_string() == key) return &entry.second;
  return nullptr;
}

void ValueDict::set(Value key, Value value) {
  for (auto& entry : entries_) {
    if (entry.first.equals(key)) {
      entry.second = std::move(value);
      return;
    }
  }
  entries_.emplace_back(std::move(key), std::move(value));
}

void ValueDict::append_new(Value key, Value value) { entries_.emplace_back(std::move(key), std::move(value)); }

Value CallArgs::get(size_t index, std::string_view name, Value fallback) {
  if (index < positional.size()) return positional[index];
  if (Value* v = keyword_arg(name)) return *v;
  return fallback;
}

Value* CallArgs::keyword_arg(std::string_view name) {
  for (auto& [k, v] : keyword)
    if (k == name) return &v;
  return nullptr;
}

}  // namespace hearth::jinja
