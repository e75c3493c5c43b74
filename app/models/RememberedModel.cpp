#include "models/RememberedModel.h"

#include <QFileInfo>

#include "models/DemoModel.h"
#include "settings/Settings.h"

namespace hearth::app {

void rememberModel(AppSettings& settings, const ChosenModel& model) {
  settings.setValue(SettingKey::LastModelPath, model.path);
  settings.setValue(SettingKey::LastModelName, model.displayName);
}

std::optional<ChosenModel> rememberedModel(const AppSettings& settings, const QString& demoPath) {
  std::optional<ChosenModel> m = rememberedEntry(settings, demoPath);
  if (!m || !QFileInfo(m->path).isFile()) return std::nullopt;
  return m;
}

std::optional<ChosenModel> rememberedEntry(const AppSettings& settings, const QString& demoPath) {
  ChosenModel m;
  m.path = settings.value(SettingKey::LastModelPath).toString();
  if (m.path.isEmpty()) return std::nullopt;
  // Two missing files have the same (empty) canonical path: only a file that is there can be the demo.
  m.isDemo = !demoPath.isEmpty() && QFileInfo(m.path).isFile() &&
             QFileInfo(m.path).canonicalFilePath() == QFileInfo(demoPath).canonicalFilePath();
  // The demo's name follows the interface language; others keep the name the picker showed.
  m.displayName = m.isDemo ? demoModelDisplayName() : settings.value(SettingKey::LastModelName).toString();
  if (m.displayName.isEmpty()) m.displayName = QFileInfo(m.path).fileName();
  return m;
}

}  // namespace hearth::app
