// Hearth's main window: the conversation list and, beside it in a splitter, the conversation (ChatView,
// its thinking-mode control and the Composer), over one Storage and one EngineController. Until a model is
// loaded and while nothing is there to read, the right side shows the empty state that explains how to get
// a model. The status bar names the backend; storage and engine failures appear in a notice bar above the
// conversation, never in a modal box the user must dismiss first.
//
// Hooks for the other parts of the app (model picker, load progress, status widgets):
//   engine()           the EngineController: load models, watch its signals;
//   loadModel()        the one way to load a model, so the window's state follows;
//   modelToolBar()     a toolbar (objectName modelToolBar) holding Open Model… (the picker), for more model controls;
//   addStatusWidget()  puts a widget in the status bar, left of the model and backend (StatusBarWidget).
// The model picker (File ▸ Open Model…), the empty state's demo button and the load progress widget
// (above the conversation, with Cancel) are wired here.
//
// Keyboard: Ctrl+N new conversation, Ctrl+F search, Ctrl+L the composer, Ctrl+Shift+R regenerate the last
// answer, Ctrl+Shift+E export, Esc stops the answer from anywhere in the window (Conversation ▸ Stop Answer,
// enabled only while an answer is written; the search box and rename editors keep Esc for themselves).
//
// At start, when SettingKey::OpenLastModelAtStart is on, the model chosen last is loaded as if picked again;
// when its file is gone the notice bar names it and the entry is kept (the drive may come back).
#pragma once

#include <QMainWindow>
#include <memory>
#include <optional>

#include "engine/EngineTypes.h"
#include "storage/Storage.h"
#include "system/SystemInfo.h"

class QComboBox;
class QLabel;
class QSplitter;
class QStackedWidget;
class QThread;
class QToolBar;

namespace hearth::app {

class AppSettings;
class ChatFlow;
class ChatView;
class Composer;
class ConversationListWidget;
class EmptyStateView;
class EngineController;
class LoadProgressWidget;
class StatusBarWidget;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  struct Options {
    QString databasePath;              // empty: Storage::defaultPath()
    AppSettings* settings = nullptr;   // not owned; null: the application's settings
  };

  explicit MainWindow(QWidget* parent = nullptr);
  explicit MainWindow(const Options& options, QWidget* parent = nullptr);
  ~MainWindow() override;

  // The About box's text; public so tests can read it without opening a modal dialog.
  QString aboutText() const;
  StatusBarWidget* statusWidget() const { return statusWidget_; }
  // True once the device query has answered and the status bar shows the backend.
  bool backendKnown() const { return systemInfo_.has_value(); }

  // ---- Hooks for the model picker and status widgets
  EngineController* engine() const { return engine_; }
  void loadModel(const QString& path, const QString& displayName, bool isDemo = false);
  QToolBar* modelToolBar() const { return modelToolBar_; }
  void addStatusWidget(QWidget* widget, int stretch = 0);

  // ---- For tests and automation
  Storage* storage() const { return storage_.get(); }
  ChatFlow* chatFlow() const { return flow_; }
  ChatView* chatView() const { return chatView_; }
  Composer* composer() const { return composer_; }
  ConversationListWidget* conversationList() const { return list_; }
  // The notice shown last (empty when none is shown).
  QString notice() const;
  void showNotice(const QString& message, const QString& hint = {});
  // Writes the conversation shown to `path`: JSON (every branch) for *.json, Markdown (the branch shown)
  // otherwise. False (and a notice) on failure.
  bool exportConversation(const QString& path);

 signals:
  void backendReady();

 private:
  void buildMenus();
  void buildCentral();
  void openStorage(const QString& path);
  void openModel();
  void openRememberedModel();
  void openSettings();
  void chooseExport();
  void showAbout();
  void onDevicesQueried(const hearth::DeviceReport& report);
  void onConversationSelected(ConversationId id);
  void onModelLoaded(const LoadedModelInfo& info);
  void onEngineStateChanged();
  void onThinkingModeChosen(int index);
  void updateRightPane();
  void applySettings();

  std::unique_ptr<AppSettings> ownedSettings_;
  AppSettings* settings_ = nullptr;
  std::unique_ptr<Storage> storage_;
  EngineController* engine_ = nullptr;
  ChatFlow* flow_ = nullptr;

  QSplitter* splitter_ = nullptr;
  ConversationListWidget* list_ = nullptr;
  QStackedWidget* rightPane_ = nullptr;
  EmptyStateView* emptyState_ = nullptr;
  QWidget* chatPage_ = nullptr;
  QWidget* noticeBar_ = nullptr;
  QLabel* noticeLabel_ = nullptr;
  QComboBox* thinkingBox_ = nullptr;
  ChatView* chatView_ = nullptr;
  Composer* composer_ = nullptr;
  QToolBar* modelToolBar_ = nullptr;
  QAction* stopAction_ = nullptr;
  LoadProgressWidget* loadProgress_ = nullptr;
  StatusBarWidget* statusWidget_ = nullptr;
  QThread* deviceQuery_ = nullptr;
  std::optional<SystemInfo> systemInfo_;
};

}  // namespace hearth::app
