#include "storage/Schema.h"

#include <iterator>

namespace hearth::app {

namespace {

// Version 1: conversations with branching messages and content-addressed attachments.
//  - messages form a tree: parent_id NULL for a first message; alternatives (regenerate, edit) share a parent
//    and differ in sibling_index. Which alternative is shown is remembered per parent (active_child_id) and,
//    for first messages, per conversation (active_root_id), so switching ‹ 1/2 › high up keeps the choices
//    made below it.
//  - parent_id has no ON DELETE action on purpose: messages go with their conversation (one level of
//    cascade), never one by one, and a cascade down parent_id would recurse once per message of a long
//    chat and hit SQLite's trigger depth limit. Every foreign key column is indexed so that deleting a
//    conversation stays linear.
//  - timestamps are milliseconds since the epoch, UTC. Enum columns hold the numbers of StorageTypes.h.
//  - trashed_at: deleted with undo still possible; purged on the next open.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE conversations (
  id             INTEGER PRIMARY KEY,
  title          TEXT    NOT NULL DEFAULT '',
  pinned         INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  thinking_mode  INTEGER NOT NULL DEFAULT 1,
  settings_json  TEXT    NOT NULL DEFAULT '{}',
  active_root_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  trashed_at     INTEGER
);
CREATE INDEX conversations_by_update ON conversations(pinned DESC, updated_at DESC);
CREATE INDEX conversations_by_active_root ON conversations(active_root_id);

CREATE TABLE messages (
  id                INTEGER PRIMARY KEY,
  conversation_id   INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  parent_id         INTEGER REFERENCES messages(id),
  sibling_index     INTEGER NOT NULL CHECK (sibling_index >= 0),
  active_child_id   INTEGER REFERENCES messages(id) ON DELETE SET NULL,
  role              INTEGER NOT NULL,
  content           TEXT    NOT NULL DEFAULT '',
  reasoning         TEXT    NOT NULL DEFAULT '',
  status            INTEGER NOT NULL DEFAULT 0,
  error_text        TEXT    NOT NULL DEFAULT '',
  prompt_tokens     INTEGER,
  completion_tokens INTEGER,
  reasoning_tokens  INTEGER,
  first_token_ms    INTEGER,
  generation_ms     INTEGER,
  model             TEXT    NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, parent_id, sibling_index);
CREATE UNIQUE INDEX messages_by_parent ON messages(parent_id, sibling_index);
CREATE INDEX messages_by_active_child ON messages(active_child_id);

CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size   INTEGER NOT NULL,
  data   BLOB    NOT NULL
) WITHOUT ROWID;

CREATE TABLE attachments (
  id                   INTEGER PRIMARY KEY,
  message_id           INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  parent_attachment_id INTEGER REFERENCES attachments(id) ON DELETE CASCADE,
  kind                 INTEGER NOT NULL,
  name                 TEXT    NOT NULL,
  source_path          TEXT    NOT NULL DEFAULT '',
  mime_type            TEXT    NOT NULL DEFAULT '',
  blob_sha256          TEXT REFERENCES blobs(sha256),
  created_at           INTEGER NOT NULL
);
CREATE INDEX attachments_by_message ON attachments(message_id);
CREATE INDEX attachments_by_folder ON attachments(parent_attachment_id);
CREATE INDEX attachments_by_blob ON attachments(blob_sha256);
)sql";

// Version 2: full-text search and code reviews.
//  - FTS5 over conversation titles and message text as external-content tables (the text is stored once,
//    in the real tables), kept in sync by triggers; 'rebuild' indexes what version 1 already held.
//    An external-content 'delete' must be given the old values, which the triggers have.
//  - A code review belongs to a repository and a commit range; its findings point at file line ranges.
constexpr const char* kVersion2 = R"sql(
CREATE VIRTUAL TABLE conversations_fts USING fts5(
  title, content='conversations', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
  INSERT INTO conversations_fts(rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
  INSERT INTO conversations_fts(conversations_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations BEGIN
  INSERT INTO conversations_fts(conversations_fts, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO conversations_fts(rowid, title) VALUES (new.id, new.title);
END;
INSERT INTO conversations_fts(conversations_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE messages_fts USING fts5(
  content, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');

CREATE TABLE code_reviews (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
  repository_path TEXT    NOT NULL,
  base_commit     TEXT    NOT NULL DEFAULT '',
  head_commit     TEXT    NOT NULL DEFAULT '',
  diff            TEXT    NOT NULL DEFAULT '',
  summary         TEXT    NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL
);
CREATE INDEX code_reviews_by_conversation ON code_reviews(conversation_id);

CREATE TABLE review_findings (
  id         INTEGER PRIMARY KEY,
  review_id  INTEGER NOT NULL REFERENCES code_reviews(id) ON DELETE CASCADE,
  file_path  TEXT    NOT NULL,
  line_start INTEGER NOT NULL CHECK (line_start >= 1),
  line_end   INTEGER NOT NULL CHECK (line_end >= line_start),
  severity   INTEGER NOT NULL,
  text       TEXT    NOT NULL,
  message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL
);
CREATE INDEX review_findings_by_review ON review_findings(review_id, file_path, line_start);
CREATE INDEX review_findings_by_message ON review_findings(message_id);
)sql";

constexpr Migration kMigrations[] = {
    {1, kVersion1},
    {2, kVersion2},
};

}  // namespace

const Migration* migrations() { return kMigrations; }
int migrationCount() { return static_cast<int>(std::size(kMigrations)); }
int currentSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

StorageStatus applyMigrations(SqliteDatabase& db, int fromVersion) {
  SqliteTransaction tx(db);
  HEARTH_STORAGE_TRY(tx.began());
  for (const Migration& m : kMigrations) {
    if (m.version <= fromVersion) continue;
    StorageStatus s = db.exec(m.sql);
    if (!s) {
      StorageError e = s.error();
      e.detail = QStringLiteral("migration to version %1: %2").arg(m.version).arg(e.detail);
      return e;
    }
    // PRAGMA user_version lives in the file header and is part of the transaction.
    HEARTH_STORAGE_TRY(db.exec(QStringLiteral("PRAGMA user_version = %1").arg(m.version).toUtf8().constData()));
  }
  return tx.commit();
}

}  // namespace hearth::app
