// A small test harness for the engine and kernel tests, which must build on the GPU machine where there is
// no Qt and no GoogleTest. Tests register themselves; main runs them all (or those named on the command
// line) and ends with the plain "N passed, N failed" line. Exit code 77 means "skipped" to CTest.
#pragma once

#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace hearth_test {

struct Skip {
  std::string reason;
};

struct Context {
  int failures = 0;
  void fail(const char* file, int line, const std::string& what) {
    ++failures;
    std::fprintf(stderr, "  %s:%d: %s\n", file, line, what.c_str());
  }
};

struct TestCase {
  const char* name;
  std::function<void(Context&)> body;
};

std::vector<TestCase>& registry();

struct Registrar {
  Registrar(const char* name, std::function<void(Context&)> body) { registry().push_back({name, std::move(body)}); }
};

template <typename R>
std::string status_text(const R& r) {
  if constexpr (requires { r.status(); })
    return r.status().to_string();
  else
    return r.to_string();
}

template <typename T>
std::string show(const T& value) {
  std::ostringstream out;
  out.precision(9);
  out << value;
  return out.str();
}

}  // namespace hearth_test

#define HEARTH_TEST_CONCAT2(a, b) a##b
#define HEARTH_TEST_CONCAT(a, b) HEARTH_TEST_CONCAT2(a, b)

#define TEST_CASE(name)                                                                                  \
  static void name(hearth_test::Context& hearth_ctx);                                                   \
  static const hearth_test::Registrar HEARTH_TEST_CONCAT(hearth_registrar_, name)(#name, name);          \
  static void name([[maybe_unused]] hearth_test::Context& hearth_ctx)

// Records a failure and carries on.
#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) hearth_ctx.fail(__FILE__, __LINE__, "CHECK(" #cond ")"); \
  } while (false)

#define CHECK_EQ(a, b)                                                                                       \
  do {                                                                                                       \
    const auto& hearth_a_ = (a);                                                                             \
    const auto& hearth_b_ = (b);                                                                             \
    if (!(hearth_a_ == hearth_b_))                                                                           \
      hearth_ctx.fail(__FILE__, __LINE__,                                                                    \
                      "CHECK_EQ(" #a ", " #b "): " + hearth_test::show(hearth_a_) + " != " + hearth_test::show(hearth_b_)); \
  } while (false)

// |a - b| <= tol, and neither is NaN.
#define CHECK_NEAR(a, b, tol)                                                                              \
  do {                                                                                                     \
    const double hearth_a_ = static_cast<double>(a);                                                       \
    const double hearth_b_ = static_cast<double>(b);                                                       \
    if (std::isnan(hearth_a_) || std::isnan(hearth_b_) || std::fabs(hearth_a_ - hearth_b_) > (tol))        \
      hearth_ctx.fail(__FILE__, __LINE__, "CHECK_NEAR(" #a ", " #b "): " + hearth_test::show(hearth_a_) + \
                                              " vs " + hearth_test::show(hearth_b_) + ", tol " + hearth_test::show(tol)); \
  } while (false)

// Stops the test on failure.
#define REQUIRE(cond)                                                        \
  do {                                                                       \
    if (!(cond)) {                                                           \
      hearth_ctx.fail(__FILE__, __LINE__, "REQUIRE(" #cond ")");            \
      return;                                                                \
    }                                                                        \
  } while (false)

// Stops the test when a hearth::Status (or Result) expression fails, printing its message.
#define REQUIRE_OK(expr)                                                                          \
  do {                                                                                            \
    const auto& hearth_r_ = (expr);                                                               \
    if (!hearth_r_.is_ok()) {                                                                     \
      hearth_ctx.fail(__FILE__, __LINE__, "REQUIRE_OK(" #expr "): " + hearth_test::status_text(hearth_r_)); \
      return;                                                                                     \
    }                                                                                             \
  } while (false)

// Marks the test skipped (e.g. no GPU); a binary whose tests all skip exits with 77.
#define SKIP(reason) throw hearth_test::Skip{reason}
