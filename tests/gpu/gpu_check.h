// Shared by the gpu tests: one seeded generator per process (its seed printed, so a failure can be replayed),
// random inputs away from zero, an element-wise comparison that prints the first mismatches, and one thread
// pool for the CPU references.
#pragma once

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "runtime/thread_pool.h"

namespace hearth_test {

inline hearth::runtime::ThreadPool& test_pool() {
  static hearth::runtime::ThreadPool p;
  return p;
}

inline std::mt19937& gpu_rng() {
  static std::mt19937 gen([] {
    const unsigned seed = std::random_device{}();
    std::printf("seed %u\n", seed);
    return seed;
  }());
  return gen;
}

inline std::vector<float> uniform_values(std::size_t n, float lo, float hi) {
  std::uniform_real_distribution<float> u(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = u(gpu_rng());
  return v;
}

// Magnitudes in [lo, hi] with random signs: no exact zeros that could hide an ignored term.
inline std::vector<float> signed_values(std::size_t n, float lo, float hi) {
  std::vector<float> v = uniform_values(n, lo, hi);
  std::bernoulli_distribution neg(0.5);
  for (float& x : v)
    if (neg(gpu_rng())) x = -x;
  return v;
}

// Counts elements outside rel·|want| + abs (NaN always counts) and prints the first five.
template <typename Got, typename Want>
int count_mismatches(const Got& got, const Want& want, double rel, double abs, const char* what) {
  int bad = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double w = static_cast<double>(want[i]), g = static_cast<double>(got[i]);
    if (!(std::fabs(g - w) <= rel * std::fabs(w) + abs)) {
      if (bad < 5) std::fprintf(stderr, "  %s[%zu]: gpu %.9g cpu %.9g\n", what, i, g, w);
      ++bad;
    }
  }
  return bad;
}

}  // namespace hearth_test
