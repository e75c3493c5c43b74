// The model chosen last, kept in the settings (SettingKey::LastModelPath / LastModelName) so Hearth can
// offer it, or load it, at the next start (MainWindow does when SettingKey::OpenLastModelAtStart is on).
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
// The remembered model whether or not its file exists (a moved file, an unplugged drive), so that Hearth can
// say which model it could not find; empty when none was ever chosen. Never isDemo when the file is missing.
std::optional<ChosenModel> rememberedEntry(const AppSettings& settings, const QString& demoPath);

}  // namespace hearth::app
