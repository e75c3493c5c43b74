// Helper for test_storage_crash: streams numbered words ("w0 w1 w2 ...") into a new answer through
// StreamWriter until it is killed, printing "flushed N" after each commit that saved up to word N.
//   storage_stream_child <database> <flush interval ms>
#include <QCoreApplication>
#include <QThread>
#include <cstdio>

#include "storage/StreamWriter.h"

using namespace hearth::app;

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  if (argc != 3) {
    std::fprintf(stderr, "usage: storage_stream_child <database> <flush interval ms>\n");
    return 2;
  }
  auto storage = Storage::open(QString::fromLocal8Bit(argv[1]));
  if (!storage) {
    std::fprintf(stderr, "open: %s\n", qPrintable(storage.error().detail));
    return 1;
  }
  Storage& s = **storage;
  auto conversation = s.createConversation(QStringLiteral("Crash test"));
  auto question = conversation ? s.addMessage({conversation->id, 0, Role::User, QStringLiteral("Count forever"), {},
                                               MessageStatus::Complete, {}})
                               : StorageResult<Message>(conversation.error());
  auto answer = question ? s.addMessage({conversation->id, question->id, Role::Assistant, {}, {},
                                         MessageStatus::Streaming, {}})
                         : question;
  if (!answer) {
    std::fprintf(stderr, "setup: %s\n", qPrintable(answer.error().detail));
    return 1;
  }
  std::printf("answer %lld\n", static_cast<long long>(answer->id));
  std::fflush(stdout);

  StreamWriter writer(s, answer->id, std::chrono::milliseconds(std::atoi(argv[2])));
  for (long long i = 0;; ++i) {
    const int before = writer.flushCount();
    if (StorageStatus st = writer.appendContent(QStringLiteral("w%1 ").arg(i)); !st) {
      std::fprintf(stderr, "append: %s\n", qPrintable(st.error().detail));
      return 1;
    }
    if (writer.flushCount() != before) {
      std::printf("flushed %lld\n", i);  // committed: everything up to word i is on disk
      std::fflush(stdout);
    }
    QThread::usleep(100);  // a fast model: about 10,000 tokens per second
  }
}
