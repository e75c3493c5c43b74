// Accessibility and keyboard use of the chat view and the conversation list: every control a keyboard
// user can reach has a name an assistive technology can read, the list explains its shortcuts, a deletion
// is announced, and Tab in the chat view walks only the links on screen (then leaves it), with Enter
// following the selected one. ctest runs this twice, the second time at QT_SCALE_FACTOR=2 (high DPI).
#include <QAccessible>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <algorithm>

#include "chat/ChatView.h"
#include "chat/ConversationListWidget.h"
#include "storage_test_support.h"

using namespace hearth::app;

namespace {

// The links each message carries: copy, and regenerate (answers) or edit (questions).
const QRegularExpression kMessageLinks(QStringLiteral("^(copymsg|regen|edit):\\d+$"));

QString accessibleName(QWidget* w) {
  QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(w);
  return iface ? iface->text(QAccessible::Name) : QString();
}

// The link the chat view's cursor has selected (Tab selects a link's text), or empty.
QString selectedHref(const ChatView& view) {
  const QTextCursor c = view.textCursor();
  if (!c.hasSelection()) return {};
  QTextCursor inside(view.document());
  inside.setPosition(c.selectionStart() + 1);
  return inside.charFormat().anchorHref();
}

}  // namespace

class TestAccessibility : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<Storage> storage_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    qInfo() << "device pixel ratio" << qApp->devicePixelRatio();
  }

  void init() {
    const QString path = dir_.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction()));
    QFile::remove(path);
    auto opened = Storage::open(path);
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error().detail));
    storage_ = std::move(*opened);
  }

  void conversationListControlsAreNamed() {
    ConversationListWidget list(*storage_);
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    list.createConversation();
    const QStringList expected{QStringLiteral("conversationSearch"), QStringLiteral("newConversationButton"),
                               QStringLiteral("conversationList")};
    QStringList reachable;
    for (QWidget* w : list.findChildren<QWidget*>()) {
      if (!w->isVisible() || !(w->focusPolicy() & Qt::TabFocus)) continue;
      reachable << w->objectName();
      QVERIFY2(!accessibleName(w).isEmpty(), qPrintable(w->objectName()));
    }
    for (const QString& name : expected) QVERIFY2(reachable.contains(name), qPrintable(name));
    auto* view = list.findChild<QListView*>(QStringLiteral("conversationList"));
    QCOMPARE(accessibleName(view), QStringLiteral("Conversations"));
    // The shortcuts are spelled out for someone who cannot see the context menu.
    const QString description = view->accessibleDescription();
    QVERIFY2(description.contains(QStringLiteral("F2")) && description.contains(QStringLiteral("Ctrl+Shift+P")),
             qPrintable(description));
    QVERIFY(!description.contains(QLatin1Char('%')));
  }

  void tabOrderOfTheList() {
    ConversationListWidget list(*storage_);
    list.show();
    QVERIFY(QTest::qWaitForWindowActive(&list));
    list.createConversation();
    auto* search = list.findChild<QLineEdit*>(QStringLiteral("conversationSearch"));
    search->setFocus();
    QStringList order;
    for (int i = 0; i < 3; ++i) {
      QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
      order << QApplication::focusWidget()->objectName();
    }
    QCOMPARE(order, (QStringList{QStringLiteral("newConversationButton"), QStringLiteral("conversationList"),
                                 QStringLiteral("conversationSearch")}));
  }

  void deletingShowsANamedUndoBar() {
    ConversationListWidget list(*storage_);
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    list.createConversation();
    list.deleteCurrent();
    auto* bar = list.findChild<QWidget*>(QStringLiteral("undoBar"));
    QVERIFY(bar->isVisible());
    QVERIFY(!accessibleName(bar).isEmpty());
    auto* undo = list.findChild<QPushButton*>(QStringLiteral("undoDeleteButton"));
    QCOMPARE(accessibleName(undo), QStringLiteral("Undo delete"));
  }

  void chatViewIsNamedAndDescribed() {
    ChatView view(*storage_);
    QCOMPARE(accessibleName(&view), QStringLiteral("Conversation"));
    QVERIFY(view.accessibleDescription().contains(QStringLiteral("Tab")));
    QVERIFY(view.focusPolicy() & Qt::TabFocus);
  }

  // Tab in a long conversation stops at the links on screen only, then moves on to the next control.
  void tabWalksTheLinksOnScreenThenLeaves() {
    TAKE(c, storage_->createConversation(QStringLiteral("Long")));
    MessageId parent = 0;
    for (int i = 0; i < 80; ++i) {
      TAKE(m, storage_->addMessage({c.id, parent, i % 2 ? Role::Assistant : Role::User,
                                    QStringLiteral("Message number %1.").arg(i), {}, MessageStatus::Complete, {}}));
      parent = m.id;
    }
    QWidget window;
    auto* before = new QLineEdit(&window);
    before->setObjectName(QStringLiteral("before"));
    auto* view = new ChatView(*storage_, &window);
    auto* after = new QPushButton(QStringLiteral("After"), &window);
    after->setObjectName(QStringLiteral("after"));
    auto* layout = new QHBoxLayout(&window);
    layout->addWidget(before);
    layout->addWidget(view, 1);
    layout->addWidget(after);
    window.resize(700, 400);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    view->showConversation(c.id);
    QScrollBar* bar = view->verticalScrollBar();
    QVERIFY(bar->maximum() > 0);  // longer than the view: most links are off screen
    const int scroll = bar->value();
    QCOMPARE(scroll, bar->maximum());  // a conversation opens at its end

    before->setFocus();
    QTest::keyClick(before, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), view);
    QStringList visited;
    int presses = 0;
    while (QApplication::focusWidget() == view && presses < 200) {
      QTest::keyClick(view, Qt::Key_Tab);
      ++presses;
      if (QApplication::focusWidget() != view) break;
      const QString href = selectedHref(*view);
      QVERIFY2(kMessageLinks.match(href).hasMatch(), qPrintable(href));
      // Only links that were on screen, and the view never jumped away from where the reader was.
      QVERIFY(view->viewport()->rect().intersects(view->cursorRect()));
      QCOMPARE(bar->value(), scroll);
      visited << href;
    }
    QCOMPARE(QApplication::focusWidget(), after);
    // A 400-pixel view shows a few messages of the 80: a handful of stops, not 80.
    QVERIFY2(!visited.isEmpty() && visited.size() < 20, qPrintable(visited.join(u' ')));
    QCOMPARE(visited.size(), QSet<QString>(visited.cbegin(), visited.cend()).size());
    QCOMPARE(visited.last().section(u':', 1).toLongLong(), parent);  // the last message's links come last

    // Back in, and Enter follows the selected link: the message is copied.
    QTest::keyClick(after, Qt::Key_Backtab);
    QCOMPARE(QApplication::focusWidget(), view);
    // Back through the last message's links to its Copy link.
    for (int i = 0; i < 4 && !selectedHref(*view).startsWith(QLatin1String("copymsg:")); ++i)
      QTest::keyClick(view, Qt::Key_Backtab);
    const QString href = selectedHref(*view);
    QVERIFY2(href.startsWith(QLatin1String("copymsg:")), qPrintable(href));
    const MessageId id = href.section(u':', 1).toLongLong();
    const auto message = std::find_if(view->messages().cbegin(), view->messages().cend(),
                                      [id](const Message& m) { return m.id == id; });
    QVERIFY(message != view->messages().cend());
    QGuiApplication::clipboard()->clear();
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(QGuiApplication::clipboard()->text(), message->content);
    QCOMPARE(bar->value(), scroll);
  }

  // Links carry a title: the tooltip, and what a screen reader can say instead of "‹".
  void versionArrowsHaveTitles() {
    TAKE(c, storage_->createConversation(QStringLiteral("Branches")));
    TAKE(u, storage_->addMessage({c.id, 0, Role::User, QStringLiteral("Hi"), {}, MessageStatus::Complete, {}}));
    TAKE(a, storage_->addMessage({c.id, u.id, Role::Assistant, QStringLiteral("One"), {}, MessageStatus::Complete, {}}));
    TAKE(b, storage_->regenerate(a.id));
    QVERIFY_STORED(storage_->finishMessage(b.id, MessageStatus::Complete, {}));
    ChatView view(*storage_);
    view.showConversation(c.id);
    QStringList tips;
    for (QTextBlock block = view.document()->begin(); block.isValid(); block = block.next())
      for (auto it = block.begin(); !it.atEnd(); ++it)
        if (it.fragment().charFormat().isAnchor()) tips << it.fragment().charFormat().toolTip();
    QVERIFY2(tips.contains(QStringLiteral("Previous version")), qPrintable(tips.join(u'|')));
    QVERIFY(tips.contains(QStringLiteral("Copy this message as Markdown")));
    Q_UNUSED(b);
  }
};

QTEST_MAIN(TestAccessibility)
#include "test_accessibility.moc"
