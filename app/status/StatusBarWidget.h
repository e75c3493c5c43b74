// The status bar's right-hand side: the model and the backend in use (CUDA with the GPU's name, or CPU, and
// why, in the tooltip and accessible description), tokens per second while generating, tokens in context
// against the limit, and memory in use (host resident memory, GPU memory when the engine uses any).
// It knows nothing of the engine worker: MainWindow connects the worker's signals to these slots.
#pragma once

#include <QWidget>

#include "backend/device_info.h"
#include "engine/EngineTypes.h"

class QLabel;
class QTimer;

namespace hearth::app {

class StatusBarWidget : public QWidget {
  Q_OBJECT

 public:
  explicit StatusBarWidget(QWidget* parent = nullptr);

  // How often host memory is read while no generation reports it (ms; 0: never). Default 2000.
  void setMemoryPollInterval(int msecs);

  // The texts as shown, for tests.
  QString backendText() const;
  QString backendReason() const;
  QString modelText() const;
  QString speedText() const;
  QString contextText() const;
  QString memoryText() const;

 public slots:
  // Before a model is loaded: what the machine offers (from hearth::query_devices()).
  void setDeviceReport(const hearth::DeviceReport& report);
  void onModelLoaded(const hearth::app::LoadedModelInfo& info);
  // The model was closed or failed to load: back to what the machine offers.
  void onModelUnloaded();
  void onGenerationProgress(qint64 requestId, const hearth::app::GenerationStats& stats);
  void onGenerationFinished(qint64 requestId, const hearth::app::GenerationStats& stats);
  // Reads the process's resident memory now.
  void refreshMemory();

 private:
  void showStats(const GenerationStats& stats, bool running);
  void showContext(qint64 tokens, qint64 limit);
  void showMemory();
  void setBackend(const QString& text, const QString& reason);

  QLabel* model_ = nullptr;
  QLabel* backend_ = nullptr;
  QLabel* speed_ = nullptr;
  QLabel* context_ = nullptr;
  QLabel* memory_ = nullptr;
  QTimer* memoryTimer_ = nullptr;
  hearth::DeviceReport devices_;
  bool haveDevices_ = false;
  bool generating_ = false;
  quint64 hostBytes_ = 0;
  quint64 deviceBytes_ = 0;
};

}  // namespace hearth::app
