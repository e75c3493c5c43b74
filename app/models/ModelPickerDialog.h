// Choosing a model: every GGUF file model discovery finds (Ollama, Hugging Face, llama.cpp, LM Studio and the
// user's own folders), the demo model, and "Open GGUF File…" for anything else. Files are read in place,
// never copied. The scan runs on its own thread (a large Hugging Face cache takes a while); the list fills
// in when it is done. Choosing emits modelChosen() and remembers the model in the settings.
#pragma once

#include <QDialog>
#include <functional>

#include "model/discovery.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QThread;
class QTreeView;

namespace hearth::app {

class AppSettings;
class ModelListModel;

// The standard places (engine's default_roots) for this user's home and environment.
hearth::model::DiscoveryRoots defaultDiscoveryRoots();

class ModelPickerDialog : public QDialog {
  Q_OBJECT

 public:
  // `roots`: where to look (defaultDiscoveryRoots() in the app; a temporary tree in tests); the folders the
  // user added in the settings are scanned too. `demoPath`: the demo model file, or empty when it is missing.
  ModelPickerDialog(AppSettings& settings, hearth::model::DiscoveryRoots roots, QString demoPath,
                    QWidget* parent = nullptr);
  ~ModelPickerDialog() override;

  // Seams for tests: what "Open GGUF File…" and "Add Folder…" ask (a file or folder path; empty = cancelled).
  void setFileChooser(std::function<QString()> chooser) { fileChooser_ = std::move(chooser); }
  void setFolderChooser(std::function<QString()> chooser) { folderChooser_ = std::move(chooser); }

  bool isScanning() const { return scan_ != nullptr; }
  ModelListModel* models() const { return model_; }
  // The message line under the list (scan summary, or why an opened file cannot run).
  QString message() const;

 public slots:
  // Scans again (after a pull or download); a scan in flight finishes first.
  void rescan();
  // Opens one file: chosen at once when Hearth can run it, else the reason is shown and nothing is chosen.
  void openFile(const QString& path);

 signals:
  void modelChosen(const QString& path, const QString& displayName, bool isDemo);
  void scanFinished();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void showEntries(const std::vector<hearth::model::DiscoveredModel>& found,
                   const hearth::model::DiscoveredModel& demo);
  void chooseCurrent();
  void choose(const QString& path, const QString& displayName, bool isDemo);
  void addFolder();
  void updateButtons();
  void showMessage(const QString& text, bool warning);

  AppSettings& settings_;
  hearth::model::DiscoveryRoots roots_;
  QString demoPath_;
  std::function<QString()> fileChooser_;
  std::function<QString()> folderChooser_;
  QThread* scan_ = nullptr;
  bool rescanPending_ = false;

  ModelListModel* model_ = nullptr;
  QSortFilterProxyModel* proxy_ = nullptr;
  QLineEdit* filter_ = nullptr;
  QTreeView* view_ = nullptr;
  QLabel* message_ = nullptr;
  QPushButton* loadButton_ = nullptr;
};

}  // namespace hearth::app
