#include "window/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QThread>

#include "window/EmptyStateView.h"

namespace hearth::app {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("Hearth"));
  resize(1100, 760);

  emptyState_ = new EmptyStateView(this);
  connect(emptyState_, &EmptyStateView::openModelRequested, this, &MainWindow::openModel);
  setCentralWidget(emptyState_);

  buildMenus();

  backendLabel_ = new QLabel(tr("Looking for a GPU…"), this);
  backendLabel_->setObjectName(QStringLiteral("backendLabel"));
  backendLabel_->setAccessibleName(tr("Inference backend"));
  statusBar()->addPermanentWidget(backendLabel_);

  // Starting the CUDA runtime can take a second; the window must not wait for it.
  deviceQuery_ = QThread::create([this] {
    const hearth::DeviceReport report = hearth::query_devices();
    QMetaObject::invokeMethod(this, [this, report] { onDevicesQueried(report); }, Qt::QueuedConnection);
  });
  deviceQuery_->start();
}

MainWindow::~MainWindow() {
  deviceQuery_->wait();
  delete deviceQuery_;
}

void MainWindow::buildMenus() {
  QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
  fileMenu->setObjectName(QStringLiteral("fileMenu"));
  QAction* openAction = fileMenu->addAction(tr("&Open Model…"), this, &MainWindow::openModel);
  openAction->setObjectName(QStringLiteral("openModelAction"));
  openAction->setShortcut(QKeySequence::Open);
  fileMenu->addSeparator();
  QAction* quitAction = fileMenu->addAction(tr("&Quit"), qApp, &QApplication::quit);
  quitAction->setObjectName(QStringLiteral("quitAction"));
  quitAction->setShortcut(QKeySequence::Quit);
  quitAction->setMenuRole(QAction::QuitRole);

  QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
  helpMenu->setObjectName(QStringLiteral("helpMenu"));
  QAction* aboutAction = helpMenu->addAction(tr("&About Hearth"), this, &MainWindow::showAbout);
  aboutAction->setObjectName(QStringLiteral("aboutAction"));
  aboutAction->setMenuRole(QAction::AboutRole);
}

void MainWindow::onDevicesQueried(const hearth::DeviceReport& report) {
  systemInfo_ = collectSystemInfo(report);
  if (!report.gpus.empty()) {
    const hearth::GpuInfo& gpu = report.gpus.front();
    backendLabel_->setText(tr("Backend: CUDA · %1 · %2 free")
                               .arg(QString::fromStdString(gpu.name),
                                    QString::fromStdString(hearth::format_bytes(gpu.free_bytes))));
  } else {
    backendLabel_->setText(tr("Backend: CPU · %1").arg(QString::fromStdString(report.why_no_gpu)));
  }
  backendLabel_->setToolTip(QString::fromStdString(hearth::describe_backend(report)));
  emit backendReady();
}

void MainWindow::openModel() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Model"), QString(),
                                                    tr("GGUF models (*.gguf);;All files (*)"));
  if (path.isEmpty()) return;
  // Model loading lands with the engine; until then say so plainly rather than pretend.
  QMessageBox::information(this, tr("Open Model"),
                           tr("This build of Hearth cannot load models yet.\n\n%1 was not changed.")
                               .arg(QFileInfo(path).fileName()));
}

QString MainWindow::aboutText() const {
  const SystemInfo info = systemInfo_ ? *systemInfo_ : collectSystemInfo(hearth::DeviceReport{});
  QString gpu;
  if (!systemInfo_) {
    gpu = tr("still being detected");
  } else if (!info.devices.gpus.empty()) {
    const hearth::GpuInfo& g = info.devices.gpus.front();
    gpu = tr("%1 (compute capability %2.%3, %4)")
              .arg(QString::fromStdString(g.name))
              .arg(g.cc_major)
              .arg(g.cc_minor)
              .arg(QString::fromStdString(hearth::format_bytes(g.total_bytes)));
  } else {
    gpu = tr("none (%1)").arg(QString::fromStdString(info.devices.why_no_gpu));
  }
  const QString cuda = info.cudaRuntimeVersion.isEmpty()
                           ? tr("not built")
                           : (info.cudaDriverVersion.isEmpty()
                                  ? tr("runtime %1, no driver").arg(info.cudaRuntimeVersion)
                                  : tr("runtime %1, driver %2").arg(info.cudaRuntimeVersion, info.cudaDriverVersion));
  return tr("<h3>Hearth %1</h3>"
            "<p>Private chat and long-context analysis with Nemotron 3, entirely on this computer.</p>"
            "<table>"
            "<tr><td>Qt</td><td>%2</td></tr>"
            "<tr><td>KSyntaxHighlighting</td><td>%3</td></tr>"
            "<tr><td>SQLite</td><td>%4</td></tr>"
            "<tr><td>CUDA</td><td>%5</td></tr>"
            "<tr><td>GPU</td><td>%6</td></tr>"
            "</table>")
      .arg(info.hearthVersion, info.qtVersion, info.syntaxHighlightingVersion, info.sqliteVersion, cuda, gpu);
}

void MainWindow::showAbout() { QMessageBox::about(this, tr("About Hearth"), aboutText()); }

}  // namespace hearth::app
