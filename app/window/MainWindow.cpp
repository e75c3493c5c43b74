#include "window/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QThread>
#include <QSaveFile>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "chat/ChatView.h"
#include "chat/Composer.h"
#include "chat/ConversationListModel.h"
#include "chat/ConversationListWidget.h"
#include "engine/BackendChoice.h"
#include "engine/EngineController.h"
#include "models/DemoModel.h"
#include "models/LoadProgressWidget.h"
#include "models/ModelPickerDialog.h"
#include "models/RememberedModel.h"
#include "settings/Settings.h"
#include "status/StatusBarWidget.h"
#include "storage/ConversationExport.h"
#include "settings/SettingsDialog.h"
#include "window/ChatFlow.h"
#include "window/EmptyStateView.h"

namespace hearth::app {
namespace {

struct ThinkingChoice {
  ThinkingMode mode;
  const char* label;  // translated in MainWindow's context
};
constexpr ThinkingChoice kThinkingChoices[] = {
    {ThinkingMode::On, QT_TRANSLATE_NOOP("hearth::app::MainWindow", "Thinking: on")},
    {ThinkingMode::LowEffort, QT_TRANSLATE_NOOP("hearth::app::MainWindow", "Thinking: low effort")},
    {ThinkingMode::Off, QT_TRANSLATE_NOOP("hearth::app::MainWindow", "Thinking: off")},
};

}  // namespace

MainWindow::MainWindow(QWidget* parent) : MainWindow(Options{}, parent) {}

MainWindow::MainWindow(const Options& options, QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("Hearth"));
  resize(1100, 760);

  if (options.settings) {
    settings_ = options.settings;
  } else {
    ownedSettings_ = std::make_unique<AppSettings>();
    settings_ = ownedSettings_.get();
  }
  engine_ = new EngineController(this);
  openStorage(options.databasePath.isEmpty() ? Storage::defaultPath() : options.databasePath);
  buildCentral();
  buildMenus();

  // The model in one click: the picker now; the place for more model controls later.
  modelToolBar_ = addToolBar(tr("Model"));
  modelToolBar_->setObjectName(QStringLiteral("modelToolBar"));
  modelToolBar_->setMovable(false);
  modelToolBar_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  modelToolBar_->addAction(findChild<QAction*>(QStringLiteral("openModelAction")));

  // Model, backend (and why), tokens/s, context and memory, always visible.
  statusWidget_ = new StatusBarWidget(this);
  statusBar()->addPermanentWidget(statusWidget_);
  connect(engine_, &EngineController::modelLoaded, statusWidget_, &StatusBarWidget::onModelLoaded);
  connect(engine_, &EngineController::modelUnloaded, statusWidget_, &StatusBarWidget::onModelUnloaded);
  connect(engine_, &EngineController::loadFailed, statusWidget_, &StatusBarWidget::onModelUnloaded);
  connect(engine_, &EngineController::generationProgress, statusWidget_, &StatusBarWidget::onGenerationProgress);
  connect(engine_, &EngineController::generationFinished, statusWidget_, &StatusBarWidget::onGenerationFinished);

  // Loading: bytes, speed, time left and Cancel above the conversation; a failure stays there until closed.
  connect(engine_, &EngineController::loadProgress, loadProgress_, &LoadProgressWidget::onLoadProgress);
  connect(engine_, &EngineController::loadFailed, loadProgress_, &LoadProgressWidget::onLoadFailed);
  connect(engine_, &EngineController::modelLoaded, loadProgress_, [this](const LoadedModelInfo& info) {
    loadProgress_->onModelLoaded(info);
    loadProgress_->hide();
  });
  connect(loadProgress_, &LoadProgressWidget::cancelRequested, engine_, &EngineController::cancelLoad);
  connect(loadProgress_, &LoadProgressWidget::dismissed, loadProgress_, &QWidget::hide);

  connect(engine_, &EngineController::stateChanged, this, &MainWindow::onEngineStateChanged);
  connect(engine_, &EngineController::modelLoaded, this, &MainWindow::onModelLoaded);
  // A long conversation takes a while to read in before the first token: say how far it is.
  connect(engine_, &EngineController::prefillProgress, this, [this](qint64, qint64 done, qint64 total) {
    if (done < total)
      statusBar()->showMessage(tr("Reading the conversation… %1 of %2 tokens").arg(done).arg(total));
    else
      statusBar()->clearMessage();
  });
  applySettings();
  onEngineStateChanged();
  openRememberedModel();

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
  // An answer being written is saved as Stopped, then the engine thread ends; the widgets that read the
  // storage go before it does.
  delete flow_;
  delete engine_;
  delete takeCentralWidget();
}

void MainWindow::openStorage(const QString& path) {
  auto opened = Storage::open(path);
  if (!opened && opened.error().code == StorageErrorCode::Corrupt) {
    // The damaged file was moved aside and kept; an empty database takes its place.
    showNotice(userMessage(opened.error()), tr("The damaged file was kept as %1.").arg(opened.error().keptFile));
    opened = Storage::open(path);
  }
  if (!opened) {
    // Still nothing: run on a scratch database so the window works, and say that nothing will be kept.
    showNotice(userMessage(opened.error()), tr("Conversations will not be kept after Hearth closes."));
    const QString scratch =
        QDir(QDir::tempPath()).filePath(QStringLiteral("hearth-unsaved-%1.sqlite").arg(QApplication::applicationPid()));
    opened = Storage::open(scratch);
  }
  if (opened) storage_ = std::move(*opened);
}

void MainWindow::buildCentral() {
  splitter_ = new QSplitter(Qt::Horizontal, this);
  splitter_->setObjectName(QStringLiteral("mainSplitter"));
  splitter_->setChildrenCollapsible(false);
  list_ = new ConversationListWidget(*storage_, splitter_);
  connect(list_, &ConversationListWidget::conversationSelected, this, &MainWindow::onConversationSelected);
  connect(list_, &ConversationListWidget::storageFailed, this,
          [this](const StorageError& e) { showNotice(userMessage(e), e.detail); });

  auto* right = new QWidget(splitter_);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);

  // The notice bar: failures shown where the user is looking, dismissed when read.
  noticeBar_ = new QWidget(right);
  noticeBar_->setObjectName(QStringLiteral("noticeBar"));
  noticeLabel_ = new QLabel(noticeBar_);
  noticeLabel_->setObjectName(QStringLiteral("noticeLabel"));
  noticeLabel_->setWordWrap(true);
  noticeLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* dismiss = new QToolButton(noticeBar_);
  dismiss->setText(tr("Dismiss"));
  dismiss->setAccessibleName(tr("Dismiss the notice"));
  connect(dismiss, &QToolButton::clicked, noticeBar_, &QWidget::hide);
  auto* noticeLayout = new QHBoxLayout(noticeBar_);
  noticeLayout->addWidget(noticeLabel_, 1);
  noticeLayout->addWidget(dismiss, 0, Qt::AlignTop);
  noticeBar_->hide();
  rightLayout->addWidget(noticeBar_);

  loadProgress_ = new LoadProgressWidget(right);
  loadProgress_->hide();
  rightLayout->addWidget(loadProgress_);

  rightPane_ = new QStackedWidget(right);
  emptyState_ = new EmptyStateView(rightPane_);
  connect(emptyState_, &EmptyStateView::openModelRequested, this, &MainWindow::openModel);
  connect(emptyState_, &EmptyStateView::modelChosen, this, &MainWindow::loadModel);
  rightPane_->addWidget(emptyState_);

  chatPage_ = new QWidget(rightPane_);
  thinkingBox_ = new QComboBox(chatPage_);
  thinkingBox_->setObjectName(QStringLiteral("thinkingModeBox"));
  thinkingBox_->setAccessibleName(tr("Thinking mode for this conversation"));
  thinkingBox_->setToolTip(tr("Whether the model reasons before it answers, in this conversation"));
  for (const ThinkingChoice& c : kThinkingChoices) thinkingBox_->addItem(tr(c.label), static_cast<int>(c.mode));
  connect(thinkingBox_, &QComboBox::activated, this, &MainWindow::onThinkingModeChosen);
  auto* header = new QHBoxLayout;
  header->addStretch(1);
  header->addWidget(thinkingBox_);
  chatView_ = new ChatView(*storage_, chatPage_);
  composer_ = new Composer(chatPage_);
  auto* chatLayout = new QVBoxLayout(chatPage_);
  chatLayout->setContentsMargins(4, 4, 4, 4);
  chatLayout->addLayout(header);
  chatLayout->addWidget(chatView_, 1);
  chatLayout->addWidget(composer_);
  rightPane_->addWidget(chatPage_);
  rightLayout->addWidget(rightPane_, 1);

  splitter_->addWidget(list_);
  splitter_->addWidget(right);
  splitter_->setStretchFactor(0, 0);
  splitter_->setStretchFactor(1, 1);
  splitter_->setSizes({280, 820});
  setCentralWidget(splitter_);

  flow_ = new ChatFlow(*storage_, *engine_, *chatView_, *settings_, this);
  connect(flow_, &ChatFlow::failed, this, &MainWindow::showNotice);
  connect(flow_, &ChatFlow::conversationChanged, list_, &ConversationListWidget::refresh);
  connect(flow_, &ChatFlow::answerStarted, this, &MainWindow::onEngineStateChanged);
  connect(flow_, &ChatFlow::answerFinished, this, &MainWindow::onEngineStateChanged);
  connect(chatView_, &ChatView::storageFailed, this, [this](const StorageError& e) { showNotice(userMessage(e), e.detail); });
  connect(chatView_, &ChatView::regenerateRequested, flow_, &ChatFlow::regenerate);
  connect(chatView_, &ChatView::editRequested, this, [this](MessageId id) {
    auto m = storage_->message(id);
    if (m) composer_->beginEdit(id, m->content);
  });
  connect(composer_, &Composer::sendRequested, this, [this](const QString& text) {
    if (flow_->conversation() == 0) list_->createConversation();
    if (!flow_->send(text)) composer_->setText(text);  // nothing is lost when sending could not start
    composer_->focusEditor();
  });
  connect(composer_, &Composer::editSubmitted, flow_, &ChatFlow::editUserMessage);
  connect(composer_, &Composer::stopRequested, flow_, &ChatFlow::stop);

  // Start where the user is most likely to continue: the first conversation of the list (pinned or latest).
  if (list_->model()->rowCount() > 0) list_->selectConversation(list_->model()->idAt(0));
}

void MainWindow::buildMenus() {
  QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
  fileMenu->setObjectName(QStringLiteral("fileMenu"));
  QAction* newAction = fileMenu->addAction(tr("&New Conversation"), list_, &ConversationListWidget::createConversation);
  newAction->setObjectName(QStringLiteral("newConversationAction"));
  newAction->setShortcut(QKeySequence::New);
  QAction* openAction = fileMenu->addAction(tr("&Open Model…"), this, &MainWindow::openModel);
  openAction->setObjectName(QStringLiteral("openModelAction"));
  openAction->setShortcut(QKeySequence::Open);
  QAction* settingsAction = fileMenu->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
  settingsAction->setObjectName(QStringLiteral("settingsAction"));
  settingsAction->setShortcut(QKeySequence::Preferences);
  settingsAction->setMenuRole(QAction::PreferencesRole);
  QAction* exportAction = fileMenu->addAction(tr("&Export Conversation…"), this, &MainWindow::chooseExport);
  exportAction->setObjectName(QStringLiteral("exportAction"));
  exportAction->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
  fileMenu->addSeparator();
  QAction* quitAction = fileMenu->addAction(tr("&Quit"), qApp, &QApplication::quit);
  quitAction->setObjectName(QStringLiteral("quitAction"));
  quitAction->setShortcut(QKeySequence::Quit);
  quitAction->setMenuRole(QAction::QuitRole);

  QMenu* chatMenu = menuBar()->addMenu(tr("&Conversation"));
  chatMenu->setObjectName(QStringLiteral("conversationMenu"));
  QAction* searchAction = chatMenu->addAction(tr("&Search Conversations"), list_, &ConversationListWidget::focusSearch);
  searchAction->setObjectName(QStringLiteral("searchAction"));
  searchAction->setShortcut(QKeySequence::Find);
  QAction* composeAction = chatMenu->addAction(tr("&Write a Message"), composer_, &Composer::focusEditor);
  composeAction->setObjectName(QStringLiteral("focusComposerAction"));
  composeAction->setShortcut(QKeySequence(tr("Ctrl+L")));
  QAction* regenerateAction = chatMenu->addAction(tr("&Regenerate Answer"), flow_, &ChatFlow::regenerateLast);
  regenerateAction->setObjectName(QStringLiteral("regenerateAction"));
  regenerateAction->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
  // Esc from anywhere in the window. Enabled only while an answer is written, so that otherwise Esc keeps
  // its meaning where the focus is (the composer leaves editing); widgets that always own Esc (the search
  // box, a rename editor) claim it before shortcuts see it.
  stopAction_ = chatMenu->addAction(tr("S&top Answer"), flow_, &ChatFlow::stop);
  stopAction_->setObjectName(QStringLiteral("stopAction"));
  stopAction_->setShortcut(QKeySequence(Qt::Key_Escape));
  stopAction_->setShortcutContext(Qt::WindowShortcut);

  QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
  helpMenu->setObjectName(QStringLiteral("helpMenu"));
  QAction* aboutAction = helpMenu->addAction(tr("&About Hearth"), this, &MainWindow::showAbout);
  aboutAction->setObjectName(QStringLiteral("aboutAction"));
  aboutAction->setMenuRole(QAction::AboutRole);
}

void MainWindow::addStatusWidget(QWidget* widget, int stretch) {
  // Permanent widgets sit at the right in insertion order; the model and backend stay last.
  statusBar()->removeWidget(statusWidget_);
  statusBar()->addPermanentWidget(widget, stretch);
  statusBar()->addPermanentWidget(statusWidget_);
  statusWidget_->show();
}

void MainWindow::loadModel(const QString& path, const QString& displayName, bool isDemo) {
  applySettings();
  noticeBar_->hide();
  loadProgress_->begin(displayName);
  loadProgress_->show();
  engine_->loadModel(path, displayName, isDemo);
}

QString MainWindow::notice() const { return noticeBar_->isHidden() ? QString() : noticeLabel_->text(); }

void MainWindow::showNotice(const QString& message, const QString& hint) {
  if (!noticeBar_) {
    // Before the widgets exist (opening the database): shown as soon as they do.
    QMetaObject::invokeMethod(this, [this, message, hint] { showNotice(message, hint); }, Qt::QueuedConnection);
    return;
  }
  noticeLabel_->setText(hint.isEmpty() ? message : message + QLatin1Char('\n') + hint);
  noticeBar_->show();
}

void MainWindow::applySettings() {
  engine_->setContextLength(settings_->value(SettingKey::ContextLength).toLongLong());
  list_->setDefaultThinkingMode(settings_->defaultThinkingMode());
}

void MainWindow::onConversationSelected(ConversationId id) {
  if (composer_->editing() != 0) composer_->cancelEdit();
  flow_->setConversation(id);
  thinkingBox_->setEnabled(id != 0);
  if (auto c = storage_->conversation(id)) {
    const int index = thinkingBox_->findData(static_cast<int>(c->thinkingMode));
    if (index >= 0) thinkingBox_->setCurrentIndex(index);
  }
  updateRightPane();
}

void MainWindow::onThinkingModeChosen(int index) {
  const ConversationId id = flow_->conversation();
  if (id == 0) return;
  const auto mode = static_cast<ThinkingMode>(thinkingBox_->itemData(index).toInt());
  if (StorageStatus s = storage_->setThinkingMode(id, mode); !s) showNotice(userMessage(s.error()), s.error().detail);
}

void MainWindow::onModelLoaded(const LoadedModelInfo& info) {
  statusBar()->showMessage(tr("%1 is ready.").arg(info.name), 5000);
  rememberModel(*settings_, ChosenModel{info.path, info.name, info.isDemo});
}

void MainWindow::onEngineStateChanged() {
  const bool generating = flow_->isStreaming() || engine_->isGenerating();
  composer_->setModelReady(engine_->hasModel());
  composer_->setGenerating(generating);
  stopAction_->setEnabled(generating);
  updateRightPane();
}

void MainWindow::updateRightPane() {
  // The empty state explains how to get a model; once there is one, or something to read, the chat shows.
  const bool nothingToRead = chatView_->messages().isEmpty();
  const bool showEmpty = engine_->state() == EngineController::State::NoModel && nothingToRead;
  rightPane_->setCurrentWidget(showEmpty ? static_cast<QWidget*>(emptyState_) : chatPage_);
}

void MainWindow::onDevicesQueried(const hearth::DeviceReport& report) {
  systemInfo_ = collectSystemInfo(report);
  statusWidget_->setDeviceReport(report);  // shown until a model says where it runs
  emit backendReady();
}

void MainWindow::openModel() {
  ModelPickerDialog picker(*settings_, defaultDiscoveryRoots(), demoModelPath(), this);
  connect(&picker, &ModelPickerDialog::modelChosen, this, &MainWindow::loadModel);
  picker.exec();
}

void MainWindow::openRememberedModel() {
  if (!settings_->value(SettingKey::OpenLastModelAtStart).toBool()) return;
  const QString demoPath = demoModelPath();
  if (const std::optional<ChosenModel> last = rememberedModel(*settings_, demoPath)) {
    loadModel(last->path, last->displayName, last->isDemo);  // as if picked again: progress, Cancel, errors
    return;
  }
  // Gone (moved, deleted, a drive not mounted): say so without a dialog, and keep the entry so that the
  // model opens again once the file is back; choosing another model replaces it.
  if (const std::optional<ChosenModel> gone = rememberedEntry(*settings_, demoPath))
    showNotice(tr("The last model, %1, was not found at %2.").arg(gone->displayName, QDir::toNativeSeparators(gone->path)),
               tr("Choose a model with File ▸ Open Model…"));
}

void MainWindow::chooseExport() {
  if (flow_->conversation() == 0) return;
  auto conversation = storage_->conversation(flow_->conversation());
  QString title = conversation ? conversation->title : tr("Conversation");
  title.replace(QRegularExpression(QStringLiteral("[/\\\\:*?\"<>|]")), QStringLiteral("_"));
  const QString path = QFileDialog::getSaveFileName(this, tr("Export Conversation"), title + QStringLiteral(".md"),
                                                    tr("Markdown (*.md);;JSON archive with every branch (*.json)"));
  if (!path.isEmpty()) exportConversation(path);
}

bool MainWindow::exportConversation(const QString& path) {
  const ConversationId id = flow_->conversation();
  if (id == 0) return false;
  StorageResult<QByteArray> bytes = StorageError{};
  if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
    bytes = exportConversationJson(*storage_, id);
  } else {
    auto markdown = exportConversationMarkdown(*storage_, id);
    bytes = markdown ? StorageResult<QByteArray>(markdown->toUtf8()) : StorageResult<QByteArray>(markdown.error());
  }
  if (!bytes) {
    showNotice(userMessage(bytes.error()), bytes.error().detail);
    return false;
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(*bytes) != bytes->size() || !file.commit()) {
    showNotice(tr("The conversation could not be saved to %1.").arg(QDir::toNativeSeparators(path)), file.errorString());
    return false;
  }
  statusBar()->showMessage(tr("Exported to %1.").arg(QDir::toNativeSeparators(path)), 5000);
  return true;
}

void MainWindow::openSettings() {
  SettingsDialog dialog(*settings_, this);
  if (dialog.exec() == QDialog::Accepted) applySettings();
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
    gpu = noGpuText(info.devices.no_gpu, QString::fromStdString(info.devices.cuda_error));
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
