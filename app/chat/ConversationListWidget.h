// The side list of conversations, self-contained over Storage: a search box (full-text over titles and
// messages), a "New conversation" button, and the list with rename in place (F2 or double-click), pin and
// unpin, and delete with undo (Delete, then Undo in the bar that appears, or Ctrl+Z). A deleted
// conversation is only trashed until the bar goes away; Storage purges it on the next start.
//
// Object names for tests and automation: conversationSearch, newConversationButton, conversationList,
// undoBar, undoDeleteButton, and the actions renameAction, pinAction, deleteAction, undoDeleteAction.
#pragma once

#include <QWidget>

#include "storage/Storage.h"

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QTimer;
class QAction;

namespace hearth::app {

class ConversationListModel;

class ConversationListWidget : public QWidget {
  Q_OBJECT

 public:
  explicit ConversationListWidget(Storage& storage, QWidget* parent = nullptr);

  ConversationListModel* model() const { return model_; }
  ConversationId currentConversation() const;
  void selectConversation(ConversationId id);
  // How long the undo bar stays after a delete (default 10 s).
  void setUndoTimeout(int milliseconds);
  // The thinking mode new conversations start with (the settings' default).
  void setDefaultThinkingMode(ThinkingMode mode) { defaultThinkingMode_ = mode; }
  // Reads the list again, keeping the selection (after a message changed a conversation's order).
  void refresh();

 public slots:
  void createConversation();
  // Puts the cursor in the search box (Ctrl+F).
  void focusSearch();
  void renameCurrent();
  void togglePinCurrent();
  void deleteCurrent();
  void undoDelete();

 signals:
  // The user moved to another conversation (0: none left).
  void conversationSelected(hearth::app::ConversationId id);
  // A storage call failed; show userMessage(error) where the user is looking.
  void storageFailed(const hearth::app::StorageError& error);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void updateActions();
  void hideUndoBar();

  ConversationListModel* model_ = nullptr;
  QLineEdit* search_ = nullptr;
  QPushButton* newButton_ = nullptr;
  QListView* list_ = nullptr;
  QWidget* undoBar_ = nullptr;
  QLabel* undoLabel_ = nullptr;
  QTimer* undoTimer_ = nullptr;
  QTimer* searchDelay_ = nullptr;
  QAction* renameAction_ = nullptr;
  QAction* pinAction_ = nullptr;
  QAction* deleteAction_ = nullptr;
  QAction* undoAction_ = nullptr;
  ConversationId lastDeleted_ = 0;
  ConversationId selected_ = 0;
  ThinkingMode defaultThinkingMode_ = ThinkingMode::On;
};

}  // namespace hearth::app
