// Speed and time left of a model load from its progress reports (bytes done, bytes total, when).
//
// Reports arrive per chunk (64 MiB by default), so at a few GB/s they are milliseconds apart and jittery
// (page cache hits, then disk). Samples closer than kMinSpanMs to the last measured point are accumulated;
// each measured span gives an instantaneous rate r, folded into an exponential moving average with a
// time-based weight, so the smoothing is the same however often reports come:
//     alpha = 1 − exp(−dt / kTimeConstantMs),   rate ← rate + alpha·(r − rate)
// The first measured span sets the rate directly. Time left = (total − done) / rate.
#pragma once

#include <QtGlobal>
#include <optional>

namespace hearth::app {

class LoadRateEstimator {
 public:
  static constexpr qint64 kMinSpanMs = 250;        // shorter spans are too noisy to measure alone
  static constexpr double kTimeConstantMs = 2000;  // a rate change shows fully within a few seconds

  // Forgets everything (a new load).
  void reset();
  // One progress report taken at `msecs` on a monotonic clock. Bytes going backwards start over.
  void addSample(qint64 msecs, quint64 bytesDone, quint64 bytesTotal);

  // The smoothed rate; 0 until a span of at least kMinSpanMs has been measured.
  double bytesPerSecond() const { return rate_; }
  // Seconds until done at the smoothed rate; nullopt while the rate (or the total) is unknown. 0 when done.
  std::optional<double> secondsLeft() const;
  quint64 bytesDone() const { return done_; }
  quint64 bytesTotal() const { return total_; }

 private:
  bool started_ = false;
  qint64 markMs_ = 0;  // the last measured point
  quint64 markBytes_ = 0;
  quint64 done_ = 0;
  quint64 total_ = 0;
  double rate_ = 0.0;
  bool haveRate_ = false;
};

}  // namespace hearth::app
