#include "engine/EngineController.h"

#include "engine/EngineWorker.h"

namespace hearth::app {

EngineController::EngineController(QObject* parent) : QObject(parent) {
  registerEngineTypes();
  thread_.setObjectName(QStringLiteral("hearth-engine"));
  worker_ = new EngineWorker;
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);

  // Each lambda runs on the GUI thread (the worker's signals arrive queued), updates the state, then
  // passes the value on: listeners see a state that already agrees with the signal.
  connect(worker_, &EngineWorker::loadProgress, this, &EngineController::loadProgress);
  connect(worker_, &EngineWorker::modelLoaded, this, [this](const LoadedModelInfo& info) {
    model_ = info;
    setState(State::Ready);
    emit modelLoaded(info);
  });
  connect(worker_, &EngineWorker::loadFailed, this, [this](const EngineError& error) {
    // The worker dropped the old model before loading: none is left.
    model_ = {};
    setState(State::NoModel);
    emit loadFailed(error);
  });
  connect(worker_, &EngineWorker::modelUnloaded, this, [this] {
    if (state_ == State::Loading) return;  // the load that replaces it is under way
    model_ = {};
    setState(State::NoModel);
    emit modelUnloaded();
  });
  connect(worker_, &EngineWorker::prefillProgress, this, &EngineController::prefillProgress);
  connect(worker_, &EngineWorker::reasoningChunk, this, &EngineController::reasoningChunk);
  connect(worker_, &EngineWorker::contentChunk, this, &EngineController::contentChunk);
  connect(worker_, &EngineWorker::generationProgress, this, &EngineController::generationProgress);
  connect(worker_, &EngineWorker::generationFinished, this, [this](qint64 id, const GenerationStats& stats) {
    endGeneration(id);
    emit generationFinished(id, stats);
  });
  connect(worker_, &EngineWorker::generationFailed, this, [this](qint64 id, const EngineError& error) {
    endGeneration(id);
    emit generationFailed(id, error);
  });
  thread_.start();
}

EngineController::~EngineController() {
  worker_->requestStop();
  worker_->requestCancelLoad();
  thread_.quit();
  thread_.wait();
}

void EngineController::setState(State state) {
  if (state_ == state) return;
  state_ = state;
  emit stateChanged(state);
}

void EngineController::endGeneration(qint64 requestId) {
  if (requestId != activeRequest_) return;
  activeRequest_ = 0;
  if (state_ == State::Generating) setState(State::Ready);
}

void EngineController::loadModel(const QString& path, const QString& displayName, bool isDemo) {
  if (isGenerating()) stop();
  activeRequest_ = 0;
  model_ = {};
  setState(State::Loading);
  QMetaObject::invokeMethod(
      worker_, [w = worker_, path, displayName, isDemo] { w->loadModel(path, displayName, isDemo); },
      Qt::QueuedConnection);
}

void EngineController::cancelLoad() {
  if (isLoading()) worker_->requestCancelLoad();
}

void EngineController::unloadModel() {
  if (isGenerating()) stop();
  if (isLoading()) cancelLoad();
  QMetaObject::invokeMethod(worker_, &EngineWorker::unloadModel, Qt::QueuedConnection);
}

qint64 EngineController::generate(GenerationRequest request) {
  if (state_ != State::Ready) return 0;
  request.requestId = nextRequest_++;
  activeRequest_ = request.requestId;
  worker_->noteQueued(request.requestId);
  setState(State::Generating);
  QMetaObject::invokeMethod(worker_, [w = worker_, request] { w->generate(request); }, Qt::QueuedConnection);
  return request.requestId;
}

void EngineController::stop() {
  if (isGenerating()) worker_->requestStop();
}

void EngineController::setContextLength(qint64 tokens) { worker_->setContextLength(tokens); }

void EngineController::setThreadCount(int threads) { worker_->setThreadCount(threads); }

}  // namespace hearth::app
