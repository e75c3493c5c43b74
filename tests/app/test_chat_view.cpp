// The chat view over a real Storage: the branch on screen, ‹ 1/2 › switching, copy links, collapsible
// reasoning, per-frame batching of streamed text, web links only requested, and a long conversation.
#include <QClipboard>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <algorithm>

#include "chat/ChatView.h"
#include "storage_test_support.h"

using namespace hearth::app;

class TestChatView : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<Storage> storage_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
  }

  void init() {
    storage_ = openVersion1Fixture(dir_.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction())));
    QVERIFY(storage_);
  }

  void showsTheBranchOnScreen() {
    ChatView view(*storage_);
    view.showConversation(1);
    QCOMPARE(view.messages().size(), 2);
    const QString text = view.toPlainText();
    QVERIFY(text.contains(QStringLiteral("Summarise the indemnity clause")));
    QVERIFY(text.contains(QStringLiteral("Clause 14 makes the tenant indemnify")));
    QVERIFY(!text.contains(QStringLiteral("third-party")));  // the other alternative
    QVERIFY2(text.contains(QStringLiteral("‹ 1/2 ›")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("nemotron-3-nano")));
    view.showConversation(2);
    QVERIFY(view.toPlainText().contains(QStringLiteral("Stopped before the end.")));
  }

  void switchesBranches() {
    ChatView view(*storage_);
    QSignalSpy switched(&view, &ChatView::branchSwitched);
    view.showConversation(1);
    view.activateLink(QUrl(QStringLiteral("branch:next:2")));
    QCOMPARE(switched.count(), 1);
    QCOMPARE(view.messages().at(1).id, 3);
    QVERIFY(view.toPlainText().contains(QStringLiteral("third-party")));
    QVERIFY(view.toPlainText().contains(QStringLiteral("‹ 2/2 ›")));
    QCOMPARE(storage_->activePath(1)->at(1).id, 3);  // remembered
    view.activateLink(QUrl(QStringLiteral("branch:next:3")));  // already the last: nothing happens
    QCOMPARE(switched.count(), 1);
    view.activateLink(QUrl(QStringLiteral("branch:prev:3")));
    QCOMPARE(view.messages().at(1).id, 2);
  }

  void copiesCodeBlocksAndMessages() {
    TAKE(c, storage_->createConversation(QStringLiteral("Code")));
    TAKE(u, storage_->addMessage({c.id, 0, Role::User, QStringLiteral("Two snippets?"), {}, MessageStatus::Complete, {}}));
    const QString answer = QStringLiteral("First:\n\n```python\nprint('a < b')\n```\n\nSecond:\n\n```sh\nls -l\n```\n");
    TAKE(a, storage_->addMessage({c.id, u.id, Role::Assistant, answer, QStringLiteral("```c\nint x;\n```"), MessageStatus::Complete, {}}));
    ChatView view(*storage_);
    view.showConversation(c.id);
    view.activateLink(QUrl(QStringLiteral("copy:%1:1").arg(a.id)));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("ls -l"));
    view.activateLink(QUrl(QStringLiteral("copy:%1:0").arg(a.id)));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("print('a < b')"));
    view.activateLink(QUrl(QStringLiteral("copymsg:%1").arg(u.id)));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Two snippets?"));
    // With the reasoning open, its block comes first and the answer's blocks move up by one.
    view.activateLink(QUrl(QStringLiteral("toggle:reasoning:%1").arg(a.id)));
    view.activateLink(QUrl(QStringLiteral("copy:%1:0").arg(a.id)));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("int x;"));
  }

  void reasoningIsCollapsedUntilToggled() {
    ChatView view(*storage_);
    view.showConversation(1);
    QVERIFY(view.toPlainText().contains(QStringLiteral("▸ Reasoning")));
    QVERIFY(!view.toPlainText().contains(QStringLiteral("The user wants clause 14")));
    view.activateLink(QUrl(QStringLiteral("toggle:reasoning:2")));
    QVERIFY(view.toPlainText().contains(QStringLiteral("The user wants clause 14")));
    view.activateLink(QUrl(QStringLiteral("toggle:reasoning:2")));
    QVERIFY(!view.toPlainText().contains(QStringLiteral("The user wants clause 14")));
  }

  void streamedTextIsRenderedOncePerFrame() {
    TAKE(c, storage_->createConversation(QStringLiteral("Stream")));
    TAKE(u, storage_->addMessage({c.id, 0, Role::User, QStringLiteral("Count"), {}, MessageStatus::Complete, {}}));
    TAKE(a, storage_->addMessage({c.id, u.id, Role::Assistant, {}, {}, MessageStatus::Streaming, {}}));
    ChatView view(*storage_);
    view.showConversation(c.id);
    QSignalSpy rendered(&view, &ChatView::rendered);
    view.showStreamingText(a.id, {}, QStringLiteral("Let me count"));
    QString text;
    for (int i = 0; i < 500; ++i) {  // 500 chunks within one frame
      text += QStringLiteral("n%1 ").arg(i);
      view.showStreamingText(a.id, text, QStringLiteral("Let me count"));
    }
    QCOMPARE(rendered.count(), 0);  // nothing until the frame
    QTRY_COMPARE(rendered.count(), 1);
    QVERIFY(view.toPlainText().contains(QStringLiteral("n499")));
    QVERIFY(!view.toPlainText().contains(QStringLiteral("Thinking")));  // the answer has started
  }

  void webLinksAreOnlyRequested() {
    ChatView view(*storage_);
    view.showConversation(1);
    QSignalSpy requested(&view, &ChatView::externalLinkRequested);
    view.activateLink(QUrl(QStringLiteral("https://example.com/a")));
    view.activateLink(QUrl(QStringLiteral("file:///etc/passwd")));
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().first().toUrl(), QUrl(QStringLiteral("https://example.com/a")));
    QVERIFY(view.source().isEmpty());
    // Even an image that got into the document would not be read.
    QVERIFY(view.loadResource(QTextDocument::ImageResource, QUrl(QStringLiteral("file:///etc/hostname"))).isNull());
    view.setHtml(QStringLiteral("<img src=\"file:///etc/hostname\">"));
    QVERIFY(view.loadResource(QTextDocument::ImageResource, QUrl(QStringLiteral("https://example.com/x.png"))).isNull());
  }

  void longConversationOpensWithAWindow() {
    QVERIFY_STORED(storage_->database().exec("PRAGMA synchronous = OFF"));  // fixture speed only
    TAKE(c, storage_->createConversation(QStringLiteral("Long")));
    QVERIFY_STORED(storage_->database().exec("BEGIN"));
    MessageId parent = 0;
    for (int i = 0; i < 10000; ++i) {
      auto ins = storage_->database().prepare(
          "INSERT INTO messages (conversation_id, parent_id, sibling_index, role, content, status, created_at, updated_at) "
          "VALUES (?1, ?2, 0, ?3, ?4, 0, 0, 0)");
      QVERIFY_STORED(ins);
      ins->bind(1, c.id).bindId(2, parent).bind(3, i % 2 ? 2 : 1).bind(4, QStringLiteral("Turn %1 with **some** `code` and text.").arg(i));
      QVERIFY_STORED(ins->run());
      parent = storage_->database().lastInsertId();
    }
    QVERIFY_STORED(storage_->database().exec("COMMIT"));
    ChatView view(*storage_);
    view.resize(800, 600);
    view.show();
    QElapsedTimer clock;
    clock.start();
    view.showConversation(c.id);
    const qint64 openMs = clock.elapsed();
    qInfo() << "opening a 10,000-message conversation took" << openMs << "ms";
    QVERIFY2(openMs < 5000, "far too slow");  // a generous bound for a shared CI machine; the target is 1 s
    QCOMPARE(view.messages().size(), 10000);
    QCOMPARE(view.shownCount(), ChatView::kWindow);
    QVERIFY(view.toPlainText().contains(QStringLiteral("Show 9800 earlier message(s)")));
    QVERIFY(view.toPlainText().contains(QStringLiteral("Turn 9999")));
    view.activateLink(QUrl(QStringLiteral("more:")));
    QCOMPARE(view.shownCount(), 2 * ChatView::kWindow);
  }

  // A conversation opens at its end, also when it was put in the view before the window had its size.
  void opensAtTheEndWhateverTheSize() {
    TAKE(c, storage_->createConversation(QStringLiteral("End")));
    MessageId parent = 0;
    for (int i = 0; i < 40; ++i) {
      TAKE(m, storage_->addMessage({c.id, parent, i % 2 ? Role::Assistant : Role::User,
                                    QStringLiteral("Message %1 with enough words to wrap when the view is narrow.").arg(i),
                                    {}, MessageStatus::Complete, {}}));
      parent = m.id;
    }
    ChatView view(*storage_);
    view.resize(300, 200);
    view.showConversation(c.id);  // before the view is shown, as the main window does
    view.resize(900, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QScrollBar* bar = view.verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());
    view.resize(400, 500);  // narrower: taller document, still at the end
    QCOMPARE(bar->value(), bar->maximum());
    bar->setValue(0);  // a reader who scrolled up stays where they are
    view.resize(700, 500);
    QCOMPARE(bar->value(), 0);
  }

  // "Show earlier" inserts the next window above what is shown instead of rendering everything again;
  // the document must come out as a full render of the same window would make it, and streaming into the
  // last message must still replace only its end.
  void showingEarlierMatchesAFullRender() {
    QVERIFY_STORED(storage_->database().exec("PRAGMA synchronous = OFF"));  // fixture speed only
    TAKE(c, storage_->createConversation(QStringLiteral("Earlier")));
    const QString kinds[] = {
        QStringLiteral("Plain **bold** text %1."),
        QStringLiteral("Code %1:\n\n```python\nprint(%1)\n```\n\nAfter the code."),
        QStringLiteral("| A | B |\n|---|--:|\n| %1 | x |"),
        QStringLiteral("- item %1\n- another\n\n> quoted"),
    };
    MessageId parent = 0;
    const int count = 2 * ChatView::kWindow + 51;
    for (int i = 0; i < count; ++i) {
      const bool last = i + 1 == count;
      TAKE(m, storage_->addMessage({c.id, parent, i % 2 ? Role::Assistant : Role::User,
                                    last ? QString() : kinds[i % 4].arg(i),
                                    i % 6 == 5 ? QStringLiteral("Reasoning %1").arg(i) : QString(),
                                    last ? MessageStatus::Streaming : MessageStatus::Complete, {}}));
      parent = m.id;
    }
    ChatView view(*storage_);
    view.resize(800, 600);
    view.show();
    view.showConversation(c.id);
    for (int click = 1; click <= 2; ++click) {
      view.activateLink(QUrl(QStringLiteral("more:")));
      QCOMPARE(view.shownCount(), std::min(count, (click + 1) * ChatView::kWindow));
      const QString incrementalText = view.toPlainText();
      const QString incrementalHtml = view.toHtml();
      QCOMPARE(incrementalText.contains(QStringLiteral("earlier message")), click == 1);
      // The earliest list message now shown (kind 3) is in the document; the one before the window is not.
      const int first = count - view.shownCount();
      const int list = first + (3 - first % 4 + 4) % 4;
      QVERIFY(incrementalText.contains(QStringLiteral("item %1\n").arg(list)));
      if (list >= 4) QVERIFY(!incrementalText.contains(QStringLiteral("item %1\n").arg(list - 4)));
      view.reload();  // the same window, rendered from scratch
      QCOMPARE(incrementalText, view.toPlainText());
      QCOMPARE(incrementalHtml, view.toHtml());
    }

    // Streaming into the last message after an insertion above it still replaces only its end.
    view.showConversation(c.id);
    view.showStreamingText(parent, QStringLiteral("Streaming so far"), {});
    QTRY_VERIFY(view.toPlainText().contains(QStringLiteral("Streaming so far")));
    view.activateLink(QUrl(QStringLiteral("more:")));
    const QString before = view.toPlainText();
    const qsizetype tail = before.indexOf(QStringLiteral("Streaming so far"));
    view.showStreamingText(parent, QStringLiteral("Streaming so far, and then\n\nmore paragraphs"), {});
    QTRY_VERIFY(view.toPlainText().contains(QStringLiteral("more paragraphs")));
    const QString after = view.toPlainText();
    QCOMPARE(after.left(tail), before.left(tail));
    QCOMPARE(after.count(QStringLiteral("Streaming so far")), 1);
  }

  // HEARTH_SNAPSHOT_DIR=dir saves a picture of a conversation with code, reasoning and a streaming answer.
  void snapshots() {
    const QString out = qEnvironmentVariable("HEARTH_SNAPSHOT_DIR");
    if (out.isEmpty()) QSKIP("set HEARTH_SNAPSHOT_DIR to save a picture of the view");
    TAKE(c, storage_->createConversation(QStringLiteral("Snapshot")));
    TAKE(u, storage_->addMessage({c.id, 0, Role::User, QStringLiteral("How do I read a file in Python?"), {}, MessageStatus::Complete, {}}));
    TAKE(a, storage_->addMessage({c.id, u.id, Role::Assistant, QStringLiteral("Use `open`:\n\n```python\nwith open('notes.txt') as f:\n    text = f.read()\n```\n\nThat closes the file for you."), QStringLiteral("Simple question."), MessageStatus::Complete, QStringLiteral("nemotron-3-nano")}));
    TAKE(a2, storage_->regenerate(a.id));
    TAKE(u2, storage_->addMessage({c.id, a2.id, Role::User, QStringLiteral("And a table of modes?"), {}, MessageStatus::Complete, {}}));
    QVERIFY_STORED(storage_->selectBranch(a.id));
    TAKE(u3, storage_->addMessage({c.id, a.id, Role::User, QStringLiteral("And a table of modes?"), {}, MessageStatus::Complete, {}}));
    TAKE(a3, storage_->addMessage({c.id, u3.id, Role::Assistant, {}, {}, MessageStatus::Streaming, QStringLiteral("nemotron-3-nano")}));
    ChatView view(*storage_);
    view.resize(760, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.showConversation(c.id);
    view.activateLink(QUrl(QStringLiteral("toggle:reasoning:%1").arg(a.id)));
    const QString streamed = QStringLiteral("| Mode | Meaning |\n|---|---|\n| `r` | read |\n| `w` | write |\n\nIn short: **r** reads and **w** writes.\n\n```python\nopen('x', 'w')");
    for (qsizetype n = 1; n <= streamed.size(); n += 3) view.showStreamingText(a3.id, streamed.left(n), QStringLiteral("Thinking about modes."));
    view.showStreamingText(a3.id, streamed, QStringLiteral("Thinking about modes."));
    QTRY_VERIFY(view.toPlainText().contains(QStringLiteral("open('x', 'w')")));
    QVERIFY(view.grab().save(out + QStringLiteral("/chat-view.png")));
    Q_UNUSED(u2);
  }

  // Benchmark, not a test (HEARTH_BENCHMARKS=1): 2,000 tokens/s streamed into a 200-message window
  // while a 1 ms probe timer measures how late the event loop runs. Target: p99 under 16 ms.
  void benchmarkStreamingLatency() {
    if (qEnvironmentVariableIntValue("HEARTH_BENCHMARKS") != 1) QSKIP("set HEARTH_BENCHMARKS=1");
    QVERIFY_STORED(storage_->database().exec("PRAGMA synchronous = OFF"));
    TAKE(c, storage_->createConversation(QStringLiteral("Bench")));
    MessageId parent = 0;
    const QString body = QStringLiteral(
        "Here is **a** paragraph with `inline code` and a list:\n\n- one\n- two\n\n```python\nfor i in range(10):\n"
        "    print(i)\n```\n\nAnd some more text to make the message a realistic length for a chat answer.\n");
    for (int i = 0; i < 199; ++i) {
      TAKE(m, storage_->addMessage({c.id, parent, i % 2 ? Role::Assistant : Role::User, body, {}, MessageStatus::Complete, {}}));
      parent = m.id;
    }
    TAKE(answer, storage_->addMessage({c.id, parent, Role::Assistant, {}, {}, MessageStatus::Streaming, {}}));
    ChatView view(*storage_);
    view.resize(1000, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.showConversation(c.id);
    QSignalSpy rendered(&view, &ChatView::rendered);

    QString text;
    int tokens = 0;
    QTimer producer;
    producer.setTimerType(Qt::PreciseTimer);
    producer.setInterval(1);
    QElapsedTimer wall;
    connect(&producer, &QTimer::timeout, &view, [&] {
      // Catch up to 2 tokens per millisecond of wall time, as queued engine signals would arrive.
      while (tokens < wall.elapsed() * 2) {
        text += (tokens % 40 == 39) ? QStringLiteral("\n\n") : QStringLiteral("tok%1 ").arg(tokens);
        ++tokens;
        view.showStreamingText(answer.id, text, {});
      }
    });
    QList<qint64> gaps;
    QElapsedTimer probeClock;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    connect(&probe, &QTimer::timeout, &view, [&] {
      gaps << probeClock.nsecsElapsed();
      probeClock.restart();
    });
    auto pct = [&](double p) { return gaps.isEmpty() ? 0.0 : gaps[qsizetype(p * double(gaps.size() - 1))] / 1e6; };
    // The same probe with nothing streaming first: what the machine gives an idle event loop.
    probeClock.start();
    probe.start();
    QTest::qWait(1000);
    probe.stop();
    std::sort(gaps.begin(), gaps.end());
    qInfo("idle: event-loop gap p50 %.2f ms, p99 %.2f ms, max %.2f ms", pct(0.5), pct(0.99), pct(1.0));
    gaps.clear();
    wall.start();
    probeClock.start();
    producer.start();
    probe.start();
    QTest::qWait(3000);
    producer.stop();
    probe.stop();
    std::sort(gaps.begin(), gaps.end());
    qInfo("streamed %d tokens in 3 s, %lld renders; event-loop gap p50 %.2f ms, p99 %.2f ms, max %.2f ms", tokens,
          static_cast<long long>(rendered.count()), pct(0.5), pct(0.99), pct(1.0));
  }
};

QTEST_MAIN(TestChatView)
#include "test_chat_view.moc"
