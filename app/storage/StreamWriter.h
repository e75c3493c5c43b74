// Saves an answer while it streams without writing per token: chunks collect in memory and are committed
// at most about once per interval (default one second), by the next chunk once the interval has passed or
// by a timer if the stream pauses. If Hearth or the machine dies, at most one interval of text is lost.
// Stop and failure keep everything received, marked as such.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <chrono>

#include "storage/Storage.h"

namespace hearth::app {

class StreamWriter : public QObject {
  Q_OBJECT

 public:
  static constexpr std::chrono::milliseconds kDefaultInterval{1000};

  // `storage` must outlive the writer; `messageId` is a Streaming message (see Storage::regenerate).
  StreamWriter(Storage& storage, MessageId messageId, std::chrono::milliseconds interval = kDefaultInterval,
               QObject* parent = nullptr);
  ~StreamWriter() override;

  MessageId messageId() const { return messageId_; }
  // Queue text; commits now if the interval has passed since the last commit.
  StorageStatus appendContent(const QString& chunk);
  StorageStatus appendReasoning(const QString& chunk);
  // Commits whatever is queued.
  StorageStatus flush();
  // Flushes and ends the message (Complete, Stopped or Failed); later appends are refused.
  StorageStatus finish(MessageStatus status, const MessageStats& stats = {}, const QString& errorText = {});

  int flushCount() const { return flushCount_; }
  bool hasPending() const { return !content_.isEmpty() || !reasoning_.isEmpty(); }

 signals:
  // A commit made by the timer failed (a direct call returns its error instead).
  void saveFailed(const hearth::app::StorageError& error);
  // After each commit that wrote text.
  void flushed(int flushCount);

 private:
  StorageStatus maybeFlush();

  Storage& storage_;
  MessageId messageId_;
  std::chrono::milliseconds interval_;
  QString content_;
  QString reasoning_;
  QElapsedTimer sinceFlush_;
  QTimer timer_;
  int flushCount_ = 0;
  bool finished_ = false;
};

}  // namespace hearth::app
