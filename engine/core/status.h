// Errors are values in the engine: a code, a precise message and, where one exists, a hint on what to try.
// No exception crosses the engine boundary and nothing aborts; the app maps codes to translated text.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace hearth {

// Stored in logs and shown to the app: never renumber.
enum class ErrorCode : int {
  Ok = 0,
  InvalidArgument = 1,
  IoError = 2,
  MalformedFile = 3,
  UnsupportedArchitecture = 4,
  UnsupportedType = 5,
  ShapeMismatch = 6,
  MissingTensor = 7,
  ContextOverflow = 8,
  OutOfMemory = 9,
  DeviceError = 10,
  Cancelled = 11,
  NotAvailable = 12,
  BinaryInput = 13,
  Internal = 14,
};

const char* error_code_name(ErrorCode code);

class Status {
 public:
  Status() = default;
  static Status ok() { return {}; }
  static Status error(ErrorCode code, std::string message, std::string hint = {}) {
    Status s;
    s.code_ = code;
    s.message_ = std::move(message);
    s.hint_ = std::move(hint);
    return s;
  }

  bool is_ok() const { return code_ == ErrorCode::Ok; }
  explicit operator bool() const { return is_ok(); }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }
  // "message (hint: ...)" for logs and the command line.
  std::string to_string() const;

 private:
  ErrorCode code_ = ErrorCode::Ok;
  std::string message_;
  std::string hint_;
};

// A value or the Status explaining why there is none (std::expected is C++23).
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor): returning values reads naturally
  Result(Status status) : status_(std::move(status)) { assert(!status_.is_ok()); }  // NOLINT

  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace hearth

// Propagates a failed Status from an expression that yields one.
#define HEARTH_TRY(expr)                          \
  do {                                            \
    ::hearth::Status hearth_try_status_ = (expr); \
    if (!hearth_try_status_.is_ok()) return hearth_try_status_; \
  } while (false)
