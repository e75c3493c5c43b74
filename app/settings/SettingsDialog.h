// The settings dialog: sampling, system prompt presets, model defaults, appearance and language. Every
// editor reads from and writes to AppSettings through the settings table (ranges come from the table);
// nothing is stored until OK. Each control has an object name for tests and an accessible name, and a
// mnemonic on its label for keyboard use.
#pragma once

#include <QDialog>
#include <QList>
#include <QMap>

#include "settings/Settings.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace hearth::app {

class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit SettingsDialog(AppSettings& settings, QWidget* parent = nullptr);

  // Writes every editor to the settings (what OK does before closing).
  void apply();
  // Puts every editor back to the table's defaults; stored only on OK.
  void restoreDefaults();

 signals:
  // After apply(): the language or theme may need the application to react.
  void applied();

 private:
  QWidget* buildSamplingPage();
  QWidget* buildPromptsPage();
  QWidget* buildModelPage();
  QWidget* buildAppearancePage();
  QWidget* numberEditor(SettingKey key, const QString& objectName, const QString& accessibleName, double step,
                        int decimals, const QString& offText = {});
  QComboBox* choiceEditor(SettingKey key, const QString& objectName, const QString& accessibleName,
                          const QList<QPair<QString, int>>& choices);
  QCheckBox* checkEditor(SettingKey key, const QString& objectName, const QString& text, const QString& accessibleName,
                         const QString& help);
  void load(SettingKey key, const QVariant& value);
  QVariant editorValue(SettingKey key) const;

  void showPreset(int index);
  void storeShownPreset();
  void addPreset();
  void removePreset();

  AppSettings& settings_;
  QTabWidget* tabs_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
  QMap<SettingKey, QWidget*> editors_;  // ordered: apply() writes in table order
  QList<PromptPreset> presets_;
  int shownPreset_ = -1;
  QComboBox* presetCombo_ = nullptr;
  QLineEdit* presetName_ = nullptr;
  QPlainTextEdit* presetText_ = nullptr;
  QPushButton* removePresetButton_ = nullptr;
};

}  // namespace hearth::app
