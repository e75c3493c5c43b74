// Hearth's conversation database: one SQLite file in the application-data folder holding conversations,
// their branching messages, attachments and code reviews, with full-text search.
//
// Guarantees: every change runs in its own transaction; the journal is a write-ahead log with
// synchronous=FULL, so a committed change survives a crash of Hearth or of the machine; foreign keys are
// enforced. Opening checks the file (a damaged one is renamed aside and reported, never deleted), upgrades
// an older schema after taking a backup copy, and marks answers that were still streaming when Hearth died
// as Interrupted. Every call returns a value or a typed StorageError; nothing throws.
//
// Use from one thread (the GUI thread); the engine's text reaches it through queued signals.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <functional>
#include <memory>

#include "storage/Sqlite.h"
#include "storage/StorageError.h"
#include "storage/StorageTypes.h"

namespace hearth::app {

class Storage {
 public:
  // <AppDataLocation>/hearth.sqlite
  static QString defaultPath();
  static QString defaultFileName() { return QStringLiteral("hearth.sqlite"); }

  // Opens or creates the database at `path` (creating its folder). On a damaged file the error is
  // Corrupt with keptFile naming where the file went; opening again then starts an empty database.
  static StorageResult<std::unique_ptr<Storage>> open(const QString& path);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  const QString& path() const { return path_; }
  int schemaVersion() const;
  // The copy taken before this open upgraded the schema; empty when no upgrade ran.
  const QString& migrationBackupPath() const { return migrationBackup_; }
  // Answers found streaming on open and marked Interrupted.
  int interruptedOnOpen() const { return interruptedOnOpen_; }

  // ---- Conversations
  StorageResult<Conversation> createConversation(const QString& title, ThinkingMode mode = ThinkingMode::On);
  StorageResult<Conversation> conversation(ConversationId id) const;
  // Not trashed; pinned first, then the most recently updated.
  StorageResult<QList<Conversation>> conversations() const;
  StorageStatus renameConversation(ConversationId id, const QString& title);
  StorageStatus setPinned(ConversationId id, bool pinned);
  StorageStatus setThinkingMode(ConversationId id, ThinkingMode mode);
  StorageStatus setConversationSettings(ConversationId id, const QString& settingsJson);
  // Delete with undo: trashing hides the conversation, restoring brings it back; trashed conversations
  // are deleted for good by purgeTrashed(), which open() runs.
  StorageStatus trashConversation(ConversationId id);
  StorageStatus restoreConversation(ConversationId id);
  StorageResult<int> purgeTrashed();
  StorageStatus deleteConversation(ConversationId id);

  // ---- Messages and branches
  // Adds a message under `parentId` (0: a first message) as the newest alternative there, and makes it
  // the shown one.
  StorageResult<Message> addMessage(const NewMessage& message);
  StorageResult<Message> message(MessageId id) const;
  // The messages shown: from the chosen first message down, following the remembered choice at each
  // message (the newest alternative where none was made). siblingCount is filled.
  StorageResult<QList<Message>> activePath(ConversationId id) const;
  // Every message of the conversation, all branches, in the order written (id), siblingCount filled.
  StorageResult<QList<Message>> allMessages(ConversationId id) const;
  // All alternatives sharing this message's parent, in sibling order, siblingCount filled.
  StorageResult<QList<Message>> siblings(MessageId id) const;
  // Shows this alternative (‹ 1/2 › switching); choices below it are kept.
  StorageStatus selectBranch(MessageId id);
  // A new, empty, streaming assistant answer next to `assistantId`: the old answer stays as an alternative.
  StorageResult<Message> regenerate(MessageId assistantId, const QString& model = {});
  // A new user message next to `userId` with the edited text; the old one and its answers stay.
  StorageResult<Message> editUserMessage(MessageId userId, const QString& text);

  // ---- Streaming (StreamWriter batches these to about once a second)
  StorageStatus appendToMessage(MessageId id, const QString& content, const QString& reasoning);
  // Ends a streaming message as Complete, Stopped or Failed (errorText for Failed), keeping its text.
  StorageStatus finishMessage(MessageId id, MessageStatus status, const MessageStats& stats,
                              const QString& errorText = {});

  // ---- Full-text search over titles and message text
  // `text` is what the user typed: words, all required, the last one as a prefix (search as you type).
  // FTS syntax characters are taken literally.
  StorageResult<QList<SearchHit>> search(const QString& text, int limit = 100) const;
  // Conversations that match, best first, without duplicates.
  StorageResult<QList<ConversationId>> searchConversations(const QString& text, int limit = 100) const;

  // ---- Attachments: file contents stored once per SHA-256
  StorageResult<Attachment> attachDocument(MessageId messageId, const QString& name, const QString& sourcePath,
                                           const QString& mimeType, const QByteArray& contents,
                                           AttachmentId folderId = 0);
  StorageResult<Attachment> attachFolder(MessageId messageId, const QString& name, const QString& sourcePath);
  StorageResult<QList<Attachment>> attachments(MessageId messageId) const;
  StorageResult<QByteArray> blob(const QString& sha256) const;
  // Removes contents no attachment refers to any more; returns how many.
  StorageResult<int> removeUnusedBlobs();

  // ---- Code reviews
  StorageResult<CodeReview> createCodeReview(const CodeReview& review);
  StorageResult<CodeReview> codeReview(CodeReviewId id) const;
  StorageResult<Finding> addFinding(const Finding& finding);
  // Ordered by file, then line.
  StorageResult<QList<Finding>> findings(CodeReviewId reviewId) const;

  // For tests and diagnostics.
  SqliteDatabase& database() { return db_; }

 private:
  Storage(QString path, SqliteDatabase db) : path_(std::move(path)), db_(std::move(db)) {}
  StorageStatus configure();
  StorageStatus upgradeSchema();
  StorageStatus touchConversation(ConversationId id, qint64 nowMs);
  StorageStatus updateConversation(ConversationId id, const char* sql,
                                   const std::function<void(SqliteStatement&)>& bindRest);
  StorageResult<QList<Message>> messagesWithParent(ConversationId conversation, MessageId parent) const;
  StorageResult<Attachment> insertAttachment(const Attachment& attachment);

  QString path_;
  mutable SqliteDatabase db_;
  QString migrationBackup_;
  int interruptedOnOpen_ = 0;
};

}  // namespace hearth::app
