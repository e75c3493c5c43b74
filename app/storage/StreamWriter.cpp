#include "storage/StreamWriter.h"

namespace hearth::app {

StreamWriter::StreamWriter(Storage& storage, MessageId messageId, std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent), storage_(storage), messageId_(messageId), interval_(interval) {
  timer_.setSingleShot(true);
  connect(&timer_, &QTimer::timeout, this, [this] {
    if (StorageStatus s = flush(); !s) emit saveFailed(s.error());
  });
}

StreamWriter::~StreamWriter() {
  // Destroyed without finish() (the window closed): the text is saved; the message stays Streaming and is
  // marked Interrupted on the next open, which is what happened.
  if (!finished_) flush();
}

StorageStatus StreamWriter::appendContent(const QString& chunk) {
  if (finished_) return StorageError{StorageErrorCode::InvalidArgument, QStringLiteral("stream already finished"), {}};
  content_ += chunk;
  return maybeFlush();
}

StorageStatus StreamWriter::appendReasoning(const QString& chunk) {
  if (finished_) return StorageError{StorageErrorCode::InvalidArgument, QStringLiteral("stream already finished"), {}};
  reasoning_ += chunk;
  return maybeFlush();
}

StorageStatus StreamWriter::maybeFlush() {
  if (!sinceFlush_.isValid() || sinceFlush_.elapsed() >= interval_.count()) return flush();
  // Make sure a pause in the stream does not leave text unsaved for longer than the interval.
  if (!timer_.isActive()) timer_.start(std::chrono::milliseconds(interval_.count() - sinceFlush_.elapsed()));
  return {};
}

StorageStatus StreamWriter::flush() {
  timer_.stop();
  sinceFlush_.start();
  if (!hasPending()) return {};
  HEARTH_STORAGE_TRY(storage_.appendToMessage(messageId_, content_, reasoning_));
  content_.clear();
  reasoning_.clear();
  ++flushCount_;
  emit flushed(flushCount_);
  return {};
}

StorageStatus StreamWriter::finish(MessageStatus status, const MessageStats& stats, const QString& errorText) {
  if (finished_) return StorageError{StorageErrorCode::InvalidArgument, QStringLiteral("stream already finished"), {}};
  HEARTH_STORAGE_TRY(flush());
  HEARTH_STORAGE_TRY(storage_.finishMessage(messageId_, status, stats, errorText));
  finished_ = true;
  return {};
}

}  // namespace hearth::app
