#include "models/LoadProgressWidget.h"

#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedLayout>
#include <QVBoxLayout>
#include <memory>

#include "core/status.h"
#include "models/ModelFormat.h"

namespace hearth::app {

namespace {

// The bar counts in thousandths: byte counts do not fit its int range.
constexpr int kBarSteps = 1000;

QLabel* makeLabel(const QString& objectName, QWidget* parent) {
  auto* label = new QLabel(parent);
  label->setObjectName(objectName);
  return label;
}

}  // namespace

LoadProgressWidget::LoadProgressWidget(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("loadProgress"));
  auto timer = std::make_shared<QElapsedTimer>();
  timer->start();
  clock_ = [timer] { return timer->elapsed(); };

  // Progress page: title, bar, then one line of bytes · speed · time left with Cancel at its end.
  progressPage_ = new QWidget(this);
  title_ = makeLabel(QStringLiteral("loadTitle"), progressPage_);
  QFont bold = title_->font();
  bold.setBold(true);
  title_->setFont(bold);
  bar_ = new QProgressBar(progressPage_);
  bar_->setObjectName(QStringLiteral("loadProgressBar"));
  bar_->setRange(0, kBarSteps);
  bar_->setTextVisible(true);
  bar_->setAccessibleName(tr("Model loading progress"));
  bytes_ = makeLabel(QStringLiteral("loadBytesLabel"), progressPage_);
  speed_ = makeLabel(QStringLiteral("loadSpeedLabel"), progressPage_);
  timeLeft_ = makeLabel(QStringLiteral("loadTimeLeftLabel"), progressPage_);
  cancel_ = new QPushButton(tr("Cancel"), progressPage_);
  cancel_->setObjectName(QStringLiteral("loadCancelButton"));
  cancel_->setAccessibleName(tr("Cancel loading the model"));
  connect(cancel_, &QPushButton::clicked, this, [this] {
    if (cancelling_) return;
    cancelling_ = true;
    cancel_->setEnabled(false);
    title_->setText(tr("Cancelling…"));
    emit cancelRequested();
  });

  auto* numbers = new QHBoxLayout;
  numbers->addWidget(bytes_);
  numbers->addSpacing(16);
  numbers->addWidget(speed_);
  numbers->addSpacing(16);
  numbers->addWidget(timeLeft_);
  numbers->addStretch(1);
  numbers->addWidget(cancel_);
  auto* progressColumn = new QVBoxLayout(progressPage_);
  progressColumn->addWidget(title_);
  progressColumn->addWidget(bar_);
  progressColumn->addLayout(numbers);

  // Failure page: what happened, the engine's message, its hint, and Close.
  failurePage_ = new QWidget(this);
  failureTitle_ = makeLabel(QStringLiteral("loadFailureTitle"), failurePage_);
  failureTitle_->setFont(bold);
  failureMessage_ = makeLabel(QStringLiteral("loadErrorMessage"), failurePage_);
  failureMessage_->setWordWrap(true);
  failureMessage_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
  failureHint_ = makeLabel(QStringLiteral("loadErrorHint"), failurePage_);
  failureHint_->setWordWrap(true);
  failureHint_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
  close_ = new QPushButton(tr("Close"), failurePage_);
  close_->setObjectName(QStringLiteral("loadCloseButton"));
  close_->setAccessibleName(tr("Close the load error"));
  connect(close_, &QPushButton::clicked, this, &LoadProgressWidget::dismissed);
  auto* failureColumn = new QVBoxLayout(failurePage_);
  failureColumn->addWidget(failureTitle_);
  failureColumn->addWidget(failureMessage_);
  failureColumn->addWidget(failureHint_);
  failureColumn->addWidget(close_, 0, Qt::AlignRight);

  pages_ = new QStackedLayout(this);
  pages_->addWidget(progressPage_);
  pages_->addWidget(failurePage_);
  begin(QString());
}

void LoadProgressWidget::setClock(std::function<qint64()> clock) { clock_ = std::move(clock); }

void LoadProgressWidget::begin(const QString& displayName) {
  name_ = displayName;
  rate_.reset();
  cancelling_ = false;
  cancel_->setEnabled(true);
  title_->setText(displayName.isEmpty() ? tr("Loading the model…") : tr("Loading %1…").arg(displayName));
  bar_->setValue(0);
  pages_->setCurrentWidget(progressPage_);
  updateTexts();
}

void LoadProgressWidget::onLoadProgress(quint64 bytesDone, quint64 bytesTotal) {
  rate_.addSample(clock_(), bytesDone, bytesTotal);
  const double fraction = bytesTotal == 0 ? 0.0 : std::min(1.0, double(bytesDone) / double(bytesTotal));
  bar_->setValue(int(fraction * kBarSteps));
  updateTexts();
}

void LoadProgressWidget::onModelLoaded(const LoadedModelInfo& info) {
  bar_->setValue(kBarSteps);
  cancel_->setEnabled(false);
  title_->setText(tr("Loaded %1").arg(info.name.isEmpty() ? name_ : info.name));
  timeLeft_->clear();
}

void LoadProgressWidget::onLoadFailed(const EngineError& error) {
  const bool cancelled = error.code == static_cast<int>(hearth::ErrorCode::Cancelled);
  failureTitle_->setText(cancelled ? tr("Loading %1 was cancelled").arg(name_) : tr("Could not load %1").arg(name_));
  failureMessage_->setText(error.message);
  failureMessage_->setVisible(!error.message.isEmpty());
  failureHint_->setText(error.hint);
  failureHint_->setVisible(!error.hint.isEmpty());
  failurePage_->setAccessibleName(failureTitle_->text());
  failurePage_->setAccessibleDescription(error.hint.isEmpty() ? error.message : error.message + u'\n' + error.hint);
  pages_->setCurrentWidget(failurePage_);
  close_->setFocus();
}

bool LoadProgressWidget::isShowingFailure() const { return pages_->currentWidget() == failurePage_; }
QString LoadProgressWidget::bytesText() const { return bytes_->text(); }
QString LoadProgressWidget::speedText() const { return speed_->text(); }
QString LoadProgressWidget::timeLeftText() const { return timeLeft_->text(); }

void LoadProgressWidget::updateTexts() {
  if (rate_.bytesTotal() == 0) {
    bytes_->setText(tr("Opening the file…"));
  } else {
    bytes_->setText(tr("%1 of %2").arg(formatBytes(rate_.bytesDone()), formatBytes(rate_.bytesTotal())));
  }
  const double speed = rate_.bytesPerSecond();
  speed_->setText(speed > 0.0 ? formatSpeed(speed) : QString());
  const std::optional<double> left = rate_.secondsLeft();
  timeLeft_->setText(left && *left > 0.0 ? tr("%1 left").arg(formatDuration(*left)) : QString());
  bar_->setAccessibleDescription(QStringList({bytes_->text(), speed_->text(), timeLeft_->text()}).join(u' '));
}

}  // namespace hearth::app
