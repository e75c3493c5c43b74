// The model chosen last opens again at start (SettingKey::OpenLastModelAtStart), on the synthetic tiny model:
// a new window loads it with no user action, through the same progress and errors as a picked model; with
// the setting off nothing loads; when the file is gone the notice bar names it, nothing loads, and the
// remembered entry stays until another model is chosen.
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "TinyModel.h"
#include "chat/Composer.h"
#include "engine/EngineController.h"
#include "models/LoadProgressWidget.h"
#include "models/RememberedModel.h"
#include "settings/Settings.h"
#include "status/StatusBarWidget.h"
#include "window/MainWindow.h"

using namespace hearth::app;

class TestStartupModel : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString model_;
  std::unique_ptr<QSettings> ini_;
  std::unique_ptr<AppSettings> settings_;

  QString database() const {
    return dir_.filePath(QStringLiteral("%1/hearth.sqlite").arg(QString::fromLatin1(QTest::currentTestFunction())));
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    QString error;
    model_ = test::synthesizeTinyModel(dir_, &error);
    QVERIFY2(!model_.isEmpty(), qPrintable(error));
  }

  void init() {
    const QString path = dir_.filePath(QStringLiteral("%1.ini").arg(QString::fromLatin1(QTest::currentTestFunction())));
    QFile::remove(path);
    ini_ = std::make_unique<QSettings>(path, QSettings::IniFormat);
    settings_ = std::make_unique<AppSettings>(ini_.get());
    settings_->setValue(SettingKey::ContextLength, 4096);
  }

  void cleanup() {
    settings_.reset();
    ini_.reset();
  }

  void theLastModelOpensAtStart() {
    QVERIFY(settings_->value(SettingKey::OpenLastModelAtStart).toBool());  // on by default
    rememberModel(*settings_, ChosenModel{model_, QStringLiteral("Tiny from last time"), false});
    MainWindow window({database(), settings_.get()});
    // Loading has begun before the window shows, on the engine thread, with the same progress as a pick.
    QSignalSpy loaded(window.engine(), &EngineController::modelLoaded);
    QCOMPARE(window.engine()->state(), EngineController::State::Loading);
    auto* progress = window.findChild<LoadProgressWidget*>(QStringLiteral("loadProgress"));
    QVERIFY(progress);
    QVERIFY(!progress->isHidden());
    QVERIFY(window.findChild<QPushButton*>(QStringLiteral("loadCancelButton"))->isEnabled());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QVERIFY(loaded.wait(60000));
    QCOMPARE(loaded.size(), 1);
    const auto info = loaded.first().at(0).value<LoadedModelInfo>();
    QCOMPARE(info.path, model_);
    QCOMPARE(info.name, QStringLiteral("Tiny from last time"));
    QVERIFY(!info.isDemo);
    QVERIFY(window.engine()->hasModel());
    QVERIFY(progress->isHidden());
    QVERIFY(window.notice().isEmpty());
    QVERIFY2(window.statusWidget()->modelText().contains(QStringLiteral("Tiny from last time")),
             qPrintable(window.statusWidget()->modelText()));
    // The composer is ready: a message can be sent.
    auto* edit = window.findChild<QPlainTextEdit*>(QStringLiteral("composerEdit"));
    QTest::keyClicks(edit, QStringLiteral("Hello"));
    QVERIFY(window.composer()->canSend());
    QVERIFY(window.findChild<QPushButton*>(QStringLiteral("composerSendButton"))->isEnabled());
    QCOMPARE(edit->placeholderText(), QStringLiteral("Write a message…"));
    QCOMPARE(settings_->value(SettingKey::LastModelPath).toString(), model_);
  }

  void aFailingLastModelShowsTheEnginesError() {
    // The same failure as picking a damaged file: the engine's message in the progress area, no model.
    QFile source(model_);
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QString broken = dir_.filePath(QStringLiteral("truncated_at_start.gguf"));
    QFile out(broken);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(source.readAll().left(4096));
    out.close();
    rememberModel(*settings_, ChosenModel{broken, QStringLiteral("Broken"), false});
    MainWindow window({database(), settings_.get()});
    QSignalSpy failed(window.engine(), &EngineController::loadFailed);
    window.show();
    QVERIFY(failed.wait(30000));
    auto* progress = window.findChild<LoadProgressWidget*>(QStringLiteral("loadProgress"));
    QVERIFY(progress->isVisible());
    QVERIFY(progress->isShowingFailure());
    const auto error = failed.first().at(0).value<EngineError>();
    QVERIFY(!error.message.isEmpty());
    QCOMPARE(window.findChild<QLabel*>(QStringLiteral("loadErrorMessage"))->text(), error.message);
    QCOMPARE(window.findChild<QLabel*>(QStringLiteral("loadFailureTitle"))->text(), QStringLiteral("Could not load Broken"));
    QVERIFY(!window.engine()->hasModel());
  }

  void nothingOpensWhenTheSettingIsOff() {
    rememberModel(*settings_, ChosenModel{model_, QStringLiteral("Tiny"), false});
    settings_->setValue(SettingKey::OpenLastModelAtStart, false);
    MainWindow window({database(), settings_.get()});
    QSignalSpy loading(window.engine(), &EngineController::stateChanged);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.engine()->state(), EngineController::State::NoModel);
    QVERIFY(loading.isEmpty());
    QVERIFY(window.findChild<LoadProgressWidget*>(QStringLiteral("loadProgress"))->isHidden());
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("emptyStateBody"))->isVisible());
    QVERIFY(window.notice().isEmpty());
    QCOMPARE(settings_->value(SettingKey::LastModelPath).toString(), model_);  // still remembered
  }

  void aMissingLastModelIsNamedAndKept() {
    const QString gone = dir_.filePath(QStringLiteral("unplugged/gone.gguf"));
    QVERIFY(QDir().mkpath(QFileInfo(gone).absolutePath()));
    QVERIFY(QFile::copy(model_, gone));
    rememberModel(*settings_, ChosenModel{gone, QStringLiteral("Gone model"), false});
    QVERIFY(QFile::remove(gone));

    MainWindow window({database(), settings_.get()});
    QSignalSpy states(window.engine(), &EngineController::stateChanged);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString notice = window.notice();
    QVERIFY2(notice.contains(QStringLiteral("Gone model")), qPrintable(notice));
    QVERIFY2(notice.contains(QDir::toNativeSeparators(gone)), qPrintable(notice));
    QVERIFY2(notice.contains(QStringLiteral("File ▸ Open Model…")), qPrintable(notice));
    QCOMPARE(window.engine()->state(), EngineController::State::NoModel);
    QVERIFY(states.isEmpty());
    QVERIFY(window.findChild<LoadProgressWidget*>(QStringLiteral("loadProgress"))->isHidden());
    // Kept: the drive may come back.
    QCOMPARE(settings_->value(SettingKey::LastModelPath).toString(), gone);
    QCOMPARE(settings_->value(SettingKey::LastModelName).toString(), QStringLiteral("Gone model"));
    QVERIFY(settings_->value(SettingKey::OpenLastModelAtStart).toBool());

    // Choosing another model takes the notice away and is remembered instead.
    QSignalSpy loaded(window.engine(), &EngineController::modelLoaded);
    window.loadModel(model_, QStringLiteral("Tiny instead"));
    QVERIFY(window.notice().isEmpty());
    QVERIFY(loaded.wait(60000));
    QCOMPARE(settings_->value(SettingKey::LastModelPath).toString(), model_);
    QCOMPARE(settings_->value(SettingKey::LastModelName).toString(), QStringLiteral("Tiny instead"));
  }

  void theEntryOfAMissingFileIsStillReadable() {
    const QString gone = dir_.filePath(QStringLiteral("never-there.gguf"));
    QVERIFY(!rememberedEntry(*settings_, model_));  // nothing chosen yet
    rememberModel(*settings_, ChosenModel{gone, QStringLiteral("Elsewhere"), false});
    QVERIFY(!rememberedModel(*settings_, model_));
    // Both files missing must not make it the demo (their canonical paths are both empty).
    QCOMPARE(rememberedEntry(*settings_, dir_.filePath(QStringLiteral("no-demo.gguf"))),
             std::optional(ChosenModel{gone, QStringLiteral("Elsewhere"), false}));
  }
};

QTEST_MAIN(TestStartupModel)
#include "test_startup_model.moc"
