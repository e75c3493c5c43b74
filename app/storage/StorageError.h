// Errors of the storage module are values: a code the app maps to translated text, a precise detail for
// logs and bug reports, and (for a damaged database) where the original file was kept.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <optional>
#include <utility>

namespace hearth::app {

// Shown in logs and bug reports: never renumber.
enum class StorageErrorCode : int {
  Ok = 0,
  CannotOpen = 1,      // the file or its folder cannot be created or opened (permissions, disk full)
  Corrupt = 2,         // not a database, or PRAGMA quick_check failed; the file was renamed aside, never deleted
  TooNew = 3,          // written by a newer Hearth: schema version above ours; left untouched
  MigrationFailed = 4, // an upgrade step failed and was rolled back; the pre-migration backup is kept
  Busy = 5,            // another process holds the database locked
  NotFound = 6,        // no row with that id
  InvalidArgument = 7, // the caller asked for something impossible (finishing a message as "streaming")
  Sql = 8,             // any other SQLite failure (disk full, I/O error); detail has SQLite's message
};

struct StorageError {
  StorageErrorCode code = StorageErrorCode::Ok;
  QString detail;     // English, for logs: what failed and SQLite's own words
  QString keptFile;   // Corrupt: the path the damaged file was moved to; MigrationFailed: the backup
};

// The sentence to show the user for an error, translated.
QString userMessage(const StorageError& error);

// A value or the error explaining why there is none (std::expected is C++23).
template <typename T>
class StorageResult {
 public:
  StorageResult(T value) : value_(std::move(value)) {}                // NOLINT(google-explicit-constructor)
  StorageResult(StorageError error) : error_(std::move(error)) {}     // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const StorageError& error() const { return error_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  StorageError error_;
};

// Success or an error, for calls that return nothing.
class StorageStatus {
 public:
  StorageStatus() = default;
  StorageStatus(StorageError error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return error_.code == StorageErrorCode::Ok; }
  explicit operator bool() const { return ok(); }
  const StorageError& error() const { return error_; }

 private:
  StorageError error_;
};

}  // namespace hearth::app

// Returns the error of a failed StorageStatus/StorageResult expression from the enclosing function.
#define HEARTH_STORAGE_TRY(expr)                                   \
  do {                                                             \
    auto&& hearth_storage_try_ = (expr);                           \
    if (!hearth_storage_try_.ok()) return hearth_storage_try_.error(); \
  } while (false)
