// The demo model synthesised at build time: it exists where the app looks, it is exactly the file the
// documented synth options make (so the build rule and the docs agree), the engine loads it with its
// tokenizer, the empty state's "Try the Demo Model" button chooses it, and once chosen it opens again at
// the next start, as the demo.
//
// The engine headers come before Qt's: backend/cpu/moe.h has a member named `slots`, which Qt defines as a
// macro.
#include "model/discovery.h"
#include "model/synth.h"
#include "runtime/model_bundle.h"

#include <QFile>
#include <QFileInfo>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "engine/EngineController.h"
#include "models/DemoModel.h"
#include "models/RememberedModel.h"
#include "settings/Settings.h"
#include "window/EmptyStateView.h"
#include "window/MainWindow.h"

class TestDemoModel : public QObject {
  Q_OBJECT

 private slots:
  void existsWhereTheAppLooks() {
    const QString path = hearth::app::demoModelPath();
    QVERIFY2(!path.isEmpty(), HEARTH_DEMO_MODEL);
    QCOMPARE(path, QFileInfo(QStringLiteral(HEARTH_DEMO_MODEL)).canonicalFilePath());
    QCOMPARE(QFileInfo(path).fileName(), QLatin1String(hearth::app::kDemoModelFileName));
  }

  void isTheSeededTinyModel() {
    // Synthesised again from the same options, byte for byte the same file.
    QTemporaryDir dir;
    const QString again = dir.filePath(QStringLiteral("again.gguf"));
    hearth::model::SynthOptions o;
    o.preset = "tiny";
    o.quant = hearth::model::QuantMix::Q8_0;
    o.seed = HEARTH_DEMO_MODEL_SEED;
    QVERIFY(hearth::model::synthesize(o, again.toStdString()).is_ok());
    QFile a(QStringLiteral(HEARTH_DEMO_MODEL)), b(again);
    QVERIFY(a.open(QIODevice::ReadOnly));
    QVERIFY(b.open(QIODevice::ReadOnly));
    QVERIFY(a.size() > 100'000);
    QCOMPARE(a.size(), b.size());
    QVERIFY(a.readAll() == b.readAll());

    const hearth::model::DiscoveredModel d =
        hearth::model::describe_model_file(HEARTH_DEMO_MODEL, hearth::model::ModelSource::UserFolder, "demo");
    QVERIFY2(d.runnable, d.why_not.c_str());
    QCOMPARE(QString::fromStdString(d.architecture), QStringLiteral("nemotron_h_moe"));
    QCOMPARE(QString::fromStdString(d.quantization), QStringLiteral("Q8_0"));
  }

  void loadsWithTheEngine() {
    quint64 lastDone = 0, lastTotal = 0;
    hearth::model::LoadOptions options;
    options.progress = [&](std::uint64_t done, std::uint64_t total) {
      lastDone = done;
      lastTotal = total;
    };
    auto bundle = hearth::runtime::load_model_bundle(HEARTH_DEMO_MODEL, options, 1);
    QVERIFY2(bundle.is_ok(), bundle.status().to_string().c_str());
    QVERIFY(lastTotal > 0);
    QCOMPARE(lastDone, lastTotal);
    QCOMPARE(bundle.value().model->config->pattern(), std::string("MEM*EM*E"));
    QVERIFY(!bundle.value().tokenizer->encode("Hello, demo").empty());
    QVERIFY(!bundle.value().eog_tokens().empty());
  }

  void emptyStateOffersIt() {
    hearth::app::EmptyStateView view;
    auto* demo = view.findChild<QPushButton*>(QStringLiteral("emptyStateDemoButton"));
    QVERIFY(demo);
    QVERIFY(demo->isEnabled());
    QVERIFY(!demo->accessibleName().isEmpty());
    QSignalSpy chosen(&view, &hearth::app::EmptyStateView::modelChosen);
    demo->click();
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.first().at(0).toString(), hearth::app::demoModelPath());
    QCOMPARE(chosen.first().at(1).toString(), hearth::app::demoModelDisplayName());
    QCOMPARE(chosen.first().at(2).toBool(), true);

    // Without the file the button is off and says why.
    view.setDemoModelPath(QString());
    QVERIFY(!demo->isEnabled());
    QVERIFY(demo->toolTip().contains(QStringLiteral("not found")));
    demo->click();
    QCOMPARE(chosen.count(), 1);
  }

  void rememberedDemoOpensAtStart() {
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    QSettings ini(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    hearth::app::AppSettings settings(&ini);
    // Remembered under another name (the language it was chosen in): at start it is the demo again.
    hearth::app::rememberModel(settings, {hearth::app::demoModelPath(), QStringLiteral("Modèle de démonstration"), true});
    hearth::app::MainWindow window({dir.filePath(QStringLiteral("hearth.sqlite")), &settings});
    QSignalSpy loaded(window.engine(), &hearth::app::EngineController::modelLoaded);
    QVERIFY(loaded.wait(60000));
    const auto info = loaded.first().at(0).value<hearth::app::LoadedModelInfo>();
    QCOMPARE(info.path, hearth::app::demoModelPath());
    QVERIFY(info.isDemo);
    QCOMPARE(info.name, hearth::app::demoModelDisplayName());
  }
};

QTEST_MAIN(TestDemoModel)
#include "test_demo_model.moc"
