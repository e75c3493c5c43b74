// Markdown rendering: golden files (data/markdown/NAME.md -> NAME.html, rendered with the light theme;
// NAME.dark.html where a dark golden exists), copy anchors, reasoning sections, fence languages, the
// palette-driven theme, and that a rendered message never makes the view fetch anything.
// HEARTH_REGENERATE_GOLDENS=1 rewrites the goldens; review the diff by eye before committing.
#include <QDir>
#include <QRandomGenerator>
#include <QTextBrowser>
#include <QTest>

#include "chat/MarkdownRenderer.h"
#include "chat/SyntaxRepository.h"
#include "storage_test_support.h"

using namespace hearth::app;

namespace {

const QString kGoldenDir = QStringLiteral(HEARTH_TEST_DATA_DIR "/markdown");

QPalette lightPalette() { return QPalette(QColor(0xef, 0xf0, 0xf1)); }
QPalette darkPalette() { return QPalette(QColor(0x20, 0x23, 0x26)); }

bool regenerating() { return qEnvironmentVariableIntValue("HEARTH_REGENERATE_GOLDENS") == 1; }

// Counts every resource the document asks for: a chat view must never fetch on its own.
class CountingBrowser : public QTextBrowser {
 public:
  int requests = 0;
  QVariant loadResource(int type, const QUrl& name) override {
    ++requests;
    return QTextBrowser::loadResource(type, name);
  }
};

}  // namespace

class TestMarkdownRenderer : public QObject {
  Q_OBJECT

 private slots:
  void goldens_data() {
    QTest::addColumn<QString>("name");
    const QStringList inputs = QDir(kGoldenDir).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name);
    QVERIFY(inputs.size() >= 10);
    for (const QString& md : inputs) QTest::newRow(qPrintable(md)) << md.chopped(3);
  }

  void goldens() {
    QFETCH(QString, name);
    const QString input = QString::fromUtf8(readWholeFile(kGoldenDir + u'/' + name + QStringLiteral(".md")));
    const RenderedMarkdown out = MarkdownRenderer(lightPalette()).render(input);
    QCOMPARE_GOLDEN(out.html.toUtf8(), kGoldenDir + u'/' + name + QStringLiteral(".html"));
    QCOMPARE(out.blocks.join(QString()), out.html);
    QVERIFY(!out.html.contains(QStringLiteral("<img"), Qt::CaseInsensitive));
    QVERIFY(!out.html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
    QVERIFY(!out.html.contains(QStringLiteral("javascript:"), Qt::CaseInsensitive));
    if (QFile::exists(kGoldenDir + u'/' + name + QStringLiteral(".dark.html")) || (regenerating() && name == QLatin1String("code")))
      QCOMPARE_GOLDEN(MarkdownRenderer(darkPalette()).render(input).html.toUtf8(), kGoldenDir + u'/' + name + QStringLiteral(".dark.html"));
  }

  void themeFollowsPalette() {
    QVERIFY(!paletteIsDark(lightPalette()));
    QVERIFY(paletteIsDark(darkPalette()));
    QCOMPARE(MarkdownRenderer(lightPalette()).theme().name(), QStringLiteral("Breeze Light"));
    QCOMPARE(MarkdownRenderer(darkPalette()).theme().name(), QStringLiteral("Breeze Dark"));
    QCOMPARE(&syntaxRepository(), &syntaxRepository());
  }

  void fenceLanguages_data() {
    QTest::addColumn<QString>("info");
    QTest::addColumn<QString>("definition");
    QTest::newRow("name") << "python" << "Python";
    QTest::newRow("name, other case") << "PYTHON" << "Python";
    QTest::newRow("extension") << "py" << "Python";
    QTest::newRow("c++") << "c++" << "C++";
    QTest::newRow("cpp") << "cpp" << "C++";
    QTest::newRow("alias shell") << "shell" << "Bash";
    QTest::newRow("alias sh") << "sh" << "Bash";
    QTest::newRow("alias golang") << "golang" << "Go";
    QTest::newRow("js") << "js" << "JavaScript";
    QTest::newRow("file name") << "CMakeLists.txt" << "CMake";
    QTest::newRow("file with extension") << "main.rs" << "Rust";
    QTest::newRow("pandoc braces") << "{.python}" << "Python";
    QTest::newRow("extra words") << "python title=demo.py" << "Python";
    QTest::newRow("unknown") << "not-a-real-language" << "";
    QTest::newRow("empty") << "" << "";
  }

  void fenceLanguages() {
    QFETCH(QString, info);
    QFETCH(QString, definition);
    const auto d = definitionForFence(info);
    QCOMPARE(d.isValid() ? d.name() : QString(), definition);
  }

  void copyAnchorsGiveTheRawCode() {
    const QString md = QStringLiteral("Two blocks:\n\n```python\nx = '<tag>' & 1\n```\n\ntext\n\n~~~\nsecond\n  indented\n~~~\n");
    const RenderedMarkdown out = MarkdownRenderer(lightPalette()).render(md);
    QCOMPARE(out.codeBlocks, (QStringList{QStringLiteral("x = '<tag>' & 1"), QStringLiteral("second\n  indented")}));
    QVERIFY(out.html.contains(QStringLiteral("href=\"copy:0\"")));
    QVERIFY(out.html.contains(QStringLiteral("href=\"copy:1\"")));
    QCOMPARE(MarkdownRenderer::copyBlockFromHref(QStringLiteral("copy:1")), 1);
    QCOMPARE(MarkdownRenderer::copyBlockFromHref(QStringLiteral("copy:x")), -1);
    QCOMPARE(MarkdownRenderer::copyBlockFromHref(QStringLiteral("https://example.com")), -1);
    // Scoped links, for several messages in one document.
    const RenderedMarkdown scoped = MarkdownRenderer(lightPalette()).renderMessage(QStringLiteral("r"), md, ReasoningView{}, QStringLiteral("42"));
    QVERIFY(scoped.html.contains(QStringLiteral("href=\"copy:42:1\"")));
    QVERIFY(scoped.html.contains(QStringLiteral("href=\"toggle:reasoning:42\"")));
    QCOMPARE(MarkdownRenderer::copyBlockFromHref(QStringLiteral("copy:42:1")), 1);
    QCOMPARE(MarkdownRenderer::scopeFromHref(QStringLiteral("copy:42:1")), QStringLiteral("42"));
    QCOMPARE(MarkdownRenderer::scopeFromHref(QStringLiteral("toggle:reasoning:42")), QStringLiteral("42"));
    QCOMPARE(MarkdownRenderer::scopeFromHref(QStringLiteral("copy:1")), QString());
  }

  void reasoningIsCollapsible() {
    const MarkdownRenderer r(lightPalette());
    const QString reasoning = QStringLiteral("First I check `x`.\n\n```sh\nls\n```");
    const QString answer = QStringLiteral("Done:\n\n```python\nprint(1)\n```");

    const RenderedMarkdown collapsed = r.renderMessage(reasoning, answer, ReasoningView{});
    QVERIFY(collapsed.html.contains(QStringLiteral("href=\"toggle:reasoning\">▸ Reasoning</a>")));
    QVERIFY(!collapsed.html.contains(QStringLiteral("First I check")));
    QCOMPARE(collapsed.codeBlocks, (QStringList{QStringLiteral("print(1)")}));

    const RenderedMarkdown expanded = r.renderMessage(reasoning, answer, ReasoningView{true, false});
    QCOMPARE(expanded.blocks.join(QString()), expanded.html);
    QCOMPARE(expanded.blocks.size(), 4);  // toggle, the reasoning, "Done:", the code block
    QVERIFY(expanded.html.contains(QStringLiteral("▾ Reasoning")));
    QVERIFY(expanded.html.contains(QStringLiteral("First I check <code>x</code>.")));
    QCOMPARE(expanded.codeBlocks, (QStringList{QStringLiteral("ls"), QStringLiteral("print(1)")}));
    QVERIFY(expanded.html.indexOf(QStringLiteral("copy:0")) < expanded.html.indexOf(QStringLiteral("copy:1")));

    const RenderedMarkdown thinking = r.renderMessage(QStringLiteral("Let me see"), QString(), ReasoningView{false, true});
    QVERIFY(thinking.html.contains(QStringLiteral("▸ Thinking…")));
    QVERIFY(!r.renderMessage(QString(), answer, ReasoningView{}).html.contains(QStringLiteral("toggle:reasoning")));
  }

  // What the user sees: QTextDocument parses our HTML into the structure we meant, and fetches nothing.
  void documentShowsTheTextAndFetchesNothing() {
    const QString input = QString::fromUtf8(readWholeFile(kGoldenDir + QStringLiteral("/links.md"))) +
                          QString::fromUtf8(readWholeFile(kGoldenDir + QStringLiteral("/code.md")));
    CountingBrowser browser;
    browser.setOpenLinks(false);
    browser.setOpenExternalLinks(false);
    browser.setHtml(MarkdownRenderer(lightPalette()).render(input).html);
    browser.resize(600, 400);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    QCOMPARE(browser.requests, 0);
    const QString plain = browser.toPlainText();
    QVERIFY(plain.contains(QStringLiteral("diagram of the model")));
    QVERIFY(plain.contains(QStringLiteral("return f\"Hello, {name}!\"")));
    QVERIFY(plain.contains(QStringLiteral("click me")));
    QVERIFY(!plain.contains(QStringLiteral("javascript")));
  }

  // Seeded random text from Markdown's own characters: whatever a model emits renders, stays escaped and
  // never produces an image or script. The seed is printed so a failure can be replayed.
  void randomInputsRenderSafely() {
    const quint32 seed = qEnvironmentVariableIsSet("HEARTH_SEED") ? quint32(qEnvironmentVariableIntValue("HEARTH_SEED"))
                                                                   : QRandomGenerator::global()->generate();
    qInfo() << "seed" << seed;
    QRandomGenerator rng(seed);
    static const QStringList pieces{
        QStringLiteral("*"), QStringLiteral("**"), QStringLiteral("_"), QStringLiteral("~~"), QStringLiteral("`"),
        QStringLiteral("```"), QStringLiteral("~~~"), QStringLiteral("\n"), QStringLiteral("\n\n"), QStringLiteral("  "),
        QStringLiteral("\t"), QStringLiteral("# "), QStringLiteral("> "), QStringLiteral("- "), QStringLiteral("1. "),
        QStringLiteral("|"), QStringLiteral("---"), QStringLiteral(":-:"), QStringLiteral("["), QStringLiteral("]"),
        QStringLiteral("("), QStringLiteral(")"), QStringLiteral("!["), QStringLiteral("<"), QStringLiteral(">"),
        QStringLiteral("&"), QStringLiteral("\\"), QStringLiteral("\""), QStringLiteral("https://a.b/c"),
        QStringLiteral("<img src=x>"), QStringLiteral("<script>"), QStringLiteral("word"), QStringLiteral("é"),
        QStringLiteral("python"), QStringLiteral("    "), QStringLiteral("="), QStringLiteral("javascript:x")};
    const MarkdownRenderer r(lightPalette());
    for (int round = 0; round < 300; ++round) {
      QString md;
      const int n = rng.bounded(1, 80);
      for (int k = 0; k < n; ++k) md += pieces[rng.bounded(int(pieces.size()))];
      const RenderedMarkdown out = r.renderMessage(md.left(md.size() / 2), md, ReasoningView{rng.bounded(2) == 1, false});
      QVERIFY2(!out.html.contains(QStringLiteral("<img"), Qt::CaseInsensitive), qPrintable(md));
      QVERIFY2(!out.html.contains(QStringLiteral("<script"), Qt::CaseInsensitive), qPrintable(md));
      QVERIFY2(!out.html.contains(QStringLiteral("href=\"javascript"), Qt::CaseInsensitive), qPrintable(md));
      QCOMPARE(out.blocks.join(QString()), out.html);
    }
  }

  // HEARTH_SNAPSHOT_DIR=dir saves every golden as the view shows it (light and dark), for review by eye.
  void snapshots() {
    const QString out = qEnvironmentVariable("HEARTH_SNAPSHOT_DIR");
    if (out.isEmpty()) QSKIP("set HEARTH_SNAPSHOT_DIR to save pictures of the goldens");
    for (const QString& md : QDir(kGoldenDir).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name)) {
      for (const bool dark : {false, true}) {
        QTextBrowser browser;
        browser.setPalette(dark ? darkPalette() : lightPalette());
        browser.setHtml(MarkdownRenderer(browser.palette())
                            .render(QString::fromUtf8(readWholeFile(kGoldenDir + u'/' + md)))
                            .html);
        browser.resize(720, 640);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        QVERIFY(browser.grab().save(QStringLiteral("%1/%2%3.png").arg(out, md.chopped(3), dark ? QStringLiteral(".dark") : QString())));
      }
    }
  }

  void streamingPrefixesNeverBreak() {
    // Every prefix of a real answer renders, and code blocks only ever grow at the end.
    const QString answer = QString::fromUtf8(readWholeFile(kGoldenDir + QStringLiteral("/code.md")));
    const MarkdownRenderer r(lightPalette());
    int lastBlocks = 0;
    for (qsizetype n = 0; n <= answer.size(); n += 7) {
      const RenderedMarkdown out = r.render(answer.left(n));
      QVERIFY(out.codeBlocks.size() >= lastBlocks);
      lastBlocks = static_cast<int>(out.codeBlocks.size());
      QVERIFY(!out.html.contains(QStringLiteral("<img")));
    }
    QCOMPARE(lastBlocks, 7);
  }
};

QTEST_MAIN(TestMarkdownRenderer)
#include "test_markdown_renderer.moc"
