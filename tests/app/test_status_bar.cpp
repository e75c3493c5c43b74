// The status bar widget for given devices, loaded models and generation stats: backend and its reason,
// tokens/s, tokens in context against the limit, host and GPU memory.
#include <QLabel>
#include <QLocale>
#include <QTest>

#include "status/StatusBarWidget.h"

using hearth::app::GenerationStats;
using hearth::app::LoadedModelInfo;
using hearth::app::StatusBarWidget;

namespace {

constexpr quint64 kGiB = 1ull << 30;

LoadedModelInfo cudaModel() {
  LoadedModelInfo info;
  info.path = QStringLiteral("/models/nano.gguf");
  info.name = QStringLiteral("nemotron-3-nano:30b");
  info.quantisation = QStringLiteral("Q4_K_M");
  info.parameterCount = 31'600'000'000;
  info.contextLimit = 8192;
  info.backend = QStringLiteral("CUDA");
  info.device = QStringLiteral("NVIDIA H200");
  info.backendReason = QStringLiteral("needs 18.2 GiB, 139.0 GiB free on the GPU");
  return info;
}

}  // namespace

class TestStatusBar : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

  void devicesBeforeAModel() {
    StatusBarWidget w;
    w.setMemoryPollInterval(0);
    QCOMPARE(w.backendText(), QStringLiteral("Backend: detecting…"));
    // The report's cause is put in words here (BackendChoice), not its English why_no_gpu.
    hearth::DeviceReport none;
    none.no_gpu = hearth::NoGpuCause::NoDriver;
    none.why_no_gpu = "no CUDA driver is installed";
    w.setDeviceReport(none);
    QCOMPARE(w.backendText(), QStringLiteral("Backend: CPU"));
    QCOMPARE(w.backendReason(), QStringLiteral("No CUDA driver is installed."));
    QCOMPARE(w.findChild<QLabel*>(QStringLiteral("statusBackend"))->toolTip(), QStringLiteral("No CUDA driver is installed."));
    none.no_gpu = hearth::NoGpuCause::NoDevice;
    none.cuda_error = "all CUDA-capable devices are busy or unavailable";
    w.setDeviceReport(none);
    QCOMPARE(w.backendReason(), QStringLiteral("No CUDA device can be used (all CUDA-capable devices are busy or unavailable)."));

    hearth::DeviceReport gpu;
    gpu.gpus.push_back(hearth::GpuInfo{0, "NVIDIA H200", 9, 0, 140 * kGiB, 139 * kGiB, 132, false});
    w.setDeviceReport(gpu);
    QCOMPARE(w.backendText(), QStringLiteral("Backend: CUDA · NVIDIA H200"));
    QCOMPARE(w.backendReason(), QStringLiteral("139.0 GiB of 140.0 GiB free on the GPU; models that fit run there."));
    QVERIFY(w.findChild<QLabel*>(QStringLiteral("statusContext"))->isHidden());
    QVERIFY(w.findChild<QLabel*>(QStringLiteral("statusSpeed"))->isHidden());
  }

  void loadedModelShowsBackendAndContext() {
    StatusBarWidget w;
    w.setMemoryPollInterval(0);
    w.show();
    w.onModelLoaded(cudaModel());
    QCOMPARE(w.modelText(), QStringLiteral("nemotron-3-nano:30b"));
    QCOMPARE(w.backendText(), QStringLiteral("CUDA · NVIDIA H200"));
    QCOMPARE(w.backendReason(), QStringLiteral("needs 18.2 GiB, 139.0 GiB free on the GPU"));
    QCOMPARE(w.contextText(), QStringLiteral("0 / 8,192 tokens"));
    // Host memory is read at once: this process has some.
    QVERIFY(w.memoryText().startsWith(QStringLiteral("Memory: ")));
    QVERIFY(!w.memoryText().contains(QStringLiteral("GPU")));
    // Devices reported later do not hide the loaded model's backend.
    w.setDeviceReport(hearth::DeviceReport{});
    QCOMPARE(w.backendText(), QStringLiteral("CUDA · NVIDIA H200"));

    LoadedModelInfo cpu = cudaModel();
    cpu.backend = QStringLiteral("CPU");
    cpu.device = QStringLiteral("AMD EPYC 9654");
    cpu.backendReason = QStringLiteral("no CUDA device");
    w.onModelLoaded(cpu);
    QCOMPARE(w.backendText(), QStringLiteral("CPU · AMD EPYC 9654"));
    QCOMPARE(w.findChild<QLabel*>(QStringLiteral("statusBackend"))->accessibleDescription(),
             QStringLiteral("no CUDA device"));
  }

  void generationStats() {
    StatusBarWidget w;
    w.setMemoryPollInterval(0);
    w.show();
    w.onModelLoaded(cudaModel());

    GenerationStats s;
    s.promptTokens = 1200;
    s.prefillTokensPerSecond = 4321.0;
    s.contextTokens = 1200;
    s.contextLimit = 8192;
    s.hostMemoryBytes = 3 * kGiB / 2;
    s.deviceMemoryBytes = 40 * kGiB;
    w.onGenerationProgress(7, s);
    QCOMPARE(w.speedText(), QStringLiteral("Reading the prompt · 4,321 tokens/s"));
    QCOMPARE(w.contextText(), QStringLiteral("1,200 / 8,192 tokens"));
    QCOMPARE(w.memoryText(), QStringLiteral("Memory: 1.5 GiB · GPU: 40.0 GiB"));

    s.generatedTokens = 34;
    s.decodeTokensPerSecond = 23.44;
    s.contextTokens = 1234;
    w.onGenerationProgress(7, s);
    QCOMPARE(w.speedText(), QStringLiteral("23.4 tokens/s"));
    QCOMPARE(w.contextText(), QStringLiteral("1,234 / 8,192 tokens"));
    // Memory polling pauses while the stats bring it.
    w.refreshMemory();
    QCOMPARE(w.memoryText(), QStringLiteral("Memory: 1.5 GiB · GPU: 40.0 GiB"));

    s.generatedTokens = 500;
    s.decodeTokensPerSecond = 25.0;
    s.contextTokens = 7500;
    s.deviceMemoryBytes = 0;
    w.onGenerationFinished(7, s);
    QCOMPARE(w.speedText(), QStringLiteral("Last answer: 25.0 tokens/s"));
    QCOMPARE(w.contextText(), QStringLiteral("7,500 / 8,192 tokens"));
    QVERIFY(w.findChild<QLabel*>(QStringLiteral("statusContext"))->font().bold());  // over 90 %
    QCOMPARE(w.memoryText(), QStringLiteral("Memory: 1.5 GiB"));
    QVERIFY(w.findChild<QLabel*>(QStringLiteral("statusSpeed"))
                ->toolTip()
                .contains(QStringLiteral("500 tokens at 25.0 tokens/s")));

    w.onModelUnloaded();
    QVERIFY(w.findChild<QLabel*>(QStringLiteral("statusContext"))->isHidden());
    QVERIFY(w.findChild<QLabel*>(QStringLiteral("statusSpeed"))->isHidden());
    QVERIFY(w.modelText().isEmpty());
  }

  void demoModelIsLabelled() {
    StatusBarWidget w;
    w.setMemoryPollInterval(0);
    LoadedModelInfo demo = cudaModel();
    demo.isDemo = true;
    demo.name = QStringLiteral("hearth-demo.gguf");
    w.onModelLoaded(demo);
    QVERIFY(w.modelText().startsWith(QStringLiteral("Demo model — random weights")));
  }

  void labelsAreAccessible() {
    StatusBarWidget w;
    for (const char* name : {"statusModel", "statusBackend", "statusSpeed", "statusContext", "statusMemory"}) {
      auto* label = w.findChild<QLabel*>(QLatin1String(name));
      QVERIFY2(label, name);
      QVERIFY2(!label->accessibleName().isEmpty(), name);
      QVERIFY2(label->focusPolicy() & Qt::TabFocus, name);
    }
  }
};

QTEST_MAIN(TestStatusBar)
#include "test_status_bar.moc"
