// The engine on its own thread. An EngineWorker lives on the QThread that EngineController starts; its
// slots are only ever called through queued connections and run there, one at a time, so the model and the
// session are touched by that thread alone. What it has to say goes back as queued signals carrying values
// (EngineTypes.h): chunks of reasoning and answer, progress, a finished generation with its stats, typed
// errors. requestStop() and requestCancelLoad() are the two exceptions: they only set atomics, so the GUI
// calls them directly and the running generation or load notices within one token or one load chunk.
#pragma once

#include <QObject>
#include <atomic>
#include <memory>

#include "engine/EngineTypes.h"
#include "engine/GenerationRequest.h"

namespace hearth::runtime {
struct ModelBundle;
}

namespace hearth::app {

class PromptCache;

class EngineWorker : public QObject {
  Q_OBJECT

 public:
  // How often generationProgress is sent while tokens flow.
  static constexpr int kProgressIntervalMs = 250;

  explicit EngineWorker(QObject* parent = nullptr);
  ~EngineWorker() override;

  // ---- Thread-safe: call from any thread.
  // Stops the generation running now and every one queued before this call (not later ones); it ends
  // within one token or one prefill chunk with stopReason "stopped".
  void requestStop();
  // Cancels the load running now; it ends with loadFailed(code Cancelled).
  void requestCancelLoad();
  // EngineController calls this before queuing generate(), so that requestStop() knows what is queued.
  void noteQueued(qint64 requestId);
  // Positions the session holds; applies to the next load (0: the model's own trained context).
  void setContextLength(qint64 tokens) { contextLength_.store(tokens); }
  // Compute threads for the next load (0: every core).
  void setThreadCount(int threads) { threads_.store(threads); }
  // Bytes per load step (0: the engine's 64 MiB): progress and cancellation act between steps.
  void setLoadChunkBytes(quint64 bytes) { loadChunkBytes_.store(bytes); }

 public slots:
  void loadModel(const QString& path, const QString& displayName, bool isDemo);
  void unloadModel();
  void generate(const hearth::app::GenerationRequest& request);

 signals:
  void loadProgress(quint64 bytesDone, quint64 bytesTotal);
  void modelLoaded(const hearth::app::LoadedModelInfo& info);
  void loadFailed(const hearth::app::EngineError& error);
  void modelUnloaded();
  // Before prefill: how many prompt tokens are new (reused ones are not counted).
  void prefillProgress(qint64 requestId, qint64 tokensDone, qint64 tokensTotal);
  void reasoningChunk(qint64 requestId, const QString& text);
  void contentChunk(qint64 requestId, const QString& text);
  void generationProgress(qint64 requestId, const hearth::app::GenerationStats& stats);
  void generationFinished(qint64 requestId, const hearth::app::GenerationStats& stats);
  void generationFailed(qint64 requestId, const hearth::app::EngineError& error);

 private:
  bool stopRequested(qint64 requestId) const { return requestId <= stopThrough_.load(std::memory_order_relaxed); }

  std::unique_ptr<runtime::ModelBundle> bundle_;
  std::unique_ptr<PromptCache> cache_;
  LoadedModelInfo info_;
  std::atomic<bool> cancelLoad_{false};
  std::atomic<qint64> queuedThrough_{0};  // the highest request id queued so far
  std::atomic<qint64> stopThrough_{0};    // requests up to this id are stopped
  std::atomic<qint64> contextLength_{0};
  std::atomic<int> threads_{0};
  std::atomic<quint64> loadChunkBytes_{0};
};

// Registers the value types of the queued signals with Qt (idempotent).
void registerEngineTypes();

}  // namespace hearth::app
