#include "models/ModelFormat.h"

#include <QCoreApplication>
#include <QLocale>
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace hearth::app {

namespace {

// Free functions have no tr(); every literal below is spelled out with its context so lupdate finds it.
QString translated(const char* text) { return QCoreApplication::translate("hearth::app::ModelFormat", text); }

// One row per source: the engine's enum to the name users know the tool by (product names: not translated,
// except the user's own folder).
struct SourceLabel {
  hearth::model::ModelSource source;
  const char* label;
  bool translate;
};
constexpr SourceLabel kSourceLabels[] = {
    {hearth::model::ModelSource::Ollama, "Ollama", false},
    {hearth::model::ModelSource::HuggingFace, "Hugging Face", false},
    {hearth::model::ModelSource::LlamaCpp, "llama.cpp", false},
    {hearth::model::ModelSource::LmStudio, "LM Studio", false},
    {hearth::model::ModelSource::UserFolder, QT_TRANSLATE_NOOP("hearth::app::ModelFormat", "Folder"), true},
};

// One row per error code a model file can have in discovery; others read as the generic last line.
struct ProblemText {
  hearth::ErrorCode code;
  const char* text;
};
constexpr ProblemText kProblems[] = {
    {hearth::ErrorCode::UnsupportedArchitecture,
     QT_TRANSLATE_NOOP("hearth::app::ModelFormat", "Not a Nemotron 3 model")},
    {hearth::ErrorCode::UnsupportedType,
     QT_TRANSLATE_NOOP("hearth::app::ModelFormat", "Uses a weight format Hearth cannot run")},
    {hearth::ErrorCode::MalformedFile, QT_TRANSLATE_NOOP("hearth::app::ModelFormat", "Damaged or incomplete file")},
    {hearth::ErrorCode::IoError, QT_TRANSLATE_NOOP("hearth::app::ModelFormat", "Cannot be read")},
    {hearth::ErrorCode::ShapeMismatch,
     QT_TRANSLATE_NOOP("hearth::app::ModelFormat", "Tensor shapes Hearth does not recognise")},
    {hearth::ErrorCode::MissingTensor, QT_TRANSLATE_NOOP("hearth::app::ModelFormat", "Missing weights Hearth needs")},
};

}  // namespace

QString formatBytes(quint64 bytes) {
  return QLocale().formattedDataSize(static_cast<qint64>(std::min<quint64>(bytes, quint64(INT64_MAX))), 1,
                                     QLocale::DataSizeIecFormat);
}

QString formatParameters(qint64 count) {
  const QLocale locale;
  if (count <= 0) return {};
  if (count >= 1'000'000'000)
    return QCoreApplication::translate("hearth::app::ModelFormat", "%1 B")
        .arg(locale.toString(double(count) / 1e9, 'f', 1));
  if (count >= 1'000'000)
    return QCoreApplication::translate("hearth::app::ModelFormat", "%1 M")
        .arg(locale.toString(double(count) / 1e6, 'f', 1));
  return locale.toString(count);
}

QString formatSpeed(double bytesPerSecond) {
  const QLocale locale;
  const double mb = std::max(0.0, bytesPerSecond) / 1e6;
  if (mb >= 1000.0)
    return QCoreApplication::translate("hearth::app::ModelFormat", "%1 GB/s").arg(locale.toString(mb / 1000.0, 'f', 1));
  return QCoreApplication::translate("hearth::app::ModelFormat", "%1 MB/s")
      .arg(locale.toString(mb, 'f', mb < 10.0 ? 1 : 0));
}

QString formatDuration(double seconds) {
  // Rounded up: a countdown that reads "0 s" while work remains looks stuck.
  const qint64 s = qint64(std::ceil(std::max(0.0, seconds)));
  if (s < 60) return QCoreApplication::translate("hearth::app::ModelFormat", "%1 s").arg(s);
  if (s < 3600)
    return QCoreApplication::translate("hearth::app::ModelFormat", "%1 min %2 s")
        .arg(s / 60)
        .arg(s % 60, 2, 10, QLatin1Char('0'));
  return QCoreApplication::translate("hearth::app::ModelFormat", "%1 h %2 min")
      .arg(s / 3600)
      .arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString formatCount(qint64 count) { return QLocale().toString(count); }

QString modelSourceLabel(hearth::model::ModelSource source) {
  for (const SourceLabel& row : kSourceLabels)
    if (row.source == source) return row.translate ? translated(row.label) : QString::fromLatin1(row.label);
  return {};
}

QString problemSummary(hearth::ErrorCode code) {
  for (const ProblemText& row : kProblems)
    if (row.code == code) return translated(row.text);
  return QCoreApplication::translate("hearth::app::ModelFormat", "Hearth cannot run this file");
}

}  // namespace hearth::app
