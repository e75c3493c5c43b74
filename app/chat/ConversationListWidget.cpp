#include "chat/ConversationListWidget.h"

#include <QAccessible>
#include <QAction>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include "chat/ConversationListModel.h"

namespace hearth::app {

namespace {
// Long enough to notice a mistaken Delete and reach the button; short enough not to linger.
constexpr int kUndoTimeoutMs = 10000;
// Search as you type, but not a query per keystroke of a fast typist.
constexpr int kSearchDelayMs = 150;
}  // namespace

ConversationListWidget::ConversationListWidget(Storage& storage, QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("conversationListWidget"));
  model_ = new ConversationListModel(storage, this);
  connect(model_, &ConversationListModel::storageFailed, this, &ConversationListWidget::storageFailed);

  search_ = new QLineEdit(this);
  search_->setObjectName(QStringLiteral("conversationSearch"));
  // Short, because the box is narrow in every language; the accessible name says what is searched.
  search_->setPlaceholderText(tr("Search…"));
  search_->setAccessibleName(tr("Search conversations"));
  search_->setClearButtonEnabled(true);

  newButton_ = new QPushButton(tr("&New Conversation"), this);
  newButton_->setObjectName(QStringLiteral("newConversationButton"));
  newButton_->setAccessibleName(tr("New conversation"));
  // Ctrl+N belongs to the window's New Conversation action, which calls createConversation().

  list_ = new QListView(this);
  list_->setObjectName(QStringLiteral("conversationList"));
  list_->setAccessibleName(tr("Conversations"));
  list_->setAccessibleDescription(
      tr("%1 renames the selected conversation, %2 deletes it (%3 undoes that) and %4 pins it; the context "
         "menu lists these actions.")
          .arg(QKeySequence(Qt::Key_F2).toString(QKeySequence::NativeText),
               QKeySequence(QKeySequence::Delete).toString(QKeySequence::NativeText),
               QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText),
               QKeySequence(tr("Ctrl+Shift+P")).toString(QKeySequence::NativeText)));
  list_->setModel(model_);
  list_->setSelectionMode(QAbstractItemView::SingleSelection);
  list_->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
  list_->setContextMenuPolicy(Qt::ActionsContextMenu);
  list_->setUniformItemSizes(true);  // thousands of conversations scroll without measuring each

  undoBar_ = new QWidget(this);
  undoBar_->setObjectName(QStringLiteral("undoBar"));
  undoBar_->setAccessibleName(tr("Deleted conversation"));
  undoLabel_ = new QLabel(undoBar_);
  undoLabel_->setObjectName(QStringLiteral("undoLabel"));
  auto* undoButton = new QPushButton(tr("&Undo"), undoBar_);
  undoButton->setObjectName(QStringLiteral("undoDeleteButton"));
  undoButton->setAccessibleName(tr("Undo delete"));
  auto* undoLayout = new QHBoxLayout(undoBar_);
  undoLayout->setContentsMargins(0, 0, 0, 0);
  undoLayout->addWidget(undoLabel_, 1);
  undoLayout->addWidget(undoButton);
  undoBar_->hide();
  connect(undoButton, &QPushButton::clicked, this, &ConversationListWidget::undoDelete);

  undoTimer_ = new QTimer(this);
  undoTimer_->setSingleShot(true);
  undoTimer_->setInterval(kUndoTimeoutMs);
  connect(undoTimer_, &QTimer::timeout, this, &ConversationListWidget::hideUndoBar);

  searchDelay_ = new QTimer(this);
  searchDelay_->setSingleShot(true);
  searchDelay_->setInterval(kSearchDelayMs);
  connect(search_, &QLineEdit::textChanged, searchDelay_, qOverload<>(&QTimer::start));
  connect(searchDelay_, &QTimer::timeout, this, [this] {
    model_->setSearchText(search_->text());
    selectConversation(selected_);
  });

  auto listAction = [this](const QString& text, const char* name, const QKeySequence& key, void (ConversationListWidget::*slot)()) {
    auto* action = new QAction(text, list_);
    action->setObjectName(QLatin1String(name));
    action->setShortcut(key);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, slot);
    list_->addAction(action);
    return action;
  };
  renameAction_ = listAction(tr("&Rename"), "renameAction", QKeySequence(Qt::Key_F2), &ConversationListWidget::renameCurrent);
  pinAction_ = listAction(tr("&Pin"), "pinAction", QKeySequence(tr("Ctrl+Shift+P")), &ConversationListWidget::togglePinCurrent);
  deleteAction_ = listAction(tr("&Delete"), "deleteAction", QKeySequence::Delete, &ConversationListWidget::deleteCurrent);
  undoAction_ = new QAction(tr("&Undo Delete"), this);
  undoAction_->setObjectName(QStringLiteral("undoDeleteAction"));
  undoAction_->setShortcut(QKeySequence::Undo);
  undoAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  connect(undoAction_, &QAction::triggered, this, &ConversationListWidget::undoDelete);
  addAction(undoAction_);

  // From the search box: Escape clears it (eventFilter), Down goes to the results.
  search_->installEventFilter(this);
  auto* toResults = new QAction(search_);
  toResults->setShortcut(Qt::Key_Down);
  toResults->setShortcutContext(Qt::WidgetShortcut);
  connect(toResults, &QAction::triggered, this, [this] {
    list_->setFocus();
    if (!list_->currentIndex().isValid() && model_->rowCount() > 0) list_->setCurrentIndex(model_->index(0));
  });
  search_->addAction(toResults);

  auto* top = new QHBoxLayout;
  top->addWidget(search_, 1);
  top->addWidget(newButton_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(top);
  layout->addWidget(list_, 1);
  layout->addWidget(undoBar_);
  setTabOrder(search_, newButton_);
  setTabOrder(newButton_, list_);

  connect(newButton_, &QPushButton::clicked, this, &ConversationListWidget::createConversation);
  connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
    const ConversationId id = model_->idAt(current.row());
    updateActions();
    if (id != 0 && id != selected_) {
      selected_ = id;
      emit conversationSelected(id);
    }
  });
  // A reset (search, reload) drops the current index: put it back on the same conversation.
  connect(model_, &QAbstractItemModel::modelReset, this, [this] { updateActions(); });
  updateActions();
}

ConversationId ConversationListWidget::currentConversation() const { return model_->idAt(list_->currentIndex().row()); }

void ConversationListWidget::selectConversation(ConversationId id) {
  const int row = model_->rowOf(id);
  if (row >= 0) list_->setCurrentIndex(model_->index(row));
  updateActions();
}

void ConversationListWidget::setUndoTimeout(int milliseconds) { undoTimer_->setInterval(milliseconds); }

void ConversationListWidget::refresh() {
  const ConversationId keep = currentConversation();
  model_->reload();
  selectConversation(keep);
}

void ConversationListWidget::createConversation() {
  // A new conversation is found by what it is about, so searching would hide it: clear the search first.
  search_->clear();
  searchDelay_->stop();
  model_->setSearchText(QString());
  auto created = model_->storage().createConversation(tr("New conversation"), defaultThinkingMode_);
  if (!created) {
    emit storageFailed(created.error());
    return;
  }
  model_->reload();
  selectConversation(created->id);
  list_->setFocus();
}

void ConversationListWidget::focusSearch() {
  search_->setFocus(Qt::ShortcutFocusReason);
  search_->selectAll();
}

bool ConversationListWidget::eventFilter(QObject* watched, QEvent* event) {
  // Escape in the search box clears the search. The box claims the key before any shortcut sees it
  // (ShortcutOverride), so the window's Escape (Stop Answer) never takes it from there.
  if (watched == search_ && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
    const auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier) {
      if (event->type() == QEvent::KeyPress) search_->clear();
      event->accept();
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void ConversationListWidget::renameCurrent() {
  if (list_->currentIndex().isValid()) list_->edit(list_->currentIndex());
}

void ConversationListWidget::togglePinCurrent() {
  const QModelIndex current = list_->currentIndex();
  if (!current.isValid()) return;
  const ConversationId id = model_->idAt(current.row());
  const bool pinned = current.data(ConversationListModel::PinnedRole).toBool();
  if (StorageStatus s = model_->storage().setPinned(id, !pinned); !s) {
    emit storageFailed(s.error());
    return;
  }
  model_->reload();
  selectConversation(id);
}

void ConversationListWidget::deleteCurrent() {
  const QModelIndex current = list_->currentIndex();
  if (!current.isValid()) return;
  const ConversationId id = model_->idAt(current.row());
  const QString title = current.data(Qt::DisplayRole).toString();
  const int row = current.row();
  if (StorageStatus s = model_->storage().trashConversation(id); !s) {
    emit storageFailed(s.error());
    return;
  }
  lastDeleted_ = id;
  model_->reload();
  // The neighbour takes the deleted one's place, so repeated Delete walks down the list.
  const int next = std::min(row, model_->rowCount() - 1);
  selected_ = 0;
  if (next >= 0) selectConversation(model_->idAt(next));
  else emit conversationSelected(0);
  undoLabel_->setText(tr("Deleted “%1”.").arg(title));
  undoBar_->show();
  // Screen readers announce the bar: the only way to learn that Undo is possible without seeing it.
  QAccessibleEvent shown(undoLabel_, QAccessible::Alert);
  QAccessible::updateAccessibility(&shown);
  undoTimer_->start();
}

void ConversationListWidget::undoDelete() {
  if (lastDeleted_ == 0) return;
  const ConversationId id = lastDeleted_;
  lastDeleted_ = 0;
  hideUndoBar();
  if (StorageStatus s = model_->storage().restoreConversation(id); !s) {
    emit storageFailed(s.error());
    return;
  }
  model_->reload();
  selectConversation(id);
}

void ConversationListWidget::hideUndoBar() {
  undoTimer_->stop();
  undoBar_->hide();
  lastDeleted_ = 0;  // the chance to undo has passed; Storage purges the trash on the next start
}

void ConversationListWidget::updateActions() {
  const QModelIndex current = list_->currentIndex();
  const bool any = current.isValid();
  renameAction_->setEnabled(any);
  pinAction_->setEnabled(any);
  deleteAction_->setEnabled(any);
  pinAction_->setText(any && current.data(ConversationListModel::PinnedRole).toBool() ? tr("Un&pin") : tr("&Pin"));
}

}  // namespace hearth::app
