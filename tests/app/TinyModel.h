// The synthetic `tiny` Nemotron-H model, written once per test binary into a temporary folder: the engine
// and chat-flow tests load it through the real engine thread.
#pragma once

#include <QString>
#include <QTemporaryDir>

#include "model/synth.h"

namespace hearth::app::test {

// Writes tiny.gguf (seed 1) into `dir`; returns its path, or an empty string (with the reason in `error`).
inline QString synthesizeTinyModel(const QTemporaryDir& dir, QString* error = nullptr) {
  const QString path = dir.filePath(QStringLiteral("tiny.gguf"));
  model::SynthOptions options;
  options.preset = "tiny";
  options.seed = 1;
  if (Status s = model::synthesize(options, path.toStdString()); !s) {
    if (error) *error = QString::fromStdString(s.to_string());
    return {};
  }
  return path;
}

}  // namespace hearth::app::test
