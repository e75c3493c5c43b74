#include "engine/EngineWorker.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "chat/output_parser.h"
#include "core/memory_usage.h"
#include "engine/BackendChoice.h"
#include "engine/EngineError.h"
#include "engine/PromptCache.h"
#include "gguf/tensor_types.h"
#include "model/arch_table.h"
#include "model/model_stats.h"
#include "model/quant_mix.h"
#include "runtime/chat_prompt.h"
#include "runtime/model_bundle.h"
#include "runtime/session.h"
#include "tokenizer/stream_decoder.h"

namespace hearth::app {
namespace {

// Used when neither the settings nor the file say how long the context may be.
constexpr qint64 kFallbackContext = 4096;

const char* roleName(Role role) {
  switch (role) {
    case Role::System:
      return "system";
    case Role::User:
      return "user";
    case Role::Assistant:
      return "assistant";
    case Role::Tool:
      return "tool";
  }
  return "user";
}

nlohmann::ordered_json templateMessages(const GenerationRequest& request) {
  nlohmann::ordered_json messages = nlohmann::ordered_json::array();
  if (!request.systemPrompt.isEmpty())
    messages.push_back({{"role", "system"}, {"content", request.systemPrompt.toStdString()}});
  for (const ChatTurn& turn : request.messages) {
    nlohmann::ordered_json m = {{"role", roleName(turn.role)}, {"content", turn.content.toStdString()}};
    if (turn.role == Role::Assistant && !turn.reasoning.isEmpty()) m["reasoning_content"] = turn.reasoning.toStdString();
    messages.push_back(std::move(m));
  }
  return messages;
}

QString stopReasonName(runtime::StopReason reason) {
  switch (reason) {
    case runtime::StopReason::EndOfGeneration:
      return QStringLiteral("end");
    case runtime::StopReason::MaxTokens:
      return QStringLiteral("max_tokens");
    case runtime::StopReason::StopString:
      return QStringLiteral("stop_string");
    case runtime::StopReason::Callback:
      return QStringLiteral("stopped");
    case runtime::StopReason::ContextFull:
      return QStringLiteral("context_full");
  }
  return QStringLiteral("end");
}

EngineError noModelError() {
  EngineError e = engineError(ErrorCode::NotAvailable);
  e.message = QCoreApplication::translate("EngineError", "No model is loaded.");
  e.hint = QCoreApplication::translate("EngineError", "Open a model (File ▸ Open Model…) or try the demo model.");
  return e;
}

LoadedModelInfo describeModel(const runtime::ModelBundle& bundle, const QString& path, const QString& displayName,
                              bool isDemo, qint64 contextLimit) {
  const model::LoadedModel& loaded = *bundle.source;
  const model::TensorTotals totals = model::tensor_totals(loaded.file->tensors());
  LoadedModelInfo info;
  info.path = path;
  info.name = displayName;
  info.architecture = QString::fromStdString(std::string(model::arch_name(loaded.config.arch)));
  // The file's own name for its mix ("Q4_K_M") when it has one, else the type holding most bytes ("Q8_0").
  std::uint64_t fileType = 0;
  const std::string_view mixName =
      loaded.file->get_u64("general.file_type", fileType) ? model::file_type_name(static_cast<std::uint32_t>(fileType))
                                                         : std::string_view();
  info.quantisation = QString::fromStdString(std::string(mixName.empty() ? gguf::type_name(totals.dominant_type) : mixName))
                          .toUpper();
  info.parameterCount = totals.params;
  info.trainedContext = loaded.config.n_ctx_train;
  info.contextLimit = contextLimit;
  const BackendChoice choice = backendChoice(bundle);
  info.backend = choice.backend;
  info.device = choice.device;
  info.backendReason = choice.reason;
  info.isDemo = isDemo;
  info.weightBytes = totals.bytes;
  return info;
}

}  // namespace

void registerEngineTypes() {
  qRegisterMetaType<hearth::app::EngineError>();
  qRegisterMetaType<hearth::app::LoadedModelInfo>();
  qRegisterMetaType<hearth::app::GenerationStats>();
  qRegisterMetaType<hearth::app::GenerationRequest>();
}

EngineWorker::EngineWorker(QObject* parent) : QObject(parent) { registerEngineTypes(); }

EngineWorker::~EngineWorker() = default;

void EngineWorker::requestStop() { stopThrough_.store(queuedThrough_.load()); }

void EngineWorker::requestCancelLoad() { cancelLoad_.store(true); }

void EngineWorker::noteQueued(qint64 requestId) {
  qint64 seen = queuedThrough_.load();
  while (seen < requestId && !queuedThrough_.compare_exchange_weak(seen, requestId)) {
  }
}

void EngineWorker::loadModel(const QString& path, const QString& displayName, bool isDemo) {
  // The old model goes first: two large models rarely fit in memory together.
  unloadModel();
  cancelLoad_.store(false);
  runtime::BundleOptions options;
  options.load.cancel = &cancelLoad_;
  options.load.progress = [this](std::uint64_t done, std::uint64_t total) { emit loadProgress(done, total); };
  const quint64 chunk = loadChunkBytes_.load();
  if (chunk > 0) options.load.chunk_bytes = chunk;
  options.n_threads = threads_.load();
  // The GPU is chosen only if the weights and a session of this length fit (the trained length is not
  // known before the header is read; the setting or the fallback stands in for it).
  options.n_ctx = contextLength_.load() > 0 ? contextLength_.load() : kFallbackContext;
  Result<runtime::ModelBundle> bundle = runtime::load_model_bundle(path.toStdString(), options);
  cancelLoad_.store(false);
  if (!bundle) {
    emit loadFailed(engineError(bundle.status()));
    return;
  }
  const qint64 trained = bundle->config().n_ctx_train;
  const qint64 wanted = contextLength_.load();
  qint64 context = wanted > 0 ? wanted : (trained > 0 ? trained : kFallbackContext);
  if (trained > 0) context = std::min(context, trained);
  runtime::SessionOptions so;
  so.n_ctx = context;
  Result<std::unique_ptr<runtime::Session>> session = runtime::Session::create(bundle->backend, so);
  if (!session) {
    emit loadFailed(engineError(session.status()));
    return;
  }
  bundle_ = std::make_unique<runtime::ModelBundle>(std::move(bundle.value()));
  cache_ = std::make_unique<PromptCache>(std::move(session.value()));
  info_ = describeModel(*bundle_, path, displayName, isDemo, context);
  emit modelLoaded(info_);
}

void EngineWorker::unloadModel() {
  if (!bundle_) return;
  cache_.reset();
  bundle_.reset();
  info_ = {};
  emit modelUnloaded();
}

void EngineWorker::generate(const GenerationRequest& request) {
  const qint64 id = request.requestId;
  QElapsedTimer clock;
  clock.start();
  GenerationStats stats;
  if (stopRequested(id)) {
    stats.stopReason = QStringLiteral("stopped");
    emit generationFinished(id, stats);
    return;
  }
  if (!bundle_) {
    emit generationFailed(id, noModelError());
    return;
  }
  runtime::Session& session = cache_->session();
  stats.contextLimit = session.n_ctx();

  chat::ChatOptions options;
  options.enable_thinking = request.thinking != ThinkingMode::Off;
  if (request.thinking == ThinkingMode::LowEffort) options.low_effort = true;
  Result<runtime::ChatPrompt> prompt =
      runtime::encode_chat(bundle_->chat_template, *bundle_->tokenizer, templateMessages(request), nullptr, options);
  if (!prompt) {
    emit generationFailed(id, engineError(prompt.status()));
    return;
  }

  // The conversation without the generation prompt: the next turn repeats it token for token.
  chat::ChatOptions historyOptions = options;
  historyOptions.add_generation_prompt = false;
  Result<runtime::ChatPrompt> history = runtime::encode_chat(bundle_->chat_template, *bundle_->tokenizer,
                                                             templateMessages(request), nullptr, historyOptions);
  const std::int64_t checkpoint = history ? static_cast<std::int64_t>(history->tokens.size()) : 0;

  // Prefill: only the part of the prompt the session does not hold yet.
  QElapsedTimer prefillClock;
  prefillClock.start();
  Result<std::int64_t> reused = cache_->feed(prompt->tokens, checkpoint, [this, id](std::int64_t done, std::int64_t total) {
    emit prefillProgress(id, done, total);
    return !stopRequested(id);
  });
  if (!reused) {
    if (reused.status().code() == ErrorCode::Cancelled && stopRequested(id)) {
      stats.stopReason = QStringLiteral("stopped");
      stats.contextTokens = session.n_past();
      emit generationFinished(id, stats);
    } else {
      emit generationFailed(id, engineError(reused.status()));
    }
    return;
  }
  const double prefillSeconds = static_cast<double>(prefillClock.nsecsElapsed()) / 1e9;
  stats.reusedTokens = *reused;
  stats.promptTokens = static_cast<qint64>(prompt->tokens.size()) - *reused;
  stats.prefillTokensPerSecond = prefillSeconds > 0 ? static_cast<double>(stats.promptTokens) / prefillSeconds : 0.0;

  // Decode: tokens → UTF-8-safe text → reasoning and answer.
  runtime::Sampler sampler(request.sampling);
  runtime::GenerateOptions go;
  go.max_tokens = std::max<qint64>(1, request.maxTokens);
  go.eog_tokens = bundle_->eog_tokens();
  go.piece = bundle_->piece_function();
  tokenizer::StreamDecoder stream(*bundle_->tokenizer);
  chat::OutputParser parser(options.enable_thinking.value_or(true) ? chat::OutputParser::Start::Reasoning
                                                                   : chat::OutputParser::Start::Answer);
  QElapsedTimer decodeClock;
  QElapsedTimer sinceProgress;
  sinceProgress.start();
  auto send = [&](const std::vector<chat::OutputEvent>& events) {
    bool reasoning = false;
    for (const chat::OutputEvent& e : events) {
      switch (e.kind) {
        case chat::OutputEvent::Kind::Reasoning: {
          const QString text = QString::fromStdString(e.text);
          stats.reasoning += text;
          reasoning = true;
          emit reasoningChunk(id, text);
          break;
        }
        case chat::OutputEvent::Kind::Answer: {
          const QString text = QString::fromStdString(e.text);
          stats.content += text;
          emit contentChunk(id, text);
          break;
        }
        case chat::OutputEvent::Kind::ToolCall: {
          // No tools are offered yet; a call the model makes anyway is shown, not dropped.
          const QString text = QStringLiteral("\n`tool call: %1`\n").arg(QString::fromStdString(e.call.name));
          stats.content += text;
          emit contentChunk(id, text);
          break;
        }
      }
    }
    return reasoning;
  };
  auto timeStats = [&] {
    stats.contextTokens = session.n_past();
    stats.generationMs = decodeClock.isValid() ? decodeClock.elapsed() : 0;
    const double seconds = decodeClock.isValid() ? static_cast<double>(decodeClock.nsecsElapsed()) / 1e9 : 0.0;
    stats.decodeTokensPerSecond = seconds > 0 ? static_cast<double>(stats.generatedTokens) / seconds : 0.0;
    stats.hostMemoryBytes = hearth::resident_bytes();
    // The session's own GPU state, plus the weights when they live there.
    const std::uint64_t state = session.stats().device_memory_bytes;
    stats.deviceMemoryBytes = state > 0 ? state + bundle_->backend->weight_bytes() : 0;
  };
  std::string text;
  Result<runtime::GenerateResult> result =
      session.generate(sampler, go, [&](std::int32_t token, std::string_view) {
        if (!decodeClock.isValid()) {
          decodeClock.start();
          stats.firstTokenMs = clock.elapsed();
        }
        ++stats.generatedTokens;
        text.clear();
        if (stream.push(token, text).is_ok() && !text.empty() && send(parser.feed(text))) ++stats.reasoningTokens;
        if (sinceProgress.elapsed() >= kProgressIntervalMs) {
          sinceProgress.restart();
          timeStats();
          GenerationStats progress = stats;
          progress.content.clear();  // the text travels in the chunks
          progress.reasoning.clear();
          emit generationProgress(id, progress);
        }
        return !stopRequested(id);
      });
  text.clear();
  stream.finish(text);
  if (!text.empty()) send(parser.feed(text));
  send(parser.finish());
  if (!result) {
    emit generationFailed(id, engineError(result.status()));
    return;
  }
  timeStats();
  stats.stopReason = stopReasonName(result->reason);
  emit generationFinished(id, stats);
}

}  // namespace hearth::app
