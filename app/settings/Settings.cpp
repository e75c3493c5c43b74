#include "settings/Settings.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace hearth::app {

namespace {

// The one table. Sampling defaults are NVIDIA's recommendation for Nemotron 3 (temperature 1.0, top-p
// 0.95, nothing else); the neutral value of each other sampler switches it off.
const SettingSpec kSpecs[] = {
    {SettingKey::Temperature, "sampling/temperature", SettingKind::Real, 1.0, 0.0, 2.0},
    {SettingKey::TopP, "sampling/topP", SettingKind::Real, 0.95, 0.0, 1.0},
    {SettingKey::TopK, "sampling/topK", SettingKind::Integer, 0, 0, 1000},
    {SettingKey::MinP, "sampling/minP", SettingKind::Real, 0.0, 0.0, 1.0},
    {SettingKey::RepetitionPenalty, "sampling/repetitionPenalty", SettingKind::Real, 1.0, 1.0, 2.0},
    {SettingKey::PresencePenalty, "sampling/presencePenalty", SettingKind::Real, 0.0, -2.0, 2.0},
    // Reasoning answers are long: the limit is a runaway guard, not a length preference.
    {SettingKey::MaxTokens, "sampling/maxTokens", SettingKind::Integer, 16384, 1, 1048576},
    // 64k tokens keep the KV cache of attention layers modest; Nemotron 3 accepts up to 1M.
    {SettingKey::ContextLength, "model/contextLength", SettingKind::Integer, 65536, 2048, 1048576},
    {SettingKey::DefaultThinkingMode, "model/defaultThinkingMode", SettingKind::Enum,
     static_cast<int>(ThinkingMode::On), 0, 2},
    // Empty: the built-in presets (translated when read, so they follow the interface language).
    {SettingKey::SystemPromptPresets, "prompts/presets", SettingKind::Text, QString(), 0, 0},
    // Empty: the first preset.
    {SettingKey::ActivePromptPreset, "prompts/active", SettingKind::Text, QString(), 0, 0},
    {SettingKey::Theme, "appearance/theme", SettingKind::Enum, static_cast<int>(ThemeChoice::System), 0, 2},
    {SettingKey::InterfaceLanguage, "appearance/language", SettingKind::Enum, static_cast<int>(LanguageChoice::System),
     0, 3},
    // Empty: no model chosen yet.
    {SettingKey::LastModelPath, "model/lastPath", SettingKind::Text, QString(), 0, 0},
    {SettingKey::LastModelName, "model/lastName", SettingKind::Text, QString(), 0, 0},
    {SettingKey::ModelFolders, "model/folders", SettingKind::Text, QString(), 0, 0},
    // On: most people use one model, and reopening it by hand at every start is a chore.
    {SettingKey::OpenLastModelAtStart, "model/openLastAtStart", SettingKind::Bool, true, 0, 0},
};
static_assert(std::size(kSpecs) == static_cast<size_t>(SettingKey::Count), "one row per SettingKey");

}  // namespace

// Rows are in enum order (test_settings checks), so a key indexes its row.
std::span<const SettingSpec> settingSpecs() { return kSpecs; }

const SettingSpec& settingSpec(SettingKey key) { return settingSpecs()[static_cast<size_t>(key)]; }

QString languageCode(LanguageChoice language) {
  switch (language) {
    case LanguageChoice::System: return {};
    case LanguageChoice::English: return QStringLiteral("en");
    case LanguageChoice::German: return QStringLiteral("de");
    case LanguageChoice::French: return QStringLiteral("fr");
  }
  return {};
}

QVariant normalizedSetting(const SettingSpec& spec, const QVariant& value) {
  if (!value.isValid()) return spec.defaultValue;
  bool ok = false;
  switch (spec.kind) {
    case SettingKind::Real: {
      const double v = value.toDouble(&ok);
      if (!ok || !std::isfinite(v)) return spec.defaultValue;
      return std::clamp(v, spec.minimum, spec.maximum);
    }
    case SettingKind::Integer: {
      const qlonglong v = value.toLongLong(&ok);
      if (!ok) return spec.defaultValue;
      return static_cast<int>(std::clamp(static_cast<double>(v), spec.minimum, spec.maximum));
    }
    case SettingKind::Enum: {
      const int v = value.toInt(&ok);
      if (!ok || v < spec.minimum || v > spec.maximum) return spec.defaultValue;
      return v;
    }
    case SettingKind::Text:
      return value.canConvert<QString>() ? QVariant(value.toString()) : spec.defaultValue;
    case SettingKind::Bool: {
      // An ini file stores "true"/"false"; anything else (QVariant::toBool reads "yes" as true) is unusable.
      if (value.typeId() == QMetaType::Bool) return value;
      const QString text = value.toString().trimmed().toLower();
      if (text == QLatin1String("true") || text == QLatin1String("1")) return true;
      if (text == QLatin1String("false") || text == QLatin1String("0")) return false;
      return spec.defaultValue;
    }
  }
  return spec.defaultValue;
}

AppSettings::AppSettings() : settings_(new QSettings()), owned_(true) {}
AppSettings::AppSettings(QSettings* settings) : settings_(settings), owned_(false) {}
AppSettings::~AppSettings() {
  if (owned_) delete settings_;
}

QVariant AppSettings::value(SettingKey key) const {
  const SettingSpec& spec = settingSpec(key);
  return normalizedSetting(spec, settings_->value(QLatin1String(spec.name)));
}

QVariant AppSettings::setValue(SettingKey key, const QVariant& value) {
  const SettingSpec& spec = settingSpec(key);
  const QVariant stored = normalizedSetting(spec, value);
  // A value equal to the default is removed, so that a better default in a later Hearth reaches the user.
  if (stored == spec.defaultValue) settings_->remove(QLatin1String(spec.name));
  else settings_->setValue(QLatin1String(spec.name), stored);
  return stored;
}

void AppSettings::reset(SettingKey key) { settings_->remove(QLatin1String(settingSpec(key).name)); }
void AppSettings::sync() { settings_->sync(); }

SamplingSettings AppSettings::sampling() const {
  SamplingSettings s;
  s.temperature = value(SettingKey::Temperature).toDouble();
  s.topP = value(SettingKey::TopP).toDouble();
  s.topK = value(SettingKey::TopK).toInt();
  s.minP = value(SettingKey::MinP).toDouble();
  s.repetitionPenalty = value(SettingKey::RepetitionPenalty).toDouble();
  s.presencePenalty = value(SettingKey::PresencePenalty).toDouble();
  s.maxTokens = value(SettingKey::MaxTokens).toInt();
  return s;
}

ThinkingMode AppSettings::defaultThinkingMode() const {
  return static_cast<ThinkingMode>(value(SettingKey::DefaultThinkingMode).toInt());
}
ThemeChoice AppSettings::theme() const { return static_cast<ThemeChoice>(value(SettingKey::Theme).toInt()); }
LanguageChoice AppSettings::language() const {
  return static_cast<LanguageChoice>(value(SettingKey::InterfaceLanguage).toInt());
}

QList<PromptPreset> AppSettings::promptPresets() const {
  const QString json = value(SettingKey::SystemPromptPresets).toString();
  return json.isEmpty() ? builtInPromptPresets() : decodePromptPresets(json);
}

void AppSettings::setPromptPresets(const QList<PromptPreset>& presets) {
  setValue(SettingKey::SystemPromptPresets, presets == builtInPromptPresets() ? QString() : encodePromptPresets(presets));
}

QString AppSettings::activeSystemPrompt() const {
  const QList<PromptPreset> presets = promptPresets();
  const QString active = value(SettingKey::ActivePromptPreset).toString();
  for (const PromptPreset& p : presets)
    if (p.name == active) return p.text;
  return active.isEmpty() && !presets.isEmpty() ? presets.first().text : QString();
}

}  // namespace hearth::app
