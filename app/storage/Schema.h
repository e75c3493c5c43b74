// The database schema as a list of forward migrations. PRAGMA user_version holds the version reached;
// a new database runs every step from 1, so the upgrade path is the only path and is always exercised.
#pragma once

#include "storage/Sqlite.h"

namespace hearth::app {

struct Migration {
  int version;      // user_version after this step
  const char* sql;  // run inside the migration's transaction
};

// Every step, oldest first. Never edit a released step: add a new one.
const Migration* migrations();
int migrationCount();
int currentSchemaVersion();

// Runs every step above the database's version in one transaction (all or nothing).
StorageStatus applyMigrations(SqliteDatabase& db, int fromVersion);

}  // namespace hearth::app
