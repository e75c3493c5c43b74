// A QApplication that can record the CPU time of each event the GUI thread handles (queued token signals,
// timers, paints). On a busy shared machine the probe's lateness mostly measures waiting for a core; the
// longest event is what Hearth itself would make the probe wait on an idle one.
#pragma once

#include <QApplication>
#include <QList>
#include <QThread>

#include "BenchStats.h"

namespace hearth::app::bench {

class EventCostApplication : public QApplication {
 public:
  using QApplication::QApplication;

  static EventCostApplication* instance() { return static_cast<EventCostApplication*>(qApp); }

  void startRecording() {
    costs_.clear();
    recording_ = true;
  }
  QList<double> stopRecording() {
    recording_ = false;
    return costs_;
  }

  bool notify(QObject* receiver, QEvent* event) override {
    // Only outermost events on the GUI thread: a nested one's time is part of the event that ran it.
    if (!recording_ || QThread::currentThread() != thread() || depth_ > 0) return QApplication::notify(receiver, event);
    ++depth_;
    const double start = threadCpuMs();
    const bool handled = QApplication::notify(receiver, event);
    costs_ << threadCpuMs() - start;
    --depth_;
    return handled;
  }

 private:
  bool recording_ = false;
  int depth_ = 0;
  QList<double> costs_;
};

}  // namespace hearth::app::bench
