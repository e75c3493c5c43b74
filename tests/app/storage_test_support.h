// Helpers shared by the storage tests: results checked with their error detail in the failure message.
#pragma once

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
