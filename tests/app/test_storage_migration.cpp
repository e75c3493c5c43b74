// Upgrading a version-1 database (committed fixture data/storage/v1.sql) to the current schema: data kept,
// backup taken, search indexes what was already there; the resulting schema equals a fresh database's and
// the committed golden (HEARTH_REGENERATE_GOLDENS=1 rewrites it).
#include <QCryptographicHash>
#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "storage/Schema.h"
#include "storage_test_support.h"

using namespace hearth::app;

namespace {

const QString kDataDir = QStringLiteral(HEARTH_TEST_DATA_DIR "/storage");

QString schemaOf(SqliteDatabase& db) {
  auto s = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name");
  QString out;
  while (s && *s->step() == SqliteStatement::Step::Row)
    out += QStringLiteral("-- %1 %2\n%3;\n\n").arg(s->columnText(0), s->columnText(1), s->columnText(2));
  return out;
}

}  // namespace

class TestStorageMigration : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
  }

  void version1IsUpgradedWithDataAndBackup() {
    const QString path = dir_.filePath(QStringLiteral("v1.sqlite"));
    QVERIFY(createDatabaseFromScript(path, readWholeFile(kDataDir + QStringLiteral("/v1.sql"))));

    TAKE(s, Storage::open(path));
    QCOMPARE(s->schemaVersion(), currentSchemaVersion());
    QVERIFY(currentSchemaVersion() > 1);

    // The backup is the version-1 file as it was.
    const QString backup = s->migrationBackupPath();
    QVERIFY2(backup.startsWith(path + QStringLiteral(".v1-backup-")), qPrintable(backup));
    {
      TAKE(old, SqliteDatabase::open(backup));
      QCOMPARE(*old.queryInt("PRAGMA user_version"), 1);
      QCOMPARE(*old.queryInt("SELECT COUNT(*) FROM messages"), 5);
      QCOMPARE(*old.queryInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'messages_fts'"), 0);
      QCOMPARE(*old.queryText("PRAGMA integrity_check"), QStringLiteral("ok"));
    }

    TAKE(list, s->conversations());
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0].title, QStringLiteral("Lease renewal for Rue des Lilas"));
    QVERIFY(list[0].pinned);
    QCOMPARE(list[0].settingsJson, QStringLiteral(R"({"temperature":0.7})"));
    QCOMPARE(list[1].title, QStringLiteral("Grandmother's pierogi"));
    QCOMPARE(list[1].thinkingMode, ThinkingMode::Off);

    // The branch choice made in version 1 (back to the first answer) still holds.
    TAKE(path1, s->activePath(list[0].id));
    QCOMPARE(path1.size(), 2);
    QCOMPARE(path1[1].id, 2);
    QCOMPARE(path1[1].siblingCount, 2);
    QCOMPARE(path1[1].reasoning, QStringLiteral("The user wants clause 14 in plain words."));
    QCOMPARE(path1[1].stats.promptTokens, std::optional<qint64>(812));
    QCOMPARE(path1[1].model, QStringLiteral("nemotron-3-nano"));
    TAKE(stopped, s->message(5));
    QCOMPARE(stopped.status, MessageStatus::Stopped);
    QCOMPARE(stopped.content, QStringLiteral("Rest the dough for thirty minutes and roll it"));

    TAKE(files, s->attachments(1));
    QCOMPARE(files.size(), 1);
    TAKE(lease, s->blob(files[0].sha256));
    QVERIFY(lease.startsWith("LEASE AGREEMENT"));
    QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(lease, QCryptographicHash::Sha256).toHex()), files[0].sha256);

    // Full-text search covers what version 1 stored.
    TAKE(exact, s->search(QStringLiteral("indemnify")));
    QCOMPARE(exact.size(), 1);
    QCOMPARE(exact[0].messageId, 2);
    TAKE(prefix, s->search(QStringLiteral("indemn")));  // "indemnity" in the question, "indemnify" in the answer
    QCOMPARE(prefix.size(), 2);
    TAKE(liability, s->search(QStringLiteral("liability third")));
    QCOMPARE(liability.size(), 1);
    QCOMPARE(liability[0].messageId, 3);
    TAKE(title, s->searchConversations(QStringLiteral("pierogi")));
    QCOMPARE(title, (QList<ConversationId>{list[1].id}));

    // The new tables work, and the file is sound.
    CodeReview review;
    review.repositoryPath = QStringLiteral("/src/ledger");
    QVERIFY_STORED(s->createCodeReview(review));
    QCOMPARE(*s->database().queryText("PRAGMA integrity_check"), QStringLiteral("ok"));
    QCOMPARE(*s->database().queryInt("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);

    // Opening the upgraded file again upgrades nothing and copies nothing.
    s.reset();
    TAKE(again, Storage::open(path));
    QVERIFY(again->migrationBackupPath().isEmpty());
  }

  void upgradedSchemaEqualsFreshSchemaAndGolden() {
    const QString upgradedPath = dir_.filePath(QStringLiteral("upgraded.sqlite"));
    QVERIFY(createDatabaseFromScript(upgradedPath, readWholeFile(kDataDir + QStringLiteral("/v1.sql"))));
    TAKE(upgraded, Storage::open(upgradedPath));
    TAKE(fresh, Storage::open(dir_.filePath(QStringLiteral("fresh.sqlite"))));
    const QString schema = schemaOf(fresh->database());
    QCOMPARE(schemaOf(upgraded->database()), schema);

    QCOMPARE_GOLDEN(schema.toUtf8(), kDataDir + QStringLiteral("/schema_v%1.sql").arg(currentSchemaVersion()));
  }

  void failedUpgradeRollsBackAndKeepsBackup() {
    // A version-1 file that already has a table of the name version 2 creates: the upgrade must fail whole.
    const QString path = dir_.filePath(QStringLiteral("clash.sqlite"));
    QVERIFY(createDatabaseFromScript(path, readWholeFile(kDataDir + QStringLiteral("/v1.sql")) +
                                       "CREATE TABLE code_reviews (x INTEGER);"));
    auto opened = Storage::open(path);
    QCOMPARE(opened.error().code, StorageErrorCode::MigrationFailed);
    QVERIFY(QFile::exists(opened.error().keptFile));
    QVERIFY(userMessage(opened.error()).contains(opened.error().keptFile));
    TAKE(raw, SqliteDatabase::open(path));
    QCOMPARE(*raw.queryInt("PRAGMA user_version"), 1);
    QCOMPARE(*raw.queryInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'messages_fts'"), 0);
    QCOMPARE(*raw.queryInt("SELECT COUNT(*) FROM messages"), 5);
  }
};

QTEST_GUILESS_MAIN(TestStorageMigration)
#include "test_storage_migration.moc"
