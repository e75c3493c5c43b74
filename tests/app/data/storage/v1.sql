-- A version-1 Hearth database (schema as released in version 1, with a little data), the fixture for the
-- migration test. Frozen: never edit; add a new fixture for a new version. Created at test time with sqlite3_exec.
PRAGMA foreign_keys = OFF;
BEGIN TRANSACTION;
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
INSERT INTO conversations (id, title, pinned, thinking_mode, settings_json, active_root_id, created_at, updated_at, trashed_at) VALUES
  (1, 'Lease renewal for Rue des Lilas', 1, 1, '{"temperature":0.7}', 1, 1764316800000, 1764316860000, NULL),
  (2, 'Grandmother''s pierogi', 0, 0, '{}', 4, 1764316920000, 1764316980000, NULL);
INSERT INTO messages (id, conversation_id, parent_id, sibling_index, active_child_id, role, content, reasoning, status, error_text,
                      prompt_tokens, completion_tokens, reasoning_tokens, first_token_ms, generation_ms, model, created_at, updated_at) VALUES
  (1, 1, NULL, 0, 2, 1, 'Summarise the indemnity clause of the attached lease.', '', 0, '', NULL, NULL, NULL, NULL, NULL, '', 1764316800000, 1764316800000),
  (2, 1, 1, 0, NULL, 2, 'Clause 14 makes the tenant indemnify the landlord against all claims.', 'The user wants clause 14 in plain words.', 0, '', 812, 17, 9, 230, 410, 'nemotron-3-nano', 1764316801000, 1764316802000),
  (3, 1, 1, 1, NULL, 2, 'The tenant carries the liability for third-party claims (clause 14).', '', 0, '', 812, 15, 0, 210, 380, 'nemotron-3-nano', 1764316850000, 1764316860000),
  (4, 2, NULL, 0, 5, 1, 'How do I keep pierogi dough from tearing?', '', 0, '', NULL, NULL, NULL, NULL, NULL, '', 1764316920000, 1764316920000),
  (5, 2, 4, 0, NULL, 2, 'Rest the dough for thirty minutes and roll it', '', 2, '', 40, 9, NULL, 90, 150, 'nemotron-3-nano', 1764316921000, 1764316980000);
INSERT INTO blobs (sha256, size, data) VALUES ('297101c6adc996a5acaf74948beadd4ed03d8c8e9509ac99abb6463e5cdccd4d', 91, X'4c454153452041475245454d454e540a31342e20496e64656d6e6974792e205468652074656e616e74207368616c6c20696e64656d6e69667920746865206c616e646c6f726420616761696e737420616c6c20636c61696d732e0a');
INSERT INTO attachments (id, message_id, parent_attachment_id, kind, name, source_path, mime_type, blob_sha256, created_at) VALUES
  (1, 1, NULL, 0, 'lease.txt', '/home/notary/lease.txt', 'text/plain', '297101c6adc996a5acaf74948beadd4ed03d8c8e9509ac99abb6463e5cdccd4d', 1764316800000);
PRAGMA user_version = 1;
COMMIT;
