// Inline Markdown (inside a paragraph, heading or table cell) to HTML for QTextDocument: code spans,
// emphasis (* and _), strong, ~~strikethrough~~, links and autolinks, hard line breaks, backslash escapes.
// Everything else is escaped text: raw HTML in the input shows as typed. Images become links (a chat view
// never fetches anything on its own), and only http, https and mailto links are made clickable.
//
// The emphasis rules follow CommonMark's delimiter runs (left-/right-flanking, intraword underscores stay
// literal); an unclosed delimiter, as in a half-streamed answer, stays a literal character.
#pragma once

#include <QString>
#include <QStringView>

namespace hearth::app {

QString renderInlineMarkdown(QStringView text);

// The URL if it may be a link target in a chat view (http, https, mailto), else an empty string.
QString safeLinkTarget(const QString& url);

}  // namespace hearth::app
