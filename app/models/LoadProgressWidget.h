// What the window shows while a model loads: a progress bar, bytes done of total, speed, time left and a
// Cancel button; when the load fails, the engine's message and hint in its place, with a Close button.
// It knows nothing of the engine worker: MainWindow connects the worker's load signals to its slots and its
// cancelRequested() to the worker's requestCancelLoad().
#pragma once

#include <QWidget>
#include <functional>

#include "engine/EngineTypes.h"
#include "models/LoadRateEstimator.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QStackedLayout;

namespace hearth::app {

class LoadProgressWidget : public QWidget {
  Q_OBJECT

 public:
  explicit LoadProgressWidget(QWidget* parent = nullptr);

  // Milliseconds on a monotonic clock; tests set one they drive. Defaults to a QElapsedTimer.
  void setClock(std::function<qint64()> clock);

  // Texts as shown, for tests and for the accessible description.
  QString bytesText() const;
  QString speedText() const;
  QString timeLeftText() const;
  bool isShowingFailure() const;

 public slots:
  // A new load of `displayName` starts: everything resets.
  void begin(const QString& displayName);
  void onLoadProgress(quint64 bytesDone, quint64 bytesTotal);
  void onModelLoaded(const hearth::app::LoadedModelInfo& info);
  // Shows the error; a cancelled load reads as such rather than as a failure.
  void onLoadFailed(const hearth::app::EngineError& error);

 signals:
  void cancelRequested();
  // The user closed the failure display.
  void dismissed();

 private:
  void updateTexts();

  std::function<qint64()> clock_;
  LoadRateEstimator rate_;
  QString name_;
  bool cancelling_ = false;

  QStackedLayout* pages_ = nullptr;
  QWidget* progressPage_ = nullptr;
  QWidget* failurePage_ = nullptr;
  QLabel* title_ = nullptr;
  QProgressBar* bar_ = nullptr;
  QLabel* bytes_ = nullptr;
  QLabel* speed_ = nullptr;
  QLabel* timeLeft_ = nullptr;
  QPushButton* cancel_ = nullptr;
  QLabel* failureTitle_ = nullptr;
  QLabel* failureMessage_ = nullptr;
  QLabel* failureHint_ = nullptr;
  QPushButton* close_ = nullptr;
};

}  // namespace hearth::app
