#include "status/StatusBarWidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QTimer>

#include "core/memory_usage.h"
#include "engine/BackendChoice.h"
#include "models/DemoModel.h"
#include "models/ModelFormat.h"

namespace hearth::app {

namespace {

constexpr int kDefaultMemoryPollMs = 2000;

QLabel* makeLabel(const QString& objectName, const QString& accessibleName, QWidget* parent) {
  auto* label = new QLabel(parent);
  label->setObjectName(objectName);
  label->setAccessibleName(accessibleName);
  label->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
  // Reachable with Tab (after the line above, which sets its own policy) so keyboard and screen-reader users
  // reach the reason in the accessible description, not only in a hover tooltip.
  label->setFocusPolicy(Qt::TabFocus);
  return label;
}

QString tokensPerSecond(double rate) {
  return StatusBarWidget::tr("%1 tokens/s").arg(QLocale().toString(rate, 'f', rate < 100.0 ? 1 : 0));
}

}  // namespace

StatusBarWidget::StatusBarWidget(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("statusBarWidget"));
  model_ = makeLabel(QStringLiteral("statusModel"), tr("Model"), this);
  backend_ = makeLabel(QStringLiteral("statusBackend"), tr("Backend"), this);
  speed_ = makeLabel(QStringLiteral("statusSpeed"), tr("Generation speed"), this);
  context_ = makeLabel(QStringLiteral("statusContext"), tr("Tokens in context"), this);
  memory_ = makeLabel(QStringLiteral("statusMemory"), tr("Memory in use"), this);
  context_->setToolTip(tr("Tokens in this conversation's context, of the most the model is allowed here"));

  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->setSpacing(16);
  for (QLabel* label : {model_, backend_, speed_, context_, memory_}) row->addWidget(label);

  memoryTimer_ = new QTimer(this);
  connect(memoryTimer_, &QTimer::timeout, this, &StatusBarWidget::refreshMemory);
  setMemoryPollInterval(kDefaultMemoryPollMs);

  setBackend(tr("Backend: detecting…"), tr("Hearth is asking which accelerators this computer has."));
  onModelUnloaded();
}

void StatusBarWidget::setMemoryPollInterval(int msecs) {
  memoryTimer_->stop();
  if (msecs > 0) {
    memoryTimer_->setInterval(msecs);
    memoryTimer_->start();
  }
}

QString StatusBarWidget::backendText() const { return backend_->text(); }
QString StatusBarWidget::backendReason() const { return backend_->accessibleDescription(); }
QString StatusBarWidget::modelText() const { return model_->text(); }
QString StatusBarWidget::speedText() const { return speed_->text(); }
QString StatusBarWidget::contextText() const { return context_->text(); }
QString StatusBarWidget::memoryText() const { return memory_->text(); }

void StatusBarWidget::setDeviceReport(const hearth::DeviceReport& report) {
  devices_ = report;
  haveDevices_ = true;
  if (!model_->text().isEmpty()) return;  // a loaded model's backend stays on show
  if (!report.gpus.empty()) {
    const hearth::GpuInfo& gpu = report.gpus.front();
    setBackend(tr("Backend: CUDA · %1").arg(QString::fromStdString(gpu.name)),
               tr("%1 of %2 free on the GPU; models that fit run there.")
                   .arg(formatBytes(gpu.free_bytes), formatBytes(gpu.total_bytes)));
  } else {
    setBackend(tr("Backend: CPU"), noGpuText(report.no_gpu, QString::fromStdString(report.cuda_error)));
  }
}

void StatusBarWidget::onModelLoaded(const LoadedModelInfo& info) {
  const QString name = info.isDemo ? demoModelDisplayName() : info.name;
  model_->setText(name);
  QString modelTip = info.path;
  if (!info.quantisation.isEmpty()) modelTip += u'\n' + tr("Quantisation: %1").arg(info.quantisation);
  if (info.parameterCount > 0) modelTip += u'\n' + tr("Parameters: %1").arg(formatParameters(info.parameterCount));
  if (info.isDemo) modelTip = demoModelDescription() + u'\n' + modelTip;
  model_->setToolTip(modelTip);
  model_->setAccessibleDescription(modelTip);
  model_->setVisible(true);

  const QString device = info.device.isEmpty() ? QString() : QStringLiteral(" · ") + info.device;
  const bool cuda = info.backend.compare(QLatin1String("CUDA"), Qt::CaseInsensitive) == 0;
  setBackend(cuda ? tr("CUDA%1").arg(device) : tr("CPU%1").arg(device), info.backendReason);

  speed_->clear();
  speed_->setVisible(false);
  showContext(0, info.contextLimit);
  refreshMemory();
}

void StatusBarWidget::onModelUnloaded() {
  model_->clear();
  model_->setVisible(false);
  speed_->clear();
  speed_->setVisible(false);
  context_->clear();
  context_->setVisible(false);
  generating_ = false;
  deviceBytes_ = 0;
  if (haveDevices_) setDeviceReport(devices_);
  refreshMemory();
}

void StatusBarWidget::onGenerationProgress(qint64, const GenerationStats& stats) { showStats(stats, true); }
void StatusBarWidget::onGenerationFinished(qint64, const GenerationStats& stats) { showStats(stats, false); }

void StatusBarWidget::showStats(const GenerationStats& stats, bool running) {
  generating_ = running;
  // Before the first token the prompt is being read; its rate is the one that means something then.
  const bool prefilling = stats.generatedTokens == 0 && stats.prefillTokensPerSecond > 0.0;
  const QString rate = tokensPerSecond(prefilling ? stats.prefillTokensPerSecond : stats.decodeTokensPerSecond);
  if (running)
    speed_->setText(prefilling ? tr("Reading the prompt · %1").arg(rate) : rate);
  else
    speed_->setText(tr("Last answer: %1").arg(tokensPerSecond(stats.decodeTokensPerSecond)));
  speed_->setToolTip(tr("Prompt: %1 tokens at %2 · Answer: %3 tokens at %4")
                         .arg(formatCount(stats.promptTokens), tokensPerSecond(stats.prefillTokensPerSecond),
                              formatCount(stats.generatedTokens), tokensPerSecond(stats.decodeTokensPerSecond)));
  speed_->setAccessibleDescription(speed_->toolTip());
  speed_->setVisible(true);
  showContext(stats.contextTokens, stats.contextLimit);
  if (stats.hostMemoryBytes > 0) hostBytes_ = stats.hostMemoryBytes;
  deviceBytes_ = stats.deviceMemoryBytes;
  showMemory();
}

void StatusBarWidget::showContext(qint64 tokens, qint64 limit) {
  if (limit <= 0) {
    context_->setVisible(false);
    return;
  }
  context_->setText(tr("%1 / %2 tokens").arg(formatCount(tokens), formatCount(limit)));
  context_->setAccessibleDescription(tr("%1 of %2 tokens in context").arg(formatCount(tokens), formatCount(limit)));
  // Near the limit the oldest turns will have to go: say so before it happens.
  QFont font = context_->font();
  font.setBold(tokens * 10 >= limit * 9);
  context_->setFont(font);
  context_->setVisible(true);
}

void StatusBarWidget::refreshMemory() {
  // While generating, the stats bring the number a few times a second.
  if (generating_) return;
  hostBytes_ = hearth::resident_bytes();
  showMemory();
}

void StatusBarWidget::showMemory() {
  QString text = tr("Memory: %1").arg(formatBytes(hostBytes_));
  if (deviceBytes_ > 0) text += QStringLiteral(" · ") + tr("GPU: %1").arg(formatBytes(deviceBytes_));
  memory_->setText(text);
  memory_->setToolTip(tr("Memory in use by Hearth: resident host memory, and GPU memory held by the engine"));
  memory_->setAccessibleDescription(text);
  memory_->setVisible(hostBytes_ > 0 || deviceBytes_ > 0);
}

void StatusBarWidget::setBackend(const QString& text, const QString& reason) {
  backend_->setText(text);
  backend_->setToolTip(reason);
  backend_->setAccessibleDescription(reason);
}

}  // namespace hearth::app
