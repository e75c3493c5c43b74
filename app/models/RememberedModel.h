// The model chosen last, kept in the settings (SettingKey::LastModelPath / LastModelName) so Hearth can
// offer it, or load it, at the next start.
#pragma once

#include <QString>
#include <optional>

namespace hearth::app {

class AppSettings;

struct ChosenModel {
  QString path;
  QString displayName;
  bool isDemo = false;
  bool operator==(const ChosenModel&) const = default;
};

void rememberModel(AppSettings& settings, const ChosenModel& model);
// The remembered model when its file still exists; isDemo when it is the demo model at `demoPath`.
std::optional<ChosenModel> rememberedModel(const AppSettings& settings, const QString& demoPath);

}  // namespace hearth::app
