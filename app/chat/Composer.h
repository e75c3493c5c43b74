// Where the user writes: a multi-line editor and one button that sends or stops. Enter sends, Shift+Enter
// starts a new line, Esc stops the answer being written (or leaves editing). Without a model the editor
// still takes text but nothing can be sent, and the placeholder says why.
//
// Editing an earlier user message happens here too: beginEdit() puts its text in the editor and Send then
// asks for an edit (a new branch) instead of a new message.
//
// Object names: composerEdit, composerSendButton, composerEditBar, composerCancelEditButton.
#pragma once

#include <QWidget>

#include "storage/StorageTypes.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace hearth::app {

class Composer : public QWidget {
  Q_OBJECT

 public:
  explicit Composer(QWidget* parent = nullptr);

  // Whether a model is ready to answer (Send needs one).
  void setModelReady(bool ready);
  // While an answer is being written the button is Stop and sending waits.
  void setGenerating(bool generating);
  bool isGenerating() const { return generating_; }
  bool canSend() const;

  QString text() const;
  void setText(const QString& text);
  void focusEditor();

  // Editing message `id` with its current text; Send then emits editSubmitted.
  void beginEdit(MessageId id, const QString& text);
  void cancelEdit();
  MessageId editing() const { return editing_; }

 public slots:
  // Send (or submit the edit) when allowed; clears the editor.
  void submit();

 signals:
  void sendRequested(const QString& text);
  void editSubmitted(hearth::app::MessageId id, const QString& text);
  void stopRequested();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void updateState();

  QPlainTextEdit* edit_ = nullptr;
  QPushButton* button_ = nullptr;
  QWidget* editBar_ = nullptr;
  QLabel* editLabel_ = nullptr;
  bool modelReady_ = false;
  bool generating_ = false;
  MessageId editing_ = 0;
};

}  // namespace hearth::app
