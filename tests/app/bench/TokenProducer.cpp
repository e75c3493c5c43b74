#include "TokenProducer.h"

namespace hearth::app::bench {

TokenProducer::TokenProducer(QStringList tokens, double tokensPerSecond, double seconds, qsizetype reasoningTokens)
    : tokens_(std::move(tokens)), rate_(tokensPerSecond), seconds_(seconds), reasoningTokens_(reasoningTokens) {}

void TokenProducer::start() {
  timer_ = new QTimer(this);  // created here so that it lives on the producer's thread
  timer_->setTimerType(Qt::PreciseTimer);
  timer_->setInterval(1);
  connect(timer_, &QTimer::timeout, this, &TokenProducer::tick);
  clock_.start();
  timer_->start();
}

void TokenProducer::tick() {
  const double elapsed = static_cast<double>(clock_.nsecsElapsed()) / 1e9;
  const auto due = static_cast<qint64>(std::min(elapsed, seconds_) * rate_);
  for (; emitted_ < due; ++emitted_) {
    const auto i = static_cast<qsizetype>(emitted_ % tokens_.size());
    emit token(tokens_[i], emitted_ < reasoningTokens_);
  }
  if (elapsed >= seconds_) {
    timer_->stop();
    emit finished(emitted_);
  }
}

}  // namespace hearth::app::bench
