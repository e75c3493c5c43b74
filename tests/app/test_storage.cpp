// The storage module: conversations, branching messages, streaming saves, full-text search, attachments,
// code reviews, and what happens to a damaged or too-new database file.
#include <sqlite3.h>

#include <QCryptographicHash>
#include <QDir>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "storage/Schema.h"
#include "storage/StreamWriter.h"
#include "storage_test_support.h"

using namespace hearth::app;

class TestStorage : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString dbPath() const { return dir_.filePath(QStringLiteral("hearth.sqlite")); }
  std::unique_ptr<Storage> openFresh() {
    QFile::remove(dbPath());
    auto s = Storage::open(dbPath());
    if (!s) qWarning() << s.error().detail;
    return s ? std::move(*s) : nullptr;
  }
  // user -> answer, both complete; returns {user, answer}.
  static std::pair<Message, Message> exchange(Storage& s, ConversationId c, MessageId parent, const QString& question,
                                              const QString& answer) {
    auto u = s.addMessage({c, parent, Role::User, question, {}, MessageStatus::Complete, {}});
    auto a = s.addMessage({c, u ? u->id : 0, Role::Assistant, answer, {}, MessageStatus::Complete, QStringLiteral("tiny")});
    return {u ? *u : Message{}, a ? *a : Message{}};
  }
  static QStringList contents(const QList<Message>& path) {
    QStringList out;
    for (const Message& m : path) out << m.content;
    return out;
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
  }

  void defaultPathIsInAppData() {
    const QString expected =
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("hearth.sqlite"));
    QCOMPARE(Storage::defaultPath(), expected);
  }

  void freshDatabaseIsConfigured() {
    auto s = openFresh();
    QVERIFY(s);
    QCOMPARE(s->schemaVersion(), currentSchemaVersion());
    QVERIFY(s->migrationBackupPath().isEmpty());
    QCOMPARE(*s->database().queryText("PRAGMA journal_mode"), QStringLiteral("wal"));
    QCOMPARE(*s->database().queryInt("PRAGMA foreign_keys"), 1);
    QCOMPARE(*s->database().queryInt("PRAGMA synchronous"), 2);  // FULL
  }

  void conversationCrud() {
    auto s = openFresh();
    QVERIFY(s);
    TAKE(a, s->createConversation(QStringLiteral("Quarterly report")));
    QTest::qWait(2);  // distinct update times
    TAKE(b, s->createConversation(QStringLiteral("Contract review"), ThinkingMode::LowEffort));
    QCOMPARE(a.title, QStringLiteral("Quarterly report"));
    QCOMPARE(a.thinkingMode, ThinkingMode::On);
    QCOMPARE(b.thinkingMode, ThinkingMode::LowEffort);
    QVERIFY(a.createdMs > 0);

    TAKE(list, s->conversations());
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0].id, b.id);  // newest first

    QVERIFY_STORED(s->setPinned(a.id, true));
    TAKE(pinnedFirst, s->conversations());
    QCOMPARE(pinnedFirst[0].id, a.id);
    QVERIFY(pinnedFirst[0].pinned);

    QVERIFY_STORED(s->renameConversation(b.id, QStringLiteral("NDA review")));
    QVERIFY_STORED(s->setThinkingMode(b.id, ThinkingMode::Off));
    QVERIFY_STORED(s->setConversationSettings(b.id, QStringLiteral(R"({"temperature":0.6})")));
    QCOMPARE(s->setConversationSettings(b.id, QStringLiteral("{not json")).error().code, StorageErrorCode::InvalidArgument);
    TAKE(b2, s->conversation(b.id));
    QCOMPARE(b2.title, QStringLiteral("NDA review"));
    QCOMPARE(b2.thinkingMode, ThinkingMode::Off);
    QCOMPARE(b2.settingsJson, QStringLiteral(R"({"temperature":0.6})"));

    // Delete with undo: trashed is hidden, restore brings it back, a later open purges what stays trashed.
    QVERIFY_STORED(s->trashConversation(b.id));
    QCOMPARE(s->conversation(b.id).error().code, StorageErrorCode::NotFound);
    QCOMPARE(s->conversations()->size(), 1);
    QVERIFY_STORED(s->restoreConversation(b.id));
    QCOMPARE(s->conversations()->size(), 2);
    QVERIFY_STORED(s->trashConversation(b.id));
    s.reset();
    TAKE(reopened, Storage::open(dbPath()));
    TAKE(afterPurge, reopened->conversations());
    QCOMPARE(afterPurge.size(), 1);
    QCOMPARE(afterPurge[0].title, QStringLiteral("Quarterly report"));
    QCOMPARE(reopened->restoreConversation(b.id).error().code, StorageErrorCode::NotFound);

    QVERIFY_STORED(reopened->deleteConversation(a.id));
    QCOMPARE(reopened->conversations()->size(), 0);
    QCOMPARE(reopened->deleteConversation(a.id).error().code, StorageErrorCode::NotFound);
    QCOMPARE(reopened->renameConversation(12345, QStringLiteral("x")).error().code, StorageErrorCode::NotFound);
  }

  void messagesRoundTripWithStats() {
    auto s = openFresh();
    QVERIFY(s);
    TAKE(c, s->createConversation(QStringLiteral("Stats")));
    auto [u, a] = exchange(*s, c.id, 0, QStringLiteral("Hello"), QStringLiteral("Hi there"));
    MessageStats stats;
    stats.promptTokens = 12;
    stats.completionTokens = 3;
    stats.firstTokenMs = 140;
    QVERIFY_STORED(s->finishMessage(a.id, MessageStatus::Complete, stats));
    TAKE(read, s->message(a.id));
    QCOMPARE(read.role, Role::Assistant);
    QCOMPARE(read.content, QStringLiteral("Hi there"));
    QCOMPARE(read.parentId, u.id);
    QCOMPARE(read.model, QStringLiteral("tiny"));
    QCOMPARE(read.stats.promptTokens, std::optional<qint64>(12));
    QCOMPARE(read.stats.completionTokens, std::optional<qint64>(3));
    QCOMPARE(read.stats.firstTokenMs, std::optional<qint64>(140));
    QVERIFY(!read.stats.reasoningTokens.has_value());
    QVERIFY(!read.stats.generationMs.has_value());

    // A parent from another conversation, or none at all, is refused and nothing is written.
    TAKE(other, s->createConversation(QStringLiteral("Other")));
    QCOMPARE(s->addMessage({other.id, u.id, Role::User, QStringLiteral("x"), {}, MessageStatus::Complete, {}}).error().code,
             StorageErrorCode::InvalidArgument);
    QCOMPARE(s->addMessage({other.id, 999999, Role::User, QStringLiteral("x"), {}, MessageStatus::Complete, {}}).error().code,
             StorageErrorCode::NotFound);
    QCOMPARE(s->addMessage({999999, 0, Role::User, QStringLiteral("x"), {}, MessageStatus::Complete, {}}).error().code,
             StorageErrorCode::NotFound);
    QCOMPARE(*s->database().queryInt("SELECT COUNT(*) FROM messages"), 2);
    QCOMPARE(s->finishMessage(a.id, MessageStatus::Streaming, {}).error().code, StorageErrorCode::InvalidArgument);
  }

  void regenerateCreatesASibling() {
    auto s = openFresh();
    QVERIFY(s);
    TAKE(c, s->createConversation(QStringLiteral("Regenerate")));
    auto [u, a1] = exchange(*s, c.id, 0, QStringLiteral("Name a colour"), QStringLiteral("Blue"));
    TAKE(a2, s->regenerate(a1.id));
    QCOMPARE(a2.parentId, u.id);
    QCOMPARE(a2.siblingIndex, 1);
    QCOMPARE(a2.status, MessageStatus::Streaming);
    QCOMPARE(a2.model, QStringLiteral("tiny"));
    QVERIFY_STORED(s->appendToMessage(a2.id, QStringLiteral("Green"), {}));
    QVERIFY_STORED(s->finishMessage(a2.id, MessageStatus::Complete, {}));

    TAKE(path, s->activePath(c.id));
    QCOMPARE(contents(path), (QStringList{QStringLiteral("Name a colour"), QStringLiteral("Green")}));
    QCOMPARE(path[1].siblingIndex, 1);
    QCOMPARE(path[1].siblingCount, 2);
    QCOMPARE(path[0].siblingCount, 1);

    QVERIFY_STORED(s->selectBranch(a1.id));  // ‹ 1/2 ›
    TAKE(back, s->activePath(c.id));
    QCOMPARE(contents(back), (QStringList{QStringLiteral("Name a colour"), QStringLiteral("Blue")}));
    TAKE(sibs, s->siblings(a2.id));
    QCOMPARE(contents(sibs), (QStringList{QStringLiteral("Blue"), QStringLiteral("Green")}));
    QCOMPARE(sibs[0].siblingCount, 2);
    QCOMPARE(s->regenerate(u.id).error().code, StorageErrorCode::InvalidArgument);
  }

  void editBranchesAndDeepChoicesAreRemembered() {
    auto s = openFresh();
    QVERIFY(s);
    TAKE(c, s->createConversation(QStringLiteral("Edit")));
    auto [u1, a1] = exchange(*s, c.id, 0, QStringLiteral("U1"), QStringLiteral("A1"));
    auto [u2, a2] = exchange(*s, c.id, a1.id, QStringLiteral("U2"), QStringLiteral("A2"));

    TAKE(u2b, s->editUserMessage(u2.id, QStringLiteral("U2 edited")));
    QCOMPARE(u2b.parentId, a1.id);
    QCOMPARE(u2b.siblingIndex, 1);
    TAKE(edited, s->activePath(c.id));
    QCOMPARE(contents(edited), (QStringList{QStringLiteral("U1"), QStringLiteral("A1"), QStringLiteral("U2 edited")}));
    auto a2b = s->addMessage({c.id, u2b.id, Role::Assistant, QStringLiteral("A2 for the edit"), {}, MessageStatus::Complete, {}});
    QVERIFY_STORED(a2b);

    // Under the old U2, a second answer, then back to the first one: a choice two levels down.
    TAKE(a2c, s->regenerate(a2.id));
    QVERIFY_STORED(s->finishMessage(a2c.id, MessageStatus::Complete, {}));
    QVERIFY_STORED(s->selectBranch(a2.id));
    QVERIFY_STORED(s->selectBranch(u2b.id));

    // Editing the very first message makes a second root.
    TAKE(u1b, s->editUserMessage(u1.id, QStringLiteral("U1 edited")));
    QCOMPARE(u1b.parentId, 0);
    TAKE(rootPath, s->activePath(c.id));
    QCOMPARE(contents(rootPath), (QStringList{QStringLiteral("U1 edited")}));
    QCOMPARE(rootPath[0].siblingCount, 2);

    QVERIFY_STORED(s->selectBranch(u1.id));
    TAKE(full, s->activePath(c.id));
    QCOMPARE(contents(full), (QStringList{QStringLiteral("U1"), QStringLiteral("A1"), QStringLiteral("U2 edited"),
                                          QStringLiteral("A2 for the edit")}));
    QVERIFY_STORED(s->selectBranch(u2.id));
    TAKE(deep, s->activePath(c.id));
    QCOMPARE(contents(deep), (QStringList{QStringLiteral("U1"), QStringLiteral("A1"), QStringLiteral("U2"), QStringLiteral("A2")}));
    QCOMPARE(deep[2].siblingCount, 2);
    QCOMPARE(deep[3].siblingCount, 2);
    QCOMPARE(deep[3].siblingIndex, 0);

    // The choices are stored, not held in memory.
    s.reset();
    TAKE(reopened, Storage::open(dbPath()));
    TAKE(again, reopened->activePath(c.id));
    QCOMPARE(contents(again), contents(deep));
  }

  void streamWriterBatchesCommits() {
    auto s = openFresh();
    QVERIFY(s);
    TAKE(c, s->createConversation(QStringLiteral("Stream")));
    auto [u, a] = exchange(*s, c.id, 0, QStringLiteral("Count"), QString());
    TAKE(answer, s->regenerate(a.id));
    auto stored = [&] { return s->message(answer.id)->content; };

    StreamWriter writer(*s, answer.id, std::chrono::hours(1));
    QVERIFY_STORED(writer.appendContent(QStringLiteral("one ")));  // the first chunk commits at once
    QCOMPARE(writer.flushCount(), 1);
    for (const char* w : {"two ", "three ", "four"}) QVERIFY_STORED(writer.appendContent(QString::fromLatin1(w)));
    QVERIFY_STORED(writer.appendReasoning(QStringLiteral("counting")));
    QCOMPARE(writer.flushCount(), 1);  // within the interval nothing more is written
    QCOMPARE(stored(), QStringLiteral("one "));
    QVERIFY(writer.hasPending());

    QVERIFY_STORED(writer.finish(MessageStatus::Stopped));
    TAKE(m, s->message(answer.id));
    QCOMPARE(m.content, QStringLiteral("one two three four"));
    QCOMPARE(m.reasoning, QStringLiteral("counting"));
    QCOMPARE(m.status, MessageStatus::Stopped);
    QCOMPARE(writer.appendContent(QStringLiteral("late")).error().code, StorageErrorCode::InvalidArgument);
    QCOMPARE(s->appendToMessage(answer.id, QStringLiteral("late"), {}).error().code, StorageErrorCode::InvalidArgument);
  }

  void streamWriterTimerSavesAPausedStream() {
    auto s = openFresh();
    QVERIFY(s);
    TAKE(c, s->createConversation(QStringLiteral("Pause")));
    TAKE(u, s->addMessage({c.id, 0, Role::User, QStringLiteral("Go"), {}, MessageStatus::Complete, {}}));
    TAKE(a, s->addMessage({c.id, u.id, Role::Assistant, {}, {}, MessageStatus::Streaming, {}}));
    StreamWriter writer(*s, a.id, std::chrono::milliseconds(40));
    QSignalSpy flushed(&writer, &StreamWriter::flushed);
    QVERIFY_STORED(writer.appendContent(QStringLiteral("first ")));
    QVERIFY_STORED(writer.appendContent(QStringLiteral("second")));  // then the stream pauses
    QCOMPARE(s->message(a.id)->content, QStringLiteral("first "));
    QTRY_COMPARE(flushed.count(), 2);
    QCOMPARE(s->message(a.id)->content, QStringLiteral("first second"));
    QCOMPARE(s->message(a.id)->status, MessageStatus::Streaming);
  }

  void failedAnswerKeepsPartialText() {
    auto s = openFresh();
    QVERIFY(s);
    TAKE(c, s->createConversation(QStringLiteral("Fail")));
    TAKE(u, s->addMessage({c.id, 0, Role::User, QStringLiteral("Go"), {}, MessageStatus::Complete, {}}));
    TAKE(a, s->addMessage({c.id, u.id, Role::Assistant, {}, {}, MessageStatus::Streaming, {}}));
    {
      StreamWriter writer(*s, a.id);
      QVERIFY_STORED(writer.appendContent(QStringLiteral("Partial ")));
      QVERIFY_STORED(writer.appendContent(QStringLiteral("answer")));
      MessageStats stats;
      stats.completionTokens = 2;
      QVERIFY_STORED(writer.finish(MessageStatus::Failed, stats, QStringLiteral("out of GPU memory")));
    }
    TAKE(m, s->message(a.id));
    QCOMPARE(m.content, QStringLiteral("Partial answer"));
    QCOMPARE(m.status, MessageStatus::Failed);
    QCOMPARE(m.errorText, QStringLiteral("out of GPU memory"));
    QCOMPARE(m.stats.completionTokens, std::optional<qint64>(2));
  }

  void streamingAnswerIsInterruptedOnReopen() {
    auto s = openFresh();
    QVERIFY(s);
    TAKE(c, s->createConversation(QStringLiteral("Crash")));
    TAKE(u, s->addMessage({c.id, 0, Role::User, QStringLiteral("Go"), {}, MessageStatus::Complete, {}}));
    TAKE(a, s->addMessage({c.id, u.id, Role::Assistant, {}, {}, MessageStatus::Streaming, {}}));
    {
      StreamWriter writer(*s, a.id, std::chrono::hours(1));
      QVERIFY_STORED(writer.appendContent(QStringLiteral("saved ")));
      QVERIFY_STORED(writer.appendContent(QStringLiteral("on close")));
    }  // the window closes without finishing: the writer saves what it has
    s.reset();
    TAKE(reopened, Storage::open(dbPath()));
    QCOMPARE(reopened->interruptedOnOpen(), 1);
    TAKE(m, reopened->message(a.id));
    QCOMPARE(m.status, MessageStatus::Interrupted);
    QCOMPARE(m.content, QStringLiteral("saved on close"));
  }

  void searchFindsTitlesAndOldMessages() {
    auto s = openFresh();
    QVERIFY(s);
    TAKE(budget, s->createConversation(QStringLiteral("Budget planning 2027")));
    TAKE(recipes, s->createConversation(QStringLiteral("Recipes")));
    exchange(*s, budget.id, 0, QStringLiteral("What did the auditors say about depreciation?"),
             QStringLiteral("They flagged the straight-line schedule."));
    exchange(*s, recipes.id, 0, QStringLiteral("A résumé of the crème brûlée method"),
             QStringLiteral("Bake custard in a water bath, then caramelise sugar."));
    s.reset();  // "old" messages: written by an earlier session
    TAKE(db, Storage::open(dbPath()));

    TAKE(title, db->search(QStringLiteral("budget")));
    QCOMPARE(title.size(), 1);
    QCOMPARE(title[0].conversationId, budget.id);
    QCOMPARE(title[0].messageId, 0);
    QCOMPARE(title[0].snippet, QString(kSnippetOpen) + QStringLiteral("Budget") + kSnippetClose + QStringLiteral(" planning 2027"));

    TAKE(word, db->search(QStringLiteral("depreciation")));
    QCOMPARE(word.size(), 1);
    QCOMPARE(word[0].conversationId, budget.id);
    QVERIFY(word[0].messageId != 0);
    TAKE(prefix, db->search(QStringLiteral("carameli")));  // typed so far
    QCOMPARE(prefix.size(), 1);
    QCOMPARE(prefix[0].conversationId, recipes.id);
    TAKE(accents, db->search(QStringLiteral("creme brulee")));  // diacritics folded
    QCOMPARE(accents.size(), 1);
    TAKE(allWords, db->search(QStringLiteral("auditors caramelise")));  // every word must match one message
    QCOMPARE(allWords.size(), 0);
    for (const char* hostile : {"\"", "AND OR NOT", "NEAR(", "title:budget", "*", "(", "a\"b"}) {
      auto r = db->search(QString::fromLatin1(hostile));
      QVERIFY2(r.ok(), hostile);
    }
    TAKE(none, db->search(QStringLiteral("   ")));
    QCOMPARE(none.size(), 0);

    // Kept in sync: renames, streamed text, trash and delete.
    QVERIFY_STORED(db->renameConversation(recipes.id, QStringLiteral("Desserts")));
    QCOMPARE(db->search(QStringLiteral("recipes"))->size(), 0);
    QCOMPARE(db->search(QStringLiteral("desserts"))->size(), 1);
    TAKE(u, db->addMessage({recipes.id, 0, Role::User, QStringLiteral("More?"), {}, MessageStatus::Complete, {}}));
    TAKE(a, db->addMessage({recipes.id, u.id, Role::Assistant, {}, {}, MessageStatus::Streaming, {}}));
    QVERIFY_STORED(db->appendToMessage(a.id, QStringLiteral("Try a pavlova"), {}));
    QVERIFY_STORED(db->appendToMessage(a.id, QStringLiteral(" with passionfruit"), {}));
    QCOMPARE(db->search(QStringLiteral("pavlova passionfruit"))->size(), 1);
    TAKE(convs, db->searchConversations(QStringLiteral("the")));
    QCOMPARE(convs.size(), 2);  // several messages per conversation, each conversation once
    QVERIFY_STORED(db->trashConversation(budget.id));
    QCOMPARE(db->search(QStringLiteral("depreciation"))->size(), 0);
    QVERIFY_STORED(db->restoreConversation(budget.id));
    QCOMPARE(db->search(QStringLiteral("depreciation"))->size(), 1);
    QVERIFY_STORED(db->deleteConversation(budget.id));
    QCOMPARE(db->search(QStringLiteral("depreciation"))->size(), 0);
    QCOMPARE(*db->database().queryText("PRAGMA integrity_check"), QStringLiteral("ok"));
    QVERIFY_STORED(db->database().exec("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')"));
    QVERIFY_STORED(db->database().exec("INSERT INTO conversations_fts(conversations_fts) VALUES ('integrity-check')"));
  }

  void attachmentsAreStoredOncePerContent() {
    auto s = openFresh();
    QVERIFY(s);
    TAKE(c, s->createConversation(QStringLiteral("Docs")));
    TAKE(u, s->addMessage({c.id, 0, Role::User, QStringLiteral("Read these"), {}, MessageStatus::Complete, {}}));
    TAKE(u2, s->addMessage({c.id, u.id, Role::User, QStringLiteral("And again"), {}, MessageStatus::Complete, {}}));
    static const char kPdf[] = "%PDF-1.7 fake but binary \0\x01\x02";
    const QByteArray pdf(kPdf, sizeof kPdf - 1);  // NUL inside: the bytes, not a C string
    TAKE(doc, s->attachDocument(u.id, QStringLiteral("lease.pdf"), QStringLiteral("/home/a/lease.pdf"),
                                QStringLiteral("application/pdf"), pdf));
    QCOMPARE(doc.sha256, QString::fromLatin1(QCryptographicHash::hash(pdf, QCryptographicHash::Sha256).toHex()));
    TAKE(folder, s->attachFolder(u.id, QStringLiteral("contracts"), QStringLiteral("/home/a/contracts")));
    TAKE(inFolder, s->attachDocument(u.id, QStringLiteral("a.txt"), QStringLiteral("/home/a/contracts/a.txt"),
                                     QStringLiteral("text/plain"), QByteArray("clause 1"), folder.id));
    TAKE(again, s->attachDocument(u2.id, QStringLiteral("lease-copy.pdf"), {}, QStringLiteral("application/pdf"), pdf));
    QCOMPARE(again.sha256, doc.sha256);
    QCOMPARE(*s->database().queryInt("SELECT COUNT(*) FROM blobs"), 2);  // the PDF once, the text once

    TAKE(list, s->attachments(u.id));
    QCOMPARE(list.size(), 3);
    QCOMPARE(list[0].name, QStringLiteral("lease.pdf"));
    QCOMPARE(list[0].size, pdf.size());
    QCOMPARE(list[1].kind, AttachmentKind::Folder);
    QVERIFY(list[1].sha256.isEmpty());
    QCOMPARE(list[2].parentId, folder.id);
    QCOMPARE(inFolder.parentId, folder.id);
    TAKE(bytes, s->blob(doc.sha256));
    QCOMPARE(bytes, pdf);
    QCOMPARE(s->blob(QString(64, QLatin1Char('0'))).error().code, StorageErrorCode::NotFound);
    QVERIFY(!s->attachDocument(999999, QStringLiteral("x"), {}, {}, QByteArray("x")).ok());  // foreign key

    QVERIFY_STORED(s->deleteConversation(c.id));
    QCOMPARE(*s->database().queryInt("SELECT COUNT(*) FROM attachments"), 0);
    TAKE(removed, s->removeUnusedBlobs());
    QCOMPARE(removed, 2);
  }

  void codeReviewsAndFindings() {
    auto s = openFresh();
    QVERIFY(s);
    TAKE(c, s->createConversation(QStringLiteral("Review")));
    CodeReview r;
    r.conversationId = c.id;
    r.repositoryPath = QStringLiteral("/src/bank-core");
    r.baseCommit = QStringLiteral("a1b2c3");
    r.headCommit = QStringLiteral("d4e5f6");
    r.diff = QStringLiteral("--- a/x.c\n+++ b/x.c\n");
    TAKE(review, s->createCodeReview(r));
    QCOMPARE(review.repositoryPath, r.repositoryPath);
    QCOMPARE(review.headCommit, r.headCommit);
    QVERIFY_STORED(s->addFinding({0, review.id, QStringLiteral("src/z.c"), 10, 12, Severity::High, QStringLiteral("overflow"), 0}));
    QVERIFY_STORED(s->addFinding({0, review.id, QStringLiteral("src/a.c"), 40, 40, Severity::Low, QStringLiteral("naming"), 0}));
    QVERIFY_STORED(s->addFinding({0, review.id, QStringLiteral("src/a.c"), 3, 9, Severity::Critical, QStringLiteral("SQL injection"), 0}));
    QCOMPARE(s->addFinding({0, review.id, QStringLiteral("src/a.c"), 9, 3, Severity::Low, QStringLiteral("bad"), 0}).error().code,
             StorageErrorCode::InvalidArgument);
    QVERIFY(!s->addFinding({0, 999999, QStringLiteral("a"), 1, 1, Severity::Low, QStringLiteral("orphan"), 0}).ok());
    TAKE(found, s->findings(review.id));
    QCOMPARE(found.size(), 3);
    QCOMPARE(found[0].text, QStringLiteral("SQL injection"));
    QCOMPARE(found[0].severity, Severity::Critical);
    QCOMPARE(found[1].lineStart, 40);
    QCOMPARE(found[2].filePath, QStringLiteral("src/z.c"));
    // Reviews outlive the chat they came from.
    QVERIFY_STORED(s->deleteConversation(c.id));
    TAKE(kept, s->codeReview(review.id));
    QCOMPARE(kept.conversationId, 0);
    QCOMPARE(s->findings(review.id)->size(), 3);
  }

  void deletingALongConversationStaysLinear() {
    auto s = openFresh();
    QVERIFY(s);
    // Speed only for building the fixture; the delete below runs with the normal settings.
    QVERIFY_STORED(s->database().exec("PRAGMA synchronous = OFF"));
    TAKE(c, s->createConversation(QStringLiteral("Long")));
    MessageId parent = 0;
    for (int i = 0; i < 1500; ++i) {
      TAKE(m, s->addMessage({c.id, parent, i % 2 ? Role::Assistant : Role::User, QStringLiteral("turn %1").arg(i), {},
                             MessageStatus::Complete, {}}));
      parent = m.id;
    }
    QVERIFY_STORED(s->database().exec("PRAGMA synchronous = FULL"));
    TAKE(path, s->activePath(c.id));
    QCOMPARE(path.size(), 1500);
    QCOMPARE(path.last().content, QStringLiteral("turn 1499"));
    QVERIFY_STORED(s->deleteConversation(c.id));  // a cascade down parent_id would pass SQLite's trigger depth (1000)
    QCOMPARE(*s->database().queryInt("SELECT COUNT(*) FROM messages"), 0);
  }

  void damagedFileIsKeptAside_data() {
    QTest::addColumn<QString>("damage");
    QTest::newRow("not a database") << QStringLiteral("garbage");
    QTest::newRow("damaged pages") << QStringLiteral("pages");
    QTest::newRow("damaged header") << QStringLiteral("header");
  }

  void damagedFileIsKeptAside() {
    QFETCH(QString, damage);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hearth.sqlite"));
    QByteArray bytes;
    if (damage == QLatin1String("garbage")) {
      bytes.resize(64 * 1024);
      QRandomGenerator rng(7);
      rng.fillRange(reinterpret_cast<quint32*>(bytes.data()), bytes.size() / 4);
    } else {
      {
        TAKE(s, Storage::open(path));
        QVERIFY_STORED(s->database().exec("PRAGMA synchronous = OFF"));  // fixture speed only
        TAKE(c, s->createConversation(QStringLiteral("Doomed")));
        for (int i = 0; i < 200; ++i)
          QVERIFY_STORED(s->addMessage({c.id, 0, Role::User, QString(200, QLatin1Char('x')), {}, MessageStatus::Complete, {}}));
      }  // closing checkpoints the log into the file
      bytes = readWholeFile(path);
      QVERIFY(bytes.size() > 16 * 4096);
      if (damage == QLatin1String("pages")) {
        for (qsizetype i = 2 * 4096; i < bytes.size(); i += 4096) bytes.replace(i + 8, 64, QByteArray(64, '\xA5'));
      } else {
        bytes.replace(0, 16, QByteArray("NOT SQLITE 3!!!!"));
      }
    }
    QVERIFY(writeWholeFile(path, bytes));

    auto opened = Storage::open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, StorageErrorCode::Corrupt);
    const QString kept = opened.error().keptFile;
    QVERIFY2(kept.startsWith(path + QStringLiteral(".corrupt-")), qPrintable(kept));
    QCOMPARE(readWholeFile(kept), bytes);  // byte for byte what was there
    QVERIFY(!QFile::exists(path));
    const QString message = userMessage(opened.error());
    QVERIFY2(message.contains(kept) && message.contains(QStringLiteral("damaged")), qPrintable(message));

    TAKE(fresh, Storage::open(path));  // opening again starts an empty database next to the kept one
    QCOMPARE(fresh->conversations()->size(), 0);
    QVERIFY(QFile::exists(kept));
  }

  void unwritablePlaceIsCannotOpen() {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("a-file"));
    QVERIFY(writeWholeFile(file, "not a folder"));
    auto opened = Storage::open(file + QStringLiteral("/hearth.sqlite"));  // its folder would be a file
    QCOMPARE(opened.error().code, StorageErrorCode::CannotOpen);
    QVERIFY(!userMessage(opened.error()).isEmpty());
    auto folder = Storage::open(dir.path());  // a folder where the file should be
    QVERIFY(!folder.ok());
    QCOMPARE(readWholeFile(file), QByteArray("not a folder"));
  }

  void newerSchemaIsRefusedUntouched() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hearth.sqlite"));
    { TAKE(s, Storage::open(path)); QVERIFY_STORED(s->database().exec("PRAGMA user_version = 99")); }
    const QByteArray before = readWholeFile(path);
    auto opened = Storage::open(path);
    QCOMPARE(opened.error().code, StorageErrorCode::TooNew);
    QCOMPARE(readWholeFile(path), before);
    QVERIFY(!userMessage(opened.error()).isEmpty());
  }
};

QTEST_GUILESS_MAIN(TestStorage)
#include "test_storage.moc"
