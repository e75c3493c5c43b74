#include "chat/Composer.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace hearth::app {

Composer::Composer(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("composer"));

  editBar_ = new QWidget(this);
  editBar_->setObjectName(QStringLiteral("composerEditBar"));
  editLabel_ = new QLabel(tr("Editing a message: sending makes a new branch; the original stays."), editBar_);
  auto* cancelEditButton = new QPushButton(tr("Cancel Edit"), editBar_);
  cancelEditButton->setObjectName(QStringLiteral("composerCancelEditButton"));
  cancelEditButton->setAccessibleName(tr("Cancel editing"));
  connect(cancelEditButton, &QPushButton::clicked, this, &Composer::cancelEdit);
  auto* barLayout = new QHBoxLayout(editBar_);
  barLayout->setContentsMargins(0, 0, 0, 0);
  barLayout->addWidget(editLabel_, 1);
  barLayout->addWidget(cancelEditButton);
  editBar_->hide();

  edit_ = new QPlainTextEdit(this);
  edit_->setObjectName(QStringLiteral("composerEdit"));
  edit_->setAccessibleName(tr("Message"));
  edit_->setAccessibleDescription(tr("Enter sends, Shift+Enter starts a new line, Escape stops the answer."));
  edit_->setTabChangesFocus(true);
  // About four lines: enough to see a paragraph, small next to the conversation.
  edit_->setFixedHeight(edit_->fontMetrics().lineSpacing() * 4 + 12);
  edit_->installEventFilter(this);
  connect(edit_, &QPlainTextEdit::textChanged, this, &Composer::updateState);

  button_ = new QPushButton(this);
  button_->setObjectName(QStringLiteral("composerSendButton"));
  connect(button_, &QPushButton::clicked, this, [this] {
    if (generating_)
      emit stopRequested();
    else
      submit();
  });

  auto* row = new QHBoxLayout;
  row->addWidget(edit_, 1);
  row->addWidget(button_, 0, Qt::AlignBottom);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(editBar_);
  layout->addLayout(row);
  updateState();
}

void Composer::setModelReady(bool ready) {
  modelReady_ = ready;
  updateState();
}

void Composer::setGenerating(bool generating) {
  generating_ = generating;
  updateState();
}

bool Composer::canSend() const { return modelReady_ && !generating_ && !edit_->toPlainText().trimmed().isEmpty(); }

QString Composer::text() const { return edit_->toPlainText(); }

void Composer::setText(const QString& text) { edit_->setPlainText(text); }

void Composer::focusEditor() { edit_->setFocus(Qt::ShortcutFocusReason); }

void Composer::beginEdit(MessageId id, const QString& text) {
  editing_ = id;
  edit_->setPlainText(text);
  edit_->moveCursor(QTextCursor::End);
  editBar_->show();
  focusEditor();
  updateState();
}

void Composer::cancelEdit() {
  if (editing_ == 0) return;
  editing_ = 0;
  edit_->clear();
  editBar_->hide();
  updateState();
}

void Composer::submit() {
  if (!canSend()) return;
  const QString text = edit_->toPlainText().trimmed();
  const MessageId editing = editing_;
  editing_ = 0;
  editBar_->hide();
  edit_->clear();
  if (editing != 0)
    emit editSubmitted(editing, text);
  else
    emit sendRequested(text);
}

bool Composer::eventFilter(QObject* watched, QEvent* event) {
  if (watched == edit_ && event->type() == QEvent::KeyPress) {
    auto* key = static_cast<QKeyEvent*>(event);
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    if (enter && !(key->modifiers() & Qt::ShiftModifier)) {
      submit();
      return true;  // never a new line, even when sending is not possible now
    }
    if (key->key() == Qt::Key_Escape) {
      if (generating_)
        emit stopRequested();
      else
        cancelEdit();
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void Composer::updateState() {
  if (generating_) {
    button_->setText(tr("Stop"));
    button_->setAccessibleName(tr("Stop the answer"));
    button_->setToolTip(tr("Stop the answer being written (Esc)"));
    button_->setEnabled(true);
  } else {
    button_->setText(editing_ != 0 ? tr("Send Edit") : tr("Send"));
    button_->setAccessibleName(tr("Send the message"));
    button_->setToolTip(tr("Send (Enter); Shift+Enter starts a new line"));
    button_->setEnabled(canSend());
  }
  edit_->setPlaceholderText(modelReady_ ? tr("Write a message…")
                                        : tr("Open a model to start (File ▸ Open Model…)"));
}

}  // namespace hearth::app
