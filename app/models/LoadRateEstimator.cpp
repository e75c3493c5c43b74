#include "models/LoadRateEstimator.h"

#include <cmath>

namespace hearth::app {

void LoadRateEstimator::reset() { *this = LoadRateEstimator(); }

void LoadRateEstimator::addSample(qint64 msecs, quint64 bytesDone, quint64 bytesTotal) {
  if (started_ && (bytesDone < done_ || msecs < markMs_)) reset();
  total_ = bytesTotal;
  done_ = bytesDone;
  if (!started_) {
    started_ = true;
    markMs_ = msecs;
    markBytes_ = bytesDone;
    return;
  }
  const qint64 span = msecs - markMs_;
  if (span < kMinSpanMs) return;
  const double instant = double(bytesDone - markBytes_) * 1000.0 / double(span);
  if (!haveRate_) {
    rate_ = instant;
    haveRate_ = true;
  } else {
    const double alpha = 1.0 - std::exp(-double(span) / kTimeConstantMs);
    rate_ += alpha * (instant - rate_);
  }
  markMs_ = msecs;
  markBytes_ = bytesDone;
}

std::optional<double> LoadRateEstimator::secondsLeft() const {
  if (!started_ || total_ == 0) return std::nullopt;
  if (done_ >= total_) return 0.0;
  if (!haveRate_ || rate_ <= 0.0) return std::nullopt;
  return double(total_ - done_) / rate_;
}

}  // namespace hearth::app
