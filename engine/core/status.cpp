#include "core/status.h"

namespace hearth {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::Ok: return "ok";
    case ErrorCode::InvalidArgument: return "invalid argument";
    case ErrorCode::IoError: return "i/o error";
    case ErrorCode::MalformedFile: return "malformed file";
    case ErrorCode::UnsupportedArchitecture: return "unsupported architecture";
    case ErrorCode::UnsupportedType: return "unsupported tensor type";
    case ErrorCode::ShapeMismatch: return "shape mismatch";
    case ErrorCode::MissingTensor: return "missing tensor";
    case ErrorCode::ContextOverflow: return "context overflow";
    case ErrorCode::OutOfMemory: return "out of memory";
    case ErrorCode::DeviceError: return "device error";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::NotAvailable: return "not available";
    case ErrorCode::BinaryInput: return "binary input";
    case ErrorCode::Internal: return "internal error";
  }
  return "unknown error";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string s = message_;
  if (!hint_.empty()) s += " (hint: " + hint_ + ")";
  return s;
}

}  // namespace hearth
