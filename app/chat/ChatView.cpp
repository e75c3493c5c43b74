#include "chat/ChatView.h"

#include <QClipboard>
#include <QColor>
#include <QEvent>
#include <QGuiApplication>
#include <QScrollBar>
#include <QUrl>

#include "chat/MarkdownInline.h"

namespace hearth::app {

namespace {
// One frame at 60 Hz: chunks arriving faster than this are shown together.
constexpr int kFrameMs = 16;
}  // namespace

ChatView::ChatView(Storage& storage, QWidget* parent)
    : QTextBrowser(parent), storage_(storage), renderer_(palette()) {
  setObjectName(QStringLiteral("chatView"));
  setAccessibleName(tr("Conversation"));
  setOpenLinks(false);
  setOpenExternalLinks(false);
  setUndoRedoEnabled(false);
  frame_.setSingleShot(true);
  frame_.setInterval(kFrameMs);
  connect(&frame_, &QTimer::timeout, this, &ChatView::render);
  connect(this, &QTextBrowser::anchorClicked, this, &ChatView::activateLink);
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
  for (Message& m : path_) {
    if (m.id != id) continue;
    m.content = content;
    m.reasoning = reasoning;
    htmlCache_.remove(id);
    scheduleRender();
    return;
  }
}

int ChatView::shownCount() const { return static_cast<int>(std::min<qsizetype>(path_.size(), window_)); }

void ChatView::scheduleRender() {
  if (!frame_.isActive()) frame_.start();
}

QString ChatView::messageHtml(const Message& m) {
  const QString scope = QString::number(m.id);
  const QString muted = palette().color(QPalette::Disabled, QPalette::Text).name();
  QString who;
  switch (m.role) {
    case Role::User: who = tr("You"); break;
    case Role::Assistant: who = tr("Assistant"); break;
    case Role::System: who = tr("System"); break;
    case Role::Tool: who = tr("Tool"); break;
  }
  QString header = QStringLiteral("<b>%1</b>").arg(who.toHtmlEscaped());
  if (!m.model.isEmpty()) header += QStringLiteral(" <span style=\"color:%1;\">%2</span>").arg(muted, m.model.toHtmlEscaped());

  QStringList tools;
  if (m.siblingCount > 1) {
    // ‹ 2/3 ›: an arrow is a link only where there is somewhere to go.
    const QString prev = m.siblingIndex > 0 ? QStringLiteral("<a href=\"branch:prev:%1\">‹</a>").arg(m.id) : QStringLiteral("‹");
    const QString next =
        m.siblingIndex + 1 < m.siblingCount ? QStringLiteral("<a href=\"branch:next:%1\">›</a>").arg(m.id) : QStringLiteral("›");
    tools << QStringLiteral("%1 %2/%3 %4").arg(prev).arg(m.siblingIndex + 1).arg(m.siblingCount).arg(next);
  }
  tools << QStringLiteral("<a href=\"copymsg:%1\">%2</a>").arg(m.id).arg(tr("Copy"));

  ReasoningView view;
  view.expanded = expandedReasoning_.contains(m.id);
  view.streaming = m.status == MessageStatus::Streaming && m.content.isEmpty();
  const RenderedMarkdown body = renderer_.renderMessage(m.reasoning, m.content, view, scope);
  codeBlocks_.insert(m.id, body.codeBlocks);

  QString note;
  switch (m.status) {
    case MessageStatus::Complete:
    case MessageStatus::Streaming: break;
    case MessageStatus::Stopped: note = tr("Stopped before the end."); break;
    case MessageStatus::Failed:
      note = m.errorText.isEmpty() ? tr("Failed.") : tr("Failed: %1").arg(m.errorText);
      break;
    case MessageStatus::Interrupted: note = tr("Interrupted: Hearth closed before this answer was finished."); break;
  }
  return QStringLiteral(
             "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"2\"><tr><td>%1</td><td align=\"right\">%2</td></tr></table>\n"
             "%3%4<hr />\n")
      .arg(header, tools.join(QStringLiteral(" · ")), body.html,
           note.isEmpty() ? QString() : QStringLiteral("<p><i style=\"color:%1;\">%2</i></p>\n").arg(muted, note.toHtmlEscaped()));
}

void ChatView::render() {
  frame_.stop();
  QScrollBar* bar = verticalScrollBar();
  const bool atBottom = bar->value() >= bar->maximum() - 4;
  const int keep = bar->value();

  QString html;
  const qsizetype first = path_.size() - shownCount();
  if (first > 0)
    html += QStringLiteral("<p align=\"center\"><a href=\"more:\">%1</a></p>\n")
                .arg(tr("Show %n earlier message(s)", nullptr, static_cast<int>(first)));
  for (qsizetype i = first; i < path_.size(); ++i) {
    const Message& m = path_[i];
    auto cached = htmlCache_.constFind(m.id);
    if (cached == htmlCache_.cend()) cached = htmlCache_.insert(m.id, messageHtml(m));
    html += *cached;
  }
  setHtml(html);
  // Following the end while an answer grows, but never pulling away a reader who scrolled up.
  bar->setValue(atBottom ? bar->maximum() : keep);
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
  } else if (scheme == QLatin1String("branch")) {
    switchBranch(href.section(u':', 2).toLongLong(), href.section(u':', 1, 1) == QLatin1String("next") ? 1 : -1);
  } else if (scheme == QLatin1String("more")) {
    window_ += kWindow;
    render();
  } else if (!safeLinkTarget(href).isEmpty()) {
    emit externalLinkRequested(url);
  }
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
