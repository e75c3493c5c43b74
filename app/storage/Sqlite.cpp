#include "storage/Sqlite.h"

#include <sqlite3.h>

#include <QFile>

namespace hearth::app {

StorageErrorCode classifySqliteError(int rc) {
  switch (rc & 0xff) {  // primary code; extended codes carry detail we keep in the message
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return StorageErrorCode::Corrupt;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StorageErrorCode::Busy;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return StorageErrorCode::CannotOpen;
    default:
      return StorageErrorCode::Sql;
  }
}

SqliteDatabase::~SqliteDatabase() { close(); }

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

void SqliteDatabase::close() {
  if (db_) {
    // sqlite3_close_v2 defers the close until any stray statement is finalized instead of failing.
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

StorageResult<SqliteDatabase> SqliteDatabase::open(const QString& path) {
  sqlite3* db = nullptr;
  const QByteArray name = QFile::encodeName(path);
  const int rc = sqlite3_open_v2(name.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  SqliteDatabase result(db);  // owns the handle even on failure, as sqlite3_open_v2 may allocate one
  if (rc != SQLITE_OK) {
    return StorageError{classifySqliteError(rc),
                        QStringLiteral("cannot open %1: %2").arg(path, QString::fromUtf8(sqlite3_errstr(rc))),
                        {}};
  }
  sqlite3_extended_result_codes(db, 1);
  // Another Hearth window writing at the same moment waits rather than failing at once.
  sqlite3_busy_timeout(db, 5000);
  return result;
}

StorageError SqliteDatabase::error(int rc, const QString& what) const {
  const QString sqliteMessage = db_ ? QString::fromUtf8(sqlite3_errmsg(db_)) : QString::fromUtf8(sqlite3_errstr(rc));
  return StorageError{classifySqliteError(rc),
                      QStringLiteral("%1: %2 (SQLite code %3)").arg(what, sqliteMessage).arg(rc), {}};
}

StorageStatus SqliteDatabase::exec(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return error(rc, QStringLiteral("executing %1").arg(QString::fromUtf8(sql).left(80)));
  return {};
}

StorageResult<SqliteStatement> SqliteDatabase::prepare(const char* sql) const {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return error(rc, QStringLiteral("preparing %1").arg(QString::fromUtf8(sql).left(80)));
  }
  return SqliteStatement(stmt, this);
}

namespace {
// Steps `sql` to its first row, where the caller reads the value.
StorageResult<SqliteStatement> firstRow(const SqliteDatabase& db, const char* sql) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  auto row = stmt->nextRow();
  if (!row) return row.error();
  if (!*row) return StorageError{StorageErrorCode::Sql, QStringLiteral("no row from %1").arg(QString::fromUtf8(sql)), {}};
  return stmt;
}
}  // namespace

StorageResult<qint64> SqliteDatabase::queryInt(const char* sql) const {
  auto row = firstRow(*this, sql);
  if (!row) return row.error();
  return row->columnInt(0);
}

StorageResult<QString> SqliteDatabase::queryText(const char* sql) const {
  auto row = firstRow(*this, sql);
  if (!row) return row.error();
  return row->columnText(0);
}

qint64 SqliteDatabase::lastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int SqliteDatabase::changes() const { return sqlite3_changes(db_); }

void SqliteStatement::Finalizer::operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }

namespace {
// SQLite's error for a failed bind is kept and reported by the next step(), so binding chains stay readable.
int firstError(int kept, int rc) { return kept != SQLITE_OK ? kept : rc; }
}  // namespace

SqliteStatement& SqliteStatement::bind(int index, qint64 value) {
  bindRc_ = firstError(bindRc_, sqlite3_bind_int64(stmt_.get(), index, value));
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
  bindRc_ = firstError(bindRc_, sqlite3_bind_double(stmt_.get(), index, value));
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, const QString& value) {
  const QByteArray utf8 = value.toUtf8();
  bindRc_ = firstError(bindRc_, sqlite3_bind_text64(stmt_.get(), index, utf8.constData(),
                                                    static_cast<sqlite3_uint64>(utf8.size()), SQLITE_TRANSIENT,
                                                    SQLITE_UTF8));
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, const QByteArray& blob) {
  // A null pointer would bind SQL NULL; an empty blob must stay an empty blob.
  static const char kEmpty = 0;
  bindRc_ = firstError(bindRc_, sqlite3_bind_blob64(stmt_.get(), index, blob.isEmpty() ? &kEmpty : blob.constData(),
                                                    static_cast<sqlite3_uint64>(blob.size()), SQLITE_TRANSIENT));
  return *this;
}

SqliteStatement& SqliteStatement::bindNull(int index) {
  bindRc_ = firstError(bindRc_, sqlite3_bind_null(stmt_.get(), index));
  return *this;
}

SqliteStatement& SqliteStatement::bindId(int index, qint64 id) { return id == 0 ? bindNull(index) : bind(index, id); }

StorageResult<SqliteStatement::Step> SqliteStatement::step() {
  if (bindRc_ != SQLITE_OK) return db_->error(bindRc_, QStringLiteral("binding %1").arg(QString::fromUtf8(sqlite3_sql(stmt_.get()))));
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return Step::Row;
  if (rc == SQLITE_DONE) return Step::Done;
  return db_->error(rc, QStringLiteral("running %1").arg(QString::fromUtf8(sqlite3_sql(stmt_.get())).left(120)));
}

StorageResult<bool> SqliteStatement::nextRow() {
  auto s = step();
  if (!s) return s.error();
  return *s == Step::Row;
}

StorageStatus SqliteStatement::run() {
  auto s = step();
  if (!s) return s.error();
  return {};
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bindRc_ = SQLITE_OK;
}

qint64 SqliteStatement::columnInt(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
double SqliteStatement::columnDouble(int column) const { return sqlite3_column_double(stmt_.get(), column); }

QString SqliteStatement::columnText(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
  return QString::fromUtf8(text, sqlite3_column_bytes(stmt_.get(), column));
}

QByteArray SqliteStatement::columnBlob(int column) const {
  const void* data = sqlite3_column_blob(stmt_.get(), column);
  return QByteArray(static_cast<const char*>(data), sqlite3_column_bytes(stmt_.get(), column));
}

bool SqliteStatement::columnIsNull(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }

SqliteTransaction::SqliteTransaction(SqliteDatabase& db) : db_(db), began_(db.exec("BEGIN IMMEDIATE")) {
  open_ = began_.ok();
}

SqliteTransaction::~SqliteTransaction() {
  if (open_) db_.exec("ROLLBACK");
}

StorageStatus SqliteTransaction::commit() {
  if (!open_) return began_.ok() ? StorageStatus(StorageError{StorageErrorCode::InvalidArgument, QStringLiteral("commit twice"), {}}) : began_;
  StorageStatus s = db_.exec("COMMIT");
  if (s) open_ = false;  // a failed COMMIT leaves the transaction open: the destructor rolls it back
  return s;
}

}  // namespace hearth::app
