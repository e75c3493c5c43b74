// What the window shows before any model is open: how to get a model, and a button to open one.
#pragma once

#include <QWidget>

class QPushButton;

namespace hearth::app {

class EmptyStateView : public QWidget {
  Q_OBJECT

 public:
  explicit EmptyStateView(QWidget* parent = nullptr);

 signals:
  void openModelRequested();

 private:
  QPushButton* openButton_ = nullptr;
};

}  // namespace hearth::app
