// The engine thread's stand-in for the stream benchmark: on its own thread, a 1 ms timer emits as many
// token signals as the rate says are due, so the GUI receives them queued, one signal per token.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace hearth::app::bench {

class TokenProducer : public QObject {
  Q_OBJECT

 public:
  TokenProducer(QStringList tokens, double tokensPerSecond, double seconds, qsizetype reasoningTokens);

 public slots:
  void start();

 signals:
  void token(const QString& text, bool reasoning);
  void finished(qint64 emitted);

 private:
  void tick();

  QStringList tokens_;
  double rate_;
  double seconds_;
  qsizetype reasoningTokens_;
  qint64 emitted_ = 0;
  QElapsedTimer clock_;
  QTimer* timer_ = nullptr;
};

}  // namespace hearth::app::bench
