-- index attachments_by_blob
CREATE INDEX attachments_by_blob ON attachments(blob_sha256);

-- index attachments_by_folder
CREATE INDEX attachments_by_folder ON attachments(parent_attachment_id);

-- index attachments_by_message
CREATE INDEX attachments_by_message ON attachments(message_id);

-- index code_reviews_by_conversation
CREATE INDEX code_reviews_by_conversation ON code_reviews(conversation_id);

-- index conversations_by_active_root
CREATE INDEX conversations_by_active_root ON conversations(active_root_id);

-- index conversations_by_update
CREATE INDEX conversations_by_update ON conversations(pinned DESC, updated_at DESC);

-- index messages_by_active_child
CREATE INDEX messages_by_active_child ON messages(active_child_id);

-- index messages_by_conversation
CREATE INDEX messages_by_conversation ON messages(conversation_id, parent_id, sibling_index);

-- index messages_by_parent
CREATE UNIQUE INDEX messages_by_parent ON messages(parent_id, sibling_index);

-- index review_findings_by_message
CREATE INDEX review_findings_by_message ON review_findings(message_id);

-- index review_findings_by_review
CREATE INDEX review_findings_by_review ON review_findings(review_id, file_path, line_start);

-- table attachments
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

-- table blobs
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size   INTEGER NOT NULL,
  data   BLOB    NOT NULL
) WITHOUT ROWID;

-- table code_reviews
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

-- table conversations
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

-- table conversations_fts
CREATE VIRTUAL TABLE conversations_fts USING fts5(
  title, content='conversations', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');

-- table conversations_fts_config
CREATE TABLE 'conversations_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table conversations_fts_data
CREATE TABLE 'conversations_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table conversations_fts_docsize
CREATE TABLE 'conversations_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

-- table conversations_fts_idx
CREATE TABLE 'conversations_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table messages
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

-- table messages_fts
CREATE VIRTUAL TABLE messages_fts USING fts5(
  content, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');

-- table messages_fts_config
CREATE TABLE 'messages_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table messages_fts_data
CREATE TABLE 'messages_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table messages_fts_docsize
CREATE TABLE 'messages_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

-- table messages_fts_idx
CREATE TABLE 'messages_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table review_findings
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

-- trigger conversations_fts_delete
CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
  INSERT INTO conversations_fts(conversations_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;

-- trigger conversations_fts_insert
CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
  INSERT INTO conversations_fts(rowid, title) VALUES (new.id, new.title);
END;

-- trigger conversations_fts_update
CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations BEGIN
  INSERT INTO conversations_fts(conversations_fts, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO conversations_fts(rowid, title) VALUES (new.id, new.title);
END;

-- trigger messages_fts_delete
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;

-- trigger messages_fts_insert
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;

-- trigger messages_fts_update
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;

