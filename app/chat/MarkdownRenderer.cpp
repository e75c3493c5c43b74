#include "chat/MarkdownRenderer.h"

#include <QColor>
#include <QCoreApplication>
#include <QRegularExpression>

#include "chat/CodeHighlighter.h"
#include "chat/MarkdownInline.h"
#include "chat/SyntaxRepository.h"

namespace hearth::app {

namespace {

struct Tr {
  Q_DECLARE_TR_FUNCTIONS(hearth::app::MarkdownRenderer)
};

// Columns of leading whitespace, tabs to the next multiple of four (CommonMark's tab stop).
int indentOf(QStringView line) {
  int col = 0;
  for (QChar c : line) {
    if (c == u' ') ++col;
    else if (c == u'\t') col += 4 - col % 4;
    else break;
  }
  return col;
}

// The line without its first `columns` columns of indentation (as much as there is).
QString dropIndent(const QString& line, int columns) {
  int col = 0;
  qsizetype k = 0;
  while (k < line.size() && col < columns) {
    if (line[k] == u' ') ++col;
    else if (line[k] == u'\t') col += 4 - col % 4;
    else break;
    ++k;
  }
  QString rest = line.mid(k);
  if (col > columns) rest.prepend(QString(col - columns, u' '));  // a tab that straddles the cut
  return rest;
}

bool isBlank(QStringView line) { return line.trimmed().isEmpty(); }

struct Fence {
  QChar ch;
  int length = 0;
  int indent = 0;
  QString info;
};

std::optional<Fence> fenceOpen(const QString& line) {
  static const QRegularExpression re(QStringLiteral("^( {0,3})(`{3,}|~{3,})(.*)$"));
  const auto m = re.match(line);
  if (!m.hasMatch()) return std::nullopt;
  Fence f{m.captured(2)[0], static_cast<int>(m.capturedLength(2)), static_cast<int>(m.capturedLength(1)),
          m.captured(3).trimmed()};
  if (f.ch == u'`' && f.info.contains(u'`')) return std::nullopt;  // that is inline code, not a fence
  return f;
}

bool fenceCloses(const QString& line, const Fence& open) {
  if (indentOf(line) > 3) return false;
  const QString t = line.trimmed();
  return t.size() >= open.length && t == QString(t.size(), open.ch);
}

const QRegularExpression& headingRe() {
  static const QRegularExpression re(QStringLiteral("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$"));
  return re;
}
const QRegularExpression& ruleRe() {
  static const QRegularExpression re(QStringLiteral("^ {0,3}(?:(?:\\*[ \\t]*){3,}|(?:-[ \\t]*){3,}|(?:_[ \\t]*){3,})$"));
  return re;
}
const QRegularExpression& listItemRe() {
  // marker, then at least one space (or the end of the line: an empty item)
  static const QRegularExpression re(QStringLiteral("^( {0,3})([-*+]|\\d{1,9}[.)])([ \\t]+|$)(.*)$"));
  return re;
}
const QRegularExpression& quoteRe() {
  static const QRegularExpression re(QStringLiteral("^ {0,3}> ?(.*)$"));
  return re;
}

struct ListMarker {
  bool ordered = false;
  QChar symbol;  // -, *, + or the ordered delimiter . )
  int start = 1;
  int contentIndent = 0;  // where the item's text begins
  QString firstLine;
};

std::optional<ListMarker> listMarker(const QString& line) {
  const auto m = listItemRe().match(line);
  if (!m.hasMatch()) return std::nullopt;
  ListMarker lm;
  const QString marker = m.captured(2);
  lm.ordered = marker[0].isDigit();
  lm.symbol = lm.ordered ? marker.back() : marker[0];
  if (lm.ordered) lm.start = marker.chopped(1).toInt();
  const int spaces = static_cast<int>(m.capturedLength(3));
  // More than four spaces after the marker: the item text starts one space in (CommonMark).
  const int gap = m.captured(4).isEmpty() ? 1 : (spaces > 4 ? 1 : spaces);
  lm.contentIndent = static_cast<int>(m.capturedLength(1) + marker.size()) + gap;
  lm.firstLine = spaces > 4 ? QString(spaces - 1, u' ') + m.captured(4) : m.captured(4);
  return lm;
}

QStringList splitTableRow(const QString& line) {
  QString t = line.trimmed();
  if (t.startsWith(u'|')) t.remove(0, 1);
  if (t.endsWith(u'|') && !t.endsWith(QStringLiteral("\\|"))) t.chop(1);
  QStringList cells;
  QString cell;
  bool inCode = false;
  for (qsizetype k = 0; k < t.size(); ++k) {
    const QChar c = t[k];
    if (c == u'\\' && k + 1 < t.size() && t[k + 1] == u'|') {
      cell += u'|';
      ++k;
    } else if (c == u'`') {
      inCode = !inCode;
      cell += c;
    } else if (c == u'|' && !inCode) {
      cells << cell.trimmed();
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells << cell.trimmed();
  return cells;
}

// The alignments of a GFM delimiter row (|:--|:-:|--:|), or empty when `line` is not one.
QStringList tableAlignments(const QString& line) {
  if (!line.contains(u'-')) return {};
  static const QRegularExpression cellRe(QStringLiteral("^:?-+:?$"));
  QStringList aligns;
  for (const QString& cell : splitTableRow(line)) {
    if (!cellRe.match(cell).hasMatch()) return {};
    const bool left = cell.startsWith(u':');
    const bool right = cell.endsWith(u':');
    aligns << (left && right ? QStringLiteral("center") : right ? QStringLiteral("right") : left ? QStringLiteral("left") : QString());
  }
  return aligns;
}

class BlockRenderer {
 public:
  BlockRenderer(const KSyntaxHighlighting::Theme& theme, const QString& scope, RenderedMarkdown& out)
      : theme_(theme), scope_(scope), out_(out) {}

  // Renders `lines` as a sequence of blocks. `tight`: paragraphs without <p> (items of a tight list).
  void blocks(const QStringList& lines, bool tight) {
    const bool topLevel = depth_++ == 0;
    qsizetype i = 0;
    while (i < lines.size()) {
      const QString& line = lines[i];
      if (isBlank(line)) {
        ++i;
        continue;
      }
      const qsizetype start = html().size();
      if (const auto fence = fenceOpen(line)) {
        i = codeBlock(lines, i, *fence);
      } else if (const auto h = headingRe().match(line); h.hasMatch()) {
        heading(static_cast<int>(h.capturedLength(1)), h.captured(2));
        ++i;
      } else if (ruleRe().match(line).hasMatch()) {
        html() += QStringLiteral("<hr />\n");
        ++i;
      } else if (quoteRe().match(line).hasMatch()) {
        i = blockQuote(lines, i);
      } else if (const auto marker = listMarker(line)) {
        i = list(lines, i, *marker);
      } else if (i + 1 < lines.size() && line.contains(u'|') && !tableAlignments(lines[i + 1]).isEmpty() &&
                 splitTableRow(line).size() == tableAlignments(lines[i + 1]).size()) {
        i = table(lines, i);
      } else {
        i = paragraph(lines, i, tight);
      }
      if (topLevel) out_.blocks << html().mid(start);
    }
    --depth_;
  }

 private:
  QString& html() { return out_.html; }

  // Whether `line` begins a block that ends a paragraph without a blank line in between.
  static bool interruptsParagraph(const QString& line) {
    if (fenceOpen(line) || headingRe().match(line).hasMatch() || ruleRe().match(line).hasMatch() ||
        quoteRe().match(line).hasMatch())
      return true;
    // A list interrupts a paragraph only with an item that has text, and an ordered one only from 1.
    const auto marker = listMarker(line);
    return marker && !marker->firstLine.trimmed().isEmpty() && (!marker->ordered || marker->start == 1);
  }

  void heading(int level, const QString& text) {
    html() += QStringLiteral("<h%1>%2</h%1>\n").arg(level).arg(renderInlineMarkdown(text.trimmed()));
  }

  qsizetype paragraph(const QStringList& lines, qsizetype i, bool tight) {
    QString firstLine = lines[i];
    while (!firstLine.isEmpty() && firstLine[0].isSpace()) firstLine.remove(0, 1);
    QStringList text{firstLine};  // trailing spaces stay: two of them before the newline are a hard break
    ++i;
    for (; i < lines.size(); ++i) {
      const QString& line = lines[i];
      if (isBlank(line)) break;
      // Setext: a line of = or - under paragraph text makes it a heading.
      static const QRegularExpression setext(QStringLiteral("^ {0,3}(=+|-+)[ \\t]*$"));
      if (const auto m = setext.match(line); m.hasMatch()) {
        heading(m.captured(1)[0] == u'=' ? 1 : 2, text.join(u'\n'));
        return i + 1;
      }
      if (interruptsParagraph(line)) break;
      QString kept = line;
      while (!kept.isEmpty() && kept[0].isSpace()) kept.remove(0, 1);
      text << kept;
    }
    QString inline_ = renderInlineMarkdown(text.join(u'\n').trimmed());
    html() += tight ? inline_ + u'\n' : QStringLiteral("<p>%1</p>\n").arg(inline_);
    return i;
  }

  qsizetype codeBlock(const QStringList& lines, qsizetype i, const Fence& fence) {
    QStringList code;
    ++i;
    bool closed = false;
    for (; i < lines.size() && !closed; ++i) {
      closed = fenceCloses(lines[i], fence);
      if (!closed) code << dropIndent(lines[i], fence.indent);
    }
    // Unclosed (still streaming): everything so far is code, as it will be, without the empty line the
    // text's final newline leaves.
    if (!closed && !code.isEmpty() && code.last().isEmpty()) code.removeLast();
    const QString text = code.join(u'\n');
    const int index = static_cast<int>(out_.codeBlocks.size());
    out_.codeBlocks << text;

    const KSyntaxHighlighting::Definition definition = definitionForFence(fence.info);
    const QString language = definition.isValid() ? definition.name() : fence.info.section(u' ', 0, 0);
    // The editor's current-line colour: a shade off the window in both Breeze themes, and the highlight colours
    // are made to be read on it.
    const QString background = QColor::fromRgba(theme_.editorColor(KSyntaxHighlighting::Theme::CurrentLine)).name();
    const QString muted = QColor::fromRgba(theme_.editorColor(KSyntaxHighlighting::Theme::LineNumbers)).name();
    const QString plain = QColor::fromRgba(theme_.textColor(KSyntaxHighlighting::Theme::Normal)).name();
    const QString label = language.isEmpty()
                              ? QString()
                              : QStringLiteral("<span style=\"color:%1;\">%2</span>").arg(muted, language.toHtmlEscaped());
    html() += QStringLiteral(
                  "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"6\" bgcolor=\"%1\">"
                  "<tr><td>%2</td><td align=\"right\"><a href=\"%3\" style=\"color:%5;\">%4</a></td></tr>"
                  "<tr><td colspan=\"2\"><pre style=\"color:%5;\">%6</pre></td></tr></table>\n")
                  .arg(background, label, MarkdownRenderer::copyHref(index, scope_), Tr::tr("Copy"), plain,
                       highlightCodeToHtml(text, definition, theme_));
    return i;
  }

  qsizetype blockQuote(const QStringList& lines, qsizetype i) {
    QStringList inner;
    for (; i < lines.size(); ++i) {
      const auto m = quoteRe().match(lines[i]);
      if (m.hasMatch()) {
        inner << m.captured(1);
      } else if (!isBlank(lines[i]) && !inner.isEmpty() && !isBlank(inner.last()) && !interruptsParagraph(lines[i])) {
        inner << lines[i];  // lazy continuation of the quoted paragraph
      } else {
        break;
      }
    }
    html() += QStringLiteral("<blockquote>\n");
    blocks(inner, false);
    html() += QStringLiteral("</blockquote>\n");
    return i;
  }

  qsizetype list(const QStringList& lines, qsizetype i, const ListMarker& first) {
    QList<QStringList> items;
    bool loose = false;
    const int listIndent = indentOf(lines[i]);
    ListMarker marker = first;
    while (i < lines.size()) {
      QStringList item{marker.firstLine};
      ++i;
      bool sawBlank = false;
      for (; i < lines.size(); ++i) {
        const QString& line = lines[i];
        if (isBlank(line)) {
          sawBlank = true;
          item << QString();
          continue;
        }
        if (indentOf(line) >= marker.contentIndent) {
          item << dropIndent(line, marker.contentIndent);
          sawBlank = false;
          continue;
        }
        // Lazy continuation: unindented text that carries on the item's paragraph.
        if (!sawBlank && !interruptsParagraph(line) && !listMarker(line) && !isBlank(item.last()) &&
            !fenceOpen(item.last())) {
          item << line.trimmed();
          continue;
        }
        break;
      }
      while (!item.isEmpty() && isBlank(item.last())) item.removeLast();
      items << item;
      // The next item must be a sibling: same kind of marker, not indented into this item's content.
      if (i >= lines.size()) break;
      const auto next = listMarker(lines[i]);
      if (!next || next->ordered != first.ordered || next->symbol != first.symbol || indentOf(lines[i]) >= marker.contentIndent ||
          indentOf(lines[i]) < listIndent - 3)
        break;
      if (sawBlank) loose = true;
      marker = *next;
    }
    // A blank line between two blocks inside one item also makes the list loose.
    for (const QStringList& item : items)
      for (qsizetype k = 1; k + 1 < item.size(); ++k)
        if (isBlank(item[k]) && !isBlank(item[k + 1]) && !isBlank(item[k - 1])) loose = true;

    // QTextDocument (Qt 6.4) ignores <ol start>: a list that starts elsewhere than 1 carries its numbers
    // in the text of unmarked items.
    const bool numbered = first.ordered && first.start != 1;
    if (numbered) html() += QStringLiteral("<ul style=\"list-style-type:none;\">\n");
    else html() += first.ordered ? QStringLiteral("<ol>\n") : QStringLiteral("<ul>\n");
    int number = first.start;
    for (const QStringList& item : items) {
      html() += QStringLiteral("<li>");
      if (numbered) html() += QStringLiteral("%1%2 ").arg(number++).arg(first.symbol);
      blocks(item, !loose);
      if (html().endsWith(u'\n')) html().chop(1);
      html() += QStringLiteral("</li>\n");
    }
    html() += first.ordered && !numbered ? QStringLiteral("</ol>\n") : QStringLiteral("</ul>\n");
    return i;
  }

  qsizetype table(const QStringList& lines, qsizetype i) {
    const QStringList header = splitTableRow(lines[i]);
    const QStringList aligns = tableAlignments(lines[i + 1]);
    const qsizetype columns = header.size();
    auto row = [&](const QStringList& cells, const char* tag) {
      html() += QStringLiteral("<tr>");
      for (qsizetype c = 0; c < columns; ++c) {
        const QString align = aligns[c].isEmpty() ? QString() : QStringLiteral(" align=\"%1\"").arg(aligns[c]);
        html() += QStringLiteral("<%1%2>%3</%1>")
                      .arg(QLatin1String(tag), align, c < cells.size() ? renderInlineMarkdown(cells[c]) : QString());
      }
      html() += QStringLiteral("</tr>\n");
    };
    html() += QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n");
    row(header, "th");
    i += 2;
    // Unlike GFM, a line without a pipe ends the table: models follow a table with a paragraph, and that
    // paragraph should not become a row.
    for (; i < lines.size() && lines[i].contains(u'|') && !interruptsParagraph(lines[i]); ++i)
      row(splitTableRow(lines[i]), "td");
    html() += QStringLiteral("</table>\n");
    return i;
  }

  const KSyntaxHighlighting::Theme& theme_;
  const QString& scope_;
  RenderedMarkdown& out_;
  int depth_ = 0;  // nesting of blocks(): lists and quotes render their content one level down
};

}  // namespace

QString MarkdownRenderer::toggleReasoningHref(const QString& scope) {
  return scope.isEmpty() ? QStringLiteral("toggle:reasoning") : QStringLiteral("toggle:reasoning:") + scope;
}

QString MarkdownRenderer::copyHref(int block, const QString& scope) {
  return scope.isEmpty() ? QStringLiteral("copy:%1").arg(block) : QStringLiteral("copy:%1:%2").arg(scope).arg(block);
}

int MarkdownRenderer::copyBlockFromHref(const QString& href) {
  if (!href.startsWith(QLatin1String("copy:"))) return -1;
  bool ok = false;
  const int n = href.section(u':', -1).toInt(&ok);
  return ok && n >= 0 ? n : -1;
}

QString MarkdownRenderer::scopeFromHref(const QString& href) {
  if (href.startsWith(QLatin1String("copy:"))) return href.count(u':') == 2 ? href.section(u':', 1, 1) : QString();
  if (href.startsWith(QLatin1String("toggle:reasoning:"))) return href.section(u':', 2);
  return {};
}

MarkdownRenderer::MarkdownRenderer(const QPalette& palette) : theme_(themeForPalette(palette)) {}

void MarkdownRenderer::renderInto(const QString& markdown, const QString& scope, RenderedMarkdown& out) const {
  QString text = markdown;
  text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
  text.replace(u'\r', u'\n');
  text.replace(QChar(0), QChar(0xFFFD));  // CommonMark: NUL is replaced, never passed on
  BlockRenderer(theme_, scope, out).blocks(text.split(u'\n'), false);
}

RenderedMarkdown MarkdownRenderer::render(const QString& markdown, const QString& scope) const {
  RenderedMarkdown out;
  renderInto(markdown, scope, out);
  return out;
}

RenderedMarkdown MarkdownRenderer::renderMessage(const QString& reasoning, const QString& answer,
                                                 const ReasoningView& view, const QString& scope) const {
  RenderedMarkdown out;
  if (!reasoning.trimmed().isEmpty()) {
    const QString arrow = view.expanded ? QStringLiteral("▾") : QStringLiteral("▸");
    const QString label = view.streaming ? Tr::tr("Thinking…") : Tr::tr("Reasoning");
    out.blocks << QStringLiteral("<p><a href=\"%1\">%2 %3</a></p>\n").arg(toggleReasoningHref(scope), arrow, label.toHtmlEscaped());
    if (view.expanded) {
      // The reasoning is one block: its quote wraps all of it.
      const QString muted = QColor::fromRgba(theme_.editorColor(KSyntaxHighlighting::Theme::LineNumbers)).name();
      RenderedMarkdown inner;
      inner.codeBlocks = out.codeBlocks;
      renderInto(reasoning, scope, inner);
      out.codeBlocks = inner.codeBlocks;
      out.blocks << QStringLiteral("<blockquote><div style=\"color:%1;\">\n%2</div></blockquote>\n").arg(muted, inner.html);
    }
  }
  out.html = out.blocks.join(QString());
  renderInto(answer, scope, out);
  return out;
}

}  // namespace hearth::app
