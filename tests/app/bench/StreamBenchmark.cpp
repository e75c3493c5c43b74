#include "StreamBenchmark.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QRegularExpression>
#include <QThread>
#include <QWindow>

#include "BenchStats.h"
#include "EventCostApplication.h"
#include "SampleConversation.h"
#include "TokenProducer.h"
#include "chat/ChatView.h"
#include "storage/StreamWriter.h"

namespace hearth::app::bench {

namespace {

// Markdown cut into pieces of the size a BPE tokenizer makes: a word with its leading space, long words
// in pieces of up to four characters, newlines on their own.
QStringList tokenize(const QString& text) {
  static const QRegularExpression re(QStringLiteral("\\n| ?[^\\s]{1,4}| "));
  QStringList tokens;
  for (auto it = re.globalMatch(text); it.hasNext();) tokens << it.next().captured(0);
  return tokens;
}

}  // namespace

QJsonObject runStreamBenchmark(const StreamOptions& options) {
  QJsonObject out{{QStringLiteral("benchmark"), QStringLiteral("stream")},
                  {QStringLiteral("target_tokens_per_second"), options.tokensPerSecond},
                  {QStringLiteral("seconds"), options.seconds}};
  auto opened = Storage::open(options.databasePath);
  if (!opened) return {{QStringLiteral("error"), opened.error().detail}};
  Storage& storage = **opened;
  auto conversation = writeLongConversation(storage, options.historyMessages, options.seed);
  if (!conversation) return {{QStringLiteral("error"), conversation.error().detail}};
  auto path = storage.activePath(*conversation);
  if (!path) return {{QStringLiteral("error"), path.error().detail}};
  auto question = storage.addMessage({*conversation, path->last().id, Role::User,
                                      QStringLiteral("Summarise all of that with examples."), {},
                                      MessageStatus::Complete, {}});
  if (!question) return {{QStringLiteral("error"), question.error().detail}};
  auto answer = storage.addMessage({*conversation, question->id, Role::Assistant, {}, {}, MessageStatus::Streaming,
                                    QStringLiteral("nemotron-3-nano")});
  if (!answer) return {{QStringLiteral("error"), answer.error().detail}};

  ChatView view(storage);
  view.resize(1000, 800);
  view.show();
  while (!view.windowHandle() || !view.windowHandle()->isExposed()) QCoreApplication::processEvents();
  view.showConversation(*conversation);
  QCoreApplication::processEvents();

  const auto total = static_cast<qsizetype>(options.tokensPerSecond * options.seconds);
  QStringList tokens = tokenize(randomAnswer(options.seed, static_cast<int>(total)));
  const auto reasoningTokens = static_cast<qsizetype>(static_cast<double>(total) * options.reasoningShare);

  // The GUI side, as the window does it: save (batched to about once a second) and show (batched per frame).
  StreamWriter writer(storage, answer->id);
  QString content;
  QString reasoning;
  qint64 received = 0;
  int frames = 0;
  QObject::connect(&view, &ChatView::rendered, &view, [&frames] { ++frames; });

  QThread producerThread;
  auto* producer = new TokenProducer(tokens, options.tokensPerSecond, options.seconds, reasoningTokens);
  producer->moveToThread(&producerThread);
  QObject::connect(&producerThread, &QThread::finished, producer, &QObject::deleteLater);
  QObject::connect(producer, &TokenProducer::token, &view, [&](const QString& text, bool isReasoning) {
    ++received;
    if (isReasoning) {
      reasoning += text;
      (void)writer.appendReasoning(text);
    } else {
      content += text;
      (void)writer.appendContent(text);
    }
    view.showStreamingText(answer->id, content, reasoning);
  });

  // The probe: a 1 ms timer whose lateness is how long the event loop kept everything else waiting.
  QList<double> lateness;
  QElapsedTimer sinceProbe;
  QTimer probe;
  probe.setTimerType(Qt::PreciseTimer);
  probe.setInterval(1);
  QObject::connect(&probe, &QTimer::timeout, &view, [&] {
    lateness << std::max(0.0, static_cast<double>(sinceProbe.nsecsElapsed()) / 1e6 - 1.0);
    sinceProbe.start();
  });

  // The same probe with nothing streaming first: what this machine gives an idle event loop (on a shared
  // machine, other processes' load shows up here and not only in the streaming numbers).
  {
    QEventLoop idle;
    QTimer::singleShot(1000, &idle, &QEventLoop::quit);
    sinceProbe.start();
    probe.start();
    idle.exec();
    probe.stop();
    out[QStringLiteral("idle_probe_lateness")] = summary(lateness);
    lateness.clear();
  }

  QEventLoop loop;
  qint64 emitted = 0;
  QObject::connect(producer, &TokenProducer::finished, &loop, [&](qint64 n) {
    emitted = n;
    loop.quit();
  });
  producerThread.start();
  QElapsedTimer wall;
  wall.start();
  const double cpuAtStart = threadCpuMs();
  EventCostApplication::instance()->startRecording();
  sinceProbe.start();
  probe.start();
  QMetaObject::invokeMethod(producer, &TokenProducer::start, Qt::QueuedConnection);
  loop.exec();
  probe.stop();
  const QList<double> eventCosts = EventCostApplication::instance()->stopRecording();
  // Tokens still queued behind the finish signal arrive now.
  while (received < emitted && wall.elapsed() < 60000) QCoreApplication::processEvents();
  const double wallSeconds = static_cast<double>(wall.nsecsElapsed()) / 1e9;
  // How busy the GUI thread was: near 1 means it had no time to spare.
  out[QStringLiteral("gui_thread_cpu_share")] = (threadCpuMs() - cpuAtStart) / (wallSeconds * 1e3);
  producerThread.quit();
  producerThread.wait();
  (void)writer.finish(MessageStatus::Complete);

  out[QStringLiteral("tokens_emitted")] = static_cast<double>(emitted);
  out[QStringLiteral("tokens_received")] = static_cast<double>(received);
  out[QStringLiteral("tokens_per_second_delivered")] = static_cast<double>(received) / wallSeconds;
  out[QStringLiteral("frames_rendered")] = frames;
  out[QStringLiteral("frames_per_second")] = frames / wallSeconds;
  out[QStringLiteral("answer_chars")] = static_cast<double>(content.size() + reasoning.size());
  out[QStringLiteral("storage_flushes")] = writer.flushCount();
  out[QStringLiteral("probe_lateness")] = summary(lateness);
  out[QStringLiteral("gui_event_cpu")] = summary(eventCosts);
  out[QStringLiteral("p99_under_16ms")] = percentile(lateness, 99) < 16.0;
  return out;
}

}  // namespace hearth::app::bench
