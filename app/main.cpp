// hearth: the desktop app.
#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QTranslator>

#include "core/build_info.h"
#include "window/MainWindow.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Hearth"));
  QApplication::setOrganizationName(QStringLiteral("Hearth"));
  QApplication::setApplicationVersion(QStringLiteral(HEARTH_VERSION_STRING));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hearth.svg")));

  QTranslator translator;
  if (translator.load(QLocale(), QStringLiteral("hearth"), QStringLiteral("_"), QStringLiteral(":/i18n")))
    QApplication::installTranslator(&translator);

  hearth::app::MainWindow window;
  window.show();
  return QApplication::exec();
}
