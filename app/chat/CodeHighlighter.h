// Highlights a code block with KSyntaxHighlighting into HTML spans (color, bold, italic) that
// QTextDocument understands. Finished blocks do not change while an answer streams, so results are cached
// by (theme, language, code) and re-rendering a growing message only highlights its last block again.
#pragma once

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Theme>
#include <QString>

namespace hearth::app {

// HTML for the text of a <pre>: escaped, with <span style> runs. An invalid definition gives plain
// escaped text.
QString highlightCodeToHtml(const QString& code, const KSyntaxHighlighting::Definition& definition,
                            const KSyntaxHighlighting::Theme& theme);

}  // namespace hearth::app
