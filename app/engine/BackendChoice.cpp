#include "engine/BackendChoice.h"

#include <QCoreApplication>
#include <QFile>
#include <QThread>

#include "backend/device_info.h"
#include "engine/RuntimeIncludes.h"

namespace hearth::app {

QString processorName() {
  QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
  if (cpuinfo.open(QIODevice::ReadOnly | QIODevice::Text)) {
    // "model name\t: AMD EPYC 9654 96-Core Processor" (x86); ARM kernels may have no such line.
    while (!cpuinfo.atEnd()) {
      const QString line = QString::fromUtf8(cpuinfo.readLine());
      if (line.startsWith(QLatin1String("model name"))) {
        const QString name = line.section(QLatin1Char(':'), 1).trimmed();
        if (!name.isEmpty()) return name;
      }
    }
  }
  return QCoreApplication::translate("BackendChoice", "Processor (%1 threads)").arg(QThread::idealThreadCount());
}

BackendChoice backendChoice(const runtime::ModelBundle& bundle) {
  (void)bundle;  // the bundle names its backend once the engine selects one; until then it is the CPU
  BackendChoice choice;
  choice.backend = QStringLiteral("CPU");
  choice.device = processorName();
  const hearth::DeviceReport devices = hearth::query_devices();
  choice.reason = devices.gpus.empty()
                      ? QCoreApplication::translate("BackendChoice", "No usable GPU: %1")
                            .arg(QString::fromStdString(devices.why_no_gpu))
                      : QCoreApplication::translate("BackendChoice", "This build runs models on the processor only");
  return choice;
}

}  // namespace hearth::app
