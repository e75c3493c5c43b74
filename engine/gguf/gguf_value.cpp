// GGUF metadata values: names of the value types, builders and exact (non-narrowing) conversions.
#include <cmath>
#include <limits>
#include <utility>

#include "gguf/gguf_file.h"

namespace hearth::gguf {

std::string_view value_type_name(ValueType type) {
  switch (type) {
    case ValueType::UINT8: return "u8";
    case ValueType::INT8: return "i8";
    case ValueType::UINT16: return "u16";
    case ValueType::INT16: return "i16";
    case ValueType::UINT32: return "u32";
    case ValueType::INT32: return "i32";
    case ValueType::FLOAT32: return "f32";
    case ValueType::BOOL: return "bool";
    case ValueType::STRING: return "string";
    case ValueType::ARRAY: return "array";
    case ValueType::UINT64: return "u64";
    case ValueType::INT64: return "i64";
    case ValueType::FLOAT64: return "f64";
  }
  return "unknown";
}

Value Value::unsigned_int(ValueType type, std::uint64_t v) {
  Value value;
  value.type = type;
  value.data = v;
  return value;
}

Value Value::signed_int(ValueType type, std::int64_t v) {
  Value value;
  value.type = type;
  value.data = v;
  return value;
}

Value Value::floating(ValueType type, double v) {
  Value value;
  value.type = type;
  value.data = v;
  return value;
}

Value Value::boolean(bool v) {
  Value value;
  value.type = ValueType::BOOL;
  value.data = v;
  return value;
}

Value Value::string(std::string v) {
  Value value;
  value.type = ValueType::STRING;
  value.data = std::move(v);
  return value;
}

Value Value::array(ValueType element_type, std::vector<Value> elements) {
  Value value;
  value.type = ValueType::ARRAY;
  value.array_type = element_type;
  value.data = std::move(elements);
  return value;
}

bool Value::as_u64(std::uint64_t& out) const {
  if (const auto* u = std::get_if<std::uint64_t>(&data)) {
    out = *u;
    return true;
  }
  if (const auto* i = std::get_if<std::int64_t>(&data); i != nullptr && *i >= 0) {
    out = static_cast<std::uint64_t>(*i);
    return true;
  }
  return false;
}

bool Value::as_i64(std::int64_t& out) const {
  if (const auto* i = std::get_if<std::int64_t>(&data)) {
    out = *i;
    return true;
  }
  if (const auto* u = std::get_if<std::uint64_t>(&data);
      u != nullptr && *u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    out = static_cast<std::int64_t>(*u);
    return true;
  }
  return false;
}

bool Value::as_f64(double& out) const {
  if (const auto* d = std::get_if<double>(&data)) {
    out = *d;
    return true;
  }
  // Integers only where the double is exact (|v| <= 2^53).
  constexpr std::uint64_t kExact = std::uint64_t{1} << 53;
  if (const auto* u = std::get_if<std::uint64_t>(&data); u != nullptr && *u <= kExact) {
    out = static_cast<double>(*u);
    return true;
  }
  if (const auto* i = std::get_if<std::int64_t>(&data);
      i != nullptr && *i <= static_cast<std::int64_t>(kExact) && *i >= -static_cast<std::int64_t>(kExact)) {
    out = static_cast<double>(*i);
    return true;
  }
  return false;
}

const std::string* Value::as_string() const { return std::get_if<std::string>(&data); }

const std::vector<Value>* Value::as_array() const { return std::get_if<std::vector<Value>>(&data); }

}  // namespace hearth::gguf
