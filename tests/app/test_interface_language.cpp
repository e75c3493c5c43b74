// The interface language: which language each setting picks (System follows the user's order of preferred
// languages, English included), and that installing one really translates Hearth's texts from the compiled
// .qm resources and Qt's own from Qt's translations folder.
#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QTest>
#include <QTranslator>

#include "InstalledTranslators.h"
#include "i18n/InterfaceLanguage.h"

using namespace hearth::app;

class TestInterfaceLanguage : public QObject {
  Q_OBJECT

  static void uninstallAll() {
    hearth_test::removeInstalledTranslators();
    QLocale::setDefault(QLocale::c());
  }

 private slots:
  void cleanup() { uninstallAll(); }

  void choose_data() {
    QTest::addColumn<int>("choice");
    QTest::addColumn<QStringList>("preferred");
    QTest::addColumn<QString>("expected");
    const int system = int(LanguageChoice::System);
    QTest::newRow("system German") << system << QStringList{"de-DE", "en-US"} << "de";
    QTest::newRow("system Swiss German") << system << QStringList{"de-CH"} << "de";
    QTest::newRow("system Canadian French, underscore") << system << QStringList{"fr_CA"} << "fr";
    // English is Hearth's own language: preferring it over German must not pick German just because
    // only German has a translation file.
    QTest::newRow("system English before German") << system << QStringList{"en-GB", "de-DE"} << "en";
    QTest::newRow("system Italian then French") << system << QStringList{"it-IT", "fr-FR"} << "fr";
    QTest::newRow("system unknown only") << system << QStringList{"ja-JP"} << "en";
    QTest::newRow("system nothing") << system << QStringList{} << "en";
    QTest::newRow("German over a French system") << int(LanguageChoice::German) << QStringList{"fr-FR"} << "de";
    QTest::newRow("French over a German system") << int(LanguageChoice::French) << QStringList{"de-DE"} << "fr";
    QTest::newRow("English over a German system") << int(LanguageChoice::English) << QStringList{"de-DE"} << "en";
  }

  void choose() {
    QFETCH(int, choice);
    QFETCH(QStringList, preferred);
    QFETCH(QString, expected);
    QCOMPARE(chooseInterfaceLanguage(static_cast<LanguageChoice>(choice), preferred), expected);
  }

  void installs_data() {
    QTest::addColumn<int>("choice");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("copy");       // ChatView's "Copy"
    QTest::addColumn<QString>("settings");   // SettingsDialog's "Settings"
    QTest::addColumn<QString>("qtCancel");   // QPlatformTheme's "Cancel" (Qt's own catalogue)
    QTest::addColumn<int>("locale");
    QTest::newRow("German") << int(LanguageChoice::German) << "de" << "Kopieren" << "Einstellungen" << "Abbrechen"
                            << int(QLocale::German);
    QTest::newRow("French") << int(LanguageChoice::French) << "fr" << "Copier" << "Paramètres" << "Annuler"
                            << int(QLocale::French);
    QTest::newRow("English") << int(LanguageChoice::English) << "en" << "Copy" << "Settings" << "Cancel"
                             << int(QLocale::English);
  }

  void installs() {
    QFETCH(int, choice);
    QFETCH(QString, code);
    QFETCH(QString, copy);
    QFETCH(QString, settings);
    QFETCH(QString, qtCancel);
    QFETCH(int, locale);
    const InstalledLanguage installed = installInterfaceLanguage(*qApp, static_cast<LanguageChoice>(choice));
    QCOMPARE(installed.code, code);
    QCOMPARE(int(QLocale().language()), locale);
    QCOMPARE(QCoreApplication::translate("hearth::app::ChatView", "Copy"), copy);
    QCOMPARE(QCoreApplication::translate("hearth::app::SettingsDialog", "Settings"), settings);
    // Qt's catalogue is optional (a distribution may leave it out); where it is installed it is used.
    const bool qtCatalogue = code != QLatin1String("en") &&
        QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_%1.qm").arg(code));
    QCOMPARE(installed.qtTranslated, qtCatalogue);
    if (qtCatalogue) QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), qtCancel);
  }
};

QTEST_GUILESS_MAIN(TestInterfaceLanguage)
#include "test_interface_language.moc"
