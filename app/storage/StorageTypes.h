// The values the storage module hands out. Enums whose numbers are written to the database say so:
// stored: never renumber (add new values at the end).
#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>
#include <optional>

namespace hearth::app {

using ConversationId = qint64;  // 0 means "none"; SQLite rowids start at 1
using MessageId = qint64;
using AttachmentId = qint64;
using CodeReviewId = qint64;
using FindingId = qint64;

// Stored: never renumber.
enum class ThinkingMode : int { Off = 0, On = 1, LowEffort = 2 };
// Stored: never renumber.
enum class Role : int { System = 0, User = 1, Assistant = 2, Tool = 3 };
// Stored: never renumber. Interrupted: found still "streaming" when the database was opened, i.e. Hearth
// (or the machine) died mid-answer; the text up to the last flush is kept.
enum class MessageStatus : int { Complete = 0, Streaming = 1, Stopped = 2, Failed = 3, Interrupted = 4 };
// Stored: never renumber.
enum class AttachmentKind : int { Document = 0, Folder = 1 };
// Stored: never renumber.
enum class Severity : int { Info = 0, Low = 1, Medium = 2, High = 3, Critical = 4 };

struct Conversation {
  ConversationId id = 0;
  QString title;
  bool pinned = false;
  ThinkingMode thinkingMode = ThinkingMode::On;
  QString settingsJson = QStringLiteral("{}");  // per-conversation overrides of the sampling settings
  qint64 createdMs = 0;                          // milliseconds since the epoch, UTC
  qint64 updatedMs = 0;
};

// Generation numbers of an assistant message; absent until the engine reports them.
struct MessageStats {
  std::optional<qint64> promptTokens;
  std::optional<qint64> completionTokens;
  std::optional<qint64> reasoningTokens;
  std::optional<qint64> firstTokenMs;  // time to first token
  std::optional<qint64> generationMs;  // from first to last token
};

struct Message {
  MessageId id = 0;
  ConversationId conversationId = 0;
  MessageId parentId = 0;  // 0: a first message of the conversation
  int siblingIndex = 0;    // position among the alternatives with the same parent (‹ siblingIndex+1 / n ›)
  int siblingCount = 1;    // filled by activePath() and siblings()
  Role role = Role::User;
  QString content;
  QString reasoning;
  MessageStatus status = MessageStatus::Complete;
  QString errorText;  // Failed: the engine's error, for the user
  MessageStats stats;
  QString model;       // which model wrote it (assistant messages)
  qint64 createdMs = 0;
  qint64 updatedMs = 0;
};

struct NewMessage {
  ConversationId conversationId = 0;
  MessageId parentId = 0;
  Role role = Role::User;
  QString content;
  QString reasoning;
  MessageStatus status = MessageStatus::Complete;
  QString model;
};

struct Attachment {
  AttachmentId id = 0;
  MessageId messageId = 0;
  AttachmentId parentId = 0;  // the folder attachment a document came in with; 0 otherwise
  AttachmentKind kind = AttachmentKind::Document;
  QString name;
  QString sourcePath;  // where it was on disk when attached (shown, never re-read silently)
  QString mimeType;
  QString sha256;      // hex; empty for folders
  qint64 size = 0;     // bytes of the blob; 0 for folders
};

struct CodeReview {
  CodeReviewId id = 0;
  ConversationId conversationId = 0;  // 0 once the conversation is deleted: reviews outlive chats
  QString repositoryPath;
  QString baseCommit;
  QString headCommit;
  QString diff;
  QString summary;
  qint64 createdMs = 0;
};

struct Finding {
  FindingId id = 0;
  CodeReviewId reviewId = 0;
  QString filePath;
  int lineStart = 1;  // 1-based, inclusive
  int lineEnd = 1;
  Severity severity = Severity::Info;
  QString text;
  MessageId messageId = 0;  // the answer that reported it, if still there
};

// One full-text match: a conversation title (messageId 0) or a message.
struct SearchHit {
  ConversationId conversationId = 0;
  MessageId messageId = 0;
  QString snippet;  // plain text around the match, the matched words between kSnippetOpen/kSnippetClose
};

inline constexpr QChar kSnippetOpen = QChar(0x2);
inline constexpr QChar kSnippetClose = QChar(0x3);

}  // namespace hearth::app
