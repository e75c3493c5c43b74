// Operations on the database file as a whole: the health check on open, keeping a damaged file aside,
// and the backup copy taken before a migration.
#pragma once

#include <QString>

#include "storage/Sqlite.h"

namespace hearth::app {

// PRAGMA quick_check (structure and index consistency, without the slow cross-checks of integrity_check).
// Corrupt when the file is not a database or any problem is reported; detail lists the first problems.
StorageStatus checkDatabaseHealth(SqliteDatabase& db);

// Renames `path` and its -wal/-shm companions to `<path>.<tag>-<UTC timestamp>` (with a counter if that is
// taken) and returns the new name of the main file. Never deletes anything.
StorageResult<QString> keepFileAside(const QString& path, const QString& tag);

// A consistent copy of the open database to `destination` through the SQLite online backup API.
StorageStatus backupDatabase(SqliteDatabase& source, const QString& destination);

// `<path>.<tag>-20261128T085400Z`, the name keepFileAside and the migration backup use.
QString timestampedSibling(const QString& path, const QString& tag);

}  // namespace hearth::app
