#include "engine/BackendChoice.h"

#include <QCoreApplication>
#include <QFile>
#include <QThread>

#include "runtime/model_bundle.h"

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
  BackendChoice choice;
  choice.backend = QString::fromUtf8(runtime::backend_kind_name(bundle.choice.kind).data());
  choice.device = bundle.choice.kind == runtime::BackendKind::Cpu ? processorName()
                                                                  : QString::fromStdString(bundle.choice.device);
  // The engine's reason is in English words with sizes; it is shown as the detail of a translated lead-in.
  const QString why = QString::fromStdString(bundle.choice.reason);
  choice.reason = bundle.choice.kind == runtime::BackendKind::Cuda
                      ? QCoreApplication::translate("BackendChoice", "Running on the GPU: %1").arg(why)
                      : QCoreApplication::translate("BackendChoice", "Running on the processor: %1").arg(why);
  return choice;
}

}  // namespace hearth::app
