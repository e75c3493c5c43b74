#include "OpenBenchmark.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QScrollBar>
#include <QTextDocument>
#include <QWindow>

#include "BenchStats.h"
#include "SampleConversation.h"
#include "chat/ChatView.h"

namespace hearth::app::bench {

namespace {

double msSince(const QElapsedTimer& t) { return static_cast<double>(t.nsecsElapsed()) / 1e6; }

// One frame: the event loop runs what is pending (layout, updates), then the viewport paints now.
void paintFrame(ChatView& view) {
  QCoreApplication::processEvents();
  view.viewport()->repaint();
}

// Every frame of a scroll from the top to the end: a wheel notch (three lines) per frame.
QList<double> scrollThrough(ChatView& view) {
  QScrollBar* bar = view.verticalScrollBar();
  bar->setValue(0);
  paintFrame(view);
  const int step = std::max(1, bar->singleStep() * QApplication::wheelScrollLines());
  QList<double> frames;
  QElapsedTimer t;
  while (bar->value() < bar->maximum()) {
    t.start();
    bar->setValue(bar->value() + step);
    paintFrame(view);
    frames << msSince(t);
  }
  return frames;
}

}  // namespace

QJsonObject runOpenBenchmark(const OpenOptions& options) {
  QJsonObject out{{QStringLiteral("benchmark"), QStringLiteral("open_and_scroll")},
                  {QStringLiteral("messages"), options.messages}};
  auto storage = Storage::open(options.databasePath);
  if (!storage) return {{QStringLiteral("error"), storage.error().detail}};

  // Writing 10,000 messages with an fsync each would measure the disk, not Hearth: only the fill skips it.
  QElapsedTimer t;
  t.start();
  (void)(*storage)->database().exec("PRAGMA synchronous=OFF");
  auto id = writeLongConversation(**storage, options.messages, options.seed);
  (void)(*storage)->database().exec("PRAGMA synchronous=FULL");
  if (!id) return {{QStringLiteral("error"), id.error().detail}};
  out[QStringLiteral("fill_ms")] = msSince(t);

  ChatView view(**storage);
  view.resize(1000, 800);
  view.show();
  while (!view.windowHandle() || !view.windowHandle()->isExposed()) QCoreApplication::processEvents();
  paintFrame(view);

  // Open: read the branch from SQLite, render the newest messages, lay them out and paint the first frame.
  t.start();
  double cpu = threadCpuMs();
  const auto path = (*storage)->activePath(*id);  // the read alone, for scale (showConversation reads again)
  out[QStringLiteral("read_branch_cpu_ms")] = threadCpuMs() - cpu;
  if (!path) return {{QStringLiteral("error"), path.error().detail}};
  t.start();
  cpu = threadCpuMs();
  view.showConversation(*id);
  paintFrame(view);
  out[QStringLiteral("open_to_first_frame_ms")] = msSince(t);
  out[QStringLiteral("open_to_first_frame_cpu_ms")] = threadCpuMs() - cpu;
  out[QStringLiteral("shown_messages")] = view.shownCount();
  t.start();
  const double height = view.document()->size().height();  // forces the rest of the layout
  out[QStringLiteral("rest_of_layout_ms")] = msSince(t);
  out[QStringLiteral("document_height_px")] = height;

  const QList<double> frames = scrollThrough(view);
  out[QStringLiteral("scroll_frames")] = summary(frames);

  // Earlier messages, a window at a time, as a reader going back would ask for them.
  QList<double> earlier;
  QList<double> earlierCpu;
  QElapsedTimer budget;
  budget.start();
  while (view.shownCount() < view.messages().size() && budget.elapsed() < options.earlierBudgetMs) {
    t.start();
    cpu = threadCpuMs();
    view.activateLink(QUrl(QStringLiteral("more:")));
    paintFrame(view);
    earlier << msSince(t);
    earlierCpu << threadCpuMs() - cpu;
  }
  out[QStringLiteral("show_earlier_clicks")] = summary(earlier);
  out[QStringLiteral("show_earlier_clicks_cpu")] = summary(earlierCpu);
  out[QStringLiteral("shown_after_clicks")] = view.shownCount();
  if (view.shownCount() == view.messages().size()) {
    const QList<double> all = scrollThrough(view);
    out[QStringLiteral("scroll_frames_all_messages")] = summary(all);
  }
  return out;
}

}  // namespace hearth::app::bench
