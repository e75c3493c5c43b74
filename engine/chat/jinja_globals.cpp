#include "chat/jinja_globals.h"

#include <ctime>

namespace hearth::jinja {

namespace {

constexpr int64_t kMaxRange = 1'000'000;  // a template has no business building bigger lists

Result<Value> range_fn(CallArgs& args) {
  int64_t start = 0, stop = 0, step = 1;
  for (const Value& v : args.positional)
    if (!v.is_int() && !v.is_bool())
      return Status::error(ErrorCode::InvalidArgument, std::string("'") + v.type_name() + "' object cannot be interpreted as an integer");
  if (args.positional.size() == 1) {
    stop = args.positional[0].as_int();
  } else if (args.positional.size() == 2 || args.positional.size() == 3) {
    start = args.positional[0].as_int();
    stop = args.positional[1].as_int();
    if (args.positional.size() == 3) step = args.positional[2].as_int();
  } else {
    return Status::error(ErrorCode::InvalidArgument, "range expected 1 to 3 arguments");
  }
  if (step == 0) return Status::error(ErrorCode::InvalidArgument, "range() arg 3 must not be zero");
  ValueList out;
  for (int64_t i = start; step > 0 ? i < stop : i > stop;) {
    if (static_cast<int64_t>(out.size()) >= kMaxRange)
      return Status::error(ErrorCode::InvalidArgument, "range() too large for a template");
    out.push_back(Value::integer(i));
    if (__builtin_add_overflow(i, step, &i)) break;
  }
  return Value::list(std::move(out));
}

ValueDict dict_from(CallArgs& args) {
  ValueDict d;
  if (!args.positional.empty() && args.positional[0].is_dict())
    for (const auto& [k, v] : args.positional[0].as_dict().entries()) d.set(k, v);
  for (const auto& [k, v] : args.keyword) d.set(Value::string(k), v);
  return d;
}

Result<Value> raise_exception_fn(CallArgs& args) {
  const std::string message = args.get(0, "message").to_str();
  return Status::error(ErrorCode::InvalidArgument, std::string(kRaisedPrefix) + message);
}

Result<Value> strftime_now_fn(CallArgs& args) {
  const std::string format = args.get(0, "format").to_str();
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[256];
  const size_t n = std::strftime(buf, sizeof buf, format.c_str(), &local);
  return Value::string(std::string(buf, n));
}

}  // namespace

ValueDict make_globals() {
  ValueDict g;
  g.set(Value::string("range"), Value::callable("range", range_fn));
  g.set(Value::string("dict"), Value::callable("dict", [](CallArgs& a) -> Result<Value> { return Value::dict(dict_from(a)); }));
  g.set(Value::string("namespace"),
        Value::callable("namespace", [](CallArgs& a) -> Result<Value> { return Value::make_namespace(dict_from(a)); }));
  g.set(Value::string("raise_exception"), Value::callable("raise_exception", raise_exception_fn));
  g.set(Value::string("strftime_now"), Value::callable("strftime_now", strftime_now_fn));
  return g;
}

}  // namespace hearth::jinja
