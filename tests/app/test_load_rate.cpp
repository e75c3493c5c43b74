// The load progress arithmetic: rate from spaced samples, exponential smoothing with a time-based weight,
// time left, restarts; and the units the numbers are shown in.
#include <QLocale>
#include <QTest>
#include <cmath>

#include "models/LoadRateEstimator.h"
#include "models/ModelFormat.h"

using hearth::app::LoadRateEstimator;

class TestLoadRate : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

  void unknownUntilASpanIsMeasured() {
    LoadRateEstimator r;
    QVERIFY(!r.secondsLeft());
    r.addSample(1000, 0, 1000'000'000);
    QCOMPARE(r.bytesPerSecond(), 0.0);
    QVERIFY(!r.secondsLeft());
    // 100 ms later: shorter than kMinSpanMs, accumulated rather than measured.
    r.addSample(1100, 50'000'000, 1000'000'000);
    QCOMPARE(r.bytesPerSecond(), 0.0);
    QCOMPARE(r.bytesDone(), quint64(50'000'000));
    // 500 ms after the first sample: 200 MB in 0.5 s.
    r.addSample(1500, 200'000'000, 1000'000'000);
    QCOMPARE(r.bytesPerSecond(), 400e6);
    QCOMPARE(*r.secondsLeft(), 800e6 / 400e6);
  }

  void smoothsWithATimeBasedWeight() {
    LoadRateEstimator r;
    r.addSample(0, 0, 10'000'000'000);
    r.addSample(1000, 1'000'000'000, 10'000'000'000);  // 1 GB/s
    QCOMPARE(r.bytesPerSecond(), 1e9);
    r.addSample(2000, 1'500'000'000, 10'000'000'000);  // 0.5 GB/s over 1 s
    const double alpha = 1.0 - std::exp(-1000.0 / LoadRateEstimator::kTimeConstantMs);
    const double expected = 1e9 + alpha * (0.5e9 - 1e9);
    QVERIFY(std::abs(r.bytesPerSecond() - expected) < 1.0);
    QVERIFY(std::abs(*r.secondsLeft() - 8.5e9 / expected) < 1e-6);
    // The weight depends on time, not on how many reports: two half-second spans at the new rate move the
    // average as far as one whole second does.
    LoadRateEstimator split;
    split.addSample(0, 0, 10'000'000'000);
    split.addSample(1000, 1'000'000'000, 10'000'000'000);
    split.addSample(1500, 1'250'000'000, 10'000'000'000);
    split.addSample(2000, 1'500'000'000, 10'000'000'000);
    QVERIFY(std::abs(split.bytesPerSecond() - expected) < 1.0);
  }

  void doneAndRestart() {
    LoadRateEstimator r;
    r.addSample(0, 0, 100);
    r.addSample(300, 100, 100);
    QCOMPARE(*r.secondsLeft(), 0.0);
    // Bytes going backwards: a new load; the old rate is gone.
    r.addSample(400, 10, 200);
    QCOMPARE(r.bytesPerSecond(), 0.0);
    QCOMPARE(r.bytesTotal(), quint64(200));
    QVERIFY(!r.secondsLeft());
    r.reset();
    QCOMPARE(r.bytesDone(), quint64(0));
    QVERIFY(!r.secondsLeft());
  }

  void stalledLoadHasNoTimeLeft() {
    LoadRateEstimator r;
    r.addSample(0, 500, 1000);
    r.addSample(1000, 500, 1000);
    QCOMPARE(r.bytesPerSecond(), 0.0);
    QVERIFY(!r.secondsLeft());
  }

  void units_data() {
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("expected");
    using namespace hearth::app;
    QTest::newRow("bytes GiB") << formatBytes(4'509'715'660ull) << QStringLiteral("4.2 GiB");
    QTest::newRow("bytes MiB") << formatBytes(3ull << 20) << QStringLiteral("3.0 MiB");
    QTest::newRow("speed MB/s") << formatSpeed(850e6) << QStringLiteral("850 MB/s");
    QTest::newRow("speed slow") << formatSpeed(2.26e6) << QStringLiteral("2.3 MB/s");
    QTest::newRow("speed GB/s") << formatSpeed(1.26e9) << QStringLiteral("1.3 GB/s");
    QTest::newRow("seconds") << formatDuration(11.2) << QStringLiteral("12 s");
    QTest::newRow("minutes") << formatDuration(185) << QStringLiteral("3 min 05 s");
    QTest::newRow("hours") << formatDuration(4320) << QStringLiteral("1 h 12 min");
    QTest::newRow("count") << formatCount(1234567) << QStringLiteral("1,234,567");
    QTest::newRow("params B") << formatParameters(120'670'000'000) << QStringLiteral("120.7 B");
    QTest::newRow("params M") << formatParameters(3'900'000) << QStringLiteral("3.9 M");
    QTest::newRow("params unknown") << formatParameters(0) << QString();
  }
  void units() {
    QFETCH(QString, actual);
    QFETCH(QString, expected);
    QCOMPARE(actual, expected);
  }

  void germanNumbers() {
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(hearth::app::formatCount(8192), QStringLiteral("8.192"));
    QCOMPARE(hearth::app::formatSpeed(2.26e6), QStringLiteral("2,3 MB/s"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
  }
};

QTEST_GUILESS_MAIN(TestLoadRate)
#include "test_load_rate.moc"
