#include "window/ChatFlow.h"

#include <QRandomGenerator>

#include "chat/ChatView.h"
#include "chat/ConversationListWidget.h"
#include "engine/EngineController.h"
#include "settings/Settings.h"
#include "storage/StreamWriter.h"

namespace hearth::app {
namespace {

// Titles named after the first message keep its first line, cut to this many characters.
constexpr int kTitleLength = 60;

runtime::SamplerParams samplerParams(const SamplingSettings& s) {
  runtime::SamplerParams p;
  p.temperature = static_cast<float>(s.temperature);
  p.greedy = s.temperature <= 0.0;
  p.top_p = static_cast<float>(s.topP);
  p.top_k = s.topK;
  p.min_p = static_cast<float>(s.minP);
  p.repetition_penalty = static_cast<float>(s.repetitionPenalty);
  p.presence_penalty = static_cast<float>(s.presencePenalty);
  // A fresh draw each time: regenerating must be able to give another answer.
  p.seed = QRandomGenerator::global()->generate64();
  return p;
}

MessageStats messageStats(const GenerationStats& s) {
  MessageStats m;
  m.promptTokens = s.promptTokens + s.reusedTokens;
  m.completionTokens = s.generatedTokens;
  m.reasoningTokens = s.reasoningTokens;
  if (s.firstTokenMs >= 0) m.firstTokenMs = s.firstTokenMs;
  m.generationMs = s.generationMs;
  return m;
}

}  // namespace

ChatFlow::ChatFlow(Storage& storage, EngineController& engine, ChatView& view, AppSettings& settings, QObject* parent)
    : QObject(parent), storage_(storage), engine_(engine), view_(view), settings_(settings) {
  frame_.setSingleShot(true);
  frame_.setTimerType(Qt::PreciseTimer);
  frame_.setInterval(kFrameMs);
  connect(&frame_, &QTimer::timeout, this, &ChatFlow::flushFrame);
  connect(&engine_, &EngineController::contentChunk, this,
          [this](qint64 id, const QString& text) { onChunk(id, text, false); });
  connect(&engine_, &EngineController::reasoningChunk, this,
          [this](qint64 id, const QString& text) { onChunk(id, text, true); });
  connect(&engine_, &EngineController::generationFinished, this, &ChatFlow::onFinished);
  connect(&engine_, &EngineController::generationFailed, this, &ChatFlow::onFailed);
}

ChatFlow::~ChatFlow() {
  if (writer_) {
    engine_.stop();
    endAnswer(MessageStatus::Stopped, {}, {});
  }
}

void ChatFlow::setConversation(ConversationId id) {
  conversation_ = id;
  view_.showConversation(id);
  if (id != 0 && id == streamingConversation_) view_.showStreamingText(streamingMessage_, content_, reasoning_);
}

void ChatFlow::reportStorage(const StorageError& error) { emit failed(userMessage(error), error.detail); }

bool ChatFlow::canStart() {
  return conversation_ != 0 && !writer_ && engine_.state() == EngineController::State::Ready;
}

bool ChatFlow::send(const QString& text) {
  if (!canStart() || text.trimmed().isEmpty()) return false;
  auto path = storage_.activePath(conversation_);
  if (!path) {
    reportStorage(path.error());
    return false;
  }
  NewMessage user;
  user.conversationId = conversation_;
  user.parentId = path->isEmpty() ? 0 : path->last().id;
  user.role = Role::User;
  user.content = text;
  auto added = storage_.addMessage(user);
  if (!added) {
    reportStorage(added.error());
    return false;
  }
  if (path->isEmpty()) nameAfterFirstMessage(text);
  return answerUser(*added);
}

bool ChatFlow::answerUser(const Message& user) {
  NewMessage assistant;
  assistant.conversationId = user.conversationId;
  assistant.parentId = user.id;
  assistant.role = Role::Assistant;
  assistant.status = MessageStatus::Streaming;
  assistant.model = engine_.model().name;
  auto answerMessage = storage_.addMessage(assistant);
  if (!answerMessage) {
    reportStorage(answerMessage.error());
    return false;
  }
  return answer(*answerMessage);
}

bool ChatFlow::regenerate(MessageId assistantId) {
  if (!canStart()) return false;
  auto fresh = storage_.regenerate(assistantId, engine_.model().name);
  if (!fresh) {
    reportStorage(fresh.error());
    return false;
  }
  return answer(*fresh);
}

bool ChatFlow::regenerateLast() {
  for (qsizetype i = view_.messages().size() - 1; i >= 0; --i)
    if (view_.messages()[i].role == Role::Assistant) return regenerate(view_.messages()[i].id);
  return false;
}

bool ChatFlow::editUserMessage(MessageId userId, const QString& text) {
  if (!canStart() || text.trimmed().isEmpty()) return false;
  auto edited = storage_.editUserMessage(userId, text);
  if (!edited) {
    reportStorage(edited.error());
    return false;
  }
  return answerUser(*edited);
}

void ChatFlow::stop() {
  if (writer_) engine_.stop();
}

GenerationRequest ChatFlow::requestFor(const QList<Message>& history) const {
  GenerationRequest request;
  for (const Message& m : history) {
    // An answer that failed before writing anything says nothing the model should read back.
    if (m.role == Role::Assistant && m.content.isEmpty() && m.reasoning.isEmpty()) continue;
    request.messages.append(ChatTurn{m.role, m.content, m.reasoning});
  }
  request.systemPrompt = settings_.activeSystemPrompt();
  const ConversationId id = history.isEmpty() ? conversation_ : history.first().conversationId;
  auto conversation = storage_.conversation(id);
  request.thinking = conversation ? conversation->thinkingMode : settings_.defaultThinkingMode();
  const SamplingSettings sampling = settings_.sampling();
  request.sampling = samplerParams(sampling);
  request.maxTokens = sampling.maxTokens;
  return request;
}

bool ChatFlow::answer(const Message& assistant) {
  // The history is the branch down to the answer's parent, as storage now shows it.
  auto path = storage_.activePath(assistant.conversationId);
  if (!path) {
    reportStorage(path.error());
    storage_.finishMessage(assistant.id, MessageStatus::Failed, {}, userMessage(path.error()));
    return false;
  }
  QList<Message> history;
  for (const Message& m : *path) {
    if (m.id == assistant.id) break;
    history.append(m);
  }
  writer_ = std::make_unique<StreamWriter>(storage_, assistant.id);
  connect(writer_.get(), &StreamWriter::saveFailed, this, [this](const StorageError& error) { reportStorage(error); });
  streamingMessage_ = assistant.id;
  streamingConversation_ = assistant.conversationId;
  content_.clear();
  reasoning_.clear();
  request_ = engine_.generate(requestFor(history));
  if (request_ == 0) {
    // The engine changed state between the check and now (a load started): say so on the message.
    endAnswer(MessageStatus::Failed, {}, tr("No model was ready to answer."));
    return false;
  }
  if (view_.conversation() == streamingConversation_) view_.reload();
  emit answerStarted(assistant.id);
  return true;
}

void ChatFlow::onChunk(qint64 requestId, const QString& text, bool reasoning) {
  if (requestId != request_ || !writer_) return;
  (reasoning ? reasoning_ : content_) += text;
  const StorageStatus saved = reasoning ? writer_->appendReasoning(text) : writer_->appendContent(text);
  if (!saved) reportStorage(saved.error());
  if (!frame_.isActive()) frame_.start();
}

void ChatFlow::flushFrame() {
  if (writer_ && view_.conversation() == streamingConversation_)
    view_.showStreamingText(streamingMessage_, content_, reasoning_);
}

void ChatFlow::onFinished(qint64 requestId, const GenerationStats& stats) {
  if (requestId != request_ || !writer_) return;
  endAnswer(stats.stopReason == QLatin1String("stopped") ? MessageStatus::Stopped : MessageStatus::Complete,
            messageStats(stats), {});
  // The answer is kept as written, but the user must know it was cut short and why.
  if (stats.stopReason == QLatin1String("context_full"))
    emit failed(tr("The answer stopped because the conversation filled the context (%1 tokens).").arg(stats.contextLimit),
                tr("Start a new conversation, or raise the context length in Settings and load the model again."));
}

void ChatFlow::onFailed(qint64 requestId, const EngineError& error) {
  if (requestId != request_ || !writer_) return;
  endAnswer(MessageStatus::Failed, {}, error.message);
  emit failed(error.message, error.hint);
}

void ChatFlow::endAnswer(MessageStatus status, const MessageStats& stats, const QString& errorText) {
  frame_.stop();
  const MessageId id = streamingMessage_;
  const ConversationId conversation = streamingConversation_;
  const StorageStatus finished = writer_->finish(status, stats, errorText);
  writer_.reset();
  request_ = 0;
  streamingMessage_ = 0;
  streamingConversation_ = 0;
  if (!finished) reportStorage(finished.error());
  if (view_.conversation() == conversation) view_.reload();
  emit conversationChanged(conversation);
  emit answerFinished(id, status);
}

void ChatFlow::nameAfterFirstMessage(const QString& text) {
  auto conversation = storage_.conversation(conversation_);
  // Only a title nobody chose: the list's default.
  if (!conversation || conversation->title != ConversationListWidget::tr("New conversation")) return;
  QString title = text.trimmed().section(QLatin1Char('\n'), 0, 0).simplified();
  if (title.size() > kTitleLength) title = title.left(kTitleLength - 1).trimmed() + QChar(0x2026);
  if (StorageStatus s = storage_.renameConversation(conversation_, title); !s) return reportStorage(s.error());
  emit conversationChanged(conversation_);
}

}  // namespace hearth::app
