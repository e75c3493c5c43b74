#include "models/DemoModel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace hearth::app {

QString demoModelPath() {
  QStringList candidates;
  // applicationDirPath needs a QCoreApplication; the installed layout is <prefix>/bin and <prefix>/share.
  if (QCoreApplication::instance())
    candidates << QDir(QCoreApplication::applicationDirPath())
                      .filePath(QStringLiteral("../share/hearth/") + QLatin1String(kDemoModelFileName));
#ifdef HEARTH_DEMO_MODEL_BUILD_PATH
  candidates << QStringLiteral(HEARTH_DEMO_MODEL_BUILD_PATH);
#endif
  for (const QString& path : candidates) {
    const QFileInfo file(path);
    if (file.isFile()) return file.canonicalFilePath();
  }
  return {};
}

QString demoModelDisplayName() {
  return QCoreApplication::translate("hearth::app::DemoModel",
                                     "Demo model — random weights, produces gibberish; for trying the app");
}

QString demoModelDescription() {
  return QCoreApplication::translate(
      "hearth::app::DemoModel",
      "A tiny model with random weights, built with Hearth. Its answers are gibberish: it is there so you can "
      "try the app before you have a real model.");
}

}  // namespace hearth::app
