#include "storage/Storage.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QStandardPaths>

#include "storage/DatabaseFile.h"
#include "storage/Schema.h"

namespace hearth::app {

namespace {

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

StorageError notFound(const char* what, qint64 id) {
  return StorageError{StorageErrorCode::NotFound, QStringLiteral("no %1 with id %2").arg(QLatin1String(what)).arg(id), {}};
}

StorageError invalid(const QString& detail) { return StorageError{StorageErrorCode::InvalidArgument, detail, {}}; }

// Column lists as macros so they concatenate into the SQL literals (statements are prepared from constants).
#define HEARTH_CONVERSATION_COLUMNS "id, title, pinned, thinking_mode, settings_json, created_at, updated_at"

Conversation readConversation(const SqliteStatement& s) {
  Conversation c;
  c.id = s.columnInt(0);
  c.title = s.columnText(1);
  c.pinned = s.columnInt(2) != 0;
  c.thinkingMode = static_cast<ThinkingMode>(s.columnInt(3));
  c.settingsJson = s.columnText(4);
  c.createdMs = s.columnInt(5);
  c.updatedMs = s.columnInt(6);
  return c;
}

#define HEARTH_MESSAGE_COLUMNS                                                                            \
  "id, conversation_id, parent_id, sibling_index, role, content, reasoning, status, error_text, "         \
  "prompt_tokens, completion_tokens, reasoning_tokens, first_token_ms, generation_ms, model, created_at, " \
  "updated_at, active_child_id"

std::optional<qint64> optionalInt(const SqliteStatement& s, int column) {
  if (s.columnIsNull(column)) return std::nullopt;
  return s.columnInt(column);
}

Message readMessage(const SqliteStatement& s) {
  Message m;
  m.id = s.columnInt(0);
  m.conversationId = s.columnInt(1);
  m.parentId = s.columnInt(2);  // NULL reads as 0
  m.siblingIndex = static_cast<int>(s.columnInt(3));
  m.role = static_cast<Role>(s.columnInt(4));
  m.content = s.columnText(5);
  m.reasoning = s.columnText(6);
  m.status = static_cast<MessageStatus>(s.columnInt(7));
  m.errorText = s.columnText(8);
  m.stats.promptTokens = optionalInt(s, 9);
  m.stats.completionTokens = optionalInt(s, 10);
  m.stats.reasoningTokens = optionalInt(s, 11);
  m.stats.firstTokenMs = optionalInt(s, 12);
  m.stats.generationMs = optionalInt(s, 13);
  m.model = s.columnText(14);
  m.createdMs = s.columnInt(15);
  m.updatedMs = s.columnInt(16);
  return m;
}

void bindOptional(SqliteStatement& s, int index, const std::optional<qint64>& value) {
  if (value) s.bind(index, *value);
  else s.bindNull(index);
}

// Words the user typed become quoted FTS5 strings (so AND, NEAR, quotes and colons are plain text), all
// required, the last one a prefix so results appear while typing.
QString ftsQuery(const QString& text) {
  static const QRegularExpression kSpace(QStringLiteral("\\s+"));
  QStringList words = text.split(kSpace, Qt::SkipEmptyParts);
  for (QString& w : words) w = QLatin1Char('"') + w.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
  if (!words.isEmpty()) words.last() += QLatin1Char('*');
  return words.join(QLatin1Char(' '));
}

}  // namespace

QString Storage::defaultPath() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(defaultFileName());
}

StorageResult<std::unique_ptr<Storage>> Storage::open(const QString& path) {
  const QFileInfo info(path);
  if (!QDir().mkpath(info.absolutePath()))
    return StorageError{StorageErrorCode::CannotOpen, QStringLiteral("cannot create folder %1").arg(info.absolutePath()), {}};

  auto db = SqliteDatabase::open(path);
  if (!db) return db.error();
  // The first read decides whether this is a database at all; nothing is written before it passes.
  if (StorageStatus health = checkDatabaseHealth(*db); !health) {
    if (health.error().code != StorageErrorCode::Corrupt) return health.error();
    db->close();
    StorageError error = health.error();
    auto kept = keepFileAside(path, QStringLiteral("corrupt"));
    if (!kept) {
      error.detail += QStringLiteral("; and keeping it aside failed: ") + kept.error().detail;
      error.keptFile = path;  // still where it was, untouched
    } else {
      error.keptFile = *kept;
    }
    return error;
  }

  std::unique_ptr<Storage> storage(new Storage(path, std::move(*db)));
  HEARTH_STORAGE_TRY(storage->configure());
  HEARTH_STORAGE_TRY(storage->upgradeSchema());

  // Answers still "streaming" belong to a Hearth that died mid-answer: keep their text, say what happened.
  auto interrupted = storage->db_.prepare("UPDATE messages SET status = ?1 WHERE status = ?2");
  if (!interrupted) return interrupted.error();
  interrupted->bind(1, static_cast<int>(MessageStatus::Interrupted)).bind(2, static_cast<int>(MessageStatus::Streaming));
  HEARTH_STORAGE_TRY(interrupted->run());
  storage->interruptedOnOpen_ = storage->db_.changes();

  // A conversation deleted with undo is gone for good once Hearth restarts.
  HEARTH_STORAGE_TRY(storage->purgeTrashed());
  HEARTH_STORAGE_TRY(storage->removeUnusedBlobs());
  return storage;
}

Storage::~Storage() = default;

StorageStatus Storage::configure() {
  // WAL: readers never block the writer and a crash mid-write leaves the main file intact. FULL syncs the
  // log at each commit, so "saved" means on disk: the streaming writer commits about once a second, so
  // the cost is one fsync a second.
  auto mode = db_.queryText("PRAGMA journal_mode = WAL");
  if (!mode) return mode.error();
  if (mode->compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
    return StorageError{StorageErrorCode::CannotOpen, QStringLiteral("journal_mode stayed %1, WAL refused").arg(*mode), {}};
  HEARTH_STORAGE_TRY(db_.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"));
  auto fk = db_.queryInt("PRAGMA foreign_keys");
  if (!fk) return fk.error();
  if (*fk != 1) return StorageError{StorageErrorCode::CannotOpen, QStringLiteral("this SQLite has no foreign keys"), {}};
  return {};
}

int Storage::schemaVersion() const {
  auto v = db_.queryInt("PRAGMA user_version");
  return v ? static_cast<int>(*v) : -1;
}

StorageStatus Storage::upgradeSchema() {
  auto version = db_.queryInt("PRAGMA user_version");
  if (!version) return version.error();
  const int from = static_cast<int>(*version);
  if (from > currentSchemaVersion())
    return StorageError{StorageErrorCode::TooNew,
                        QStringLiteral("schema version %1, this Hearth knows up to %2").arg(from).arg(currentSchemaVersion()),
                        {}};
  if (from == currentSchemaVersion()) return {};
  if (from > 0) {
    // A database with conversations in it: a copy first, so a failed or regretted upgrade loses nothing.
    migrationBackup_ = timestampedSibling(path_, QStringLiteral("v%1-backup").arg(from));
    HEARTH_STORAGE_TRY(backupDatabase(db_, migrationBackup_));
  }
  if (StorageStatus s = applyMigrations(db_, from); !s) {
    StorageError e = s.error();
    e.code = StorageErrorCode::MigrationFailed;
    e.keptFile = migrationBackup_;
    return e;
  }
  return {};
}

// ---- Conversations

StorageResult<Conversation> Storage::createConversation(const QString& title, ThinkingMode mode) {
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  auto insert = db_.prepare(
      "INSERT INTO conversations (title, thinking_mode, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)");
  if (!insert) return insert.error();
  insert->bind(1, title).bind(2, static_cast<int>(mode)).bind(3, nowMs());
  HEARTH_STORAGE_TRY(insert->run());
  const ConversationId id = db_.lastInsertId();
  HEARTH_STORAGE_TRY(tx.commit());
  return conversation(id);
}

StorageResult<Conversation> Storage::conversation(ConversationId id) const {
  auto s = db_.prepare("SELECT " HEARTH_CONVERSATION_COLUMNS " FROM conversations WHERE id = ?1 AND trashed_at IS NULL");
  if (!s) return s.error();
  s->bind(1, id);
  auto row = s->nextRow();
  if (!row) return row.error();
  if (!*row) return notFound("conversation", id);
  return readConversation(*s);
}

StorageResult<QList<Conversation>> Storage::conversations() const {
  auto s = db_.prepare("SELECT " HEARTH_CONVERSATION_COLUMNS
                       " FROM conversations WHERE trashed_at IS NULL ORDER BY pinned DESC, updated_at DESC, id DESC");
  if (!s) return s.error();
  return s->collect(readConversation);
}

// One UPDATE of one conversation (?1 is its id) in its own transaction; NotFound when no row changed.
StorageStatus Storage::updateConversation(ConversationId id, const char* sql,
                                          const std::function<void(SqliteStatement&)>& bindRest) {
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  auto s = db_.prepare(sql);
  if (!s) return s.error();
  s->bind(1, id);
  bindRest(*s);
  HEARTH_STORAGE_TRY(s->run());
  if (db_.changes() == 0) return notFound("conversation", id);
  return tx.commit();
}

StorageStatus Storage::renameConversation(ConversationId id, const QString& title) {
  return updateConversation(id, "UPDATE conversations SET title = ?2, updated_at = ?3 WHERE id = ?1 AND trashed_at IS NULL",
                            [&](SqliteStatement& s) { s.bind(2, title).bind(3, nowMs()); });
}

StorageStatus Storage::setPinned(ConversationId id, bool pinned) {
  // Pinning is arrangement, not activity: updated_at stays.
  return updateConversation(id, "UPDATE conversations SET pinned = ?2 WHERE id = ?1 AND trashed_at IS NULL",
                            [&](SqliteStatement& s) { s.bind(2, pinned ? 1 : 0); });
}

StorageStatus Storage::setThinkingMode(ConversationId id, ThinkingMode mode) {
  return updateConversation(id, "UPDATE conversations SET thinking_mode = ?2 WHERE id = ?1 AND trashed_at IS NULL",
                            [&](SqliteStatement& s) { s.bind(2, static_cast<int>(mode)); });
}

StorageStatus Storage::setConversationSettings(ConversationId id, const QString& settingsJson) {
  auto valid = db_.prepare("SELECT json_valid(?1)");
  if (!valid) return valid.error();
  valid->bind(1, settingsJson);
  HEARTH_STORAGE_TRY(valid->step());
  if (valid->columnInt(0) != 1) return invalid(QStringLiteral("settings of conversation %1 are not JSON").arg(id));
  return updateConversation(id, "UPDATE conversations SET settings_json = ?2 WHERE id = ?1 AND trashed_at IS NULL",
                            [&](SqliteStatement& s) { s.bind(2, settingsJson); });
}

StorageStatus Storage::trashConversation(ConversationId id) {
  return updateConversation(id, "UPDATE conversations SET trashed_at = ?2 WHERE id = ?1 AND trashed_at IS NULL",
                            [&](SqliteStatement& s) { s.bind(2, nowMs()); });
}

StorageStatus Storage::restoreConversation(ConversationId id) {
  return updateConversation(id, "UPDATE conversations SET trashed_at = NULL WHERE id = ?1 AND trashed_at IS NOT NULL",
                            [](SqliteStatement&) {});
}

StorageResult<int> Storage::purgeTrashed() {
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  HEARTH_STORAGE_TRY(db_.exec("DELETE FROM conversations WHERE trashed_at IS NOT NULL"));
  const int purged = db_.changes();
  HEARTH_STORAGE_TRY(tx.commit());
  return purged;
}

StorageStatus Storage::deleteConversation(ConversationId id) {
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  auto s = db_.prepare("DELETE FROM conversations WHERE id = ?1");
  if (!s) return s.error();
  s->bind(1, id);
  HEARTH_STORAGE_TRY(s->run());
  if (db_.changes() == 0) return notFound("conversation", id);
  return tx.commit();
}

StorageStatus Storage::touchConversation(ConversationId id, qint64 when) {
  auto s = db_.prepare("UPDATE conversations SET updated_at = ?2 WHERE id = ?1");
  if (!s) return s.error();
  s->bind(1, id).bind(2, when);
  return s->run();
}

// ---- Messages

StorageResult<Message> Storage::addMessage(const NewMessage& m) {
  if (m.status == MessageStatus::Interrupted) return invalid(QStringLiteral("a new message cannot be interrupted"));
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  {
    auto owner = db_.prepare("SELECT 1 FROM conversations WHERE id = ?1 AND trashed_at IS NULL");
    if (!owner) return owner.error();
    owner->bind(1, m.conversationId);
    auto row = owner->nextRow();
    if (!row) return row.error();
    if (!*row) return notFound("conversation", m.conversationId);
  }
  if (m.parentId != 0) {
    auto parent = db_.prepare("SELECT conversation_id FROM messages WHERE id = ?1");
    if (!parent) return parent.error();
    parent->bind(1, m.parentId);
    auto row = parent->nextRow();
    if (!row) return row.error();
    if (!*row) return notFound("message", m.parentId);
    if (parent->columnInt(0) != m.conversationId)
      return invalid(QStringLiteral("message %1 is not in conversation %2").arg(m.parentId).arg(m.conversationId));
  }
  const qint64 when = nowMs();
  auto insert = db_.prepare(
      "INSERT INTO messages (conversation_id, parent_id, sibling_index, role, content, reasoning, status, model, "
      "created_at, updated_at) "
      "VALUES (?1, ?2, (SELECT COALESCE(MAX(sibling_index) + 1, 0) FROM messages "
      "                 WHERE conversation_id = ?1 AND parent_id IS ?2), ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
  if (!insert) return insert.error();
  insert->bind(1, m.conversationId)
      .bindId(2, m.parentId)
      .bind(3, static_cast<int>(m.role))
      .bind(4, m.content)
      .bind(5, m.reasoning)
      .bind(6, static_cast<int>(m.status))
      .bind(7, m.model)
      .bind(8, when);
  HEARTH_STORAGE_TRY(insert->run());
  const MessageId id = db_.lastInsertId();

  auto show = m.parentId != 0 ? db_.prepare("UPDATE messages SET active_child_id = ?2 WHERE id = ?1")
                              : db_.prepare("UPDATE conversations SET active_root_id = ?2 WHERE id = ?1");
  if (!show) return show.error();
  show->bind(1, m.parentId != 0 ? m.parentId : m.conversationId).bind(2, id);
  HEARTH_STORAGE_TRY(show->run());
  HEARTH_STORAGE_TRY(touchConversation(m.conversationId, when));
  HEARTH_STORAGE_TRY(tx.commit());
  return message(id);
}

StorageResult<Message> Storage::message(MessageId id) const {
  auto s = db_.prepare("SELECT " HEARTH_MESSAGE_COLUMNS " FROM messages WHERE id = ?1");
  if (!s) return s.error();
  s->bind(1, id);
  auto row = s->nextRow();
  if (!row) return row.error();
  if (!*row) return notFound("message", id);
  Message m = readMessage(*s);
  auto count = db_.prepare("SELECT COUNT(*) FROM messages WHERE conversation_id = ?1 AND parent_id IS ?2");
  if (!count) return count.error();
  count->bind(1, m.conversationId).bindId(2, m.parentId);
  HEARTH_STORAGE_TRY(count->step());
  m.siblingCount = static_cast<int>(count->columnInt(0));
  return m;
}

StorageResult<QList<Message>> Storage::activePath(ConversationId id) const {
  MessageId activeRoot = 0;
  {
    auto c = db_.prepare("SELECT active_root_id FROM conversations WHERE id = ?1 AND trashed_at IS NULL");
    if (!c) return c.error();
    c->bind(1, id);
    auto row = c->nextRow();
    if (!row) return row.error();
    if (!*row) return notFound("conversation", id);
    activeRoot = c->columnInt(0);
  }
  // One pass over the conversation, then the walk in memory: a long chat costs one query, not one per turn.
  auto s = db_.prepare("SELECT " HEARTH_MESSAGE_COLUMNS
                       " FROM messages WHERE conversation_id = ?1 ORDER BY parent_id, sibling_index");
  if (!s) return s.error();
  s->bind(1, id);
  QList<Message> all;
  QHash<MessageId, qsizetype> byId;
  QHash<MessageId, MessageId> activeChild;
  QHash<MessageId, QList<qsizetype>> children;  // parent (0 for first messages) -> indices in sibling order
  HEARTH_STORAGE_TRY(s->forEachRow([&](const SqliteStatement& row) {
    Message m = readMessage(row);
    if (!row.columnIsNull(17)) activeChild.insert(m.id, row.columnInt(17));
    byId.insert(m.id, all.size());
    children[m.parentId].append(all.size());
    all << std::move(m);
  }));

  QList<Message> path;
  // The remembered choice when it is a child of `parent`; otherwise the newest alternative.
  auto pick = [&](MessageId parent, MessageId chosen) -> qsizetype {
    const auto it = children.constFind(parent);
    if (it == children.cend() || it->isEmpty()) return -1;
    const auto found = byId.constFind(chosen);
    if (chosen != 0 && found != byId.cend() && all[*found].parentId == parent) return *found;
    return it->last();
  };
  for (qsizetype at = pick(0, activeRoot); at >= 0 && path.size() < all.size();) {
    Message m = all[at];
    m.siblingCount = static_cast<int>(children.value(m.parentId).size());
    path << m;
    at = pick(m.id, activeChild.value(m.id));
  }
  return path;
}

StorageResult<QList<Message>> Storage::allMessages(ConversationId id) const {
  HEARTH_STORAGE_TRY(conversation(id));
  auto s = db_.prepare("SELECT " HEARTH_MESSAGE_COLUMNS " FROM messages WHERE conversation_id = ?1 ORDER BY id");
  if (!s) return s.error();
  s->bind(1, id);
  auto all = s->collect(readMessage);
  if (!all) return all.error();
  QHash<MessageId, int> children;
  for (const Message& m : *all) ++children[m.parentId];
  for (Message& m : *all) m.siblingCount = children.value(m.parentId);
  return all;
}

StorageResult<QList<Message>> Storage::messagesWithParent(ConversationId conversation, MessageId parent) const {
  auto s = db_.prepare("SELECT " HEARTH_MESSAGE_COLUMNS
                       " FROM messages WHERE conversation_id = ?1 AND parent_id IS ?2 ORDER BY sibling_index");
  if (!s) return s.error();
  s->bind(1, conversation).bindId(2, parent);
  auto result = s->collect(readMessage);
  if (!result) return result.error();
  for (Message& m : *result) m.siblingCount = static_cast<int>(result->size());
  return result;
}

StorageResult<QList<Message>> Storage::siblings(MessageId id) const {
  auto m = message(id);
  if (!m) return m.error();
  return messagesWithParent(m->conversationId, m->parentId);
}

StorageStatus Storage::selectBranch(MessageId id) {
  auto m = message(id);
  if (!m) return m.error();
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  auto show = m->parentId != 0 ? db_.prepare("UPDATE messages SET active_child_id = ?2 WHERE id = ?1")
                               : db_.prepare("UPDATE conversations SET active_root_id = ?2 WHERE id = ?1");
  if (!show) return show.error();
  show->bind(1, m->parentId != 0 ? m->parentId : m->conversationId).bind(2, id);
  HEARTH_STORAGE_TRY(show->run());
  return tx.commit();
}

StorageResult<Message> Storage::regenerate(MessageId assistantId, const QString& model) {
  auto old = message(assistantId);
  if (!old) return old.error();
  if (old->role != Role::Assistant) return invalid(QStringLiteral("message %1 is not an answer").arg(assistantId));
  NewMessage m;
  m.conversationId = old->conversationId;
  m.parentId = old->parentId;
  m.role = Role::Assistant;
  m.status = MessageStatus::Streaming;
  m.model = model.isEmpty() ? old->model : model;
  return addMessage(m);
}

StorageResult<Message> Storage::editUserMessage(MessageId userId, const QString& text) {
  auto old = message(userId);
  if (!old) return old.error();
  if (old->role != Role::User) return invalid(QStringLiteral("message %1 is not the user's").arg(userId));
  NewMessage m;
  m.conversationId = old->conversationId;
  m.parentId = old->parentId;
  m.role = Role::User;
  m.content = text;
  return addMessage(m);
}

StorageStatus Storage::appendToMessage(MessageId id, const QString& content, const QString& reasoning) {
  if (content.isEmpty() && reasoning.isEmpty()) return {};
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  // Only name `content` when it changes: the full-text trigger re-indexes the message on UPDATE OF content.
  auto s = content.isEmpty()
               ? db_.prepare("UPDATE messages SET reasoning = reasoning || ?3, updated_at = ?4 "
                             "WHERE id = ?1 AND status = ?2")
               : db_.prepare("UPDATE messages SET content = content || ?5, reasoning = reasoning || ?3, updated_at = ?4 "
                             "WHERE id = ?1 AND status = ?2");
  if (!s) return s.error();
  s->bind(1, id).bind(2, static_cast<int>(MessageStatus::Streaming)).bind(3, reasoning).bind(4, nowMs());
  if (!content.isEmpty()) s->bind(5, content);
  HEARTH_STORAGE_TRY(s->run());
  if (db_.changes() == 0) {
    auto m = message(id);
    if (!m) return m.error();
    return invalid(QStringLiteral("message %1 is not streaming").arg(id));
  }
  return tx.commit();
}

StorageStatus Storage::finishMessage(MessageId id, MessageStatus status, const MessageStats& stats,
                                     const QString& errorText) {
  if (status == MessageStatus::Streaming || status == MessageStatus::Interrupted)
    return invalid(QStringLiteral("message %1 cannot finish as status %2").arg(id).arg(static_cast<int>(status)));
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  auto s = db_.prepare(
      "UPDATE messages SET status = ?2, error_text = ?3, prompt_tokens = ?4, completion_tokens = ?5, "
      "reasoning_tokens = ?6, first_token_ms = ?7, generation_ms = ?8, updated_at = ?9 WHERE id = ?1");
  if (!s) return s.error();
  s->bind(1, id).bind(2, static_cast<int>(status)).bind(3, status == MessageStatus::Failed ? errorText : QString());
  bindOptional(*s, 4, stats.promptTokens);
  bindOptional(*s, 5, stats.completionTokens);
  bindOptional(*s, 6, stats.reasoningTokens);
  bindOptional(*s, 7, stats.firstTokenMs);
  bindOptional(*s, 8, stats.generationMs);
  s->bind(9, nowMs());
  HEARTH_STORAGE_TRY(s->run());
  if (db_.changes() == 0) return notFound("message", id);
  return tx.commit();
}

// ---- Search

StorageResult<QList<SearchHit>> Storage::search(const QString& text, int limit) const {
  const QString query = ftsQuery(text);
  QList<SearchHit> hits;
  if (query.isEmpty()) return hits;
  // Titles first (a title naming the words is the strongest signal), then messages; bm25 ranks within each.
  const char* const kQueries[] = {
      "SELECT c.id, 0, snippet(conversations_fts, 0, char(2), char(3), '…', 12) "
      "FROM conversations_fts JOIN conversations c ON c.id = conversations_fts.rowid "
      "WHERE conversations_fts MATCH ?1 AND c.trashed_at IS NULL ORDER BY bm25(conversations_fts) LIMIT ?2",
      "SELECT m.conversation_id, m.id, snippet(messages_fts, 0, char(2), char(3), '…', 12) "
      "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
      "JOIN conversations c ON c.id = m.conversation_id "
      "WHERE messages_fts MATCH ?1 AND c.trashed_at IS NULL ORDER BY bm25(messages_fts) LIMIT ?2",
  };
  for (const char* sql : kQueries) {
    auto s = db_.prepare(sql);
    if (!s) return s.error();
    s->bind(1, query).bind(2, limit - static_cast<int>(hits.size()));
    HEARTH_STORAGE_TRY(s->forEachRow([&](const SqliteStatement& row) {
      hits << SearchHit{row.columnInt(0), row.columnInt(1), row.columnText(2)};
    }));
    if (hits.size() >= limit) break;
  }
  return hits;
}

StorageResult<QList<ConversationId>> Storage::searchConversations(const QString& text, int limit) const {
  auto hits = search(text, limit * 4);  // several messages of one conversation often match
  if (!hits) return hits.error();
  QList<ConversationId> ids;
  for (const SearchHit& h : *hits)
    if (!ids.contains(h.conversationId) && ids.size() < limit) ids << h.conversationId;
  return ids;
}

}  // namespace hearth::app
