#include "chat/jinja_format.h"

#include <cmath>
#include <cstdio>

#include "chat/jinja_unicode.h"

namespace hearth::jinja {

namespace {

Status fail(const std::string& what) { return Status::error(ErrorCode::InvalidArgument, what); }

std::string pad(std::string body, int width, bool left, char fill) {
  const auto len = static_cast<int>(utf8_length(body));
  if (width <= len) return body;
  const std::string padding(static_cast<size_t>(width - len), fill);
  if (left) return body + std::string(static_cast<size_t>(width - len), ' ');
  if (fill == '0' && !body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' '))
    return body.substr(0, 1) + padding + body.substr(1);
  return padding + body;
}

// One numeric conversion through printf, whose output for these matches Python's.
std::string number(const std::string& flags, int precision, char conv, const Value& v) {
  std::string spec = "%" + flags;
  if (precision >= 0) spec += "." + std::to_string(precision);
  char buf[512];
  if (conv == 'd' || conv == 'i' || conv == 'x' || conv == 'X' || conv == 'o') {
    spec += "ll";
    spec += conv == 'i' ? 'd' : conv;
    const long long n = v.is_float() ? static_cast<long long>(v.as_double()) : static_cast<long long>(v.as_int());
    std::snprintf(buf, sizeof buf, spec.c_str(), n);
  } else {
    spec += conv;
    std::snprintf(buf, sizeof buf, spec.c_str(), v.as_double());
  }
  return buf;
}

}  // namespace

Result<std::string> python_percent_format(const std::string& format, const Value& args) {
  ValueList positional;
  if (args.is_list() && args.is_tuple()) positional = args.as_list();
  else if (!args.is_dict()) positional.push_back(args);
  size_t next = 0;
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out.push_back(format[i]);
      continue;
    }
    if (++i >= format.size()) return fail("incomplete format");
    Value arg;
    bool have_arg = false;
    if (format[i] == '(') {  // %(name)s
      const size_t close = format.find(')', i);
      if (close == std::string::npos || !args.is_dict()) return fail("format requires a mapping");
      const Value* v = args.as_dict().find(std::string_view(format).substr(i + 1, close - i - 1));
      if (v == nullptr) return fail("KeyError: '" + format.substr(i + 1, close - i - 1) + "'");
      arg = *v;
      have_arg = true;
      i = close + 1;
    }
    std::string flags;
    while (i < format.size() && std::string_view("-+ 0#").find(format[i]) != std::string_view::npos) flags.push_back(format[i++]);
    int width = 0, precision = -1;
    while (i < format.size() && format[i] >= '0' && format[i] <= '9') width = width * 10 + (format[i++] - '0');
    if (i < format.size() && format[i] == '.') {
      precision = 0;
      ++i;
      while (i < format.size() && format[i] >= '0' && format[i] <= '9') precision = precision * 10 + (format[i++] - '0');
    }
    if (i >= format.size()) return fail("incomplete format");
    const char conv = format[i];
    if (conv == '%') {
      out.push_back('%');
      continue;
    }
    if (!have_arg) {
      if (next >= positional.size()) return fail("not enough arguments for format string");
      arg = positional[next++];
    }
    const bool left = flags.find('-') != std::string::npos;
    const char fill = flags.find('0') != std::string::npos && !left ? '0' : ' ';
    std::string body;
    switch (conv) {
      case 's': body = arg.to_str(); break;
      case 'r': case 'a': body = arg.repr(); break;
      case 'c':
        if (arg.is_string() && utf8_length(arg.as_string()) == 1) body = arg.as_string();
        else if (arg.is_int()) utf8_append(body, static_cast<char32_t>(arg.as_int()));
        else return fail("%c requires int or char");
        break;
      case 'd': case 'i': case 'x': case 'X': case 'o': case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
        if (!arg.is_number()) return fail(std::string("%") + conv + " format: a real number is required, not " + arg.type_name());
        if ((conv == 'x' || conv == 'X' || conv == 'o') && arg.is_float())
          return fail(std::string("%") + conv + " format: an integer is required, not float");
        if (arg.is_float() && !std::isfinite(arg.as_double()) && (conv == 'd' || conv == 'i'))
          return fail("cannot convert float infinity or NaN to integer");
        {
          std::string numeric_flags;
          for (char f : flags)
            if (f != '-' && f != '0') numeric_flags.push_back(f);
          body = number(numeric_flags, precision, conv, arg);
        }
        break;
      default:
        return fail(std::string("unsupported format character '") + conv + "'");
    }
    if ((conv == 's' || conv == 'r' || conv == 'a') && precision >= 0) {
      const std::vector<char32_t> cps = utf8_decode(body);
      body = utf8_encode(cps, 0, static_cast<size_t>(precision));
    }
    out += pad(std::move(body), width, left, (conv == 's' || conv == 'r' || conv == 'c') ? ' ' : fill);
  }
  if (next < positional.size() && !args.is_dict())
    return fail("not all arguments converted during string formatting");
  return out;
}

}  // namespace hearth::jinja
