// Shared helpers of the CPU op tests: seeded random inputs without zeros, and error measures that treat a
// NaN anywhere as the worst possible error.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace hearth_test {

// Values in ±[lo, hi] with random sign: no exact zeros that could hide an ignored term.
inline std::vector<float> random_values(std::mt19937& rng, std::size_t n, float lo = 0.05f, float hi = 1.0f) {
  std::uniform_real_distribution<float> mag(lo, hi);
  std::bernoulli_distribution neg(0.5);
  std::vector<float> v(n);
  for (float& x : v) x = neg(rng) ? -mag(rng) : mag(rng);
  return v;
}

inline std::vector<float> random_positive(std::mt19937& rng, std::size_t n, float lo, float hi) {
  std::uniform_real_distribution<float> u(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = u(rng);
  return v;
}

// max_i |a_i − b_i| / max(|b_i|, floor); infinity if sizes differ or anything is NaN.
template <typename A, typename B>
double max_rel_error(const A& a, const B& b, double floor = 1.0) {
  if (a.size() != b.size()) return std::numeric_limits<double>::infinity();
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double x = static_cast<double>(a[i]), y = static_cast<double>(b[i]);
    if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<double>::infinity();
    worst = std::max(worst, std::fabs(x - y) / std::max(std::fabs(y), floor));
  }
  return worst;
}

}  // namespace hearth_test
