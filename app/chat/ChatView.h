// The messages of one conversation as the user reads them: the branch on screen (Storage::activePath),
// each message rendered from Markdown with highlighted code, its reasoning collapsible, a ‹ 1/2 › switcher
// where regenerate or edit made alternatives, copy links for messages and code blocks, and Regenerate /
// Edit links that the window answers (regenerateRequested, editRequested).
//
// Streaming: showStreamingText() replaces the text of the answer being written; the view re-renders at
// most once per frame however fast chunks arrive, and then only the end of that message: the answer being
// written is the last one, and of its top-level blocks only those that changed (normally the last
// paragraph) are replaced through a QTextCursor.
//
// Long conversations open fast because only the latest kWindow messages are in the document; a link at
// the top shows earlier ones. Links to the web are never followed here: externalLinkRequested() lets the
// window ask first.
//
// Keyboard: the arrows and Page Up/Down scroll; Tab and Shift+Tab move through the links on screen (copy,
// reasoning, ‹ › versions, earlier messages) and then on to the next control, so a long conversation's
// hundreds of links never trap the focus; Enter follows the selected link.
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
  // Always empty: nothing in a conversation may make the view read a file or the network, whatever
  // HTML might get in (the renderer never emits <img>; this is the second lock).
  QVariant loadResource(int type, const QUrl& name) override;

 signals:
  void externalLinkRequested(const QUrl& url);
  void storageFailed(const hearth::app::StorageError& error);
  // Another alternative is shown from this message on.
  void branchSwitched(hearth::app::MessageId id);
  // The user asked for another answer in place of assistant message `id` (a "Regenerate" link).
  void regenerateRequested(hearth::app::MessageId id);
  // The user asked to edit user message `id` (an "Edit" link).
  void editRequested(hearth::app::MessageId id);
  // After each render of the document.
  void rendered();

 protected:
  void changeEvent(QEvent* event) override;
  bool focusNextPrevChild(bool next) override;
  void showEvent(QShowEvent* event) override;

 private:
  void scheduleRender();
  // Everything again; the last message goes in block by block so that its end can be swapped alone.
  void render();
  // Only the changed end of the last message (the one streaming), when nothing else changed.
  void renderTail();
  void insertTail(qsizetype from, bool emptyBlockReady);
  // A message's HTML in top-level pieces (header, Markdown blocks, footer); cached until it changes.
  const QStringList& messageBlocks(const Message& m);
  QStringList renderMessageBlocks(const Message& m);
  void switchBranch(MessageId id, int step);
  // The "Show N earlier messages" paragraph for `hidden` messages not in the document (empty for none).
  QString earlierLink(qsizetype hidden) const;
  void showEarlier();

  Storage& storage_;
  MarkdownRenderer renderer_;
  ConversationId conversation_ = 0;
  QList<Message> path_;
  int window_ = kWindow;
  QSet<MessageId> expandedReasoning_;
  QHash<MessageId, QStringList> htmlCache_;
  QHash<MessageId, QStringList> codeBlocks_;
  QTimer frame_;
  bool onlyTailDirty_ = false;  // the pending frame needs renderTail() only
  int tailStart_ = -1;          // document position where the last message begins
  QStringList tailBlocks_;      // the last message's pieces as they are in the document
  QList<int> tailPositions_;    // where each of them begins
  // The reader is at the end: stay there when the document grows or the width changes (the window opening,
  // a splitter moving, the layout finishing in the background), until they scroll away.
  bool followEnd_ = true;
};

}  // namespace hearth::app
