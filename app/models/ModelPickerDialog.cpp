#include "models/ModelPickerDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QThread>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>
#include <cstdlib>
#include <memory>

#include "models/ModelListModel.h"
#include "models/RememberedModel.h"
#include "settings/Settings.h"

namespace hearth::app {

namespace {

QStringList storedFolders(const AppSettings& settings) {
  return settings.value(SettingKey::ModelFolders).toString().split(u'\n', Qt::SkipEmptyParts);
}

}  // namespace

hearth::model::DiscoveryRoots defaultDiscoveryRoots() {
  return hearth::model::default_roots(QDir::homePath().toStdString(),
                                      [](const char* name) { return std::getenv(name); });
}

ModelPickerDialog::ModelPickerDialog(AppSettings& settings, hearth::model::DiscoveryRoots roots, QString demoPath,
                                     QWidget* parent)
    : QDialog(parent), settings_(settings), roots_(std::move(roots)), demoPath_(std::move(demoPath)) {
  setObjectName(QStringLiteral("modelPicker"));
  setWindowTitle(tr("Choose a Model"));
  resize(1040, 520);

  fileChooser_ = [this] {
    const QString last = settings_.value(SettingKey::LastModelPath).toString();
    const QString dir = last.isEmpty() ? QDir::homePath() : QFileInfo(last).absolutePath();
    return QFileDialog::getOpenFileName(this, tr("Open GGUF File"), dir,
                                        tr("GGUF models (*.gguf);;Ollama model blobs (sha256-*);;All files (*)"));
  };
  folderChooser_ = [this] {
    return QFileDialog::getExistingDirectory(this, tr("Add a Folder with Models"), QDir::homePath());
  };

  auto* intro =
      new QLabel(tr("Models found on this computer. Hearth reads them where they are; nothing is copied."), this);
  intro->setWordWrap(true);

  filter_ = new QLineEdit(this);
  filter_->setObjectName(QStringLiteral("modelFilter"));
  filter_->setPlaceholderText(tr("Filter by name, source or quantisation"));
  filter_->setAccessibleName(tr("Filter models"));
  filter_->setClearButtonEnabled(true);

  model_ = new ModelListModel(this);
  proxy_ = new QSortFilterProxyModel(this);
  proxy_->setSourceModel(model_);
  proxy_->setSortRole(ModelListModel::SortRole);
  proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  proxy_->setFilterKeyColumn(-1);
  connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);

  view_ = new QTreeView(this);
  view_->setObjectName(QStringLiteral("modelList"));
  view_->setAccessibleName(tr("Models"));
  view_->setModel(proxy_);
  view_->setRootIsDecorated(false);
  view_->setUniformRowHeights(true);
  view_->setAllColumnsShowFocus(true);
  // The model's own order (runnable, demo, the rest) until a header is clicked.
  view_->header()->setSortIndicator(-1, Qt::AscendingOrder);
  view_->setSortingEnabled(true);
  view_->setSelectionMode(QAbstractItemView::SingleSelection);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->header()->setStretchLastSection(true);
  view_->header()->setSectionResizeMode(ModelListModel::NameColumn, QHeaderView::Interactive);
  // Return reaches the default button (Load); a double click loads too. (Not `activated`: Return would
  // then choose twice, once from the view and once from the dialog.)
  connect(view_, &QTreeView::doubleClicked, this, [this] { chooseCurrent(); });
  connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] { updateButtons(); });
  connect(proxy_, &QAbstractItemModel::modelReset, this, [this] { updateButtons(); });
  filter_->installEventFilter(this);
  setFocusProxy(view_);

  message_ = new QLabel(this);
  message_->setObjectName(QStringLiteral("pickerMessage"));
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

  auto* openFileButton = new QPushButton(tr("&Open GGUF File…"), this);
  openFileButton->setObjectName(QStringLiteral("openFileButton"));
  openFileButton->setAccessibleName(tr("Open a GGUF model file"));
  openFileButton->setAutoDefault(false);
  connect(openFileButton, &QPushButton::clicked, this, [this] {
    const QString path = fileChooser_();
    if (!path.isEmpty()) openFile(path);
  });
  auto* addFolderButton = new QPushButton(tr("Add &Folder…"), this);
  addFolderButton->setObjectName(QStringLiteral("addFolderButton"));
  addFolderButton->setAccessibleName(tr("Add a folder to search for models"));
  addFolderButton->setAutoDefault(false);
  connect(addFolderButton, &QPushButton::clicked, this, &ModelPickerDialog::addFolder);
  auto* refreshButton = new QPushButton(tr("&Refresh"), this);
  refreshButton->setObjectName(QStringLiteral("refreshButton"));
  refreshButton->setAccessibleName(tr("Search for models again"));
  refreshButton->setAutoDefault(false);
  connect(refreshButton, &QPushButton::clicked, this, &ModelPickerDialog::rescan);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
  loadButton_ = buttons->addButton(tr("&Load"), QDialogButtonBox::AcceptRole);
  loadButton_->setObjectName(QStringLiteral("loadButton"));
  loadButton_->setAccessibleName(tr("Load the selected model"));
  loadButton_->setDefault(true);
  connect(buttons, &QDialogButtonBox::accepted, this, &ModelPickerDialog::chooseCurrent);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* row = new QHBoxLayout;
  row->addWidget(openFileButton);
  row->addWidget(addFolderButton);
  row->addWidget(refreshButton);
  row->addStretch(1);
  row->addWidget(buttons);

  auto* column = new QVBoxLayout(this);
  column->addWidget(intro);
  column->addWidget(filter_);
  column->addWidget(view_, 1);
  column->addWidget(message_);
  column->addLayout(row);

  updateButtons();
  rescan();
}

ModelPickerDialog::~ModelPickerDialog() {
  if (!scan_) return;
  // A scan still running owns only its own copies; it deletes itself when done rather than blocking here.
  disconnect(scan_, nullptr, this, nullptr);
  if (scan_->isFinished())
    delete scan_;
  else
    connect(scan_, &QThread::finished, scan_, &QObject::deleteLater);
}

bool ModelPickerDialog::eventFilter(QObject* watched, QEvent* event) {
  // Down in the filter box moves to the list, so typing a few letters and pressing Down, Enter loads.
  if (watched == filter_ && event->type() == QEvent::KeyPress &&
      static_cast<QKeyEvent*>(event)->key() == Qt::Key_Down) {
    view_->setFocus();
    if (!view_->currentIndex().isValid()) view_->setCurrentIndex(proxy_->index(0, 0));
    return true;
  }
  return QDialog::eventFilter(watched, event);
}

QString ModelPickerDialog::message() const { return message_->text(); }

void ModelPickerDialog::rescan() {
  if (scan_) {
    rescanPending_ = true;
    return;
  }
  hearth::model::DiscoveryRoots roots = roots_;
  for (const QString& folder : storedFolders(settings_)) roots.user.push_back(folder.toStdString());
  struct Result {
    std::vector<hearth::model::DiscoveredModel> found;
    hearth::model::DiscoveredModel demo;
  };
  auto result = std::make_shared<Result>();
  const std::string demoPath = demoPath_.toStdString();
  scan_ = QThread::create([roots = std::move(roots), demoPath, result] {
    result->found = hearth::model::discover_models(roots);
    if (!demoPath.empty())
      result->demo = hearth::model::describe_model_file(demoPath, hearth::model::ModelSource::UserFolder, {});
  });
  scan_->setObjectName(QStringLiteral("modelDiscovery"));
  connect(scan_, &QThread::finished, this, [this, result] {
    scan_->deleteLater();
    scan_ = nullptr;
    showEntries(result->found, result->demo);
    if (rescanPending_) {
      rescanPending_ = false;
      rescan();
      return;
    }
    emit scanFinished();
  });
  if (model_->rowCount() == 0) showMessage(tr("Searching for models…"), false);
  scan_->start(QThread::LowPriority);
}

void ModelPickerDialog::showEntries(const std::vector<hearth::model::DiscoveredModel>& found,
                                    const hearth::model::DiscoveredModel& demo) {
  QList<ModelEntry> entries;
  int total = 0, runnable = 0;
  for (const hearth::model::DiscoveredModel& m : found) {
    if (!demoPath_.isEmpty() && QString::fromStdString(m.path) == demoPath_) continue;  // listed once, as the demo
    entries << modelEntry(m);
    ++total;
    runnable += m.runnable ? 1 : 0;
  }
  if (!demoPath_.isEmpty()) entries << modelEntry(demo, /*isDemo=*/true);
  model_->setEntries(entries);

  if (total == 0)
    showMessage(tr("No models were found in the Ollama, Hugging Face, llama.cpp or LM Studio folders. "
                   "Open a GGUF file, add a folder, or try the demo model."),
                false);
  else
    // Counts after a colon read right in every language without plural forms (English has no .ts file).
    showMessage(tr("Model files found: %1 · Hearth can run: %2").arg(total).arg(runnable), false);

  // Select the model chosen last; else the first that can run.
  int row = model_->rowOf(settings_.value(SettingKey::LastModelPath).toString());
  if (row < 0 || !model_->entries()[row].runnable) {
    row = -1;
    for (int i = 0; i < model_->entries().size() && row < 0; ++i)
      if (model_->entries()[i].runnable) row = i;
  }
  if (row >= 0) {
    const QModelIndex index = proxy_->mapFromSource(model_->index(row, 0));
    view_->setCurrentIndex(index);
    view_->scrollTo(index);
  }
  // Names fit whole up to a cap (a deep Hugging Face path would push the numbers out of sight).
  for (int c = 0; c < ModelListModel::StatusColumn; ++c) view_->resizeColumnToContents(c);
  view_->setColumnWidth(ModelListModel::NameColumn, std::min(view_->columnWidth(ModelListModel::NameColumn), 520));
  updateButtons();
}

void ModelPickerDialog::chooseCurrent() {
  const QModelIndex index = view_->currentIndex();
  if (!index.isValid() || !index.data(ModelListModel::RunnableRole).toBool()) return;
  const QModelIndex name = index.siblingAtColumn(ModelListModel::NameColumn);
  choose(index.data(ModelListModel::PathRole).toString(), name.data().toString(),
         index.data(ModelListModel::IsDemoRole).toBool());
}

void ModelPickerDialog::openFile(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  // A file the list already knows (an Ollama blob, say) keeps the list's name for it.
  const int known = model_->rowOf(absolute);
  QString name = known >= 0 ? model_->entries()[known].displayName : QFileInfo(absolute).fileName();
  const hearth::model::DiscoveredModel described = hearth::model::describe_model_file(
      absolute.toStdString(), hearth::model::ModelSource::UserFolder, name.toStdString());
  if (!described.runnable) {
    const ModelEntry entry = modelEntry(described);
    showMessage(
        tr("%1 cannot be opened: %2.").arg(QFileInfo(absolute).fileName(), entry.problem) + u'\n' + entry.problemDetail,
        true);
    return;
  }
  choose(absolute, name, known >= 0 && model_->entries()[known].isDemo);
}

void ModelPickerDialog::choose(const QString& path, const QString& displayName, bool isDemo) {
  rememberModel(settings_, ChosenModel{path, displayName, isDemo});
  emit modelChosen(path, displayName, isDemo);
  accept();
}

void ModelPickerDialog::addFolder() {
  const QString folder = folderChooser_();
  if (folder.isEmpty()) return;
  QStringList folders = storedFolders(settings_);
  const QString absolute = QDir(folder).absolutePath();
  if (!folders.contains(absolute)) {
    folders << absolute;
    settings_.setValue(SettingKey::ModelFolders, folders.join(u'\n'));
  }
  rescan();
}

void ModelPickerDialog::updateButtons() {
  const QModelIndex index = view_->currentIndex();
  loadButton_->setEnabled(index.isValid() && index.data(ModelListModel::RunnableRole).toBool());
}

void ModelPickerDialog::showMessage(const QString& text, bool warning) {
  message_->setText(text);
  QFont font = message_->font();
  font.setBold(warning);
  message_->setFont(font);
  message_->setAccessibleDescription(text);
}

}  // namespace hearth::app
