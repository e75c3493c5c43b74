// Exporting conversations to Markdown (the branch on screen) and JSON (every branch), against goldens
// made from the committed version-1 fixture (branches, reasoning, stats, an attachment, a stopped answer)
// plus a failed answer added here. HEARTH_REGENERATE_GOLDENS=1 rewrites the goldens.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "storage/ConversationExport.h"
#include "storage_test_support.h"

using namespace hearth::app;

namespace {
const QString kDataDir = QStringLiteral(HEARTH_TEST_DATA_DIR);
}

class TestConversationExport : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<Storage> storage_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    storage_ = openVersion1Fixture(dir_.filePath(QStringLiteral("export.sqlite")));
    QVERIFY(storage_);
    // A failed answer with fixed times, so the golden does not depend on the clock.
    QVERIFY_STORED(storage_->database().exec(
        "INSERT INTO messages (id, conversation_id, parent_id, sibling_index, role, content, status, error_text, "
        "model, created_at, updated_at) VALUES (6, 2, 5, 0, 1, 'And the filling?', 0, '', '', 1764317000000, "
        "1764317000000), (7, 2, 6, 0, 2, 'Potato and', 3, 'The GPU ran out of memory.', 'nemotron-3-nano', "
        "1764317001000, 1764317002000);"
        "UPDATE messages SET active_child_id = 6 WHERE id = 5; UPDATE messages SET active_child_id = 7 WHERE id = 6;"));
  }

  void markdown_data() {
    QTest::addColumn<qint64>("id");
    QTest::newRow("lease (branches, reasoning, attachment)") << qint64(1);
    QTest::newRow("pierogi (stopped and failed answers)") << qint64(2);
  }

  void markdown() {
    QFETCH(qint64, id);
    TAKE(md, exportConversationMarkdown(*storage_, id));
    QCOMPARE_GOLDEN(md.toUtf8(), kDataDir + QStringLiteral("/export/conversation%1.md").arg(id));
  }

  void json_data() { markdown_data(); }

  void json() {
    QFETCH(qint64, id);
    TAKE(json, exportConversationJson(*storage_, id));
    QCOMPARE_GOLDEN(json, kDataDir + QStringLiteral("/export/conversation%1.json").arg(id));
    // The archive holds every branch, and says which one is shown.
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("hearth.conversation"));
    TAKE(all, storage_->allMessages(id));
    QCOMPARE(root.value(QStringLiteral("messages")).toArray().size(), all.size());
    TAKE(path, storage_->activePath(id));
    QCOMPARE(root.value(QStringLiteral("activePath")).toArray().size(), path.size());
  }

  void missingConversation() {
    QCOMPARE(exportConversationMarkdown(*storage_, 999).error().code, StorageErrorCode::NotFound);
    QCOMPARE(exportConversationJson(*storage_, 999).error().code, StorageErrorCode::NotFound);
  }
};

QTEST_GUILESS_MAIN(TestConversationExport)
#include "test_conversation_export.moc"
