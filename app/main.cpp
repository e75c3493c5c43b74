// hearth: the desktop app.
#include <QApplication>
#include <QIcon>
#include <QTimer>

#include "core/build_info.h"
#include "i18n/InterfaceLanguage.h"
#include "settings/Settings.h"
#include "window/MainWindow.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Hearth"));
  QApplication::setOrganizationName(QStringLiteral("Hearth"));
  QApplication::setApplicationVersion(QStringLiteral(HEARTH_VERSION_STRING));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hearth.svg")));

  // Before any widget exists: widgets take their texts when they are built.
  {
    const hearth::app::AppSettings settings;
    hearth::app::installInterfaceLanguage(app, settings.language());
  }

  hearth::app::MainWindow window;
  window.show();

  // HEARTH_SCREENSHOT=file.png: save the window once it has settled, then quit (tests/app/screenshot.sh).
  if (const QString shot = qEnvironmentVariable("HEARTH_SCREENSHOT"); !shot.isEmpty())
    QTimer::singleShot(2000, &window, [&window, shot] { QApplication::exit(window.grab().save(shot) ? 0 : 1); });
  return QApplication::exec();
}
