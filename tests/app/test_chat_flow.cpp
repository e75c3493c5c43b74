// The chat flow through MainWindow on the synthetic tiny model: a message sent from the composer streams
// into the ChatView, is saved in SQLite and is there again in a new window over the same database; Stop
// keeps the partial answer marked Stopped; regenerate and edit make branches that ‹ › switches; the
// thinking mode is stored per conversation and reaches the request; a corrupt database is reported and kept.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "TinyModel.h"
#include "chat/ChatView.h"
#include "chat/Composer.h"
#include "chat/ConversationListWidget.h"
#include "engine/EngineController.h"
#include "models/LoadProgressWidget.h"
#include "status/StatusBarWidget.h"
#include "settings/Settings.h"
#include "storage/Storage.h"
#include "window/ChatFlow.h"
#include "window/MainWindow.h"

using namespace hearth::app;

class TestChatFlow : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString model_;
  int databases_ = 0;

  QString freshDatabase() { return dir_.filePath(QStringLiteral("db%1/hearth.sqlite").arg(++databases_)); }

  std::unique_ptr<QSettings> settingsFile(int maxTokens) {
    auto s = std::make_unique<QSettings>(dir_.filePath(QStringLiteral("settings%1.ini").arg(databases_)),
                                         QSettings::IniFormat);
    AppSettings app(s.get());
    app.setValue(SettingKey::MaxTokens, maxTokens);
    app.setValue(SettingKey::ContextLength, 4096);
    // Greedy: the same answers on every run (a random draw may end an answer before the test's checks).
    app.setValue(SettingKey::Temperature, 0.0);
    return s;
  }

  static bool loadModel(MainWindow& window, const QString& path) {
    QSignalSpy loaded(window.engine(), &EngineController::modelLoaded);
    window.loadModel(path, QStringLiteral("tiny"));
    return loaded.wait(60000);
  }

  // Types `text` into the composer and presses Enter; waits for the answer to end.
  static MessageStatus sendAndWait(MainWindow& window, const QString& text) {
    QSignalSpy finished(window.chatFlow(), &ChatFlow::answerFinished);
    auto* edit = window.findChild<QPlainTextEdit*>(QStringLiteral("composerEdit"));
    edit->setFocus();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
    if (!finished.wait(60000)) return MessageStatus::Streaming;
    return finished.first().at(1).value<MessageStatus>();
  }

  // Shows the window as the active one (window-wide shortcuts need that) with the tiny model loaded.
  bool showActiveWithModel(MainWindow& window) const {
    window.show();
    window.activateWindow();
    return QTest::qWaitForWindowActive(&window) && loadModel(window, model_);
  }

  // Sends a message with a long answer and waits until some of it has streamed; false when the answer
  // ended before (then nothing can be stopped). The tiny model's greedy answer to this prompt runs until
  // the context is full (about 10,000 characters, seconds); "Write a long story" ends after about 575, in
  // a third of a second, which a busy machine can miss.
  static bool startLongAnswer(MainWindow& window, const QSignalSpy& finished) {
    auto* edit = window.findChild<QPlainTextEdit*>(QStringLiteral("composerEdit"));
    edit->setFocus();
    QTest::keyClicks(edit, QStringLiteral("Tell me everything"));
    QTest::keyClick(edit, Qt::Key_Return);
    const auto streamed = [&] {
      return window.chatFlow()->streamedContent().size() + window.chatFlow()->streamedReasoning().size() >= 4;
    };
    QElapsedTimer waited;
    waited.start();
    while (!streamed() && finished.isEmpty() && waited.elapsed() < 30000) QTest::qWait(10);
    return streamed() && finished.isEmpty() && window.chatFlow()->isStreaming();
  }

  static QList<Message> shownPath(MainWindow& window) {
    auto path = window.storage()->activePath(window.chatFlow()->conversation());
    return path ? *path : QList<Message>{};
  }

 private slots:
  void initTestCase() {
    qRegisterMetaType<MessageStatus>();
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    QString error;
    model_ = test::synthesizeTinyModel(dir_, &error);
    QVERIFY2(!model_.isEmpty(), qPrintable(error));
  }

  void sendStreamsSavesAndReopens() {
    const QString db = freshDatabase();
    auto qsettings = settingsFile(400);  // long enough to be seen mid-stream, even on a fast machine
    AppSettings settings(qsettings.get());
    GenerationStats finishedStats;
    ConversationId conversation = 0;
    {
      MainWindow window({db, &settings});
      window.show();
      auto* send = window.findChild<QPushButton*>(QStringLiteral("composerSendButton"));
      QVERIFY(send);
      QVERIFY(!send->isEnabled());  // no model yet
      QVERIFY(loadModel(window, model_));

      // Watch the view while the answer streams: text appears before the end, in frames, not per token.
      int chunks = 0;
      int renders = 0;
      int rendersWithPartialText = 0;
      QElapsedTimer streaming;
      connect(window.engine(), &EngineController::contentChunk, this, [&] { ++chunks; });
      connect(window.engine(), &EngineController::reasoningChunk, this, [&] { ++chunks; });
      connect(window.engine(), &EngineController::generationFinished, this,
              [&](qint64, const GenerationStats& s) { finishedStats = s; });
      connect(window.chatView(), &ChatView::rendered, this, [&] {
        ++renders;
        const QList<Message>& shown = window.chatView()->messages();
        if (window.chatFlow()->isStreaming() && !shown.isEmpty() && shown.last().role == Role::Assistant &&
            !(shown.last().content + shown.last().reasoning).isEmpty())
          ++rendersWithPartialText;
      });
      streaming.start();
      QCOMPARE(sendAndWait(window, QStringLiteral("Hello there")), MessageStatus::Complete);
      const qint64 elapsed = streaming.elapsed();
      qInfo("%d chunks, %d renders (%d mid-stream) in %lld ms", chunks, renders, rendersWithPartialText,
            static_cast<long long>(elapsed));
      QVERIFY(chunks > 0);
      QVERIFY2(rendersWithPartialText > 0 || elapsed < 2 * ChatFlow::kFrameMs,
               qPrintable(QStringLiteral("nothing was shown while the answer streamed: %1 renders in %2 ms for %3 chunks").arg(renders).arg(elapsed).arg(chunks)));
      // Batched per frame: never more renders than frames that passed (plus the final reloads).
      QVERIFY2(renders <= elapsed / ChatFlow::kFrameMs + 4,
               qPrintable(QStringLiteral("%1 renders in %2 ms for %3 chunks").arg(renders).arg(elapsed).arg(chunks)));

      conversation = window.chatFlow()->conversation();
      QVERIFY(conversation != 0);
      const QList<Message> path = shownPath(window);
      QCOMPARE(path.size(), 2);
      QCOMPARE(path[0].role, Role::User);
      QCOMPARE(path[0].content, QStringLiteral("Hello there"));
      QCOMPARE(path[1].role, Role::Assistant);
      QCOMPARE(path[1].status, MessageStatus::Complete);
      QCOMPARE(path[1].content, finishedStats.content);
      QCOMPARE(path[1].reasoning, finishedStats.reasoning);
      QCOMPARE(path[1].model, QStringLiteral("tiny"));
      QCOMPARE(path[1].stats.completionTokens.value_or(-1), finishedStats.generatedTokens);
      // The view shows what storage holds.
      QCOMPARE(window.chatView()->messages().last().content, finishedStats.content);
      // Named after the first message.
      QCOMPARE(window.storage()->conversation(conversation)->title, QStringLiteral("Hello there"));
    }
    // In SQLite, read by a storage of our own.
    {
      auto storage = Storage::open(db);
      QVERIFY(storage.ok());
      auto path = (*storage)->activePath(conversation);
      QVERIFY(path.ok());
      QCOMPARE(path->size(), 2);
      QCOMPARE(path->at(1).content, finishedStats.content);
    }
    // A new window over the same database shows the conversation.
    MainWindow again({db, &settings});
    again.show();
    QCOMPARE(again.conversationList()->currentConversation(), conversation);
    const QList<Message>& shown = again.chatView()->messages();
    QCOMPARE(shown.size(), 2);
    QCOMPARE(shown[0].content, QStringLiteral("Hello there"));
    QCOMPARE(shown[1].content, finishedStats.content);
    QCOMPARE(shown[1].status, MessageStatus::Complete);

    // Export (File ▸ Export Conversation… without its dialog): Markdown for the branch, JSON for all.
    const QString md = dir_.filePath(QStringLiteral("export.md"));
    QVERIFY(again.exportConversation(md));
    QFile mdFile(md);
    QVERIFY(mdFile.open(QIODevice::ReadOnly));
    const QString markdown = QString::fromUtf8(mdFile.readAll());
    QVERIFY(markdown.contains(QStringLiteral("Hello there")));
    QVERIFY(markdown.contains(finishedStats.content.trimmed().left(20)));
    const QString json = dir_.filePath(QStringLiteral("export.json"));
    QVERIFY(again.exportConversation(json));
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QJsonDocument doc = QJsonDocument::fromJson(jsonFile.readAll());
    QVERIFY(doc.isObject());
    QVERIFY(QString::fromUtf8(doc.toJson()).contains(QStringLiteral("Hello there")));
    QVERIFY(!again.exportConversation(dir_.filePath(QStringLiteral("no/such/folder/x.md"))));
    QVERIFY(!again.notice().isEmpty());
  }

  void loadingShowsProgressAndFailures() {
    const QString db = freshDatabase();
    auto qsettings = settingsFile(16);
    AppSettings settings(qsettings.get());
    MainWindow window({db, &settings});
    window.show();
    auto* progress = window.findChild<LoadProgressWidget*>(QStringLiteral("loadProgress"));
    QVERIFY(progress);
    QVERIFY(!progress->isVisible());

    // A damaged file: the failure stays on screen with the engine's message, and no model is in use.
    QFile source(model_);
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QString broken = dir_.filePath(QStringLiteral("truncated_for_window.gguf"));
    QFile out(broken);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(source.readAll().left(4096));
    out.close();
    QSignalSpy failed(window.engine(), &EngineController::loadFailed);
    window.loadModel(broken, QStringLiteral("broken"));
    QVERIFY(progress->isVisible());
    QVERIFY(failed.wait(30000));
    QVERIFY(progress->isVisible());
    QVERIFY(progress->isShowingFailure());
    QVERIFY(!window.findChild<QPushButton*>(QStringLiteral("composerSendButton"))->isEnabled());

    // A good one: the progress goes away, the status bar names the model and the backend, and after an
    // answer it shows the speed and the context used.
    QVERIFY(loadModel(window, model_));
    QVERIFY(!progress->isVisible());
    QVERIFY(window.statusWidget()->modelText().contains(QStringLiteral("tiny")));
    QVERIFY2(window.statusWidget()->backendText().contains(QStringLiteral("CPU")),
             qPrintable(window.statusWidget()->backendText()));
    QCOMPARE(sendAndWait(window, QStringLiteral("Hi")), MessageStatus::Complete);
    QVERIFY(window.statusWidget()->speedText().contains(QStringLiteral("tokens/s")));
    QVERIFY2(window.statusWidget()->contextText().contains(QStringLiteral("4,096")) ||
                 window.statusWidget()->contextText().contains(QStringLiteral("4096")),
             qPrintable(window.statusWidget()->contextText()));
    // Remembered for the next start.
    QCOMPARE(settings.value(SettingKey::LastModelPath).toString(), model_);
  }

  void aFullContextIsSaid() {
    const QString db = freshDatabase();
    auto qsettings = settingsFile(100000);
    AppSettings settings(qsettings.get());
    settings.setValue(SettingKey::ContextLength, 2048);  // the smallest allowed
    MainWindow window({db, &settings});
    window.show();
    QVERIFY(loadModel(window, model_));
    QCOMPARE(window.engine()->model().contextLimit, 2048);
    auto* edit = window.findChild<QPlainTextEdit*>(QStringLiteral("composerEdit"));
    QTest::keyClicks(edit, QStringLiteral("Hello there"));
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(window.chatFlow()->isStreaming());
    // Where a real answer meets the end of the context (the tiny model's greedy answers end first): the
    // engine's finish as it would arrive, with the text streamed so far.
    GenerationStats stats;
    stats.stopReason = QStringLiteral("context_full");
    stats.contextLimit = 2048;
    stats.contextTokens = 2048;
    QSignalSpy finished(window.chatFlow(), &ChatFlow::answerFinished);
    emit window.engine()->generationFinished(window.engine()->activeRequest(), stats);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(1).value<MessageStatus>(), MessageStatus::Complete);  // kept as written
    QVERIFY2(window.notice().contains(QStringLiteral("2048")), qPrintable(window.notice()));
    window.engine()->stop();
  }

  void stopKeepsThePartialAnswer() {
    const QString db = freshDatabase();
    auto qsettings = settingsFile(100000);
    AppSettings settings(qsettings.get());
    MainWindow window({db, &settings});
    window.show();
    QVERIFY(loadModel(window, model_));
    QSignalSpy finished(window.chatFlow(), &ChatFlow::answerFinished);
    auto* edit = window.findChild<QPlainTextEdit*>(QStringLiteral("composerEdit"));
    auto* send = window.findChild<QPushButton*>(QStringLiteral("composerSendButton"));
    QVERIFY2(startLongAnswer(window, finished), "the answer ended before Stop could be tried");
    QCOMPARE(send->text(), QStringLiteral("Stop"));
    QVERIFY(window.composer()->isGenerating());
    QTest::keyClick(edit, Qt::Key_Escape);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(1).value<MessageStatus>(), MessageStatus::Stopped);
    QCOMPARE(send->text(), QStringLiteral("Send"));

    const QList<Message> path = shownPath(window);
    QCOMPARE(path.size(), 2);
    QCOMPARE(path[1].status, MessageStatus::Stopped);
    QVERIFY(!(path[1].content + path[1].reasoning).isEmpty());
    // Everything that streamed before the stop is kept: the saved text is what the flow received.
    QCOMPARE(path[1].content, window.chatFlow()->streamedContent());
    QCOMPARE(path[1].reasoning, window.chatFlow()->streamedReasoning());
    QVERIFY(window.chatView()->toPlainText().contains(QStringLiteral("Stopped before the end.")));
  }

  // Esc stops the answer wherever the focus is in the window, not only in the composer.
  void escapeStopsTheAnswerFromAnywhere_data() {
    QTest::addColumn<QString>("focus");
    QTest::newRow("conversation list") << QStringLiteral("conversationList");
    QTest::newRow("chat view") << QStringLiteral("chatView");
  }

  void escapeStopsTheAnswerFromAnywhere() {
    QFETCH(QString, focus);
    const QString db = freshDatabase();
    auto qsettings = settingsFile(100000);
    AppSettings settings(qsettings.get());
    MainWindow window({db, &settings});
    QVERIFY(showActiveWithModel(window));
    auto* stop = window.findChild<QAction*>(QStringLiteral("stopAction"));
    QVERIFY(stop);
    QCOMPARE(stop->shortcut(), QKeySequence(Qt::Key_Escape));
    QVERIFY(!stop->isEnabled());  // nothing is written: Esc keeps its meaning where the focus is
    QSignalSpy finished(window.chatFlow(), &ChatFlow::answerFinished);
    QVERIFY(startLongAnswer(window, finished));
    QVERIFY(stop->isEnabled());

    auto* target = window.findChild<QWidget*>(focus);
    QVERIFY(target);
    target->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), target);
    QTest::keyClick(target, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QCOMPARE(finished.first().at(1).value<MessageStatus>(), MessageStatus::Stopped);
    const QList<Message> path = shownPath(window);
    QCOMPARE(path.size(), 2);
    QCOMPARE(path[1].status, MessageStatus::Stopped);
    QCOMPARE(path[1].content, window.chatFlow()->streamedContent());
    QCOMPARE(path[1].reasoning, window.chatFlow()->streamedReasoning());
    QVERIFY(!stop->isEnabled());
    QVERIFY(!window.composer()->isGenerating());
  }

  // Esc in the search box and in a rename editor does what it did before, and the answer goes on.
  void escapeInTheSearchBoxOrARenameKeepsTheAnswer() {
    const QString db = freshDatabase();
    auto qsettings = settingsFile(100000);
    AppSettings settings(qsettings.get());
    MainWindow window({db, &settings});
    QVERIFY(showActiveWithModel(window));
    QSignalSpy finished(window.chatFlow(), &ChatFlow::answerFinished);
    QVERIFY(startLongAnswer(window, finished));

    // The search box: Esc clears the search.
    auto* search = window.findChild<QLineEdit*>(QStringLiteral("conversationSearch"));
    QVERIFY(search);
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("story"));
    QCOMPARE(search->text(), QStringLiteral("story"));
    QTest::keyClick(search, Qt::Key_Escape);
    QCOMPARE(search->text(), QString());
    QCOMPARE(QApplication::focusWidget(), search);
    QVERIFY(finished.isEmpty());
    QVERIFY(window.chatFlow()->isStreaming());

    // A rename editor: Esc leaves it without renaming.
    auto* list = window.findChild<QListView*>(QStringLiteral("conversationList"));
    QVERIFY(list);
    list->setFocus();
    QTRY_VERIFY(list->currentIndex().isValid());
    const QString title = list->currentIndex().data().toString();
    QTest::keyClick(list, Qt::Key_F2);
    QLineEdit* editor = nullptr;
    QTRY_VERIFY((editor = qobject_cast<QLineEdit*>(QApplication::focusWidget())) && editor != search);
    QTest::keyClicks(editor, QStringLiteral("Renamed"));
    QTest::keyClick(editor, Qt::Key_Escape);
    QTRY_VERIFY(list->indexWidget(list->currentIndex()) == nullptr && QApplication::focusWidget() == list);
    QCOMPARE(list->currentIndex().data().toString(), title);
    QVERIFY(finished.isEmpty());
    QVERIFY(window.chatFlow()->isStreaming());

    // From the list itself, Esc stops it.
    QTest::keyClick(list, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QCOMPARE(finished.first().at(1).value<MessageStatus>(), MessageStatus::Stopped);
  }

  void answerKeepsStreamingInAnotherConversation() {
    const QString db = freshDatabase();
    auto qsettings = settingsFile(300);
    AppSettings settings(qsettings.get());
    MainWindow window({db, &settings});
    window.show();
    QVERIFY(loadModel(window, model_));
    QSignalSpy finished(window.chatFlow(), &ChatFlow::answerFinished);
    auto* edit = window.findChild<QPlainTextEdit*>(QStringLiteral("composerEdit"));
    QTest::keyClicks(edit, QStringLiteral("Keep going"));
    QTest::keyClick(edit, Qt::Key_Return);
    const ConversationId first = window.chatFlow()->conversation();
    QTRY_VERIFY_WITH_TIMEOUT(!window.chatFlow()->streamedContent().isEmpty() ||
                                 !window.chatFlow()->streamedReasoning().isEmpty() || !finished.isEmpty(),
                             30000);
    // Look at a new conversation while the answer is written: it goes on into the first one.
    window.findChild<QAction*>(QStringLiteral("newConversationAction"))->trigger();
    const ConversationId second = window.chatFlow()->conversation();
    QVERIFY(second != first);
    QVERIFY(window.chatView()->messages().isEmpty());
    QVERIFY(finished.wait(60000) || !finished.isEmpty());
    QVERIFY(window.chatView()->messages().isEmpty());  // nothing leaked into the conversation on screen
    window.conversationList()->selectConversation(first);
    QCOMPARE(window.chatFlow()->conversation(), first);
    const QList<Message> path = shownPath(window);
    QCOMPARE(path.size(), 2);
    QCOMPARE(path[1].status, MessageStatus::Complete);
    QCOMPARE(path[1].content, window.chatFlow()->streamedContent());
    QCOMPARE(window.chatView()->messages().last().content, path[1].content);
  }

  void closingTheWindowKeepsTheAnswerAsStopped() {
    const QString db = freshDatabase();
    auto qsettings = settingsFile(100000);
    AppSettings settings(qsettings.get());
    ConversationId id = 0;
    QString partial;
    {
      MainWindow window({db, &settings});
      window.show();
      QVERIFY(loadModel(window, model_));
      auto* edit = window.findChild<QPlainTextEdit*>(QStringLiteral("composerEdit"));
      QTest::keyClicks(edit, QStringLiteral("A very long answer please"));
      QTest::keyClick(edit, Qt::Key_Return);
      QTRY_VERIFY_WITH_TIMEOUT(window.chatFlow()->streamedContent().size() + window.chatFlow()->streamedReasoning().size() >= 4, 30000);
      QVERIFY(window.chatFlow()->isStreaming());
      id = window.chatFlow()->conversation();
      partial = window.chatFlow()->streamedContent() + window.chatFlow()->streamedReasoning();
    }
    auto storage = Storage::open(db);
    QVERIFY(storage.ok());
    QCOMPARE((*storage)->interruptedOnOpen(), 0);  // it was ended properly, not found streaming
    auto path = (*storage)->activePath(id);
    QVERIFY(path.ok());
    QCOMPARE(path->size(), 2);
    QCOMPARE(path->at(1).status, MessageStatus::Stopped);
    QVERIFY((path->at(1).content + path->at(1).reasoning).size() >= partial.size());
  }

  void regenerateAndEditMakeBranches() {
    const QString db = freshDatabase();
    auto qsettings = settingsFile(12);
    AppSettings settings(qsettings.get());
    MainWindow window({db, &settings});
    window.show();
    QVERIFY(loadModel(window, model_));
    QCOMPARE(sendAndWait(window, QStringLiteral("First question")), MessageStatus::Complete);
    const QList<Message> first = shownPath(window);
    QCOMPARE(first.size(), 2);
    const Message user = first[0];
    const Message answer1 = first[1];

    // Regenerate (the link on the answer): a second answer next to the first.
    QSignalSpy finished(window.chatFlow(), &ChatFlow::answerFinished);
    window.chatView()->activateLink(QUrl(QStringLiteral("regen:%1").arg(answer1.id)));
    QVERIFY(finished.wait(60000));
    QList<Message> path = shownPath(window);
    QCOMPARE(path.size(), 2);
    const Message answer2 = path[1];
    QVERIFY(answer2.id != answer1.id);
    QCOMPARE(answer2.parentId, user.id);
    QCOMPARE(answer2.siblingCount, 2);
    QCOMPARE(answer2.siblingIndex, 1);
    QCOMPARE(answer2.status, MessageStatus::Complete);
    QVERIFY(window.chatView()->toPlainText().contains(QStringLiteral("2/2")));

    // ‹ goes back to the first answer, unchanged.
    window.chatView()->activateLink(QUrl(QStringLiteral("branch:prev:%1").arg(answer2.id)));
    path = shownPath(window);
    QCOMPARE(path[1].id, answer1.id);
    QCOMPARE(path[1].content, answer1.content);
    QVERIFY(window.chatView()->toPlainText().contains(QStringLiteral("1/2")));

    // Ctrl+Shift+R regenerates the answer shown: a third alternative.
    finished.clear();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keySequence(&window, QKeySequence(QStringLiteral("Ctrl+Shift+R")));
    QVERIFY(finished.wait(60000));
    path = shownPath(window);
    QCOMPARE(path[1].siblingCount, 3);

    // Edit the question (the link on the user message): the composer takes its text, Enter sends the edit.
    finished.clear();
    window.chatView()->activateLink(QUrl(QStringLiteral("edit:%1").arg(user.id)));
    auto* edit = window.findChild<QPlainTextEdit*>(QStringLiteral("composerEdit"));
    QCOMPARE(window.composer()->editing(), user.id);
    QCOMPARE(edit->toPlainText(), QStringLiteral("First question"));
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("Edited question"));
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(finished.wait(60000));
    path = shownPath(window);
    QCOMPARE(path.size(), 2);
    QCOMPARE(path[0].content, QStringLiteral("Edited question"));
    QCOMPARE(path[0].siblingCount, 2);
    QCOMPARE(path[0].siblingIndex, 1);
    QCOMPARE(path[1].siblingCount, 1);
    QCOMPARE(path[1].status, MessageStatus::Complete);

    // Back to the original question: its answers are all still there.
    window.chatView()->activateLink(QUrl(QStringLiteral("branch:prev:%1").arg(path[0].id)));
    path = shownPath(window);
    QCOMPARE(path[0].id, user.id);
    QCOMPARE(path[0].content, QStringLiteral("First question"));
    QCOMPARE(path[1].siblingCount, 3);
    auto all = window.storage()->allMessages(window.chatFlow()->conversation());
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 6);  // two questions, four answers
  }

  void thinkingModeIsPerConversation() {
    const QString db = freshDatabase();
    auto qsettings = settingsFile(8);
    AppSettings settings(qsettings.get());
    settings.setValue(SettingKey::DefaultThinkingMode, static_cast<int>(ThinkingMode::LowEffort));
    MainWindow window({db, &settings});
    window.show();
    window.findChild<QAction*>(QStringLiteral("newConversationAction"))->trigger();
    const ConversationId id = window.chatFlow()->conversation();
    QVERIFY(id != 0);
    QCOMPARE(window.storage()->conversation(id)->thinkingMode, ThinkingMode::LowEffort);
    auto* box = window.findChild<QComboBox*>(QStringLiteral("thinkingModeBox"));
    QVERIFY(box);
    QCOMPARE(box->currentData().toInt(), static_cast<int>(ThinkingMode::LowEffort));
    const int off = box->findData(static_cast<int>(ThinkingMode::Off));
    box->setCurrentIndex(off);
    emit box->activated(off);
    QCOMPARE(window.storage()->conversation(id)->thinkingMode, ThinkingMode::Off);
    QCOMPARE(window.chatFlow()->requestFor({}).thinking, ThinkingMode::Off);
    // The settings reach the request too.
    const GenerationRequest r = window.chatFlow()->requestFor({});
    QCOMPARE(r.maxTokens, 8);
    QCOMPARE(r.systemPrompt, settings.activeSystemPrompt());
    QCOMPARE(r.sampling.top_p, 0.95f);
    QVERIFY(r.sampling.greedy);
  }

  void shortcutsMoveTheFocus() {
    const QString db = freshDatabase();
    auto qsettings = settingsFile(8);
    AppSettings settings(qsettings.get());
    MainWindow window({db, &settings});
    QVERIFY(showActiveWithModel(window));  // the composer shows once there is a model
    QTest::keySequence(&window, QKeySequence(QStringLiteral("Ctrl+L")));
    QTRY_COMPARE(QApplication::focusWidget(), window.findChild<QWidget*>(QStringLiteral("composerEdit")));
    QTest::keySequence(&window, QKeySequence::Find);
    QTRY_COMPARE(QApplication::focusWidget(), window.findChild<QWidget*>(QStringLiteral("conversationSearch")));
  }

  void corruptDatabaseIsReportedAndKept() {
    const QString db = freshDatabase();
    QVERIFY(QDir().mkpath(QFileInfo(db).absolutePath()));
    QFile junk(db);
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(8192, 'x'));
    junk.close();
    auto qsettings = settingsFile(8);
    AppSettings settings(qsettings.get());
    MainWindow window({db, &settings});
    QTRY_VERIFY(!window.notice().isEmpty());
    QVERIFY(window.storage());
    // The damaged file is kept next to the new one.
    const QStringList kept = QDir(QFileInfo(db).absolutePath()).entryList(QDir::Files);
    bool found = false;
    for (const QString& name : kept)
      if (name != QFileInfo(db).fileName() && name.startsWith(QFileInfo(db).fileName()) && !name.endsWith(QLatin1String("-wal")) &&
          !name.endsWith(QLatin1String("-shm")))
        found = found || window.notice().contains(name);
    QVERIFY2(found, qPrintable(window.notice() + QStringLiteral(" / ") + kept.join(QLatin1Char(','))));
  }
};

QTEST_MAIN(TestChatFlow)
#include "test_chat_flow.moc"
