// A thin RAII layer over the sqlite3 C API: a connection, prepared statements and transactions, all
// reporting failures as StorageError values. Used only by the storage module; nothing here knows the schema.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <memory>
#include <type_traits>
#include <variant>

#include "storage/StorageError.h"

struct sqlite3;
struct sqlite3_stmt;

namespace hearth::app {

class SqliteStatement;

class SqliteDatabase {
 public:
  SqliteDatabase() = default;
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  SqliteDatabase(SqliteDatabase&& other) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;

  // Opens (creating if missing) the file read-write. SQLite reads nothing yet: a file that is not a
  // database only shows itself at the first statement.
  static StorageResult<SqliteDatabase> open(const QString& path);

  bool isOpen() const { return db_ != nullptr; }
  sqlite3* handle() const { return db_; }
  void close();

  // Runs one or more statements that return no rows we need.
  StorageStatus exec(const char* sql);
  StorageResult<SqliteStatement> prepare(const char* sql) const;
  // The single value of a one-row, one-column query (PRAGMA user_version, COUNT(*)).
  StorageResult<qint64> queryInt(const char* sql) const;
  StorageResult<QString> queryText(const char* sql) const;
  qint64 lastInsertId() const;
  int changes() const;

  // An error of the given SQLite result code, classified (busy, corrupt, ...) with SQLite's own message.
  StorageError error(int rc, const QString& what) const;

 private:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// Maps an SQLite result code to our codes; NOTADB and CORRUPT become Corrupt.
StorageErrorCode classifySqliteError(int rc);

class SqliteStatement {
 public:
  enum class Step { Row, Done };

  SqliteStatement(SqliteStatement&&) noexcept = default;
  SqliteStatement& operator=(SqliteStatement&&) noexcept = default;

  // Parameters are 1-based as in SQLite. Binding returns *this so calls chain; a bind failure (an index
  // out of range: a programming error) surfaces at the next step().
  SqliteStatement& bind(int index, qint64 value);
  SqliteStatement& bind(int index, int value) { return bind(index, static_cast<qint64>(value)); }
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind(int index, const QString& value);
  SqliteStatement& bind(int index, const QByteArray& blob);
  SqliteStatement& bindNull(int index);
  // Binds NULL for 0 (our ids start at 1), the id otherwise.
  SqliteStatement& bindId(int index, qint64 id);

  StorageResult<Step> step();
  // Steps to the next row: true when there is one (for queries of at most one row).
  StorageResult<bool> nextRow();
  // Calls visit(*this) for every remaining row; stops at the end or at the first error.
  template <typename Visit>
  StorageStatus forEachRow(Visit&& visit);
  // The rows read by read(*this), in order.
  template <typename Read>
  auto collect(Read&& read) -> StorageResult<QList<std::invoke_result_t<Read&, const SqliteStatement&>>>;
  // Steps a statement that must finish without rows (INSERT, UPDATE).
  StorageStatus run();
  void reset();

  qint64 columnInt(int column) const;
  double columnDouble(int column) const;
  QString columnText(int column) const;
  QByteArray columnBlob(int column) const;
  bool columnIsNull(int column) const;

 private:
  friend class SqliteDatabase;
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const;
  };
  SqliteStatement(sqlite3_stmt* stmt, const SqliteDatabase* db) : stmt_(stmt), db_(db) {}
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  const SqliteDatabase* db_ = nullptr;
  int bindRc_ = 0;
};

template <typename Visit>
StorageStatus SqliteStatement::forEachRow(Visit&& visit) {
  for (;;) {
    auto row = nextRow();
    if (!row) return row.error();
    if (!*row) return {};
    visit(static_cast<const SqliteStatement&>(*this));
  }
}

template <typename Read>
auto SqliteStatement::collect(Read&& read) -> StorageResult<QList<std::invoke_result_t<Read&, const SqliteStatement&>>> {
  QList<std::invoke_result_t<Read&, const SqliteStatement&>> rows;
  HEARTH_STORAGE_TRY(forEachRow([&](const SqliteStatement& s) { rows << read(s); }));
  return rows;
}

// BEGIN IMMEDIATE on construction (so a writer never fails half-way on a lock upgrade), ROLLBACK in the
// destructor unless commit() succeeded.
//   SqliteTransaction tx(db);
//   HEARTH_STORAGE_TRY(tx.began());
//   ... statements ...
//   return tx.commit();
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  const StorageStatus& began() const { return began_; }
  StorageStatus commit();

 private:
  SqliteDatabase& db_;
  StorageStatus began_;
  bool open_ = false;
};

}  // namespace hearth::app
