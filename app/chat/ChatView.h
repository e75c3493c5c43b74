// The messages of one conversation as the user reads them: the branch on screen (Storage::activePath),
// each message rendered from Markdown with highlighted code, its reasoning collapsible, a ‹ 1/2 › switcher
// where regenerate or edit made alternatives, and copy links for messages and code blocks.
//
// Streaming: showStreamingText() replaces the text of the answer being written; the view re-renders at
// most once per frame however fast chunks arrive. Only the message that changed is rendered again.
//
// Long conversations open fast because only the latest kWindow messages are in the document; a link at
// the top shows earlier ones. Links to the web are never followed here: externalLinkRequested() lets the
// window ask first.
#pragma once

#include <QHash>
#include <QSet>
#include <QTextBrowser>
#include <QTimer>

#include "chat/MarkdownRenderer.h"
#include "storage/Storage.h"

namespace hearth::app {

class ChatView : public QTextBrowser {
  Q_OBJECT

 public:
  static constexpr int kWindow = 200;

  explicit ChatView(Storage& storage, QWidget* parent = nullptr);

  void showConversation(ConversationId id);
  ConversationId conversation() const { return conversation_; }
  // Reads the branch again (a message was added, a branch chosen elsewhere).
  void reload();
  // The text so far of a message being written; rendered on the next frame.
  void showStreamingText(MessageId id, const QString& content, const QString& reasoning);

  // The messages of the branch on screen (all of it; the document holds the last shownCount()).
  const QList<Message>& messages() const { return path_; }
  int shownCount() const;
  // What a click on a link in the view does; public so tests and keyboard actions can use it.
  void activateLink(const QUrl& url);

 signals:
  void externalLinkRequested(const QUrl& url);
  void storageFailed(const hearth::app::StorageError& error);
  // Another alternative is shown from this message on.
  void branchSwitched(hearth::app::MessageId id);
  // After each render of the document.
  void rendered();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void scheduleRender();
  void render();
  QString messageHtml(const Message& m);
  void switchBranch(MessageId id, int step);

  Storage& storage_;
  MarkdownRenderer renderer_;
  ConversationId conversation_ = 0;
  QList<Message> path_;
  int window_ = kWindow;
  QSet<MessageId> expandedReasoning_;
  QHash<MessageId, QString> htmlCache_;
  QHash<MessageId, QStringList> codeBlocks_;
  QTimer frame_;
};

}  // namespace hearth::app
