#include "i18n/InterfaceLanguage.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace hearth::app {

namespace {
// The locale an explicit choice stands for (numbers and dates follow it).
QLocale localeOf(const QString& code) {
  if (code == QLatin1String("de")) return QLocale(QLocale::German, QLocale::Germany);
  if (code == QLatin1String("fr")) return QLocale(QLocale::French, QLocale::France);
  return QLocale(QLocale::English, QLocale::UnitedStates);
}
}  // namespace

QStringList interfaceLanguages() { return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr")}; }

QString chooseInterfaceLanguage(LanguageChoice choice, const QStringList& preferredUiLanguages) {
  if (choice != LanguageChoice::System) {
    const QString code = languageCode(choice);
    return code.isEmpty() ? QStringLiteral("en") : code;
  }
  const QStringList known = interfaceLanguages();
  for (const QString& ui : preferredUiLanguages) {
    // "de-CH", "fr_CA", "en-GB" all name their language first.
    const QString language = ui.section(u'-', 0, 0).section(u'_', 0, 0).toLower();
    if (known.contains(language)) return language;
  }
  return QStringLiteral("en");
}

InstalledLanguage installInterfaceLanguage(QCoreApplication& app, LanguageChoice choice) {
  InstalledLanguage installed;
  installed.code = chooseInterfaceLanguage(choice, QLocale::system().uiLanguages());
  if (choice != LanguageChoice::System) QLocale::setDefault(localeOf(installed.code));
  if (installed.code == QLatin1String("en")) return installed;

  auto* hearth = new QTranslator(&app);
  if (!hearth->load(QStringLiteral("hearth_") + installed.code, QStringLiteral(":/i18n")) ||
      !QCoreApplication::installTranslator(hearth)) {
    delete hearth;
    installed.code = QStringLiteral("en");
    return installed;  // Qt's texts stay English too, rather than two languages in one dialog
  }
  auto* qt = new QTranslator(&app);
  if (qt->load(QStringLiteral("qtbase_") + installed.code, QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
      QCoreApplication::installTranslator(qt))
    installed.qtTranslated = true;
  else
    delete qt;
  return installed;
}

}  // namespace hearth::app
