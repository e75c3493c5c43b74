// Comparing rows of logits or activations in tests: the largest difference relative to the largest reference
// magnitude, max|a − b| / max|b|, the measure the engine's tolerances are stated in. NaN on either side, or
// rows of different lengths, are infinitely wrong.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>

namespace hearth_test {

inline double max_relative_error(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size() || a.empty()) return INFINITY;
  double diff = 0.0, mag = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) return INFINITY;
    diff = std::max(diff, std::fabs(static_cast<double>(a[i]) - b[i]));
    mag = std::max(mag, std::fabs(static_cast<double>(b[i])));
  }
  return diff / std::max(mag, 1e-30);
}

}  // namespace hearth_test
