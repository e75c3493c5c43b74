#include "engine/BackendChoice.h"

#include <QCoreApplication>
#include <QFile>
#include <QThread>

#include "models/ModelFormat.h"
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

QString noGpuText(hearth::NoGpuCause cause, const QString& cudaError) {
  switch (cause) {
    case hearth::NoGpuCause::None:
      return {};
    case hearth::NoGpuCause::NoCudaInBuild:
      return QCoreApplication::translate("BackendChoice", "This build of Hearth has no CUDA support.");
    case hearth::NoGpuCause::NoDriver:
      return QCoreApplication::translate("BackendChoice", "No CUDA driver is installed.");
    case hearth::NoGpuCause::NoDevice:
      if (cudaError.isEmpty()) return QCoreApplication::translate("BackendChoice", "No CUDA device was found.");
      //: %1 is the CUDA runtime's own error message, in English (e.g. "all CUDA-capable devices are busy or
      //: unavailable").
      return QCoreApplication::translate("BackendChoice", "No CUDA device can be used (%1).").arg(cudaError);
    case hearth::NoGpuCause::DeviceQueryFailed:
      return QCoreApplication::translate("BackendChoice", "The CUDA devices could not be queried.");
  }
  return {};
}

QString backendReasonText(const runtime::BackendReason& reason) {
  using Kind = runtime::BackendReasonKind;
  const QString gpu = QString::fromStdString(reason.gpu);
  const QString detail = QString::fromStdString(reason.detail);
  switch (reason.kind) {
    case Kind::FitsOnGpu:
      //: %1 is a number of tokens ("8,257"), %2 the memory the model needs ("44.0 GiB"), %3 the GPU's name
      //: ("NVIDIA H200"), %4 the GPU's free memory ("139.3 GiB").
      return QCoreApplication::translate(
                 "BackendChoice",
                 "The model and a context of %1 tokens need %2, and %3 has %4 free, so the model runs on the GPU.")
          .arg(formatCount(reason.context_tokens), formatBytes(reason.bytes_needed), gpu,
               formatBytes(reason.bytes_free));
    case Kind::DoesNotFitOnGpu:
      //: %1 is a number of tokens ("8,257"), %2 the memory the model needs ("44.0 GiB"), %3 the GPU's name
      //: ("NVIDIA GeForce RTX 4090"), %4 the GPU's free memory ("22.1 GiB").
      return QCoreApplication::translate("BackendChoice",
                                         "The model and a context of %1 tokens need %2, but %3 has only %4 free, "
                                         "so the model runs on the processor.")
          .arg(formatCount(reason.context_tokens), formatBytes(reason.bytes_needed), gpu,
               formatBytes(reason.bytes_free));
    case Kind::CpuRequested:
      return QCoreApplication::translate("BackendChoice",
                                         "The model runs on the processor because the CPU backend was asked for.");
    case Kind::NoUsableGpu:
      return noGpuText(reason.no_gpu, detail);
    case Kind::GpuLoadFailed:
      //: %1 is the GPU's name ("NVIDIA GeForce RTX 4090"); %2 the engine's error message, in English.
      return QCoreApplication::translate("BackendChoice",
                                         "Loading the model onto %1 failed (%2), so it runs on the processor.")
          .arg(gpu, detail);
  }
  return {};
}

BackendChoice backendChoice(const runtime::ModelBundle& bundle) {
  BackendChoice choice;
  choice.backend = QString::fromUtf8(runtime::backend_kind_name(bundle.choice.kind).data());
  choice.device = bundle.choice.kind == runtime::BackendKind::Cpu ? processorName()
                                                                  : QString::fromStdString(bundle.choice.device);
  choice.reason = backendReasonText(bundle.choice.why);
  return choice;
}

}  // namespace hearth::app
