// The composer on its own: Enter sends, Shift+Enter adds a line, Esc stops (or leaves editing), the button
// says Send or Stop and is off without a model or text, and an edit is submitted as an edit.
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include "chat/Composer.h"

using hearth::app::Composer;
using hearth::app::MessageId;

class TestComposer : public QObject {
  Q_OBJECT

 private:
  static QPlainTextEdit* editor(Composer& c) { return c.findChild<QPlainTextEdit*>(QStringLiteral("composerEdit")); }
  static QPushButton* button(Composer& c) { return c.findChild<QPushButton*>(QStringLiteral("composerSendButton")); }

 private slots:
  void enterSendsShiftEnterAddsALine() {
    Composer c;
    c.setModelReady(true);
    c.show();
    QSignalSpy sent(&c, &Composer::sendRequested);
    QTest::keyClicks(editor(c), QStringLiteral("first line"));
    QTest::keyClick(editor(c), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(editor(c), QStringLiteral("second line"));
    QCOMPARE(sent.size(), 0);
    QCOMPARE(c.text(), QStringLiteral("first line\nsecond line"));
    QTest::keyClick(editor(c), Qt::Key_Return);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().first().toString(), QStringLiteral("first line\nsecond line"));
    QVERIFY(c.text().isEmpty());
    // Enter on the keypad too; blank text is never sent and adds no line.
    QTest::keyClicks(editor(c), QStringLiteral("   "));
    QTest::keyClick(editor(c), Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(c.text(), QStringLiteral("   "));
  }

  void nothingIsSentWithoutAModel() {
    Composer c;
    c.show();
    QSignalSpy sent(&c, &Composer::sendRequested);
    QTest::keyClicks(editor(c), QStringLiteral("hello"));
    QVERIFY(!button(c)->isEnabled());
    QTest::keyClick(editor(c), Qt::Key_Return);
    QCOMPARE(sent.size(), 0);
    QCOMPARE(c.text(), QStringLiteral("hello"));  // kept for when a model is there
    QVERIFY(editor(c)->placeholderText().contains(QStringLiteral("model")));
    c.setModelReady(true);
    QVERIFY(button(c)->isEnabled());
    QTest::mouseClick(button(c), Qt::LeftButton);
    QCOMPARE(sent.size(), 1);
  }

  void theButtonStopsWhileGenerating() {
    Composer c;
    c.setModelReady(true);
    c.show();
    QSignalSpy sent(&c, &Composer::sendRequested);
    QSignalSpy stop(&c, &Composer::stopRequested);
    QCOMPARE(button(c)->text(), QStringLiteral("Send"));
    c.setGenerating(true);
    QCOMPARE(button(c)->text(), QStringLiteral("Stop"));
    QVERIFY(button(c)->isEnabled());
    QVERIFY(!button(c)->accessibleName().isEmpty());
    // The next message can be written meanwhile, but Enter does not send it yet.
    QTest::keyClicks(editor(c), QStringLiteral("next"));
    QTest::keyClick(editor(c), Qt::Key_Return);
    QCOMPARE(sent.size(), 0);
    QTest::keyClick(editor(c), Qt::Key_Escape);
    QCOMPARE(stop.size(), 1);
    QTest::mouseClick(button(c), Qt::LeftButton);
    QCOMPARE(stop.size(), 2);
    c.setGenerating(false);
    QCOMPARE(button(c)->text(), QStringLiteral("Send"));
    QTest::keyClick(editor(c), Qt::Key_Return);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().first().toString(), QStringLiteral("next"));
  }

  void anEditIsSubmittedAsAnEdit() {
    Composer c;
    c.setModelReady(true);
    c.show();
    QSignalSpy sent(&c, &Composer::sendRequested);
    QSignalSpy edited(&c, &Composer::editSubmitted);
    c.beginEdit(42, QStringLiteral("old text"));
    QCOMPARE(c.editing(), MessageId{42});
    QCOMPARE(c.text(), QStringLiteral("old text"));
    QVERIFY(c.findChild<QWidget*>(QStringLiteral("composerEditBar"))->isVisible());
    QTest::keyClicks(editor(c), QStringLiteral(" and more"));
    QTest::keyClick(editor(c), Qt::Key_Return);
    QCOMPARE(sent.size(), 0);
    QCOMPARE(edited.size(), 1);
    QCOMPARE(edited.first().at(0).toLongLong(), 42);
    QCOMPARE(edited.first().at(1).toString(), QStringLiteral("old text and more"));
    QCOMPARE(c.editing(), MessageId{0});
    QVERIFY(!c.findChild<QWidget*>(QStringLiteral("composerEditBar"))->isVisible());
    // Esc leaves an edit without sending anything.
    c.beginEdit(7, QStringLiteral("x"));
    QTest::keyClick(editor(c), Qt::Key_Escape);
    QCOMPARE(c.editing(), MessageId{0});
    QVERIFY(c.text().isEmpty());
    QCOMPARE(edited.size(), 1);
  }
};

QTEST_MAIN(TestComposer)
#include "test_composer.moc"
