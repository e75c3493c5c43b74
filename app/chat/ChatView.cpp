#include "chat/ChatView.h"

#include <QClipboard>
#include <QColor>
#include <QEvent>
#include <QGuiApplication>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QUrl>

#include "chat/MarkdownInline.h"

namespace hearth::app {

namespace {
// One frame at 60 Hz: chunks arriving faster than this are shown together.
constexpr int kFrameMs = 16;

// Within this many pixels of the end counts as at the end (a fraction of a line).
constexpr int kAtEndSlackPx = 4;

// Keeps the reader's place across a re-render: following the end while an answer grows, but never
// pulling away a reader who scrolled up.
class ScrollKeeper {
 public:
  explicit ScrollKeeper(QScrollBar* bar)
      : bar_(bar), atBottom_(bar->value() >= bar->maximum() - kAtEndSlackPx), value_(bar->value()) {}
  ~ScrollKeeper() { bar_->setValue(atBottom_ ? bar_->maximum() : value_); }
  ScrollKeeper(const ScrollKeeper&) = delete;
  ScrollKeeper& operator=(const ScrollKeeper&) = delete;

 private:
  QScrollBar* bar_;
  bool atBottom_;
  int value_;
};
}  // namespace

ChatView::ChatView(Storage& storage, QWidget* parent) : QTextBrowser(parent), storage_(storage), renderer_(palette()) {
  setObjectName(QStringLiteral("chatView"));
  setAccessibleName(tr("Conversation"));
  setAccessibleDescription(tr("The messages of this conversation. Page Up and Page Down scroll; Tab moves "
                              "through the links on screen, and Enter follows the selected one."));
  setOpenLinks(false);
  setOpenExternalLinks(false);
  setUndoRedoEnabled(false);
  frame_.setSingleShot(true);
  frame_.setInterval(kFrameMs);
  connect(&frame_, &QTimer::timeout, this, [this] { onlyTailDirty_ ? renderTail() : render(); });
  connect(this, &QTextBrowser::anchorClicked, this, &ChatView::activateLink);
  connect(verticalScrollBar(), &QScrollBar::valueChanged, this,
          [this](int value) { followEnd_ = value >= verticalScrollBar()->maximum() - kAtEndSlackPx; });
  connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int maximum) {
    if (followEnd_) verticalScrollBar()->setValue(maximum);
  });
}

void ChatView::showConversation(ConversationId id) {
  conversation_ = id;
  window_ = kWindow;
  expandedReasoning_.clear();
  htmlCache_.clear();
  codeBlocks_.clear();
  reload();
}

void ChatView::reload() {
  if (conversation_ == 0) {
    path_.clear();
    render();
    return;
  }
  auto path = storage_.activePath(conversation_);
  if (!path) {
    emit storageFailed(path.error());
    return;
  }
  // Messages change in storage (status, stats, siblings): render them again, but keep what streamed.
  path_ = std::move(*path);
  htmlCache_.clear();
  render();
}

void ChatView::showStreamingText(MessageId id, const QString& content, const QString& reasoning) {
  for (qsizetype i = 0; i < path_.size(); ++i) {
    Message& m = path_[i];
    if (m.id != id) continue;
    m.content = content;
    m.reasoning = reasoning;
    htmlCache_.remove(id);
    const bool tail = i + 1 == path_.size() && tailStart_ >= 0;
    onlyTailDirty_ = frame_.isActive() ? onlyTailDirty_ && tail : tail;
    scheduleRender();
    return;
  }
}

int ChatView::shownCount() const { return static_cast<int>(std::min<qsizetype>(path_.size(), window_)); }

void ChatView::scheduleRender() {
  if (!frame_.isActive()) frame_.start();
}

const QStringList& ChatView::messageBlocks(const Message& m) {
  auto cached = htmlCache_.find(m.id);
  if (cached == htmlCache_.end()) cached = htmlCache_.insert(m.id, renderMessageBlocks(m));
  return *cached;
}

QStringList ChatView::renderMessageBlocks(const Message& m) {
  const QString scope = QString::number(m.id);
  const QString muted = palette().color(QPalette::Disabled, QPalette::Text).name();
  QString who;
  switch (m.role) {
    case Role::User:
      who = tr("You");
      break;
    case Role::Assistant:
      who = tr("Assistant");
      break;
    case Role::System:
      who = tr("System");
      break;
    case Role::Tool:
      who = tr("Tool");
      break;
  }
  QString header = QStringLiteral("<b>%1</b>").arg(who.toHtmlEscaped());
  if (!m.model.isEmpty())
    header += QStringLiteral(" <span style=\"color:%1;\">%2</span>").arg(muted, m.model.toHtmlEscaped());

  QStringList tools;
  if (m.siblingCount > 1) {
    // ‹ 2/3 ›: an arrow is a link only where there is somewhere to go.
    // The title is the link's tooltip and what a screen reader can say instead of an arrow.
    const QString prev = m.siblingIndex > 0 ? QStringLiteral("<a href=\"branch:prev:%1\" title=\"%2\">‹</a>")
                                                  .arg(m.id)
                                                  .arg(tr("Previous version").toHtmlEscaped())
                                            : QStringLiteral("‹");
    const QString next = m.siblingIndex + 1 < m.siblingCount
                             ? QStringLiteral("<a href=\"branch:next:%1\" title=\"%2\">›</a>")
                                   .arg(m.id)
                                   .arg(tr("Next version").toHtmlEscaped())
                             : QStringLiteral("›");
    tools << QStringLiteral("%1 %2/%3 %4").arg(prev).arg(m.siblingIndex + 1).arg(m.siblingCount).arg(next);
  }
  tools << QStringLiteral("<a href=\"copymsg:%1\" title=\"%3\">%2</a>")
               .arg(m.id)
               .arg(tr("Copy"), tr("Copy this message as Markdown").toHtmlEscaped());

  ReasoningView view;
  view.expanded = expandedReasoning_.contains(m.id);
  view.streaming = m.status == MessageStatus::Streaming && m.content.isEmpty();
  const RenderedMarkdown body = renderer_.renderMessage(m.reasoning, m.content, view, scope);
  codeBlocks_.insert(m.id, body.codeBlocks);
  // Regenerate and edit make new branches; not while this message is still being written.
  if (m.status != MessageStatus::Streaming) {
    if (m.role == Role::Assistant)
      tools << QStringLiteral("<a href=\"regen:%1\">%2</a>").arg(m.id).arg(tr("Regenerate"));
    else if (m.role == Role::User)
      tools << QStringLiteral("<a href=\"edit:%1\">%2</a>").arg(m.id).arg(tr("Edit"));
  }
  QString note;
  switch (m.status) {
    case MessageStatus::Complete:
    case MessageStatus::Streaming:
      break;
    case MessageStatus::Stopped:
      note = tr("Stopped before the end.");
      break;
    case MessageStatus::Failed:
      note = m.errorText.isEmpty() ? tr("Failed.") : tr("Failed: %1").arg(m.errorText);
      break;
    case MessageStatus::Interrupted:
      note = tr("Interrupted: Hearth closed before this answer was finished.");
      break;
  }
  QStringList blocks;
  blocks << QStringLiteral(
                "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"2\"><tr><td>%1</td><td "
                "align=\"right\">%2</td></tr></table>\n")
                .arg(header, tools.join(QStringLiteral(" · ")));
  blocks << body.blocks;
  blocks << (note.isEmpty()
                 ? QString()
                 : QStringLiteral("<p><i style=\"color:%1;\">%2</i></p>\n").arg(muted, note.toHtmlEscaped())) +
                QStringLiteral("<hr />\n");
  return blocks;
}

void ChatView::render() {
  frame_.stop();
  onlyTailDirty_ = false;
  {
    ScrollKeeper keeper(verticalScrollBar());
    const qsizetype first = path_.size() - shownCount();
    QString html = earlierLink(first);
    for (qsizetype i = first; i + 1 < path_.size(); ++i) html += messageBlocks(path_[i]).join(QString());
    setHtml(html);
    tailStart_ = -1;
    tailBlocks_.clear();
    tailPositions_.clear();
    if (!path_.isEmpty()) {
      QTextCursor cursor(document());
      cursor.movePosition(QTextCursor::End);
      tailStart_ = cursor.position();
      insertTail(0, document()->isEmpty());
    }
  }
  emit rendered();
}

// Inserts the last message's blocks from `from` on at the end of the document, each into a text block of
// its own (so that a paragraph does not merge into the one before it), remembering where each begins.
// `emptyBlockReady`: the document already ends in the empty block the first of them goes into.
void ChatView::insertTail(qsizetype from, bool emptyBlockReady) {
  const QStringList& blocks = messageBlocks(path_.last());
  QTextCursor cursor(document());
  cursor.movePosition(QTextCursor::End);
  for (qsizetype i = from; i < blocks.size(); ++i) {
    if (!(i == from && emptyBlockReady)) cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    tailPositions_ << cursor.position();
    tailBlocks_ << blocks[i];
    cursor.insertHtml(blocks[i]);
  }
}

QString ChatView::earlierLink(qsizetype hidden) const {
  if (hidden <= 0) return {};
  return QStringLiteral("<p align=\"center\"><a href=\"more:\">%1</a></p>\n")
      .arg(tr("Show %n earlier message(s)", nullptr, static_cast<int>(hidden)));
}

// Puts the next window of earlier messages in place of the "Show earlier" paragraph at the top, leaving the
// rest of the document alone: the cost is that of the new messages, not of everything shown so far (a full
// render of 2,000 messages takes seconds).
void ChatView::showEarlier() {
  const qsizetype oldFirst = path_.size() - shownCount();
  if (oldFirst <= 0 || frame_.isActive()) {
    window_ += kWindow;
    render();
    return;
  }
  window_ += kWindow;
  const qsizetype first = path_.size() - shownCount();
  QString html = earlierLink(first);
  for (qsizetype i = first; i < oldFirst; ++i) html += messageBlocks(path_[i]).join(QString());
  {
    ScrollKeeper keeper(verticalScrollBar());
    const int before = document()->characterCount();
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);  // the link's paragraph
    cursor.insertHtml(html);
    cursor.endEditBlock();
    const int added = document()->characterCount() - before;
    tailStart_ += added;
    for (int& p : tailPositions_) p += added;
  }
  emit rendered();
}

void ChatView::renderTail() {
  frame_.stop();
  onlyTailDirty_ = false;
  ScrollKeeper keeper(verticalScrollBar());
  // Blocks that did not change stay in the document; the rest is replaced.
  const QStringList& blocks = messageBlocks(path_.last());
  qsizetype same = 0;
  while (same < blocks.size() && same < tailBlocks_.size() && blocks[same] == tailBlocks_[same]) ++same;
  if (same < tailBlocks_.size() || same < blocks.size()) {
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    if (same < tailPositions_.size()) {
      cursor.setPosition(tailPositions_[same]);
      cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
      cursor.removeSelectedText();
      cursor.setBlockFormat(QTextBlockFormat());
      cursor.setCharFormat(QTextCharFormat());
    }
    const bool emptied = same < tailPositions_.size();
    tailBlocks_.resize(same);
    tailPositions_.resize(same);
    insertTail(same, emptied);
    cursor.endEditBlock();
  }
  emit rendered();
}

void ChatView::switchBranch(MessageId id, int step) {
  auto siblings = storage_.siblings(id);
  if (!siblings) {
    emit storageFailed(siblings.error());
    return;
  }
  qsizetype at = -1;
  for (qsizetype i = 0; i < siblings->size(); ++i)
    if ((*siblings)[i].id == id) at = i;
  const qsizetype target = at + step;
  if (at < 0 || target < 0 || target >= siblings->size()) return;
  const MessageId chosen = (*siblings)[target].id;
  if (StorageStatus s = storage_.selectBranch(chosen); !s) {
    emit storageFailed(s.error());
    return;
  }
  reload();
  emit branchSwitched(chosen);
}

void ChatView::activateLink(const QUrl& url) {
  const QString href = url.toString();
  const QString scheme = url.scheme();
  if (scheme == QLatin1String("copy")) {
    const QStringList blocks = codeBlocks_.value(MarkdownRenderer::scopeFromHref(href).toLongLong());
    const int n = MarkdownRenderer::copyBlockFromHref(href);
    if (n >= 0 && n < blocks.size()) QGuiApplication::clipboard()->setText(blocks[n]);
  } else if (scheme == QLatin1String("toggle")) {
    const MessageId id = MarkdownRenderer::scopeFromHref(href).toLongLong();
    if (!expandedReasoning_.remove(id)) expandedReasoning_.insert(id);
    htmlCache_.remove(id);
    render();
  } else if (scheme == QLatin1String("copymsg")) {
    const MessageId id = href.section(u':', 1).toLongLong();
    for (const Message& m : path_)
      if (m.id == id) QGuiApplication::clipboard()->setText(m.content);
  } else if (scheme == QLatin1String("regen")) {
    emit regenerateRequested(href.section(u':', 1).toLongLong());
  } else if (scheme == QLatin1String("edit")) {
    emit editRequested(href.section(u':', 1).toLongLong());
  } else if (scheme == QLatin1String("branch")) {
    switchBranch(href.section(u':', 2).toLongLong(), href.section(u':', 1, 1) == QLatin1String("next") ? 1 : -1);
  } else if (scheme == QLatin1String("more")) {
    showEarlier();
  } else if (!safeLinkTarget(href).isEmpty()) {
    emit externalLinkRequested(url);
  }
}

QVariant ChatView::loadResource(int, const QUrl&) { return {}; }

bool ChatView::focusNextPrevChild(bool next) {
  // Only the links on screen take part in Tab; past the last of them the focus moves on. The reader
  // reaches other links by scrolling first, as they would with the eyes.
  QScrollBar* bar = verticalScrollBar();
  const int scroll = bar->value();
  const QRect onScreen = viewport()->rect();
  // Whether the cursor (the selected link) is inside what was on screen before the browser scrolled to it.
  auto wasOnScreen = [&] { return onScreen.intersects(cursorRect().translated(0, bar->value() - scroll)); };
  if (!textCursor().hasSelection() || !wasOnScreen()) {
    // No link selected yet (the focus just came in), or the reader scrolled away from it: start from the
    // edge of what is on screen, not from wherever the cursor was left.
    // The browser searches from the selected link, and from the document's start or end when there is
    // none: select the character beside the edge so that the search starts there.
    QTextCursor edge = cursorForPosition(next ? onScreen.topLeft() : onScreen.bottomRight());
    edge.movePosition(next ? QTextCursor::PreviousCharacter : QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
    setTextCursor(edge);
    bar->setValue(scroll);
  }
  const bool moved = QTextBrowser::focusNextPrevChild(next);
  if (!hasFocus()) return moved;  // no link left at all: the browser has passed the focus on itself
  if (moved && wasOnScreen()) return true;
  QTextCursor cursor = textCursor();
  cursor.clearSelection();
  setTextCursor(cursor);
  bar->setValue(scroll);
  return QWidget::focusNextPrevChild(next);
}

void ChatView::showEvent(QShowEvent* event) {
  // QTextEdit scrolls to its text cursor when first shown, and the cursor is at the document's start: keep
  // the place the view had instead (the end of a conversation that was just opened).
  QScrollBar* bar = verticalScrollBar();
  const bool follow = followEnd_;
  const int value = bar->value();
  QTextBrowser::showEvent(event);
  bar->setValue(follow ? bar->maximum() : value);
}

void ChatView::changeEvent(QEvent* event) {
  QTextBrowser::changeEvent(event);
  if (event->type() == QEvent::PaletteChange) {
    // Light to dark or back: code colours follow.
    renderer_ = MarkdownRenderer(palette());
    htmlCache_.clear();
    render();
  }
}

}  // namespace hearth::app
