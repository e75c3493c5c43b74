// Reading test data files and showing where two texts first differ, for the golden tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace hearth_test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "" when equal; otherwise the first differing line with a few lines of context from both sides.
inline std::string first_difference(const std::string& expected, const std::string& actual) {
  if (expected == actual) return "";
  size_t at = 0;
  while (at < expected.size() && at < actual.size() && expected[at] == actual[at]) ++at;
  size_t line = 1;
  for (size_t i = 0; i < at; ++i) line += expected[i] == '\n';
  auto context = [at](const std::string& s) {
    size_t begin = at;
    for (int newlines = 0; begin > 0 && newlines < 3; --begin) newlines += s[begin - 1] == '\n';
    size_t end = at;
    for (int newlines = 0; end < s.size() && newlines < 3; ++end) newlines += s[end] == '\n';
    std::string out = s.substr(begin, end - begin);
    std::string shown;
    for (char c : out) shown += c == '\n' ? std::string("\\n\n      ") : std::string(1, c);
    return shown;
  };
  std::ostringstream msg;
  msg << "first difference at byte " << at << " (line " << line << "), expected " << expected.size()
      << " bytes, got " << actual.size() << "\n    expected: " << context(expected) << "\n    actual:   "
      << context(actual);
  return msg.str();
}

}  // namespace hearth_test
