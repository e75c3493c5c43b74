// Storage: code reviews of a repository's commit range and their findings, each on a file's line range.
#include <QDateTime>

#include "storage/Storage.h"

namespace hearth::app {

StorageResult<CodeReview> Storage::createCodeReview(const CodeReview& review) {
  if (review.repositoryPath.isEmpty()) return StorageError{StorageErrorCode::InvalidArgument, QStringLiteral("a review needs a repository"), {}};
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  auto s = db_.prepare(
      "INSERT INTO code_reviews (conversation_id, repository_path, base_commit, head_commit, diff, summary, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!s) return s.error();
  s->bindId(1, review.conversationId).bind(2, review.repositoryPath).bind(3, review.baseCommit);
  s->bind(4, review.headCommit).bind(5, review.diff).bind(6, review.summary).bind(7, QDateTime::currentMSecsSinceEpoch());
  HEARTH_STORAGE_TRY(s->run());
  const CodeReviewId id = db_.lastInsertId();
  HEARTH_STORAGE_TRY(tx.commit());
  return codeReview(id);
}

StorageResult<CodeReview> Storage::codeReview(CodeReviewId id) const {
  auto s = db_.prepare(
      "SELECT id, conversation_id, repository_path, base_commit, head_commit, diff, summary, created_at "
      "FROM code_reviews WHERE id = ?1");
  if (!s) return s.error();
  s->bind(1, id);
  auto row = s->nextRow();
  if (!row) return row.error();
  if (!*row)
    return StorageError{StorageErrorCode::NotFound, QStringLiteral("no code review with id %1").arg(id), {}};
  CodeReview r;
  r.id = s->columnInt(0);
  r.conversationId = s->columnInt(1);
  r.repositoryPath = s->columnText(2);
  r.baseCommit = s->columnText(3);
  r.headCommit = s->columnText(4);
  r.diff = s->columnText(5);
  r.summary = s->columnText(6);
  r.createdMs = s->columnInt(7);
  return r;
}

StorageResult<Finding> Storage::addFinding(const Finding& finding) {
  if (finding.lineStart < 1 || finding.lineEnd < finding.lineStart)
    return StorageError{StorageErrorCode::InvalidArgument,
                        QStringLiteral("line range %1-%2 is empty").arg(finding.lineStart).arg(finding.lineEnd), {}};
  SqliteTransaction tx(db_);
  HEARTH_STORAGE_TRY(tx.began());
  auto s = db_.prepare(
      "INSERT INTO review_findings (review_id, file_path, line_start, line_end, severity, text, message_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!s) return s.error();
  s->bind(1, finding.reviewId).bind(2, finding.filePath).bind(3, finding.lineStart).bind(4, finding.lineEnd);
  s->bind(5, static_cast<int>(finding.severity)).bind(6, finding.text).bindId(7, finding.messageId);
  HEARTH_STORAGE_TRY(s->run());  // an unknown review or message fails its foreign key
  Finding stored = finding;
  stored.id = db_.lastInsertId();
  HEARTH_STORAGE_TRY(tx.commit());
  return stored;
}

StorageResult<QList<Finding>> Storage::findings(CodeReviewId reviewId) const {
  auto s = db_.prepare(
      "SELECT id, review_id, file_path, line_start, line_end, severity, text, message_id FROM review_findings "
      "WHERE review_id = ?1 ORDER BY file_path, line_start, id");
  if (!s) return s.error();
  s->bind(1, reviewId);
  return s->collect([](const SqliteStatement& row) {
    Finding f;
    f.id = row.columnInt(0);
    f.reviewId = row.columnInt(1);
    f.filePath = row.columnText(2);
    f.lineStart = static_cast<int>(row.columnInt(3));
    f.lineEnd = static_cast<int>(row.columnInt(4));
    f.severity = static_cast<Severity>(row.columnInt(5));
    f.text = row.columnText(6);
    f.messageId = row.columnInt(7);
    return f;
  });
}

}  // namespace hearth::app
