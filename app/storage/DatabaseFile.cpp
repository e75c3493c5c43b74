#include "storage/DatabaseFile.h"

#include <sqlite3.h>

#include <QDateTime>
#include <QFile>
#include <QStringList>

namespace hearth::app {

StorageStatus checkDatabaseHealth(SqliteDatabase& db) {
  auto stmt = db.prepare("PRAGMA quick_check(20)");
  if (!stmt) return stmt.error();
  QStringList problems;
  // NOTADB or CORRUPT while reading is classified Corrupt already.
  HEARTH_STORAGE_TRY(stmt->forEachRow([&](const SqliteStatement& row) {
    if (const QString line = row.columnText(0); line != QLatin1String("ok")) problems << line;
  }));
  if (!problems.isEmpty())
    return StorageError{StorageErrorCode::Corrupt, QStringLiteral("quick_check: ") + problems.join(QStringLiteral("; ")), {}};
  return {};
}

QString timestampedSibling(const QString& path, const QString& tag) {
  const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
  QString candidate = QStringLiteral("%1.%2-%3").arg(path, tag, stamp);
  for (int n = 2; QFile::exists(candidate); ++n) candidate = QStringLiteral("%1.%2-%3-%4").arg(path, tag, stamp).arg(n);
  return candidate;
}

StorageResult<QString> keepFileAside(const QString& path, const QString& tag) {
  const QString kept = timestampedSibling(path, tag);
  if (!QFile::rename(path, kept))
    return StorageError{StorageErrorCode::CannotOpen, QStringLiteral("cannot rename %1 to %2").arg(path, kept), {}};
  // The write-ahead log may hold the newest pages: it travels with the file, under the matching name.
  for (const char* suffix : {"-wal", "-shm"}) {
    const QString companion = path + QLatin1String(suffix);
    if (QFile::exists(companion)) QFile::rename(companion, kept + QLatin1String(suffix));
  }
  return kept;
}

StorageStatus backupDatabase(SqliteDatabase& source, const QString& destination) {
  auto target = SqliteDatabase::open(destination);
  if (!target) return target.error();
  sqlite3_backup* backup = sqlite3_backup_init(target->handle(), "main", source.handle(), "main");
  if (!backup) return target->error(sqlite3_errcode(target->handle()), QStringLiteral("starting backup to %1").arg(destination));
  const int stepRc = sqlite3_backup_step(backup, -1);  // -1: every page in one step; the source is ours alone
  const int finishRc = sqlite3_backup_finish(backup);
  if (stepRc != SQLITE_DONE) return target->error(stepRc, QStringLiteral("backing up to %1").arg(destination));
  if (finishRc != SQLITE_OK) return target->error(finishRc, QStringLiteral("finishing backup to %1").arg(destination));
  return {};
}

}  // namespace hearth::app
