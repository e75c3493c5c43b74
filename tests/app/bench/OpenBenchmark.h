// Benchmark (a): a 10,000-message conversation in a fresh SQLite database, opened in a ChatView until the
// first frame is painted, then scrolled from top to bottom one mouse-wheel notch per frame, then its
// earlier messages brought in with "Show earlier messages" the way a reader scrolling back would.
#pragma once

#include <QJsonObject>
#include <QString>

namespace hearth::app::bench {

struct OpenOptions {
  QString databasePath;
  int messages = 10000;
  unsigned seed = 7;
  int earlierBudgetMs = 120000;  // stop loading earlier messages after this long (a very slow machine)
};

QJsonObject runOpenBenchmark(const OpenOptions& options);

}  // namespace hearth::app::bench
