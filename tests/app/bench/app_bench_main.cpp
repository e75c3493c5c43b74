// hearth-app-bench: the app's two benchmarks (not tests: they measure and print, they assert nothing).
//   hearth-app-bench [open|stream|all] [--messages N] [--rate TOKENS_PER_S] [--seconds S]
// Prints one JSON object per benchmark, after one describing the machine. Run it offscreen
// (QT_QPA_PLATFORM=offscreen) or under a real X server (xvfb-run -a); see tests/app/bench/README.md.
#include <QApplication>
#include <QCommandLineParser>
#include <QJsonDocument>
#include <QScreen>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <cstdio>

#include "EventCostApplication.h"
#include "OpenBenchmark.h"
#include "StreamBenchmark.h"

namespace {
void print(const QJsonObject& o) {
  std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).constData(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}
}  // namespace

int main(int argc, char** argv) {
  hearth::app::bench::EventCostApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("hearth-app-bench"));
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Hearth's chat view benchmarks: open and scroll, and streaming."));
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("which"), QStringLiteral("open, stream or all (default)"));
  const QCommandLineOption messages(QStringLiteral("messages"), QStringLiteral("Messages in the long conversation."),
                                    QStringLiteral("n"), QStringLiteral("10000"));
  const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Tokens per second streamed."),
                                QStringLiteral("n"), QStringLiteral("2000"));
  const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("How long to stream."),
                                   QStringLiteral("s"), QStringLiteral("5"));
  parser.addOptions({messages, rate, seconds});
  parser.process(app);
  const QString which = parser.positionalArguments().value(0, QStringLiteral("all"));

  QTemporaryDir dir;
  if (!dir.isValid()) return 1;
  const QScreen* screen = QGuiApplication::primaryScreen();
  print({{QStringLiteral("machine"), QSysInfo::prettyProductName()},
         {QStringLiteral("cpu_threads"), QThread::idealThreadCount()},
         {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
         {QStringLiteral("platform"), QGuiApplication::platformName()},
         {QStringLiteral("device_pixel_ratio"), screen ? screen->devicePixelRatio() : 1.0}});

  int failures = 0;
  auto run = [&](const QJsonObject& result) {
    print(result);
    if (result.contains(QStringLiteral("error"))) ++failures;
  };
  if (which == QLatin1String("open") || which == QLatin1String("all")) {
    hearth::app::bench::OpenOptions o;
    o.databasePath = dir.filePath(QStringLiteral("open.sqlite"));
    o.messages = parser.value(messages).toInt();
    run(hearth::app::bench::runOpenBenchmark(o));
  }
  if (which == QLatin1String("stream") || which == QLatin1String("all")) {
    hearth::app::bench::StreamOptions o;
    o.databasePath = dir.filePath(QStringLiteral("stream.sqlite"));
    o.tokensPerSecond = parser.value(rate).toDouble();
    o.seconds = parser.value(seconds).toDouble();
    run(hearth::app::bench::runStreamBenchmark(o));
  }
  return failures == 0 ? 0 : 1;
}
