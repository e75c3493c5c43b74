// The load progress widget for given sequences of progress signals on a clock the test drives: bytes in
// human units, smoothed speed, time left, Cancel emitting once, and the failure display of message and hint.
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include "core/status.h"
#include "models/LoadProgressWidget.h"

using hearth::app::EngineError;
using hearth::app::LoadProgressWidget;

namespace {

constexpr quint64 kGiB = 1ull << 30;

template <typename T>
T* child(QWidget& w, const char* name) {
  T* c = w.findChild<T*>(QLatin1String(name));
  if (!c) qFatal("no child %s", name);
  return c;
}

}  // namespace

class TestLoadProgress : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

  void showsBytesSpeedAndTimeLeft() {
    LoadProgressWidget w;
    qint64 now = 0;
    w.setClock([&now] { return now; });
    w.begin(QStringLiteral("nemotron-3-nano:30b"));
    w.show();
    QCOMPARE(child<QLabel>(w, "loadTitle")->text(), QStringLiteral("Loading nemotron-3-nano:30b…"));
    QCOMPARE(w.bytesText(), QStringLiteral("Opening the file…"));

    const quint64 total = 20 * kGiB;
    w.onLoadProgress(0, total);
    QCOMPARE(w.bytesText(), QStringLiteral("0 bytes of 20.0 GiB"));
    QCOMPARE(w.speedText(), QString());
    QCOMPARE(w.timeLeftText(), QString());

    // 1 GiB per second for two seconds, reported every 64 MiB (62.5 ms apart).
    for (int i = 1; i <= 32; ++i) {
      now = i * 1000 / 16;
      w.onLoadProgress(quint64(i) * (kGiB / 16), total);
    }
    QCOMPARE(w.bytesText(), QStringLiteral("2.0 GiB of 20.0 GiB"));
    QCOMPARE(w.speedText(), QStringLiteral("1.1 GB/s"));  // 1 GiB/s = 1.07 GB/s
    QCOMPARE(w.timeLeftText(), QStringLiteral("18 s left"));
    QCOMPARE(child<QProgressBar>(w, "loadProgressBar")->value(), 100);  // thousandths

    // The disk slows to a quarter: the speed follows smoothly, not at once.
    for (int i = 1; i <= 4; ++i) {
      now = 2000 + i * 1000;
      w.onLoadProgress(2 * kGiB + quint64(i) * (kGiB / 4), total);
    }
    // Four one-second spans at 0.25 GiB/s, each weighted 1 − e^(−1/2): the rate is
    // 0.25 + 0.75·e^(−2) = 0.3515 GiB/s = 377.4 MB/s, and 17 GiB remain: 48.4 s, shown rounded up.
    QCOMPARE(w.speedText(), QStringLiteral("377 MB/s"));
    QCOMPARE(w.bytesText(), QStringLiteral("3.0 GiB of 20.0 GiB"));
    QCOMPARE(w.timeLeftText(), QStringLiteral("49 s left"));
    QVERIFY(child<QProgressBar>(w, "loadProgressBar")->accessibleDescription().contains(w.bytesText()));
  }

  void cancelEmitsOnceAndSaysSo() {
    LoadProgressWidget w;
    w.begin(QStringLiteral("big.gguf"));
    w.show();
    QSignalSpy cancelled(&w, &LoadProgressWidget::cancelRequested);
    auto* cancel = child<QPushButton>(w, "loadCancelButton");
    QVERIFY(cancel->isEnabled());
    QVERIFY(!cancel->accessibleName().isEmpty());
    cancel->setFocus();
    QTest::keyClick(cancel, Qt::Key_Space);  // keyboard works as well as the mouse
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(!cancel->isEnabled());
    QCOMPARE(child<QLabel>(w, "loadTitle")->text(), QStringLiteral("Cancelling…"));
    cancel->click();
    QCOMPARE(cancelled.count(), 1);

    // The worker answers with Cancelled: said as a cancel, not as a failure.
    w.onLoadFailed(EngineError{int(hearth::ErrorCode::Cancelled), QStringLiteral("Loading was cancelled."), {}});
    QVERIFY(w.isShowingFailure());
    QCOMPARE(child<QLabel>(w, "loadFailureTitle")->text(), QStringLiteral("Loading big.gguf was cancelled"));
    QVERIFY(child<QLabel>(w, "loadErrorHint")->isHidden());

    // A new load starts clean.
    w.begin(QStringLiteral("other.gguf"));
    QVERIFY(!w.isShowingFailure());
    QVERIFY(cancel->isEnabled());
    QCOMPARE(w.speedText(), QString());
  }

  void failureShowsMessageAndHint() {
    LoadProgressWidget w;
    w.begin(QStringLiteral("nemotron-3-super:120b"));
    w.show();
    w.onLoadProgress(kGiB, 80 * kGiB);
    QSignalSpy dismissed(&w, &LoadProgressWidget::dismissed);
    const EngineError error{int(hearth::ErrorCode::OutOfMemory),
                            QStringLiteral("The model needs 87.0 GiB; 60.2 GiB are free."),
                            QStringLiteral("Close other programs, or choose a smaller quantisation such as Q4_K_M.")};
    w.onLoadFailed(error);
    QVERIFY(w.isShowingFailure());
    QCOMPARE(child<QLabel>(w, "loadFailureTitle")->text(), QStringLiteral("Could not load nemotron-3-super:120b"));
    QCOMPARE(child<QLabel>(w, "loadErrorMessage")->text(), error.message);
    QCOMPARE(child<QLabel>(w, "loadErrorHint")->text(), error.hint);
    QVERIFY(child<QLabel>(w, "loadErrorMessage")->isVisible());
    QVERIFY(child<QLabel>(w, "loadErrorHint")->isVisible());
    QVERIFY(!child<QPushButton>(w, "loadCancelButton")->isVisible());
    auto* close = child<QPushButton>(w, "loadCloseButton");
    QVERIFY(close->isVisible());
    close->click();
    QCOMPARE(dismissed.count(), 1);
  }

  void loadedFillsTheBar() {
    LoadProgressWidget w;
    w.begin(QStringLiteral("m"));
    w.onLoadProgress(10, 100);
    hearth::app::LoadedModelInfo info;
    info.name = QStringLiteral("Nemotron Nano");
    w.onModelLoaded(info);
    QCOMPARE(child<QProgressBar>(w, "loadProgressBar")->value(), 1000);
    QCOMPARE(child<QLabel>(w, "loadTitle")->text(), QStringLiteral("Loaded Nemotron Nano"));
    QVERIFY(!child<QPushButton>(w, "loadCancelButton")->isEnabled());
  }
};

QTEST_MAIN(TestLoadProgress)
#include "test_load_progress.moc"
