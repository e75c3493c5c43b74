// Helpers shared by the storage tests: results checked with their error detail in the failure message.
#pragma once

#include <sqlite3.h>

#include <QFile>
#include <QTest>

#include "storage/Storage.h"

// Fails the test with the error's detail unless `expr` (a StorageStatus or StorageResult) succeeded.
#define QVERIFY_STORED(expr)                                          \
  do {                                                                \
    const auto& hearth_stored_ = (expr);                              \
    QVERIFY2(hearth_stored_.ok(), qPrintable(hearth_stored_.error().detail)); \
  } while (false)

// Declares `var` as the value of a StorageResult, failing the test on an error.
#define TAKE(var, expr)                                                  \
  auto var##_result_ = (expr);                                           \
  QVERIFY2(var##_result_.ok(), qPrintable(var##_result_.error().detail)); \
  auto& var = *var##_result_

inline QByteArray readWholeFile(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.readAll();
}

inline bool writeWholeFile(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Builds a database file from an SQL script with the plain C API, the way an older Hearth left it.
inline bool createDatabaseFromScript(const QString& path, const QByteArray& script) {
  sqlite3* db = nullptr;
  const bool ok = sqlite3_open(QFile::encodeName(path).constData(), &db) == SQLITE_OK &&
                  sqlite3_exec(db, script.constData(), nullptr, nullptr, nullptr) == SQLITE_OK;
  if (!ok) qWarning() << "script failed:" << sqlite3_errmsg(db);
  sqlite3_close(db);
  return ok;
}

// Compares `actual` with a committed golden file; HEARTH_REGENERATE_GOLDENS=1 rewrites the file first.
#define QCOMPARE_GOLDEN(actualBytes, goldenPath)                                                       \
  do {                                                                                                  \
    const QByteArray hearth_actual_ = (actualBytes);                                                    \
    if (qEnvironmentVariableIntValue("HEARTH_REGENERATE_GOLDENS") == 1) {                               \
      QVERIFY(writeWholeFile((goldenPath), hearth_actual_));                                            \
      qInfo() << "rewrote" << (goldenPath);                                                             \
    }                                                                                                   \
    QVERIFY2(QFile::exists(goldenPath), qPrintable(QString(goldenPath) + QStringLiteral(" is missing"))); \
    QCOMPARE(QString::fromUtf8(hearth_actual_), QString::fromUtf8(readWholeFile(goldenPath)));          \
  } while (false)

// A Storage over a fresh copy of the committed version-1 fixture (data/storage/v1.sql) at `path`,
// upgraded to the current schema; null (with a warning) when that fails.
inline std::unique_ptr<hearth::app::Storage> openVersion1Fixture(const QString& path) {
  QFile::remove(path);
  if (!createDatabaseFromScript(path, readWholeFile(QStringLiteral(HEARTH_TEST_DATA_DIR "/storage/v1.sql")))) return nullptr;
  auto s = hearth::app::Storage::open(path);
  if (!s) qWarning() << s.error().detail;
  return s ? std::move(*s) : nullptr;
}
