// Benchmark (b): a producer thread emits tokens at a fixed rate (2,000 tokens/s by default) as queued
// signals, one per token as the engine thread does, and the GUI thread takes them the way the app does:
// the text is saved through a StreamWriter and shown through ChatView::showStreamingText, which repaints at
// most once per frame. A 1 ms probe timer on the GUI thread measures how late the event loop runs it; the
// target is a 99th percentile under 16 ms (one frame).
#pragma once

#include <QJsonObject>
#include <QString>

namespace hearth::app::bench {

struct StreamOptions {
  QString databasePath;
  double tokensPerSecond = 2000;
  double seconds = 5;
  double reasoningShare = 0.15;  // the first part of the stream is reasoning, as with thinking on
  int historyMessages = 20;      // earlier turns on screen above the answer
  unsigned seed = 11;
};

QJsonObject runStreamBenchmark(const StreamOptions& options);

}  // namespace hearth::app::bench
