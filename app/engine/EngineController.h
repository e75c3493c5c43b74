// The GUI thread's handle on the engine: starts the engine thread, moves an EngineWorker onto it, and
// turns the worker's queued signals into its own, keeping track of what the engine is doing (no model,
// loading, ready, generating). MainWindow and the model widgets talk to this and nothing else; every
// method here is called on the GUI thread and returns at once.
#pragma once

#include <QObject>
#include <QThread>

#include "engine/EngineTypes.h"
#include "engine/GenerationRequest.h"

namespace hearth::app {

class EngineWorker;

class EngineController : public QObject {
  Q_OBJECT

 public:
  enum class State { NoModel, Loading, Ready, Generating };
  Q_ENUM(State)

  explicit EngineController(QObject* parent = nullptr);
  // Stops a generation or load in progress and waits for the engine thread to end.
  ~EngineController() override;

  State state() const { return state_; }
  bool hasModel() const { return state_ == State::Ready || state_ == State::Generating; }
  bool isLoading() const { return state_ == State::Loading; }
  bool isGenerating() const { return state_ == State::Generating; }
  // The model in use (valid while hasModel()).
  const LoadedModelInfo& model() const { return model_; }
  // The request being answered (0: none).
  qint64 activeRequest() const { return activeRequest_; }

  // Loads a model in the background, replacing the one in use (a running generation is stopped first).
  // Ends with modelLoaded or loadFailed; loadProgress meanwhile.
  void loadModel(const QString& path, const QString& displayName, bool isDemo = false);
  // Cancels a load in progress (loadFailed with code Cancelled follows).
  void cancelLoad();
  void unloadModel();
  // Queues `request` with a fresh id (returned; request.requestId is ignored). Ends with generationFinished or
  // generationFailed for that id. Returns 0 and does nothing when no model is ready or one is generating.
  qint64 generate(GenerationRequest request);
  // Stops the generation in progress (within one token); generationFinished follows with stopReason "stopped".
  void stop();
  // Context positions and compute threads for the next load (0: the model's own / every core).
  void setContextLength(qint64 tokens);
  void setThreadCount(int threads);

  // For tests and diagnostics: the worker (its thread-safe methods only).
  EngineWorker* worker() const { return worker_; }

 signals:
  void stateChanged(hearth::app::EngineController::State state);
  void loadProgress(quint64 bytesDone, quint64 bytesTotal);
  void modelLoaded(const hearth::app::LoadedModelInfo& info);
  void loadFailed(const hearth::app::EngineError& error);
  void modelUnloaded();
  void prefillProgress(qint64 requestId, qint64 tokensDone, qint64 tokensTotal);
  void reasoningChunk(qint64 requestId, const QString& text);
  void contentChunk(qint64 requestId, const QString& text);
  void generationProgress(qint64 requestId, const hearth::app::GenerationStats& stats);
  void generationFinished(qint64 requestId, const hearth::app::GenerationStats& stats);
  void generationFailed(qint64 requestId, const hearth::app::EngineError& error);

 private:
  void setState(State state);
  void endGeneration(qint64 requestId);

  QThread thread_;
  EngineWorker* worker_ = nullptr;  // lives on thread_; deleted there when it finishes
  State state_ = State::NoModel;
  bool hadModelBeforeLoad_ = false;
  LoadedModelInfo model_;
  qint64 nextRequest_ = 1;
  qint64 activeRequest_ = 0;
};

}  // namespace hearth::app
