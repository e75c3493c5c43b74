// The model picker over generated fixture stores in a temporary folder: an Ollama store whose manifest points
// at a synthesised blob, a Hugging Face cache, a user folder added through "Add Folder…" holding a llama GGUF
// (listed, disabled, with the reason), "Open GGUF File…" for good and bad files, the demo row, and the last
// choice remembered in the settings. Files are never modified.
#include <QAccessible>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "gguf/gguf_writer.h"
#include "model/synth.h"
#include "models/DemoModel.h"
#include "models/ModelListModel.h"
#include "models/ModelPickerDialog.h"
#include "models/RememberedModel.h"
#include "settings/Settings.h"

using namespace hearth::app;

namespace {

const QString kDigest = QString(64, u'a');

void synthTiny(const QString& path, hearth::model::QuantMix quant) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  hearth::model::SynthOptions o;
  o.preset = "tiny";
  o.quant = quant;
  const hearth::Status s = hearth::model::synthesize(o, path.toStdString());
  if (!s.is_ok()) qFatal("synthesize %s: %s", qPrintable(path), s.to_string().c_str());
}

void writeText(const QString& path, const QByteArray& text) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) qFatal("cannot write %s", qPrintable(path));
}

QVariant cell(const ModelListModel& m, int row, int column, int role = Qt::DisplayRole) {
  return m.index(row, column).data(role);
}

}  // namespace

class TestModelPicker : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(dir_.isValid());
    const QString root = dir_.path();
    // Ollama: manifests/<registry>/<namespace>/<model>/<tag> → blobs/sha256-<hex> (no extension).
    ollama_ = root + QStringLiteral("/ollama");
    blob_ = ollama_ + QStringLiteral("/blobs/sha256-") + kDigest;
    synthTiny(blob_, hearth::model::QuantMix::Q8_0);
    writeText(ollama_ + QStringLiteral("/manifests/registry.ollama.ai/library/nemotron-3-tiny/latest"),
              QStringLiteral(R"({"schemaVersion":2,"layers":[{"mediaType":"application/vnd.ollama.image.model",
                  "digest":"sha256:%1","size":1}]})")
                  .arg(kDigest)
                  .toUtf8());
    // Hugging Face: <hub>/models--org--name/snapshots/<revision>/file.gguf.
    hub_ = root + QStringLiteral("/hf-hub");
    hfFile_ = hub_ + QStringLiteral("/models--unsloth--Nemotron-Tiny-GGUF/snapshots/rev1/tiny-F32.gguf");
    synthTiny(hfFile_, hearth::model::QuantMix::F32);
    // A user folder: a llama model Hearth cannot run, and a text file that is no model at all.
    folder_ = root + QStringLiteral("/my-models");
    llama_ = folder_ + QStringLiteral("/llama-3-tiny.gguf");
    {
      hearth::gguf::Writer w;
      w.set_string("general.architecture", "llama");
      w.set_u32("general.file_type", 7);
      w.add_tensor("token_embd.weight", {64, 32}, hearth::gguf::TensorType::Q8_0, {});
      QDir().mkpath(folder_);
      const hearth::Status s = w.write(llama_.toStdString());
      QVERIFY2(s.is_ok(), s.to_string().c_str());
    }
    writeText(folder_ + QStringLiteral("/notes.txt"), "not a model");
    // A demo model stand-in (the app's real one is tested in test_demo_model).
    demo_ = root + QStringLiteral("/share/hearth-demo.gguf");
    synthTiny(demo_, hearth::model::QuantMix::Q8_0);
    blobSize_ = QFileInfo(blob_).size();
  }

  void init() {
    ini_ = dir_.filePath(QStringLiteral("%1.ini").arg(QTest::currentTestFunction()));
    QFile::remove(ini_);
    qsettings_ = std::make_unique<QSettings>(ini_, QSettings::IniFormat);
    settings_ = std::make_unique<AppSettings>(qsettings_.get());
  }

  void listsModelsFromEachStore() {
    ModelPickerDialog dialog(*settings_, roots(), demo_);
    QSignalSpy scanned(&dialog, &ModelPickerDialog::scanFinished);
    QVERIFY(dialog.isScanning());  // the scan runs off the GUI thread
    QVERIFY(scanned.wait(60000));
    const ModelListModel& m = *dialog.models();
    QCOMPARE(m.rowCount(), 3);

    const int ollama = m.rowOf(blob_);
    QVERIFY(ollama >= 0);
    QCOMPARE(cell(m, ollama, ModelListModel::NameColumn).toString(), QStringLiteral("nemotron-3-tiny:latest"));
    QCOMPARE(cell(m, ollama, ModelListModel::SourceColumn).toString(), QStringLiteral("Ollama"));
    QCOMPARE(cell(m, ollama, ModelListModel::QuantisationColumn).toString(), QStringLiteral("Q8_0"));
    QCOMPARE(cell(m, ollama, ModelListModel::SizeColumn).toString(),
             QLocale().formattedDataSize(blobSize_, 1, QLocale::DataSizeIecFormat));
    QCOMPARE(cell(m, ollama, ModelListModel::SizeColumn, ModelListModel::SortRole).toULongLong(), quint64(blobSize_));
    QVERIFY(cell(m, ollama, ModelListModel::ParametersColumn, ModelListModel::SortRole).toLongLong() > 1'000'000);
    QVERIFY(cell(m, ollama, ModelListModel::ParametersColumn).toString().endsWith(QStringLiteral(" M")));
    QCOMPARE(cell(m, ollama, ModelListModel::StatusColumn).toString(), QStringLiteral("Ready"));
    QVERIFY(m.flags(m.index(ollama, 0)) & Qt::ItemIsEnabled);

    const int hf = m.rowOf(hfFile_);
    QVERIFY(hf >= 0);
    QCOMPARE(cell(m, hf, ModelListModel::NameColumn).toString(),
             QStringLiteral("unsloth/Nemotron-Tiny-GGUF/tiny-F32.gguf"));
    QCOMPARE(cell(m, hf, ModelListModel::SourceColumn).toString(), QStringLiteral("Hugging Face"));
    QCOMPARE(cell(m, hf, ModelListModel::QuantisationColumn).toString(), QStringLiteral("F32"));

    // The demo: after the real models, labelled as random weights, runnable.
    QCOMPARE(m.rowOf(demo_), 2);
    QCOMPARE(cell(m, 2, ModelListModel::NameColumn).toString(),
             QStringLiteral("Demo model — random weights, produces gibberish; for trying the app"));
    QVERIFY(cell(m, 2, 0, ModelListModel::IsDemoRole).toBool());
    QCOMPARE(cell(m, 2, ModelListModel::SourceColumn).toString(), QStringLiteral("Built in"));
    QVERIFY(cell(m, 2, 0, Qt::ToolTipRole).toString().contains(QStringLiteral("gibberish")));

    QCOMPARE(dialog.message(), QStringLiteral("Model files found: 2 · Hearth can run: 2"));
    // Nothing chosen before: the first runnable model is selected.
    auto* view = dialog.findChild<QTreeView*>(QStringLiteral("modelList"));
    QCOMPARE(view->currentIndex().data(ModelListModel::PathRole).toString(), m.entries().first().path);
    QVERIFY(dialog.findChild<QPushButton*>(QStringLiteral("loadButton"))->isEnabled());
  }

  void addedFolderListsAFileThatCannotRunWithItsReason() {
    ModelPickerDialog dialog(*settings_, roots(), QString());
    QSignalSpy scanned(&dialog, &ModelPickerDialog::scanFinished);
    QVERIFY(scanned.wait(60000));
    QCOMPARE(dialog.models()->rowCount(), 2);  // no demo path: no demo row
    dialog.setFolderChooser([this] { return folder_; });
    dialog.findChild<QPushButton*>(QStringLiteral("addFolderButton"))->click();
    QVERIFY(scanned.wait(60000));
    QCOMPARE(settings_->value(SettingKey::ModelFolders).toString(), QDir(folder_).absolutePath());

    const ModelListModel& m = *dialog.models();
    QCOMPARE(m.rowCount(), 3);
    const int llama = m.rowOf(llama_);
    QCOMPARE(llama, 2);  // what cannot run comes last
    QCOMPARE(cell(m, llama, ModelListModel::SourceColumn).toString(), QStringLiteral("Folder"));
    QCOMPARE(cell(m, llama, ModelListModel::StatusColumn).toString(), QStringLiteral("Not a Nemotron 3 model"));
    QVERIFY(cell(m, llama, ModelListModel::StatusColumn, Qt::ToolTipRole).toString().contains(QStringLiteral("llama")));
    QVERIFY(!(m.flags(m.index(llama, 0)) & Qt::ItemIsEnabled));
    QVERIFY(!(m.flags(m.index(llama, 0)) & Qt::ItemIsSelectable));
    QCOMPARE(dialog.message(), QStringLiteral("Model files found: 3 · Hearth can run: 2"));

    // A new picker scans the remembered folder too.
    ModelPickerDialog again(*settings_, roots(), QString());
    QSignalSpy scannedAgain(&again, &ModelPickerDialog::scanFinished);
    QVERIFY(scannedAgain.wait(60000));
    QVERIFY(again.models()->rowOf(llama_) >= 0);
  }

  void choosingRemembersTheModel() {
    const QByteArray before = fileBytes(blob_);
    {
      ModelPickerDialog dialog(*settings_, roots(), demo_);
      QSignalSpy scanned(&dialog, &ModelPickerDialog::scanFinished);
      QVERIFY(scanned.wait(60000));
      QSignalSpy chosen(&dialog, &ModelPickerDialog::modelChosen);
      auto* view = dialog.findChild<QTreeView*>(QStringLiteral("modelList"));
      const ModelListModel& m = *dialog.models();
      view->setCurrentIndex(view->model()->index(m.rowOf(blob_), 0));
      dialog.findChild<QPushButton*>(QStringLiteral("loadButton"))->click();
      QCOMPARE(chosen.count(), 1);
      QCOMPARE(chosen.first().at(0).toString(), blob_);
      QCOMPARE(chosen.first().at(1).toString(), QStringLiteral("nemotron-3-tiny:latest"));
      QCOMPARE(chosen.first().at(2).toBool(), false);
      QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QCOMPARE(settings_->value(SettingKey::LastModelPath).toString(), blob_);
    QCOMPARE(settings_->value(SettingKey::LastModelName).toString(), QStringLiteral("nemotron-3-tiny:latest"));
    QCOMPARE(fileBytes(blob_), before);  // read in place, never written
    QCOMPARE(rememberedModel(*settings_, demo_),
             std::optional(ChosenModel{blob_, QStringLiteral("nemotron-3-tiny:latest"), false}));

    // Next time the remembered model is selected, and choosing the demo says it is the demo.
    ModelPickerDialog dialog(*settings_, roots(), demo_);
    QSignalSpy scanned(&dialog, &ModelPickerDialog::scanFinished);
    QVERIFY(scanned.wait(60000));
    auto* view = dialog.findChild<QTreeView*>(QStringLiteral("modelList"));
    QCOMPARE(view->currentIndex().data(ModelListModel::PathRole).toString(), blob_);
    QSignalSpy chosen(&dialog, &ModelPickerDialog::modelChosen);
    view->setCurrentIndex(view->model()->index(dialog.models()->rowOf(demo_), 0));
    dialog.findChild<QPushButton*>(QStringLiteral("loadButton"))->click();
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.first().at(2).toBool(), true);
    const std::optional<ChosenModel> demo = rememberedModel(*settings_, demo_);
    QVERIFY(demo && demo->isDemo);
    QCOMPARE(demo->displayName, demoModelDisplayName());
  }

  void rememberedModelThatIsGoneIsForgotten() {
    const QString copy = dir_.filePath(QStringLiteral("gone.gguf"));
    QVERIFY(QFile::copy(hfFile_, copy));
    rememberModel(*settings_, ChosenModel{copy, QStringLiteral("gone"), false});
    QCOMPARE(rememberedModel(*settings_, demo_)->path, copy);
    QVERIFY(QFile::remove(copy));
    QVERIFY(!rememberedModel(*settings_, demo_));
  }

  void keyboardFilterDownEnter() {
    ModelPickerDialog dialog(*settings_, roots(), demo_);
    QSignalSpy scanned(&dialog, &ModelPickerDialog::scanFinished);
    QVERIFY(scanned.wait(60000));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy chosen(&dialog, &ModelPickerDialog::modelChosen);
    auto* filter = dialog.findChild<QLineEdit*>(QStringLiteral("modelFilter"));
    filter->setFocus();
    QTest::keyClicks(filter, QStringLiteral("hugging"));
    auto* view = dialog.findChild<QTreeView*>(QStringLiteral("modelList"));
    QCOMPARE(view->model()->rowCount(), 1);
    QTest::keyClick(filter, Qt::Key_Down);
    QVERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.first().at(0).toString(), hfFile_);
  }

  void everyControlIsNamedAndReachable() {
    ModelPickerDialog dialog(*settings_, roots(), demo_);
    QSignalSpy scanned(&dialog, &ModelPickerDialog::scanFinished);
    QVERIFY(scanned.wait(60000));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // What an assistive technology reads for each control that takes keyboard focus.
    QStringList unnamed;
    int checked = 0;
    for (QWidget* w : dialog.findChildren<QWidget*>()) {
      if (!(w->focusPolicy() & Qt::TabFocus) || !w->isVisible()) continue;
      ++checked;
      QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(w);
      if (!iface || iface->text(QAccessible::Name).isEmpty())
        unnamed << w->metaObject()->className() + (u' ' + w->objectName());
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u',')));
    QVERIFY(checked >= 7);  // filter, list, three buttons, Load, Cancel
    // Tab walks filter → list → the buttons.
    auto* filter = dialog.findChild<QLineEdit*>(QStringLiteral("modelFilter"));
    filter->setFocus();
    QCOMPARE(QApplication::focusWidget(), filter);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), dialog.findChild<QTreeView*>(QStringLiteral("modelList")));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), dialog.findChild<QPushButton*>(QStringLiteral("openFileButton")));
    // Escape closes without choosing.
    QSignalSpy chosen(&dialog, &ModelPickerDialog::modelChosen);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(chosen.count(), 0);
  }

  void openFileChecksBeforeChoosing() {
    ModelPickerDialog dialog(*settings_, roots(), demo_);
    QSignalSpy scanned(&dialog, &ModelPickerDialog::scanFinished);
    QVERIFY(scanned.wait(60000));
    QSignalSpy chosen(&dialog, &ModelPickerDialog::modelChosen);
    QString answer = llama_;
    dialog.setFileChooser([&answer] { return answer; });
    auto* open = dialog.findChild<QPushButton*>(QStringLiteral("openFileButton"));
    open->click();
    QCOMPARE(chosen.count(), 0);
    QVERIFY2(dialog.message().startsWith(QStringLiteral("llama-3-tiny.gguf cannot be opened: Not a Nemotron 3 model.")),
             qPrintable(dialog.message()));

    answer.clear();  // the file dialog was cancelled
    open->click();
    QCOMPARE(chosen.count(), 0);

    // An Ollama blob has no extension; one the list knows keeps the list's name.
    answer = blob_;
    open->click();
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.first().at(0).toString(), blob_);
    QCOMPARE(chosen.first().at(1).toString(), QStringLiteral("nemotron-3-tiny:latest"));

    // Any other file is named by its file name.
    QSignalSpy chosen2(&dialog, &ModelPickerDialog::modelChosen);
    dialog.openFile(hfFile_);
    QCOMPARE(chosen2.count(), 1);
    QCOMPARE(chosen2.first().at(0).toString(), hfFile_);
  }

 private:
  hearth::model::DiscoveryRoots roots() const {
    hearth::model::DiscoveryRoots r;
    r.ollama = {ollama_.toStdString()};
    r.huggingface = {hub_.toStdString()};
    return r;
  }
  static QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }

  QTemporaryDir dir_;
  QString ollama_, blob_, hub_, hfFile_, folder_, llama_, demo_, ini_;
  qint64 blobSize_ = 0;
  std::unique_ptr<QSettings> qsettings_;
  std::unique_ptr<AppSettings> settings_;
};

QTEST_MAIN(TestModelPicker)
#include "test_model_picker.moc"
