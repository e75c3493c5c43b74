#include "engine/EngineError.h"

#include <QCoreApplication>
#include <array>

namespace hearth::app {
namespace {

struct ErrorText {
  ErrorCode code;
  const char* message;  // translated in the "EngineError" context
  const char* hint;     // may be empty
};

// One row per hearth::ErrorCode (Ok has none).
constexpr std::array kErrorTexts{
    ErrorText{ErrorCode::InvalidArgument, QT_TRANSLATE_NOOP("EngineError", "The engine was asked for something it cannot do."),
              QT_TRANSLATE_NOOP("EngineError", "Check the settings (context length, sampling) and try again.")},
    ErrorText{ErrorCode::IoError, QT_TRANSLATE_NOOP("EngineError", "The model file could not be read."),
              QT_TRANSLATE_NOOP("EngineError", "Check that the file still exists, that you may read it, and that the disk is healthy.")},
    ErrorText{ErrorCode::MalformedFile, QT_TRANSLATE_NOOP("EngineError", "The model file is damaged or incomplete."),
              QT_TRANSLATE_NOOP("EngineError", "Download the model again; an interrupted download leaves a truncated file.")},
    ErrorText{ErrorCode::UnsupportedArchitecture, QT_TRANSLATE_NOOP("EngineError", "Hearth cannot run this kind of model."),
              QT_TRANSLATE_NOOP("EngineError", "Hearth runs NVIDIA Nemotron 3 models (Nano and Super) in GGUF format.")},
    ErrorText{ErrorCode::UnsupportedType, QT_TRANSLATE_NOOP("EngineError", "The model uses a weight format Hearth cannot compute."),
              QT_TRANSLATE_NOOP("EngineError", "Choose another quantisation of the same model, such as Q4_K_M or Q8_0.")},
    ErrorText{ErrorCode::ShapeMismatch, QT_TRANSLATE_NOOP("EngineError", "The model's tensors do not have the shapes its header describes."),
              QT_TRANSLATE_NOOP("EngineError", "The file is probably damaged or was converted by a faulty tool; download it again.")},
    ErrorText{ErrorCode::MissingTensor, QT_TRANSLATE_NOOP("EngineError", "The model file lacks weights the model needs."),
              QT_TRANSLATE_NOOP("EngineError", "The file is incomplete or not a Nemotron 3 model; download it again.")},
    ErrorText{ErrorCode::ContextOverflow, QT_TRANSLATE_NOOP("EngineError", "The conversation no longer fits in the context."),
              QT_TRANSLATE_NOOP("EngineError", "Start a new conversation, or raise the context length in Settings.")},
    ErrorText{ErrorCode::OutOfMemory, QT_TRANSLATE_NOOP("EngineError", "There is not enough memory."),
              QT_TRANSLATE_NOOP("EngineError", "Lower the context length in Settings, close other programs, or choose a smaller model.")},
    ErrorText{ErrorCode::DeviceError, QT_TRANSLATE_NOOP("EngineError", "The GPU reported an error."),
              QT_TRANSLATE_NOOP("EngineError", "Update the NVIDIA driver; if it persists, restart Hearth.")},
    ErrorText{ErrorCode::Cancelled, QT_TRANSLATE_NOOP("EngineError", "Cancelled."), ""},
    ErrorText{ErrorCode::NotAvailable, QT_TRANSLATE_NOOP("EngineError", "This is not available in this build of Hearth."),
              QT_TRANSLATE_NOOP("EngineError", "A build with CUDA support is needed for GPU inference.")},
    ErrorText{ErrorCode::BinaryInput, QT_TRANSLATE_NOOP("EngineError", "The input is not text."),
              QT_TRANSLATE_NOOP("EngineError", "Attach text documents only.")},
    ErrorText{ErrorCode::Internal, QT_TRANSLATE_NOOP("EngineError", "Hearth ran into an internal error."),
              QT_TRANSLATE_NOOP("EngineError", "Please report this, with the details, so it can be fixed.")},
};

}  // namespace

EngineError engineError(ErrorCode code) {
  EngineError e;
  e.code = static_cast<int>(code);
  for (const ErrorText& row : kErrorTexts) {
    if (row.code != code) continue;
    e.message = QCoreApplication::translate("EngineError", row.message);
    if (row.hint[0] != '\0') e.hint = QCoreApplication::translate("EngineError", row.hint);
    return e;
  }
  e.message = QCoreApplication::translate("EngineError", "The engine failed (code %1).").arg(e.code);
  return e;
}

EngineError engineError(const hearth::Status& status) {
  EngineError e = engineError(status.code());
  // The engine's words name the tensor, the size or the file: worth showing to whoever reports it.
  if (!status.message().empty() && status.code() != ErrorCode::Cancelled)
    e.message += QLatin1Char('\n') + QString::fromStdString(status.message());
  if (!status.hint().empty() && e.hint.isEmpty()) e.hint = QString::fromStdString(status.hint());
  return e;
}

}  // namespace hearth::app
