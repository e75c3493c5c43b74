// Reference quantisers: quantise seeded random rows of several distributions, dequantise with the
// production dequantiser and bound the error per block. The bounds follow from each format:
//   Q8_0  half a step of d = amax/127, plus the fp16 rounding of d (2^-11 relative) over |q| <= 127;
//   Q5_0  the step is amax/16: within 1.25 steps (the least-squares refit may move d and clip the extreme);
//   Q4_K  within one step of the widest sub-block, (max - min)/15 over the 256-weight block;
//   Q6_K  within one step of the widest sub-block, amax/32.
// The root-mean-square bounds (over all blocks, in steps) sit near the uniform-rounding error
// 1/sqrt(12) = 0.289 steps; the K-quant searches beat it (0.19 on Gaussian data; all-positive blocks
// come closest because the K-quant offset cannot be positive, so [0, min) is wasted).
// Exact round trips where the format can hold the values exactly.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "support/check.h"
#include "gguf/tensor_types.h"

using namespace hearth::gguf;

namespace {

struct Distribution {
  const char* name;
  std::function<float(std::mt19937&, std::size_t)> draw;
};

std::vector<Distribution> distributions() {
  return {
      {"uniform", [](std::mt19937& r, std::size_t) { return std::uniform_real_distribution<float>(-1, 1)(r); }},
      {"gaussian", [](std::mt19937& r, std::size_t) { return std::normal_distribution<float>(0, 1)(r); }},
      {"small_gaussian", [](std::mt19937& r, std::size_t) { return std::normal_distribution<float>(0, 0.01f)(r); }},
      {"outliers",
       [](std::mt19937& r, std::size_t) {
         const float v = std::normal_distribution<float>(0, 1)(r);
         return std::uniform_int_distribution<int>(0, 99)(r) == 0 ? 20 * v : v;
       }},
      {"positive", [](std::mt19937& r, std::size_t) { return std::uniform_real_distribution<float>(0.5f, 2)(r); }},
      {"negative_shifted", [](std::mt19937& r, std::size_t) { return std::normal_distribution<float>(-3, 0.5f)(r); }},
      {"scale_per_32",  // sub-blocks of very different magnitude within one super-block
       [](std::mt19937& r, std::size_t i) {
         const float scale = std::pow(10.0f, -static_cast<float>((i / 32 * 7919) % 4));
         return scale * std::normal_distribution<float>(0, 1)(r);
       }},
      {"large", [](std::mt19937& r, std::size_t) { return std::normal_distribution<float>(0, 1000)(r); }},
      {"constant", [](std::mt19937&, std::size_t) { return 0.75f; }},
      {"zeros", [](std::mt19937&, std::size_t) { return 0.0f; }},
  };
}

struct BlockError {
  double max_abs = 0;  // worst element error over all blocks, relative to its block's bound scale
  double rms_rel = 0;  // rms over all blocks of (block rms error / its bound scale)
};

// Quantises n values, dequantises, and reports errors relative to `scale_of(block)` per block of `group`.
BlockError measure(TensorType type, const std::vector<float>& x, int group,
                   const std::function<double(const float*, int)>& scale_of, hearth_test::Context& hearth_ctx) {
  const auto n = static_cast<std::int64_t>(x.size());
  std::vector<std::uint8_t> q(row_bytes(type, n));
  std::vector<float> y(x.size());
  if (!quantize_row(type, x.data(), q.data(), n) || !dequantize_row(type, q.data(), y.data(), n)) {
    hearth_ctx.fail(__FILE__, __LINE__, "quantize/dequantize failed");
    return {1e9, 1e9};
  }
  BlockError worst;
  double sum_sq_rel = 0;
  std::int64_t counted = 0;
  for (std::int64_t b = 0; b < n / group; ++b) {
    const float* xb = x.data() + b * group;
    const float* yb = y.data() + b * group;
    const double scale = scale_of(xb, group);
    double max_err = 0, sq = 0;
    for (int i = 0; i < group; ++i) {
      const double e = std::fabs(static_cast<double>(xb[i]) - yb[i]);
      if (std::isnan(yb[i])) return {1e9, 1e9};
      max_err = std::max(max_err, e);
      sq += e * e;
    }
    const double rms = std::sqrt(sq / group);
    if (scale == 0) {
      if (max_err != 0) return {1e9, 1e9};
      continue;
    }
    worst.max_abs = std::max(worst.max_abs, max_err / scale);
    sum_sq_rel += (rms / scale) * (rms / scale);
    ++counted;
  }
  worst.rms_rel = counted > 0 ? std::sqrt(sum_sq_rel / static_cast<double>(counted)) : 0.0;
  return worst;
}

double amax_of(const float* x, int n) {
  double m = 0;
  for (int i = 0; i < n; ++i) m = std::max(m, std::fabs(static_cast<double>(x[i])));
  return m;
}

double range_of(const float* x, int n) {
  double lo = 0, hi = 0;  // the K-quant offset is ≤ 0, so zero always belongs to the range
  for (int i = 0; i < n; ++i) {
    lo = std::min(lo, static_cast<double>(x[i]));
    hi = std::max(hi, static_cast<double>(x[i]));
  }
  return hi - lo;
}

struct Case {
  TensorType type;
  int group;
  std::function<double(const float*, int)> scale;  // one quantisation step of the block
  double max_steps;  // bound on max |error| in steps
  double rms_steps;  // bound on rms error in steps
};

void run_cases(const std::vector<Case>& cases, hearth_test::Context& hearth_ctx) {
  for (const Case& c : cases) {
    std::uint32_t seed = 1234;
    for (const Distribution& dist : distributions()) {
      std::mt19937 rng(seed++);
      std::vector<float> x(256 * 64);
      for (std::size_t i = 0; i < x.size(); ++i) x[i] = dist.draw(rng, i);
      const BlockError e = measure(c.type, x, c.group, c.scale, hearth_ctx);
      std::printf("%-5s %-17s max %.3f steps, rms %.3f steps\n", std::string(type_name(c.type)).c_str(), dist.name,
                  e.max_abs, e.rms_rel);
      if (e.max_abs > c.max_steps || e.rms_rel > c.rms_steps)
        hearth_ctx.fail(__FILE__, __LINE__,
                        std::string(type_name(c.type)) + " on " + dist.name + ": max " + std::to_string(e.max_abs) +
                            " steps (bound " + std::to_string(c.max_steps) + "), rms " + std::to_string(e.rms_rel) +
                            " (bound " + std::to_string(c.rms_steps) + ")");
    }
  }
}

}  // namespace

TEST_CASE(q8_0_and_q5_0_error_bounds) {
  run_cases({
                // 0.5 step + fp16(d) error: 127 * d * 2^-11 = 0.062 step.
                {TensorType::Q8_0, 32, [](const float* x, int n) { return amax_of(x, n) / 127; }, 0.5 + 0.07, 0.31},
                {TensorType::Q5_0, 32, [](const float* x, int n) { return amax_of(x, n) / 16; }, 1.25, 0.31},
            },
            hearth_ctx);
}

TEST_CASE(k_quant_error_bounds) {
  run_cases({
                {TensorType::Q4_K, 256, [](const float* x, int n) { return range_of(x, n) / 15; }, 1.0, 0.27},
                {TensorType::Q6_K, 256, [](const float* x, int n) { return amax_of(x, n) / 32; }, 1.0, 0.27},
            },
            hearth_ctx);
}

TEST_CASE(float_types_error_bounds) {
  std::mt19937 rng(7);
  std::vector<float> x(4096);
  for (auto& v : x) v = std::ldexp(std::uniform_real_distribution<float>(-1, 1)(rng), std::uniform_int_distribution<int>(-14, 15)(rng));
  for (auto [type, rel] : {std::pair{TensorType::F16, std::ldexp(1.0, -11)}, std::pair{TensorType::BF16, std::ldexp(1.0, -8)}}) {
    std::vector<std::uint8_t> q(row_bytes(type, 4096));
    std::vector<float> y(4096);
    REQUIRE(quantize_row(type, x.data(), q.data(), 4096).is_ok());
    REQUIRE(dequantize_row(type, q.data(), y.data(), 4096).is_ok());
    int bad = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (std::fabs(static_cast<double>(x[i]) - y[i]) > rel * std::fabs(x[i]) + std::ldexp(1.0, -25)) ++bad;
    CHECK_EQ(bad, 0);
  }
}

TEST_CASE(exact_round_trips) {
  std::mt19937 rng(99);
  // F32: any bit pattern that is not NaN comes back bit for bit.
  std::vector<float> x(1024);
  for (auto& v : x) {
    std::uint32_t b;
    do b = static_cast<std::uint32_t>(rng());
    while ((b & 0x7F800000u) == 0x7F800000u);
    std::memcpy(&v, &b, 4);
  }
  std::vector<float> y(1024);
  std::vector<std::uint8_t> q(4096);
  REQUIRE(quantize_row(TensorType::F32, x.data(), q.data(), 1024).is_ok());
  REQUIRE(dequantize_row(TensorType::F32, q.data(), y.data(), 1024).is_ok());
  CHECK(std::memcmp(x.data(), y.data(), 4096) == 0);
  // F16/BF16: values that the format holds.
  for (TensorType type : {TensorType::F16, TensorType::BF16}) {
    for (auto& v : x) {
      const auto h = static_cast<std::uint16_t>(rng() & 0x7BFF);  // finite magnitudes only
      v = type == TensorType::F16 ? fp16_to_f32(h) : bf16_to_f32(h);
    }
    REQUIRE(quantize_row(type, x.data(), q.data(), 1024).is_ok());
    REQUIRE(dequantize_row(type, q.data(), y.data(), 1024).is_ok());
    CHECK(std::memcmp(x.data(), y.data(), 4096) == 0);
  }
  // Q8_0: d·q with d a power of two and some |q| = 127 in each block (so d = amax/127 exactly).
  // Q5_0: d·q with q in -16..15 and some q = -16.
  for (TensorType type : {TensorType::Q8_0, TensorType::Q5_0}) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      const float d = std::ldexp(1.0f, static_cast<int>(i / 32 % 8) - 4);
      const int level = type == TensorType::Q8_0 ? std::uniform_int_distribution<int>(-127, 127)(rng)
                                                 : std::uniform_int_distribution<int>(-15, 15)(rng);
      x[i] = d * static_cast<float>(i % 32 == 5 ? (type == TensorType::Q8_0 ? -127 : -16) : level);
    }
    REQUIRE(quantize_row(type, x.data(), q.data(), 1024).is_ok());
    REQUIRE(dequantize_row(type, q.data(), y.data(), 1024).is_ok());
    CHECK(std::memcmp(x.data(), y.data(), 4096) == 0);
  }
}

// The K-quant scale search must do better than taking each sub-block's min and max (same 6-bit scales).
TEST_CASE(q4_k_search_beats_min_max) {
  std::mt19937 rng(5);
  std::vector<float> x(256 * 32);
  for (auto& v : x) v = std::normal_distribution<float>(0, 1)(rng);
  std::vector<std::uint8_t> q(row_bytes(TensorType::Q4_K, 256 * 32));
  std::vector<float> y(x.size());
  REQUIRE(quantize_row(TensorType::Q4_K, x.data(), q.data(), static_cast<std::int64_t>(x.size())).is_ok());
  REQUIRE(dequantize_row(TensorType::Q4_K, q.data(), y.data(), static_cast<std::int64_t>(x.size())).is_ok());
  double err_search = 0, err_minmax = 0;
  for (std::size_t s = 0; s < x.size() / 32; ++s) {
    const float* xs = x.data() + 32 * s;
    const float lo = std::min(0.0f, *std::min_element(xs, xs + 32)), hi = *std::max_element(xs, xs + 32);
    const float step = (hi - lo) / 15;  // exact float scale: min-max is given an advantage here
    for (int i = 0; i < 32; ++i) {
      const float qv = std::round((xs[i] - lo) / step);
      const double e_mm = xs[i] - (lo + qv * step);
      const double e_s = xs[i] - y[32 * s + static_cast<std::size_t>(i)];
      err_minmax += e_mm * e_mm;
      err_search += e_s * e_s;
    }
  }
  std::printf("q4_K squared error: search %.3f, min-max %.3f\n", err_search, err_minmax);
  CHECK(err_search < 0.9 * err_minmax);
}

TEST_CASE(quantize_rejects_unsupported) {
  std::vector<float> x(256);
  std::vector<std::uint8_t> q(1024);
  auto s = quantize_row(TensorType::Q4_0, x.data(), q.data(), 256);
  CHECK(s.code() == hearth::ErrorCode::UnsupportedType);
  CHECK(s.message().find("q4_0") != std::string::npos);
  s = quantize_row(TensorType::Q6_K, x.data(), q.data(), 255);
  CHECK(s.code() == hearth::ErrorCode::InvalidArgument);
}
