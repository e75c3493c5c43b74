// What the window shows before any model is open: how to get a model, a button to open one, and one to try
// the demo model (random weights, built with Hearth) so the whole app can be tried without a download.
#pragma once

#include <QWidget>

class QPushButton;

namespace hearth::app {

class EmptyStateView : public QWidget {
  Q_OBJECT

 public:
  explicit EmptyStateView(QWidget* parent = nullptr);

  // The demo model file (demoModelPath() by default); empty disables the demo button and says why.
  void setDemoModelPath(const QString& path);

 signals:
  void openModelRequested();
  void modelChosen(const QString& path, const QString& displayName, bool isDemo);

 private:
  QPushButton* openButton_ = nullptr;
  QPushButton* demoButton_ = nullptr;
  QString demoPath_;
};

}  // namespace hearth::app
