// Storage: attachments. A document's bytes live once in `blobs`, keyed by their SHA-256, however many
// messages attach the same file; a folder is an attachment whose documents point at it.
#include <QCryptographicHash>
#include <QDateTime>

#include "storage/Storage.h"

namespace hearth::app {

namespace {

Attachment readAttachment(const SqliteStatement& s) {
  Attachment a;
  a.id = s.columnInt(0);
  a.messageId = s.columnInt(1);
  a.parentId = s.columnInt(2);
  a.kind = static_cast<AttachmentKind>(s.columnInt(3));
  a.name = s.columnText(4);
  a.sourcePath = s.columnText(5);
  a.mimeType = s.columnText(6);
  a.sha256 = s.columnText(7);
  a.size = s.columnInt(8);
  return a;
}

#define HEARTH_ATTACHMENT_SELECT                                                                         \
  "SELECT a.id, a.message_id, a.parent_attachment_id, a.kind, a.name, a.source_path, a.mime_type, "     \
  "COALESCE(a.blob_sha256, ''), COALESCE(b.size, 0) FROM attachments a LEFT JOIN blobs b ON b.sha256 = a.blob_sha256 "

}  // namespace

StorageResult<Attachment> Storage::insertAttachment(const Attachment& a) {
  auto s = db_.prepare(
      "INSERT INTO attachments (message_id, parent_attachment_id, kind, name, source_path, mime_type, blob_sha256, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!s) return s.error();
  s->bind(1, a.messageId).bindId(2, a.parentId).bind(3, static_cast<int>(a.kind)).bind(4, a.name).bind(5, a.sourcePath);
  s->bind(6, a.mimeType).bind(8, QDateTime::currentMSecsSinceEpoch());
  if (a.sha256.isEmpty()) s->bindNull(7);
  else s->bind(7, a.sha256);
  HEARTH_STORAGE_TRY(s->run());
  Attachment stored = a;
  stored.id = db_.lastInsertId();
  return stored;
}

StorageResult<Attachment> Storage::attachDocument(MessageId messageId, const QString& name, const QString& sourcePath,
                                                  const QString& mimeType, const QByteArray& contents,
                                                  AttachmentId folderId) {
  const QString sha = QString::fromLatin1(QCryptographicHash::hash(contents, QCryptographicHash::Sha256).toHex());
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  auto put = db_.prepare("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?1, ?2, ?3)");
  if (!put) return put.error();
  put->bind(1, sha).bind(2, static_cast<qint64>(contents.size())).bind(3, contents);
  HEARTH_STORAGE_TRY(put->run());
  Attachment a;
  a.messageId = messageId;
  a.parentId = folderId;
  a.kind = AttachmentKind::Document;
  a.name = name;
  a.sourcePath = sourcePath;
  a.mimeType = mimeType;
  a.sha256 = sha;
  a.size = contents.size();
  auto stored = insertAttachment(a);  // a missing message or folder fails its foreign key
  if (!stored) return stored.error();
  HEARTH_STORAGE_TRY(tx.commit());
  return stored;
}

StorageResult<Attachment> Storage::attachFolder(MessageId messageId, const QString& name, const QString& sourcePath) {
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  Attachment a;
  a.messageId = messageId;
  a.kind = AttachmentKind::Folder;
  a.name = name;
  a.sourcePath = sourcePath;
  auto stored = insertAttachment(a);
  if (!stored) return stored.error();
  HEARTH_STORAGE_TRY(tx.commit());
  return stored;
}

StorageResult<QList<Attachment>> Storage::attachments(MessageId messageId) const {
  auto s = db_.prepare(HEARTH_ATTACHMENT_SELECT "WHERE a.message_id = ?1 ORDER BY a.id");
  if (!s) return s.error();
  s->bind(1, messageId);
  return s->collect(readAttachment);
}

StorageResult<QByteArray> Storage::blob(const QString& sha256) const {
  auto s = db_.prepare("SELECT data FROM blobs WHERE sha256 = ?1");
  if (!s) return s.error();
  s->bind(1, sha256.toLower());
  auto row = s->nextRow();
  if (!row) return row.error();
  if (!*row)
    return StorageError{StorageErrorCode::NotFound, QStringLiteral("no contents with SHA-256 %1").arg(sha256), {}};
  return s->columnBlob(0);
}

StorageResult<int> Storage::removeUnusedBlobs() {
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  HEARTH_STORAGE_TRY(
      db_.exec("DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.blob_sha256 = blobs.sha256)"));
  const int removed = db_.changes();
  HEARTH_STORAGE_TRY(tx.commit());
  return removed;
}

}  // namespace hearth::app
