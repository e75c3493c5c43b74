// Why a model runs where it runs, in the interface language: for each kind of the engine's reason the English
// sentence the app shows (sizes and counts in the locale, the GPU's name and technical details as they are),
// and with German installed that the sentence is the app's own, not the engine's English, with German numbers.
#include <QCoreApplication>
#include <QLocale>
#include <QMap>
#include <QRegularExpression>
#include <QTest>
#include <QTranslator>

#include "InstalledTranslators.h"
#include "engine/BackendChoice.h"
#include "i18n/InterfaceLanguage.h"
#include "runtime/backend_reason.h"
#include "support/backend_reason_samples.h"

using hearth::NoGpuCause;
using hearth::runtime::BackendReason;
using hearth::runtime::BackendReasonKind;
using namespace hearth::app;

Q_DECLARE_METATYPE(hearth::runtime::BackendReason)

namespace {

// The English sentence for each of the shared samples, by name.
const QMap<QString, QString> kEnglish = {
    {"fits on the GPU", "The model and a context of 8,257 tokens need 44.0 GiB, and NVIDIA H200 has 139.3 GiB free, "
                        "so the model runs on the GPU."},
    {"does not fit", "The model and a context of 8,257 tokens need 150.5 GiB, but NVIDIA H200 has only 139.3 GiB "
                     "free, so the model runs on the processor."},
    {"CPU asked for", "The model runs on the processor because the CPU backend was asked for."},
    {"GPU load failed", "Loading the model onto NVIDIA GeForce RTX 4090 failed (cudaMalloc of 2.0 GiB failed: out of "
                        "memory), so it runs on the processor."},
    {"no CUDA in the build", "This build of Hearth has no CUDA support."},
    {"no driver", "No CUDA driver is installed."},
    {"no device", "No CUDA device was found."},
    {"device refused", "No CUDA device can be used (all CUDA-capable devices are busy)."},
    {"query failed", "The CUDA devices could not be queried."},
};

void reasons(bool withEnglish) {
  QTest::addColumn<BackendReason>("reason");
  if (withEnglish) QTest::addColumn<QString>("english");
  for (const hearth_test::ReasonSample& sample : hearth_test::backend_reason_samples()) {
    auto& row = QTest::newRow(sample.name.c_str()) << sample.reason;
    if (withEnglish) row << kEnglish.value(QString::fromStdString(sample.name));
  }
}

// Stands in for a catalogue that has every BackendChoice sentence: wraps each in ⟦ ⟧, so a text made of one
// whole translated sentence (placeholders filled after translation) reads ⟦...⟧ and nothing outside.
class MarkingTranslator : public QTranslator {
 public:
  using QTranslator::QTranslator;
  bool isEmpty() const override { return false; }
  QString translate(const char* context, const char* source, const char*, int) const override {
    if (qstrcmp(context, "BackendChoice") != 0) return {};
    return u'⟦' + QString::fromUtf8(source) + u'⟧';
  }
};

}  // namespace

class TestBackendChoice : public QObject {
  Q_OBJECT

 private slots:
  void init() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
  void cleanup() {
    hearth_test::removeInstalledTranslators();
    QLocale::setDefault(QLocale::c());
  }

  void english_data() { reasons(true); }
  void english() {
    QFETCH(BackendReason, reason);
    QFETCH(QString, english);
    QVERIFY(!english.isEmpty());  // every sample has its sentence here
    QCOMPARE(backendReasonText(reason), english);
  }

  // With German installed: every kind is one whole sentence through the catalogue (the marking translator, as
  // hearth_de.qm has no translations of these sentences until the .ts files are updated), numbers read the
  // German way, names and technical details are inserted as they are.
  void german_data() { reasons(false); }
  void german() {
    QFETCH(BackendReason, reason);
    QCOMPARE(installInterfaceLanguage(*qApp, LanguageChoice::German).code, QStringLiteral("de"));
    QCOMPARE(QLocale().language(), QLocale::German);
    auto* marking = new MarkingTranslator(qApp);
    QVERIFY(QCoreApplication::installTranslator(marking));
    const QString text = backendReasonText(reason);
    // One whole sentence from the catalogue, nothing of the engine's English around it, every placeholder filled.
    QVERIFY2(text.startsWith(u'⟦') && text.endsWith(u'⟧') && text.count(u'⟦') == 1, qPrintable(text));
    QVERIFY2(!text.contains(QRegularExpression(QStringLiteral("%\\d"))), qPrintable(text));
    if (reason.kind == BackendReasonKind::FitsOnGpu || reason.kind == BackendReasonKind::DoesNotFitOnGpu) {
      const QLocale de(QLocale::German);
      QVERIFY2(text.contains(QStringLiteral("8.257")), qPrintable(text));
      QVERIFY2(text.contains(de.formattedDataSize(qint64(reason.bytes_needed), 1, QLocale::DataSizeIecFormat)),
               qPrintable(text));
      QVERIFY2(text.contains(QStringLiteral("139,3 GiB")), qPrintable(text));
      QVERIFY2(!text.contains(QStringLiteral("139.3")), qPrintable(text));
    }
    if (!reason.gpu.empty()) QVERIFY(text.contains(QString::fromStdString(reason.gpu)));
    if (!reason.detail.empty()) QVERIFY(text.contains(QString::fromStdString(reason.detail)));
  }

  // The device report before any model: the same sentences, from the report's cause and CUDA error.
  void noGpuFromTheDeviceReport() {
    QCOMPARE(noGpuText(NoGpuCause::None, QString()), QString());
    QCOMPARE(noGpuText(NoGpuCause::NoDriver, QString()), QStringLiteral("No CUDA driver is installed."));
    QCOMPARE(noGpuText(NoGpuCause::NoDevice, QStringLiteral("unknown error")),
             QStringLiteral("No CUDA device can be used (unknown error)."));
    // A GPU name or error with a % in it is inserted as data, not read as a placeholder.
    BackendReason r;
    r.kind = BackendReasonKind::GpuLoadFailed;
    r.gpu = "GPU %2";
    r.detail = "%1 failed";
    QCOMPARE(backendReasonText(r), QStringLiteral("Loading the model onto GPU %2 failed (%1 failed), so it runs on "
                                                  "the processor."));
  }
};

QTEST_GUILESS_MAIN(TestBackendChoice)
#include "test_backend_choice.moc"
