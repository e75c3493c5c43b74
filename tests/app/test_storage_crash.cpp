// Crash safety: a child process streaming an answer into the database is killed with SIGKILL at a random
// moment. The file must pass PRAGMA integrity_check and hold every word up to the child's last reported
// commit, and the next open marks the answer Interrupted with its text kept.
#include <signal.h>
#include <sqlite3.h>

#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTest>

#include "storage_test_support.h"

using namespace hearth::app;

class TestStorageCrash : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void killedWhileStreaming_data() {
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("flushesBeforeKill");
    for (quint32 seed : {1u, 2u, 3u, 4u}) {
      QRandomGenerator rng(seed);
      QTest::addRow("seed %u", seed) << seed << rng.bounded(3, 12);
    }
  }

  void killedWhileStreaming() {
    QFETCH(quint32, seed);
    QFETCH(int, flushesBeforeKill);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hearth.sqlite"));

    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QStringLiteral(HEARTH_STREAM_CHILD), {path, QStringLiteral("15")});
    QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));

    MessageId answer = 0;
    qint64 lastFlushed = -1;
    int flushes = 0;
    static const QRegularExpression kLine(QStringLiteral("^(answer|flushed) (\\d+)$"));
    auto readLines = [&] {
      while (child.canReadLine()) {
        const auto m = kLine.match(QString::fromLatin1(child.readLine()).trimmed());
        if (!m.hasMatch()) continue;
        if (m.captured(1) == QLatin1String("answer")) {
          answer = m.captured(2).toLongLong();
        } else {
          lastFlushed = m.captured(2).toLongLong();
          ++flushes;
        }
      }
    };
    while (flushes < flushesBeforeKill) {
      QVERIFY2(child.state() == QProcess::Running, "the child stopped on its own");
      child.waitForReadyRead(10000);
      readLines();
    }
    // Kill at a random point between commits: mid-append, mid-transaction or idle.
    QThread::usleep(QRandomGenerator(seed).bounded(0, 15000));
    QCOMPARE(::kill(static_cast<pid_t>(child.processId()), SIGKILL), 0);
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    readLines();  // commits reported just before the kill count too
    QVERIFY(answer > 0);
    QVERIFY(lastFlushed >= 0);

    {
      // The raw file first, before Hearth's open touches it.
      TAKE(raw, SqliteDatabase::open(path));
      QCOMPARE(*raw.queryText("PRAGMA integrity_check"), QStringLiteral("ok"));
    }
    TAKE(s, Storage::open(path));
    QCOMPARE(s->interruptedOnOpen(), 1);
    TAKE(m, s->message(answer));
    QCOMPARE(m.status, MessageStatus::Interrupted);
    const QStringList words = m.content.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QVERIFY2(words.size() > lastFlushed, qPrintable(QStringLiteral("%1 words saved, child reported up to w%2")
                                                        .arg(words.size()).arg(lastFlushed)));
    for (qsizetype i = 0; i < words.size(); ++i)
      QCOMPARE(words[i], QStringLiteral("w%1").arg(i));  // in order, nothing torn or duplicated
    TAKE(hits, s->search(QStringLiteral("w%1").arg(lastFlushed)));  // and the search index agrees
    QVERIFY(!hits.isEmpty());
    QCOMPARE(hits.constFirst().messageId, answer);
  }
};

QTEST_GUILESS_MAIN(TestStorageCrash)
#include "test_storage_crash.moc"
