// Hearth's main window: menus, the status bar with the backend in use, and (until a model is open) the
// empty state that explains how to get one.
#pragma once

#include <QMainWindow>
#include <optional>

#include "system/SystemInfo.h"

class QLabel;
class QThread;

namespace hearth::app {

class EmptyStateView;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // The About box's text; public so tests can read it without opening a modal dialog.
  QString aboutText() const;
  // True once the device query has answered and the status bar shows the backend.
  bool backendKnown() const { return systemInfo_.has_value(); }

 signals:
  void backendReady();

 private:
  void buildMenus();
  void openModel();
  void showAbout();
  void onDevicesQueried(const hearth::DeviceReport& report);

  EmptyStateView* emptyState_ = nullptr;
  QLabel* backendLabel_ = nullptr;
  QThread* deviceQuery_ = nullptr;
  std::optional<SystemInfo> systemInfo_;
};

}  // namespace hearth::app
