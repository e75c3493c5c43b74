#include "chat/MarkdownInline.h"

#include <QList>
#include <QUrl>

namespace hearth::app {

namespace {

bool isAsciiPunctuation(QChar c) {
  const char16_t u = c.unicode();
  return (u >= '!' && u <= '/') || (u >= ':' && u <= '@') || (u >= '[' && u <= '`') || (u >= '{' && u <= '~');
}
bool isPunctuation(QChar c) { return isAsciiPunctuation(c) || c.isPunct() || c.isSymbol(); }

// One piece of the paragraph before emphasis is resolved: finished HTML, or a run of * _ ~ that may
// open or close emphasis.
struct Piece {
  QString html;      // finished HTML (for a delimiter run: unused)
  QChar delim;       // 0 for finished HTML
  int count = 0;     // delimiter characters not yet used
  bool canOpen = false;
  bool canClose = false;
  bool active = true;
  QString openTags;   // emitted after the run's leftover characters
  QString closeTags;  // emitted before them
};

class InlineParser {
 public:
  explicit InlineParser(QStringView text) : s_(text) {}

  QString run() {
    while (i_ < s_.size()) step();
    flushText();
    resolveEmphasis();
    QString out;
    for (const Piece& p : pieces_) {
      if (p.delim.isNull()) {
        out += p.html;
      } else {
        out += p.closeTags;
        out += QString(p.count, p.delim);
        out += p.openTags;
      }
    }
    return out;
  }

 private:
  QChar at(qsizetype k) const { return k >= 0 && k < s_.size() ? s_[k] : QChar(u'\n'); }  // edges act as whitespace

  void flushText() {
    if (!text_.isEmpty()) pieces_.append(Piece{text_.toHtmlEscaped(), {}, 0, false, false, true, {}, {}});
    text_.clear();
  }
  void emitHtml(const QString& html) {
    flushText();
    pieces_.append(Piece{html, {}, 0, false, false, true, {}, {}});
  }

  void step() {
    const QChar c = s_[i_];
    if (c == u'\\' && i_ + 1 < s_.size()) {
      const QChar next = s_[i_ + 1];
      if (next == u'\n') {  // backslash at the end of a line: hard break
        emitHtml(QStringLiteral("<br />"));
        i_ += 2;
        return;
      }
      if (isAsciiPunctuation(next)) {
        text_ += next;
        i_ += 2;
        return;
      }
    }
    if (c == u'\n') {
      // Two or more trailing spaces before a newline make a hard break; the spaces themselves go.
      qsizetype spaces = 0;
      while (text_.endsWith(u' ')) {
        text_.chop(1);
        ++spaces;
      }
      emitHtml(spaces >= 2 ? QStringLiteral("<br />") : QStringLiteral("\n"));
      ++i_;
      while (i_ < s_.size() && s_[i_] == u' ') ++i_;
      return;
    }
    if (c == u'`' && codeSpan()) return;
    if ((c == u'[' || (c == u'!' && at(i_ + 1) == u'[')) && link()) return;
    if (c == u'<' && autolink()) return;
    if ((c == u'h' || c == u'H') && bareUrl()) return;
    if (c == u'*' || c == u'_' || c == u'~') {
      delimiterRun(c);
      return;
    }
    text_ += c;
    ++i_;
  }

  // `code`: a backtick run closed by a run of the same length; otherwise the backticks are literal.
  bool codeSpan() {
    qsizetype n = 0;
    while (at(i_ + n) == u'`' && i_ + n < s_.size()) ++n;
    for (qsizetype j = i_ + n; j < s_.size();) {
      if (s_[j] != u'`') {
        ++j;
        continue;
      }
      qsizetype m = 0;
      while (j + m < s_.size() && s_[j + m] == u'`') ++m;
      if (m == n) {
        QString code = s_.mid(i_ + n, j - i_ - n).toString();
        code.replace(u'\n', u' ');
        if (code.size() >= 2 && code.startsWith(u' ') && code.endsWith(u' ') && !code.trimmed().isEmpty())
          code = code.mid(1, code.size() - 2);
        emitHtml(QStringLiteral("<code>") + code.toHtmlEscaped() + QStringLiteral("</code>"));
        i_ = j + m;
        return true;
      }
      j += m;
    }
    text_ += QString(n, u'`');
    i_ += n;
    return true;
  }

  // [text](url "title") and ![alt](url). Brackets nest; code spans and escapes inside are skipped over.
  bool link() {
    const bool image = s_[i_] == u'!';
    const qsizetype open = i_ + (image ? 1 : 0);
    int depth = 0;
    qsizetype close = -1;
    for (qsizetype j = open; j < s_.size(); ++j) {
      const QChar c = s_[j];
      if (c == u'\\') {
        ++j;
      } else if (c == u'`') {
        while (j + 1 < s_.size() && s_[j + 1] == u'`') ++j;
      } else if (c == u'[') {
        ++depth;
      } else if (c == u']' && --depth == 0) {
        close = j;
        break;
      }
    }
    if (close < 0 || at(close + 1) != u'(') return false;
    // Destination: <...> or up to the matching parenthesis; an optional "title" is dropped.
    qsizetype j = close + 2;
    while (j < s_.size() && s_[j] == u' ') ++j;
    QString url;
    if (at(j) == u'<') {
      const qsizetype end = s_.indexOf(u'>', j);
      if (end < 0) return false;
      url = s_.mid(j + 1, end - j - 1).toString();
      j = end + 1;
    } else {
      int parens = 0;
      const qsizetype start = j;
      for (; j < s_.size(); ++j) {
        const QChar c = s_[j];
        if (c == u'\\' && j + 1 < s_.size()) ++j;
        else if (c == u'(') ++parens;
        else if (c == u')' && parens-- == 0) break;
        else if (c.isSpace()) break;
      }
      url = s_.mid(start, j - start).toString();
    }
    while (j < s_.size() && s_[j] == u' ') ++j;
    if (at(j) == u'"' || at(j) == u'\'') {
      const qsizetype end = s_.indexOf(s_[j], j + 1);
      if (end < 0) return false;
      j = end + 1;
      while (j < s_.size() && s_[j] == u' ') ++j;
    }
    if (at(j) != u')' || j >= s_.size()) return false;

    const QStringView label = s_.mid(open + 1, close - open - 1);
    QString inner = image ? (label.isEmpty() ? url : label.toString()).toHtmlEscaped() : renderInlineMarkdown(label);
    const QString target = safeLinkTarget(url);
    emitHtml(target.isEmpty() ? inner
                              : QStringLiteral("<a href=\"%1\">%2</a>").arg(target.toHtmlEscaped(), inner));
    i_ = j + 1;
    return true;
  }

  // <https://example.com> and <mailto:a@b.c>
  bool autolink() {
    const qsizetype end = s_.indexOf(u'>', i_ + 1);
    if (end < 0) return false;
    const QString url = s_.mid(i_ + 1, end - i_ - 1).toString();
    if (url.contains(u' ') || url.contains(u'<')) return false;
    const QString target = safeLinkTarget(url);
    if (target.isEmpty()) return false;
    emitHtml(QStringLiteral("<a href=\"%1\">%2</a>").arg(target.toHtmlEscaped(), url.toHtmlEscaped()));
    i_ = end + 1;
    return true;
  }

  // A bare http(s):// URL at a word start; trailing punctuation and an unbalanced ) stay outside.
  bool bareUrl() {
    if (i_ > 0 && (s_[i_ - 1].isLetterOrNumber() || s_[i_ - 1] == u'/')) return false;
    const QStringView rest = s_.mid(i_);
    if (!rest.startsWith(u"http://", Qt::CaseInsensitive) && !rest.startsWith(u"https://", Qt::CaseInsensitive))
      return false;
    qsizetype end = i_;
    while (end < s_.size() && !s_[end].isSpace() && s_[end] != u'<') ++end;
    while (end > i_) {
      const QChar last = s_[end - 1];
      const QStringView url = s_.mid(i_, end - i_);
      if (QStringView(u".,:;!?\"'*_~").contains(last) || (last == u')' && url.count(u')') > url.count(u'('))) --end;
      else break;
    }
    const QString url = s_.mid(i_, end - i_).toString();
    const QString target = safeLinkTarget(url);
    if (target.isEmpty() || url.size() <= 8) return false;
    emitHtml(QStringLiteral("<a href=\"%1\">%2</a>").arg(target.toHtmlEscaped(), url.toHtmlEscaped()));
    i_ = end;
    return true;
  }

  void delimiterRun(QChar c) {
    qsizetype n = 0;
    while (i_ + n < s_.size() && s_[i_ + n] == c) ++n;
    const QChar before = at(i_ - 1);
    const QChar after = at(i_ + n);
    const bool leftFlanking = !after.isSpace() && (!isPunctuation(after) || before.isSpace() || isPunctuation(before));
    const bool rightFlanking = !before.isSpace() && (!isPunctuation(before) || after.isSpace() || isPunctuation(after));
    Piece p;
    p.delim = c;
    p.count = static_cast<int>(n);
    if (c == u'_') {  // snake_case_words stay words
      p.canOpen = leftFlanking && (!rightFlanking || isPunctuation(before));
      p.canClose = rightFlanking && (!leftFlanking || isPunctuation(after));
    } else if (c == u'~') {  // ~~strike~~ only: a single tilde is "about"
      p.canOpen = leftFlanking && n == 2;
      p.canClose = rightFlanking && n == 2;
    } else {
      p.canOpen = leftFlanking;
      p.canClose = rightFlanking;
    }
    flushText();
    pieces_.append(p);
    i_ += n;
  }

  // CommonMark's "process emphasis": each closer pairs with the nearest earlier opener of its character;
  // runs of two or more make <strong>, single ones <em>; runs skipped over between a pair become text.
  void resolveEmphasis() {
    for (qsizetype k = 0; k < pieces_.size(); ++k) {
      Piece& closer = pieces_[k];
      if (closer.delim.isNull()) continue;
      while (closer.canClose && closer.count > 0) {
        qsizetype o = k - 1;
        for (; o >= 0; --o) {
          const Piece& p = pieces_[o];
          if (!p.delim.isNull() && p.active && p.delim == closer.delim && p.canOpen && p.count > 0) {
            // The "multiple of 3" rule: a run that can both open and close does not pair across lengths
            // summing to a multiple of three (so ***a** b* nests as CommonMark says).
            if ((p.canClose || closer.canOpen) && (p.count + closer.count) % 3 == 0 &&
                (p.count % 3 != 0 || closer.count % 3 != 0))
              continue;
            break;
          }
        }
        if (o < 0) break;
        Piece& opener = pieces_[o];
        const int use = closer.delim == u'~' ? 2 : (opener.count >= 2 && closer.count >= 2 ? 2 : 1);
        const char* tag = closer.delim == u'~' ? "s" : (use == 2 ? "strong" : "em");
        opener.openTags.prepend(QStringLiteral("<%1>").arg(QLatin1String(tag)));
        closer.closeTags.append(QStringLiteral("</%1>").arg(QLatin1String(tag)));
        opener.count -= use;
        closer.count -= use;
        for (qsizetype between = o + 1; between < k; ++between) pieces_[between].active = false;
      }
    }
  }

  QStringView s_;
  qsizetype i_ = 0;
  QString text_;
  QList<Piece> pieces_;
};

}  // namespace

QString safeLinkTarget(const QString& url) {
  const QUrl parsed(url.trimmed(), QUrl::StrictMode);
  if (!parsed.isValid()) return {};
  const QString scheme = parsed.scheme().toLower();
  if (scheme == QLatin1String("http") || scheme == QLatin1String("https")) {
    if (parsed.host().isEmpty()) return {};
    return parsed.toString(QUrl::FullyEncoded);
  }
  if (scheme == QLatin1String("mailto") && !parsed.path().isEmpty()) return parsed.toString(QUrl::FullyEncoded);
  return {};
}

QString renderInlineMarkdown(QStringView text) { return InlineParser(text).run(); }

}  // namespace hearth::app
