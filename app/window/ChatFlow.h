// A conversation's turns, end to end: the user's message goes into storage, an empty assistant answer is
// created next to it, the conversation on that branch goes to the engine, and what streams back is saved
// (StreamWriter: at most about a second of text is lost if the machine dies) and shown (chunks collect in
// memory and reach the ChatView at most once per frame, never per token). Stop keeps the partial answer,
// marked Stopped; an engine error keeps it, marked Failed with the translated message.
//
// Regenerate writes a new answer next to an old one, and editing a user message writes a new user message
// next to the old one and answers it: both are branches in storage, switched with ‹ 1/2 › in the view.
//
// One answer is written at a time. It keeps streaming into storage when the user looks at another
// conversation; the view shows it again on the way back.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <memory>

#include "engine/EngineTypes.h"
#include "engine/GenerationRequest.h"
#include "storage/Storage.h"

namespace hearth::app {

class AppSettings;
class ChatView;
class EngineController;
class StreamWriter;

class ChatFlow : public QObject {
  Q_OBJECT

 public:
  // How often streamed text reaches the view: one frame at 60 Hz.
  static constexpr int kFrameMs = 16;

  // All four must outlive the flow.
  ChatFlow(Storage& storage, EngineController& engine, ChatView& view, AppSettings& settings, QObject* parent = nullptr);
  // An answer still being written is saved as Stopped.
  ~ChatFlow() override;

  ConversationId conversation() const { return conversation_; }
  void setConversation(ConversationId id);

  // Whether an answer is being written now, and which message it is (0: none).
  bool isStreaming() const { return writer_ != nullptr; }
  MessageId streamingMessage() const { return streamingMessage_; }
  ConversationId streamingConversation() const { return streamingConversation_; }
  // The text streamed so far of the answer being written.
  const QString& streamedContent() const { return content_; }
  const QString& streamedReasoning() const { return reasoning_; }

  // Each returns false (and emits failed or does nothing) when it cannot start: no conversation, no model,
  // an answer already being written, or a storage error.
  bool send(const QString& text);
  bool regenerate(MessageId assistantId);
  // Regenerates the last answer on the branch shown.
  bool regenerateLast();
  bool editUserMessage(MessageId userId, const QString& text);
  void stop();

  // The request that answers the last message of `history` (a branch, oldest first), with the settings and
  // the conversation's thinking mode.
  GenerationRequest requestFor(const QList<Message>& history) const;

 signals:
  // An answer started streaming into message `id`.
  void answerStarted(hearth::app::MessageId id);
  // It ended as Complete, Stopped or Failed.
  void answerFinished(hearth::app::MessageId id, hearth::app::MessageStatus status);
  // The conversation's title changed (named after its first message).
  void conversationChanged(hearth::app::ConversationId id);
  // Something the user must be told: a storage or engine failure, translated.
  void failed(const QString& message, const QString& hint);

 private:
  // A new streaming answer under `user`, then answer().
  bool answerUser(const Message& user);
  // Streams the engine's answer into the (empty, Streaming) message `assistant`.
  bool answer(const Message& assistant);
  void onChunk(qint64 requestId, const QString& text, bool reasoning);
  void onFinished(qint64 requestId, const GenerationStats& stats);
  void onFailed(qint64 requestId, const EngineError& error);
  void flushFrame();
  void endAnswer(MessageStatus status, const MessageStats& stats, const QString& errorText);
  void nameAfterFirstMessage(const QString& text);
  bool canStart();
  void reportStorage(const StorageError& error);

  Storage& storage_;
  EngineController& engine_;
  ChatView& view_;
  AppSettings& settings_;
  ConversationId conversation_ = 0;

  std::unique_ptr<StreamWriter> writer_;
  qint64 request_ = 0;
  MessageId streamingMessage_ = 0;
  ConversationId streamingConversation_ = 0;
  QString content_;
  QString reasoning_;
  QTimer frame_;
};

}  // namespace hearth::app
