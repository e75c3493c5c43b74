// The conversation list over a real Storage: order, new, rename in place, pin, delete with undo, and
// full-text search from the search box, all driven by keyboard and mouse as a user would.
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "chat/ConversationListModel.h"
#include "chat/ConversationListWidget.h"
#include "storage_test_support.h"

using namespace hearth::app;

class TestConversationList : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<Storage> storage_;
  ConversationId budget_ = 0, recipes_ = 0, lease_ = 0;

  static QStringList titles(ConversationListWidget& w) {
    QStringList out;
    for (int r = 0; r < w.model()->rowCount(); ++r) out << w.model()->index(r).data().toString();
    return out;
  }
  template <typename T>
  static T* child(QWidget& parent, const char* name) {
    return parent.findChild<T*>(QLatin1String(name));
  }
  // Shows the widget with `id` selected and the keyboard in the list, as after a click on it.
  static QListView* focusList(ConversationListWidget& w, ConversationId id) {
    w.show();
    if (!QTest::qWaitForWindowActive(&w)) return nullptr;
    w.selectConversation(id);
    auto* list = child<QListView>(w, "conversationList");
    list->setFocus();
    return list;
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
  }

  void init() {
    storage_.reset();
    QFile::remove(dir_.filePath(QStringLiteral("list.sqlite")));
    auto s = Storage::open(dir_.filePath(QStringLiteral("list.sqlite")));
    QVERIFY_STORED(s);
    storage_ = std::move(*s);
    // Creation order sets "most recent": lease is newest.
    for (auto [id, title, text] : {std::tuple{&budget_, "Budget 2027", "Depreciation schedule for the new servers"},
                                   std::tuple{&recipes_, "Recipes", "A custard that sets without eggs"},
                                   std::tuple{&lease_, "Lease review", "Clause 14 indemnity"}}) {
      TAKE(c, storage_->createConversation(QString::fromUtf8(title)));
      QVERIFY_STORED(storage_->addMessage({c.id, 0, Role::User, QString::fromUtf8(text), {}, MessageStatus::Complete, {}}));
      *id = c.id;
      QTest::qWait(2);
    }
  }

  void listsPinnedFirstThenRecent() {
    QVERIFY_STORED(storage_->setPinned(recipes_, true));
    ConversationListWidget w(*storage_);
    QCOMPARE(titles(w), (QStringList{QStringLiteral("Recipes"), QStringLiteral("Lease review"), QStringLiteral("Budget 2027")}));
    QVERIFY(w.model()->index(0).data(ConversationListModel::PinnedRole).toBool());
    QCOMPARE(w.model()->index(0).data(Qt::AccessibleTextRole).toString(), QStringLiteral("Recipes, pinned"));
  }

  void newConversationIsCreatedAndSelected() {
    ConversationListWidget w(*storage_);
    QSignalSpy selected(&w, &ConversationListWidget::conversationSelected);
    w.show();
    QTest::mouseClick(child<QPushButton>(w, "newConversationButton"), Qt::LeftButton);
    TAKE(all, storage_->conversations());
    QCOMPARE(all.size(), 4);
    QCOMPARE(w.currentConversation(), all.first().id);
    QCOMPARE(titles(w).first(), QStringLiteral("New conversation"));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.first().first().value<ConversationId>(), all.first().id);
  }

  void renameInPlaceWithF2() {
    ConversationListWidget w(*storage_);
    QListView* list = focusList(w, recipes_);
    QVERIFY(list);
    QTest::keyClick(list, Qt::Key_F2);
    QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
    auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("Desserts"));
    QTest::keyClick(editor, Qt::Key_Return);  // the delegate commits on the next event loop turn
    QTRY_COMPARE(storage_->conversation(recipes_)->title, QStringLiteral("Desserts"));
    QVERIFY(titles(w).contains(QStringLiteral("Desserts")));
    // An empty name is refused: the conversation keeps its title.
    QVERIFY(!w.model()->setData(w.model()->index(w.model()->rowOf(recipes_)), QStringLiteral("  "), Qt::EditRole));
    QCOMPARE(storage_->conversation(recipes_)->title, QStringLiteral("Desserts"));
  }

  void pinAndUnpin() {
    ConversationListWidget w(*storage_);
    w.selectConversation(budget_);
    auto* pin = w.findChild<QAction*>(QStringLiteral("pinAction"));
    QVERIFY(pin);
    QCOMPARE(pin->text(), QStringLiteral("&Pin"));
    pin->trigger();
    QVERIFY(storage_->conversation(budget_)->pinned);
    QCOMPARE(titles(w).first(), QStringLiteral("Budget 2027"));
    QCOMPARE(w.currentConversation(), budget_);  // the selection follows it
    QCOMPARE(pin->text(), QStringLiteral("Un&pin"));
    pin->trigger();
    QVERIFY(!storage_->conversation(budget_)->pinned);
    QCOMPARE(titles(w).last(), QStringLiteral("Budget 2027"));
  }

  void deleteWithUndo() {
    ConversationListWidget w(*storage_);
    QListView* list = focusList(w, recipes_);
    QVERIFY(list);
    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(titles(w), (QStringList{QStringLiteral("Lease review"), QStringLiteral("Budget 2027")}));
    QCOMPARE(storage_->conversation(recipes_).error().code, StorageErrorCode::NotFound);  // trashed
    QCOMPARE(w.currentConversation(), budget_);  // the neighbour takes its place
    auto* bar = child<QWidget>(w, "undoBar");
    QVERIFY(bar->isVisible());
    QVERIFY(child<QLabel>(w, "undoLabel")->text().contains(QStringLiteral("Recipes")));

    QTest::mouseClick(child<QPushButton>(w, "undoDeleteButton"), Qt::LeftButton);
    QVERIFY(!bar->isVisible());
    QCOMPARE(titles(w).size(), 3);
    QCOMPARE(w.currentConversation(), recipes_);
    TAKE(back, storage_->conversation(recipes_));
    QCOMPARE(back.title, QStringLiteral("Recipes"));
    QCOMPARE(storage_->activePath(recipes_)->size(), 1);  // with its messages

    // Ctrl+Z undoes too; once the bar has gone, the delete stands.
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Delete);
    QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(titles(w).size(), 3);
    w.setUndoTimeout(30);
    w.selectConversation(lease_);
    QTest::keyClick(list, Qt::Key_Delete);
    QTRY_VERIFY(!bar->isVisible());
    QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(titles(w).size(), 2);
    storage_.reset();  // restart: the trash is purged
    TAKE(reopened, Storage::open(dir_.filePath(QStringLiteral("list.sqlite"))));
    QCOMPARE(reopened->conversations()->size(), 2);
    QCOMPARE(reopened->restoreConversation(lease_).error().code, StorageErrorCode::NotFound);
  }

  void searchBoxFiltersByTitleAndMessageText() {
    ConversationListWidget w(*storage_);
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    auto* search = child<QLineEdit>(w, "conversationSearch");
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("custard"));
    QTRY_COMPARE(titles(w), QStringList{QStringLiteral("Recipes")});
    const QString snippet = w.model()->index(0).data(ConversationListModel::SnippetRole).toString();
    QVERIFY2(snippet.contains(QStringLiteral("custard")), qPrintable(snippet));
    search->clear();
    QTest::keyClicks(search, QStringLiteral("lea"));  // a prefix of a title word
    QTRY_COMPARE(titles(w), QStringList{QStringLiteral("Lease review")});
    QTest::keyClick(search, Qt::Key_Down);
    QCOMPARE(QApplication::focusWidget(), child<QListView>(w, "conversationList"));
    QCOMPARE(w.currentConversation(), lease_);
    search->setFocus();
    QTest::keyClick(search, Qt::Key_Escape);
    QTRY_COMPARE(titles(w).size(), 3);
    QTest::keyClicks(search, QStringLiteral("nothing matches this"));
    QTRY_COMPARE(titles(w).size(), 0);
  }
};

QTEST_MAIN(TestConversationList)
#include "test_conversation_list.moc"
