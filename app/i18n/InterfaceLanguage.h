// The interface language: installs Hearth's own translation (":/i18n/hearth_<lang>.qm", compiled from
// translations/*.ts by qt_add_translations) and Qt's (qtbase_<lang>.qm from Qt's translations folder, for
// the buttons and texts of standard dialogs) into the application. English needs no translation.
//
// Called once at start-up, before any widget exists: a change in the settings takes effect after a restart
// (the settings dialog says so), because widgets set their texts once and do not retranslate.
#pragma once

#include <QString>
#include <QStringList>

#include "settings/Settings.h"

class QCoreApplication;

namespace hearth::app {

// The languages Hearth's interface exists in: English (its source texts) and one .ts file each for the rest.
QStringList interfaceLanguages();

// "en", "de" or "fr" for `choice`. System takes the first of the user's preferred UI languages (in order,
// as QLocale::uiLanguages() lists them) that Hearth has, so a user who prefers English over German gets
// English even though only German has a file; English when none matches.
QString chooseInterfaceLanguage(LanguageChoice choice, const QStringList& preferredUiLanguages);

struct InstalledLanguage {
  QString code;               // "en", "de", "fr"
  bool qtTranslated = false;  // Qt's own texts (standard dialog buttons) are translated too
};

// Installs the translators (owned by `app`) for `choice`, with the system's UI languages for System, and
// returns what was installed. An explicit choice also sets the default QLocale to that language, so numbers
// and dates read the way the words around them do.
InstalledLanguage installInterfaceLanguage(QCoreApplication& app, LanguageChoice choice);

}  // namespace hearth::app
