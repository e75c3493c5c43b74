// Python's printf-style string formatting ("%s of %d" % (a, b), and the `format` filter built on it):
// conversions s r d i f F e E g G x X o c %, flags - + space 0 #, width and precision, %(name)s with a dict.
#pragma once

#include <string>

#include "chat/jinja_value.h"
#include "core/status.h"

namespace hearth::jinja {

Result<std::string> python_percent_format(const std::string& format, const Value& args);

}  // namespace hearth::jinja
