// Every user setting in one enum and one table: the QSettings name (stored: never rename), the default,
// the allowed range, and the kind of value. Reading goes through the table, so a missing, malformed or
// out-of-range stored value reads as the default (or the nearest bound) instead of reaching the engine.
#pragma once

#include <QSettings>
#include <QString>
#include <QVariant>
#include <span>

#include "settings/PromptPresets.h"
#include "storage/StorageTypes.h"

namespace hearth::app {

// Not stored (the table's names are); order is the table's order.
enum class SettingKey : int {
  Temperature,
  TopP,
  TopK,               // 0 = off
  MinP,               // 0 = off
  RepetitionPenalty,  // 1 = off
  PresencePenalty,    // 0 = off
  MaxTokens,
  ContextLength,
  DefaultThinkingMode,  // ThinkingMode, stored as its number
  SystemPromptPresets,  // JSON list of {name, text}; see PromptPresets.h
  ActivePromptPreset,   // the name of the preset new conversations start with
  Theme,                // ThemeChoice
  InterfaceLanguage,    // LanguageChoice
  LastModelPath,        // the model chosen last (a file path; the demo model's path when it was the demo)
  LastModelName,        // its display name, as the picker showed it
  ModelFolders,         // extra folders the picker scans, one absolute path per line
  OpenLastModelAtStart,  // load the remembered model (LastModelPath) when Hearth starts
  Count
};

// Stored: never renumber.
enum class ThemeChoice : int { System = 0, Light = 1, Dark = 2 };
// Stored: never renumber.
enum class LanguageChoice : int { System = 0, English = 1, German = 2, French = 3 };

enum class SettingKind { Real, Integer, Enum, Text, Bool };

struct SettingSpec {
  SettingKey key;
  const char* name;  // the QSettings key; stored: never rename
  SettingKind kind;
  QVariant defaultValue;
  double minimum = 0;  // Real/Integer: the allowed range; Enum: the valid numbers; Text/Bool: unused
  double maximum = 0;
};

std::span<const SettingSpec> settingSpecs();
const SettingSpec& settingSpec(SettingKey key);

// "de", "fr", "en", or empty for the system language: the suffix of the translation file to load.
QString languageCode(LanguageChoice language);

// The sampling values the engine needs for one generation.
struct SamplingSettings {
  double temperature = 1.0;
  double topP = 0.95;
  int topK = 0;
  double minP = 0.0;
  double repetitionPenalty = 1.0;
  double presencePenalty = 0.0;
  int maxTokens = 0;
  bool operator==(const SamplingSettings&) const = default;
};

// Typed access to the settings over a QSettings (the application's by default).
class AppSettings {
 public:
  AppSettings();  // QSettings() with the application's organisation and name
  explicit AppSettings(QSettings* settings);  // not owned; tests give an ini file
  ~AppSettings();
  AppSettings(const AppSettings&) = delete;
  AppSettings& operator=(const AppSettings&) = delete;

  // The stored value checked against the table: the default when missing or unusable, clamped to range.
  QVariant value(SettingKey key) const;
  // Stores a value after the same check; returns what was stored.
  QVariant setValue(SettingKey key, const QVariant& value);
  void reset(SettingKey key);
  bool isDefault(SettingKey key) const { return value(key) == settingSpec(key).defaultValue; }
  void sync();

  SamplingSettings sampling() const;
  ThinkingMode defaultThinkingMode() const;
  ThemeChoice theme() const;
  LanguageChoice language() const;
  QList<PromptPreset> promptPresets() const;
  void setPromptPresets(const QList<PromptPreset>& presets);
  // The active preset's text; empty when the preset no longer exists.
  QString activeSystemPrompt() const;

 private:
  QSettings* settings_;
  bool owned_;
};

// Validates `value` for `spec`: the default when it cannot be read as the right kind, clamped to range.
QVariant normalizedSetting(const SettingSpec& spec, const QVariant& value);

}  // namespace hearth::app
