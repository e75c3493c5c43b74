// Markdown (as models write it) to the HTML subset QTextDocument/QTextBrowser display: ATX and setext
// headings, paragraphs, emphasis, bullet and ordered lists (nested, tight or loose), block quotes, GFM
// tables with alignment, thematic breaks, and fenced code blocks highlighted with KSyntaxHighlighting in a
// theme that follows the palette (light or dark). Everything else is escaped text; raw HTML is shown, never
// interpreted; no <img> is ever produced.
//
// Each code block gets a header with its language and a "Copy" link whose href is "copy:N" (N counts the
// message's code blocks from 0); RenderedMarkdown::codeBlocks[N] is the exact text to put on the clipboard.
//
// Half-streamed input renders sanely: an unclosed fence is a code block up to the end, an unclosed ** or `
// stays literal, a table without its delimiter row yet is a paragraph.
//
// Indented (four-space) code blocks are deliberately not supported: models indent nested list content by
// four spaces far more often than they mean code, and they fence their code.
#pragma once

#include <KSyntaxHighlighting/Theme>
#include <QPalette>
#include <QString>
#include <QStringList>

namespace hearth::app {

struct RenderedMarkdown {
  QString html;
  QStringList codeBlocks;  // raw text of code block N, for "copy:N"
  // `html` cut at its top-level blocks (paragraph, list, table, code block...): html == blocks.join("").
  // While an answer streams only its last blocks change, so a view can replace just those.
  QStringList blocks;
};

// How a message's reasoning (the model's thinking) is shown: a header line that toggles it, and the text
// only when expanded. Collapsed is the default while and after streaming.
struct ReasoningView {
  bool expanded = false;
  bool streaming = false;  // the answer has not started yet: the header says "Thinking…"
};

class MarkdownRenderer {
 public:
  // Links the rendered HTML carries. `scope` (a message id in a chat view) keeps them unique when several
  // messages share one document: "copy:N" or "copy:SCOPE:N", "toggle:reasoning" or "toggle:reasoning:SCOPE".
  // The view flips ReasoningView::expanded on a toggle and copies codeBlocks[N] on a copy.
  static QString toggleReasoningHref(const QString& scope = {});
  static QString copyHref(int block, const QString& scope = {});
  // The block index of a copy link, or -1.
  static int copyBlockFromHref(const QString& href);
  // The scope of a copy or toggle link ("" when it has none).
  static QString scopeFromHref(const QString& href);

  // The highlighting theme follows the palette's window color.
  explicit MarkdownRenderer(const QPalette& palette);

  RenderedMarkdown render(const QString& markdown, const QString& scope = {}) const;
  // A message with the model's reasoning (may be empty) and its answer. Code blocks are numbered across
  // both, reasoning first, so "copy:N" is unique within the message.
  RenderedMarkdown renderMessage(const QString& reasoning, const QString& answer, const ReasoningView& view,
                                 const QString& scope = {}) const;

  const KSyntaxHighlighting::Theme& theme() const { return theme_; }

 private:
  void renderInto(const QString& markdown, const QString& scope, RenderedMarkdown& out) const;
  KSyntaxHighlighting::Theme theme_;
};

}  // namespace hearth::app
