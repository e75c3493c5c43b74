#include <cstring>
#include <exception>

#include "check.h"

namespace hearth_test {

std::vector<TestCase>& registry() {
  static std::vector<TestCase> tests;
  return tests;
}

}  // namespace hearth_test

namespace {

bool selected(const char* name, int argc, char** argv) {
  if (argc < 2) return true;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  int passed = 0, failed = 0, skipped = 0;
  for (const hearth_test::TestCase& test : hearth_test::registry()) {
    if (!selected(test.name, argc, argv)) continue;
    hearth_test::Context ctx;
    std::fprintf(stderr, "[ RUN  ] %s\n", test.name);
    try {
      test.body(ctx);
    } catch (const hearth_test::Skip& skip) {
      std::fprintf(stderr, "[ SKIP ] %s: %s\n", test.name, skip.reason.c_str());
      ++skipped;
      continue;
    } catch (const std::exception& e) {
      ctx.fail(__FILE__, __LINE__, std::string("unexpected exception: ") + e.what());
    }
    if (ctx.failures == 0) {
      std::fprintf(stderr, "[  OK  ] %s\n", test.name);
      ++passed;
    } else {
      std::fprintf(stderr, "[ FAIL ] %s (%d failed checks)\n", test.name, ctx.failures);
      ++failed;
    }
  }
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  if (failed > 0) return 1;
  if (passed == 0 && skipped > 0) return 77;
  return passed > 0 ? 0 : 1;  // a binary that ran nothing has not shown anything
}
