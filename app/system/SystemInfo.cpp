#include "system/SystemInfo.h"

#include <ksyntaxhighlighting_version.h>
#include <sqlite3.h>

#include <QtGlobal>

#include "core/build_info.h"

namespace hearth::app {

SystemInfo collectSystemInfo(const hearth::DeviceReport& devices) {
  SystemInfo info;
  info.hearthVersion = QStringLiteral(HEARTH_VERSION_STRING);
  info.qtVersion = QString::fromLatin1(qVersion());
  if (info.qtVersion != QLatin1String(QT_VERSION_STR))
    info.qtVersion += QStringLiteral(" (built with %1)").arg(QLatin1String(QT_VERSION_STR));
  info.syntaxHighlightingVersion = QStringLiteral(SyntaxHighlighting_VERSION_STRING);
  info.sqliteVersion = QString::fromLatin1(sqlite3_libversion());
  if (devices.built_with_cuda) {
    info.cudaRuntimeVersion = QString::fromStdString(hearth::format_cuda_version(devices.runtime_version));
    if (devices.driver_version > 0)
      info.cudaDriverVersion = QString::fromStdString(hearth::format_cuda_version(devices.driver_version));
  }
  info.devices = devices;
  return info;
}

}  // namespace hearth::app
