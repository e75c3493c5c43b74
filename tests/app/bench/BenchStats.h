// Percentiles of a sample of durations, for the benchmarks' JSON.
#pragma once

#include <QJsonObject>
#include <QList>
#include <algorithm>
#include <cmath>
#include <ctime>

namespace hearth::app::bench {

// CPU time of the calling thread in milliseconds. On a shared machine wall time includes waiting for a
// core; CPU time is what the work itself costs, so the benchmarks report both.
inline double threadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Nearest-rank percentile (p in 0..100) of `values`; 0 for an empty sample.
inline double percentile(QList<double> values, double p) {
  if (values.isEmpty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<qsizetype>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<qsizetype>(rank - 1, 0, values.size() - 1)];
}

// {count, p50_ms, p99_ms, max_ms} of durations in milliseconds, rounded to microseconds.
inline QJsonObject summary(const QList<double>& ms) {
  auto round3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };
  return {{QStringLiteral("count"), static_cast<double>(ms.size())},
          {QStringLiteral("p50_ms"), round3(percentile(ms, 50))},
          {QStringLiteral("p99_ms"), round3(percentile(ms, 99))},
          {QStringLiteral("max_ms"), round3(ms.isEmpty() ? 0.0 : *std::max_element(ms.cbegin(), ms.cend()))}};
}

}  // namespace hearth::app::bench
