// Engine basics: errors as values, the CPU RMSNorm against hand-computed values, device reporting.
#include <cmath>
#include <string>
#include <vector>

#include "backend/cpu/norm.h"
#include "backend/device_info.h"
#include "core/build_info.h"
#include "core/status.h"
#include "support/check.h"

namespace {

hearth::Result<int> parse_positive(int v) {
  if (v <= 0)
    return hearth::Status::error(hearth::ErrorCode::InvalidArgument, "value " + std::to_string(v) + " is not positive",
                                 "pass a number above zero");
  return v * 2;
}

hearth::Status chain(int v) {
  HEARTH_TRY(parse_positive(v).status());
  return hearth::Status::ok();
}

}  // namespace

TEST_CASE(status_carries_code_message_and_hint) {
  hearth::Result<int> good = parse_positive(21);
  REQUIRE(good.is_ok());
  CHECK_EQ(good.value(), 42);

  hearth::Result<int> bad = parse_positive(-3);
  REQUIRE(!bad.is_ok());
  CHECK(bad.status().code() == hearth::ErrorCode::InvalidArgument);
  CHECK_EQ(bad.status().message(), std::string("value -3 is not positive"));
  CHECK_EQ(bad.status().to_string(), std::string("value -3 is not positive (hint: pass a number above zero)"));
  CHECK(chain(5).is_ok());
  CHECK(chain(0).code() == hearth::ErrorCode::InvalidArgument);
}

TEST_CASE(cpu_rms_norm_matches_hand_computed_values) {
  // x = (3, 4): mean(x²) = 12.5, so y = x / sqrt(12.5 + eps) * w.
  const std::vector<float> x = {3.0f, 4.0f, -1.0f, 1.0f};
  const std::vector<float> w = {2.0f, 0.5f};
  std::vector<float> y(4, NAN);
  hearth::cpu::rms_norm(x.data(), w.data(), y.data(), 2, 2, 1e-5f);
  const double s0 = 1.0 / std::sqrt(12.5 + 1e-5);
  const double s1 = 1.0 / std::sqrt(1.0 + 1e-5);
  CHECK_NEAR(y[0], 3.0 * s0 * 2.0, 1e-6);
  CHECK_NEAR(y[1], 4.0 * s0 * 0.5, 1e-6);
  CHECK_NEAR(y[2], -1.0 * s1 * 2.0, 1e-6);
  CHECK_NEAR(y[3], 1.0 * s1 * 0.5, 1e-6);
}

TEST_CASE(cpu_rms_norm_works_in_place) {
  std::vector<float> x = {1.0f, 2.0f, 3.0f};
  const std::vector<float> w = {1.0f, 1.0f, 1.0f};
  hearth::cpu::rms_norm(x.data(), w.data(), x.data(), 1, 3, 0.0f);
  double sq = 0;
  for (float v : x) sq += static_cast<double>(v) * v;
  CHECK_NEAR(sq / 3.0, 1.0, 1e-6);  // unit RMS after normalisation
}

TEST_CASE(device_report_explains_a_missing_gpu) {
  const hearth::DeviceReport report = hearth::query_devices();
  CHECK_EQ(report.built_with_cuda, static_cast<bool>(HEARTH_HAVE_CUDA));
  if (report.gpus.empty()) {
    CHECK(!report.why_no_gpu.empty());
    CHECK_EQ(hearth::describe_backend(report).rfind("CPU (", 0), std::string::size_type{0});
  } else {
    CHECK(report.gpus.front().total_bytes > 0);
    CHECK_EQ(hearth::describe_backend(report).rfind("CUDA: ", 0), std::string::size_type{0});
  }
}

TEST_CASE(formats_sizes_and_versions) {
  CHECK_EQ(hearth::format_bytes(512), std::string("512 B"));
  CHECK_EQ(hearth::format_bytes(1536), std::string("1.5 KiB"));
  CHECK_EQ(hearth::format_bytes(150ull << 30), std::string("150.0 GiB"));
  CHECK_EQ(hearth::format_cuda_version(13000), std::string("13.0"));
  CHECK_EQ(hearth::format_cuda_version(12080), std::string("12.8"));
  CHECK_EQ(hearth::format_cuda_version(0), std::string("none"));
}
