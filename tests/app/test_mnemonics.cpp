// Keyboard mnemonics (Alt+letter) stay unique in every interface language: within the menu bar, within
// each menu, and within each page of the settings dialog together with its tabs and buttons. A translation
// that gives two items the same letter makes one of them unreachable by that key.
#include <QAbstractButton>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include "i18n/InterfaceLanguage.h"
#include "settings/SettingsDialog.h"
#include "window/MainWindow.h"

using namespace hearth::app;

namespace {

// "&Datei" -> "D"; empty when the text has no mnemonic.
QString mnemonicOf(const QString& text) {
  const QKeySequence key = QKeySequence::mnemonic(text);
  return key.isEmpty() ? QString() : key.toString().section(u'+', -1).toUpper();
}

// The texts in `texts` that share a mnemonic with an earlier one.
QStringList clashes(const QStringList& texts) {
  QHash<QString, QString> seen;
  QStringList out;
  for (const QString& t : texts) {
    const QString m = mnemonicOf(t);
    if (m.isEmpty()) continue;
    if (seen.contains(m)) out << QStringLiteral("%1 / %2 (%3)").arg(seen[m], t, m);
    else seen.insert(m, t);
  }
  return out;
}

}  // namespace

class TestMnemonics : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

  static void uninstallAll() {
    for (QTranslator* t : qApp->findChildren<QTranslator*>()) {
      QCoreApplication::removeTranslator(t);
      delete t;
    }
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
  }
  void cleanup() { uninstallAll(); }

  void unique_data() {
    QTest::addColumn<int>("language");
    QTest::newRow("English") << int(LanguageChoice::English);
    QTest::newRow("German") << int(LanguageChoice::German);
    QTest::newRow("French") << int(LanguageChoice::French);
  }

  void unique() {
    QFETCH(int, language);
    installInterfaceLanguage(*qApp, static_cast<LanguageChoice>(language));
    QSettings ini(dir_.filePath(QStringLiteral("%1.ini").arg(language)), QSettings::IniFormat);
    AppSettings settings(&ini);
    QStringList problems;

    {
      MainWindow window({dir_.filePath(QStringLiteral("%1.sqlite").arg(language)), &settings});
      QStringList titles;
      for (QMenu* menu : window.menuBar()->findChildren<QMenu*>(Qt::FindDirectChildrenOnly)) {
        titles << menu->title();
        QStringList items;
        for (QAction* a : menu->actions())
          if (!a->isSeparator()) items << a->text();
        QVERIFY2(!items.isEmpty(), qPrintable(menu->title()));
        problems << clashes(items);
      }
      QVERIFY(titles.size() >= 3);
      if (language != int(LanguageChoice::English)) QVERIFY2(!titles.contains(QStringLiteral("&File")), "not translated");
      problems << clashes(titles);
    }

    SettingsDialog dialog(settings);
    auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("settingsTabs"));
    QVERIFY(tabs);
    QStringList shared;  // reachable from every page: the tabs and the dialog's buttons
    for (int i = 0; i < tabs->count(); ++i) shared << tabs->tabText(i);
    for (QAbstractButton* b : dialog.findChildren<QAbstractButton*>())
      if (!tabs->isAncestorOf(b)) shared << b->text();
    for (int i = 0; i < tabs->count(); ++i) {
      QStringList page = shared;
      for (QLabel* l : tabs->widget(i)->findChildren<QLabel*>())
        if (l->buddy()) page << l->text();
      for (QAbstractButton* b : tabs->widget(i)->findChildren<QAbstractButton*>()) page << b->text();
      problems << clashes(page);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
  }

  void clashesAreFound() {
    QCOMPARE(clashes({QStringLiteral("&Datei"), QStringLiteral("&Drucken"), QStringLiteral("Hilfe")}).size(), 1);
    QVERIFY(clashes({QStringLiteral("&Datei"), QStringLiteral("&Hilfe"), QStringLiteral("Fish && Chips")}).isEmpty());
    QCOMPARE(mnemonicOf(QStringLiteral("Modell ö&ffnen…")), QStringLiteral("F"));
  }
};

QTEST_MAIN(TestMnemonics)
#include "test_mnemonics.moc"
