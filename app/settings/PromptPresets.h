// System prompt presets: named texts the user picks per conversation. Stored as one JSON list in the
// settings so that their order and names travel together.
#pragma once

#include <QList>
#include <QString>

namespace hearth::app {

struct PromptPreset {
  QString name;
  QString text;
  bool operator==(const PromptPreset&) const = default;
};

// The presets Hearth starts with, translated.
QList<PromptPreset> builtInPromptPresets();

// JSON text <-> presets. Unreadable text, entries without a name, and repeated names are dropped.
QString encodePromptPresets(const QList<PromptPreset>& presets);
QList<PromptPreset> decodePromptPresets(const QString& json);

}  // namespace hearth::app
