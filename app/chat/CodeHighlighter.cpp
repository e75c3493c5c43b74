#include "chat/CodeHighlighter.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/State>
#include <QCache>
#include <QColor>

namespace hearth::app {

namespace {

class HtmlHighlighter : public KSyntaxHighlighting::AbstractHighlighter {
 public:
  QString highlight(const QString& code) {
    out_.clear();
    KSyntaxHighlighting::State state;
    const auto lines = QStringView(code).split(u'\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
      line_ = lines[n];
      done_ = 0;
      state = highlightLine(line_, state);
      if (done_ < line_.size()) out_ += line_.mid(done_).toString().toHtmlEscaped();  // anything not formatted
      if (n + 1 < lines.size()) out_ += u'\n';
    }
    return out_;
  }

 protected:
  void applyFormat(int offset, int length, const KSyntaxHighlighting::Format& format) override {
    if (offset > done_) out_ += line_.mid(done_, offset - done_).toString().toHtmlEscaped();
    const QString text = line_.mid(offset, length).toString().toHtmlEscaped();
    done_ = offset + length;
    const KSyntaxHighlighting::Theme t = theme();
    if (format.isDefaultTextStyle(t)) {
      out_ += text;
      return;
    }
    QString style;
    if (format.hasTextColor(t)) style += QStringLiteral("color:%1;").arg(format.textColor(t).name());
    if (format.isBold(t)) style += QStringLiteral("font-weight:bold;");
    if (format.isItalic(t)) style += QStringLiteral("font-style:italic;");
    out_ += style.isEmpty() ? text : QStringLiteral("<span style=\"%1\">%2</span>").arg(style, text);
  }

 private:
  QStringView line_;
  qsizetype done_ = 0;
  QString out_;
};

}  // namespace

QString highlightCodeToHtml(const QString& code, const KSyntaxHighlighting::Definition& definition,
                            const KSyntaxHighlighting::Theme& theme) {
  if (!definition.isValid()) return code.toHtmlEscaped();
  // A few hundred blocks cover any conversation on screen; cost counts characters.
  static QCache<QString, QString> cache(4 * 1024 * 1024);
  const QString key = theme.name() + u'\x1f' + definition.name() + u'\x1f' + code;
  if (const QString* hit = cache.object(key)) return *hit;
  HtmlHighlighter highlighter;
  highlighter.setDefinition(definition);
  highlighter.setTheme(theme);
  QString html = highlighter.highlight(code);
  cache.insert(key, new QString(html), static_cast<qsizetype>(code.size()) + 1);
  return html;
}

}  // namespace hearth::app
