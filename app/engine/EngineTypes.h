// The values that cross from the engine thread to the GUI thread: what a loaded model is, how a generation
// went, and what went wrong. They travel in queued signals (EngineWorker), so each is a plain copyable value
// registered with Qt's meta-type system; none holds a pointer into the engine.
#pragma once

#include <QMetaType>
#include <QString>
#include <QtGlobal>

namespace hearth::app {

// An engine error as the user sees it: message and hint already translated (tr()), plus the engine's code
// (hearth::ErrorCode as int) so callers can react to kinds (Cancelled, OutOfMemory, ContextOverflow...).
struct EngineError {
  int code = 0;
  QString message;
  QString hint;
};

// The model in use and where it runs. backend is "CUDA" or "CPU"; device the GPU's or the processor's name;
// backendReason says why that backend was chosen, a sentence in the interface language (BackendChoice.h).
struct LoadedModelInfo {
  QString path;
  QString name;            // display name (discovery's, or the file name)
  QString architecture;    // general.architecture
  QString quantisation;    // the dominant weight type, e.g. "Q4_K_M"
  qint64 parameterCount = 0;
  qint64 trainedContext = 0;  // the model's own context length
  qint64 contextLimit = 0;    // what this session allows (settings, capped by memory)
  QString backend;
  QString device;
  QString backendReason;
  bool isDemo = false;        // the random-weight demo model synthesised at build time
  quint64 weightBytes = 0;
};

// How a generation went (sent a few times a second while it runs, and once at the end).
struct GenerationStats {
  qint64 promptTokens = 0;      // tokens prefilled for this request (after reusing the cached prefix)
  qint64 generatedTokens = 0;
  double prefillTokensPerSecond = 0.0;
  double decodeTokensPerSecond = 0.0;
  qint64 contextTokens = 0;     // tokens in the context now
  qint64 contextLimit = 0;
  quint64 hostMemoryBytes = 0;  // resident memory of the process
  quint64 deviceMemoryBytes = 0;  // GPU memory in use by the engine (0 on the CPU backend)
  QString stopReason;           // "end", "max_tokens", "stop_string", "stopped", "context_full"
  qint64 reusedTokens = 0;      // tokens of the prompt already in the session (not prefilled again)
  qint64 reasoningTokens = 0;   // of generatedTokens, those written inside <think>
  qint64 firstTokenMs = -1;     // from the request to the first generated token; -1 before it
  qint64 generationMs = 0;      // from the first generated token to the last
  // generationFinished only: the whole reply as parsed (equal to the concatenated chunks).
  QString content;
  QString reasoning;
};

}  // namespace hearth::app

Q_DECLARE_METATYPE(hearth::app::EngineError)
Q_DECLARE_METATYPE(hearth::app::LoadedModelInfo)
Q_DECLARE_METATYPE(hearth::app::GenerationStats)
