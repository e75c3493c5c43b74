#include "settings/SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace hearth::app {

namespace {

// A form row whose label has a mnemonic and points at its editor, so Alt+letter reaches it.
void addRow(QFormLayout* form, const QString& label, QWidget* editor, const QString& help) {
  auto* l = new QLabel(label, editor->parentWidget());
  l->setBuddy(editor);
  editor->setToolTip(help);
  editor->setAccessibleDescription(help);
  form->addRow(l, editor);
}

}  // namespace

SettingsDialog::SettingsDialog(AppSettings& settings, QWidget* parent) : QDialog(parent), settings_(settings) {
  setObjectName(QStringLiteral("settingsDialog"));
  setWindowTitle(tr("Settings"));

  tabs_ = new QTabWidget(this);
  tabs_->setObjectName(QStringLiteral("settingsTabs"));
  tabs_->setAccessibleName(tr("Settings sections"));
  tabs_->addTab(buildSamplingPage(), tr("&Sampling"));
  tabs_->addTab(buildPromptsPage(), tr("&Prompts"));
  tabs_->addTab(buildModelPage(), tr("&Model"));
  tabs_->addTab(buildAppearancePage(), tr("&Appearance"));

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
  buttons_->setObjectName(QStringLiteral("settingsButtons"));
  buttons_->button(QDialogButtonBox::RestoreDefaults)->setObjectName(QStringLiteral("restoreDefaultsButton"));
  connect(buttons_, &QDialogButtonBox::accepted, this, [this] {
    apply();
    accept();
  });
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(buttons_->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, &SettingsDialog::restoreDefaults);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(tabs_);
  layout->addWidget(buttons_);

  for (const SettingSpec& spec : settingSpecs())
    if (editors_.contains(spec.key)) load(spec.key, settings_.value(spec.key));
  presets_ = settings_.promptPresets();
  presetCombo_->clear();
  for (const PromptPreset& p : presets_) presetCombo_->addItem(p.name);
  const QString active = settings_.value(SettingKey::ActivePromptPreset).toString();
  presetCombo_->setCurrentIndex(std::max(0, presetCombo_->findText(active)));
  showPreset(presetCombo_->currentIndex());
}

QWidget* SettingsDialog::numberEditor(SettingKey key, const QString& objectName, const QString& accessibleName,
                                      double step, int decimals, const QString& offText) {
  const SettingSpec& spec = settingSpec(key);
  QAbstractSpinBox* box = nullptr;
  if (spec.kind == SettingKind::Real) {
    auto* spin = new QDoubleSpinBox(this);
    spin->setRange(spec.minimum, spec.maximum);
    spin->setDecimals(decimals);
    spin->setSingleStep(step);
    box = spin;
  } else {
    auto* spin = new QSpinBox(this);
    spin->setRange(static_cast<int>(spec.minimum), static_cast<int>(spec.maximum));
    spin->setSingleStep(static_cast<int>(step));
    box = spin;
  }
  // At the neutral end of the range the sampler does nothing: say so instead of showing a number.
  if (!offText.isEmpty()) box->setSpecialValueText(offText);
  box->setObjectName(objectName);
  box->setAccessibleName(accessibleName);
  editors_.insert(key, box);
  return box;
}

QComboBox* SettingsDialog::choiceEditor(SettingKey key, const QString& objectName, const QString& accessibleName,
                                        const QList<QPair<QString, int>>& choices) {
  auto* combo = new QComboBox(this);
  for (const auto& [text, number] : choices) combo->addItem(text, number);
  combo->setObjectName(objectName);
  combo->setAccessibleName(accessibleName);
  editors_.insert(key, combo);
  return combo;
}

QCheckBox* SettingsDialog::checkEditor(SettingKey key, const QString& objectName, const QString& text,
                                       const QString& accessibleName, const QString& help) {
  // The box carries its own label (and mnemonic), so it needs no buddy.
  auto* box = new QCheckBox(text, this);
  box->setObjectName(objectName);
  box->setAccessibleName(accessibleName);
  box->setToolTip(help);
  box->setAccessibleDescription(help);
  editors_.insert(key, box);
  return box;
}

QWidget* SettingsDialog::buildSamplingPage() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  auto* intro = new QLabel(tr("Defaults for new answers. Nemotron 3 is tuned for temperature 1.0 and top-p 0.95."), page);
  intro->setWordWrap(true);
  form->addRow(intro);
  addRow(form, tr("&Temperature:"), numberEditor(SettingKey::Temperature, QStringLiteral("temperatureSpin"), tr("Temperature"), 0.05, 2),
         tr("Higher values make answers more varied, lower values more predictable."));
  addRow(form, tr("T&op-p:"), numberEditor(SettingKey::TopP, QStringLiteral("topPSpin"), tr("Top-p"), 0.01, 2),
         tr("Sample only from the most likely words that together reach this probability."));
  addRow(form, tr("Top-&k:"), numberEditor(SettingKey::TopK, QStringLiteral("topKSpin"), tr("Top-k"), 1, 0, tr("Off")),
         tr("Sample only from this many most likely words; off when zero."));
  addRow(form, tr("M&in-p:"), numberEditor(SettingKey::MinP, QStringLiteral("minPSpin"), tr("Min-p"), 0.01, 2, tr("Off")),
         tr("Drop words less likely than this fraction of the most likely one; off when zero."));
  addRow(form, tr("&Repetition penalty:"),
         numberEditor(SettingKey::RepetitionPenalty, QStringLiteral("repetitionPenaltySpin"), tr("Repetition penalty"), 0.05, 2, tr("Off")),
         tr("Make words already used less likely; off at 1.0."));
  addRow(form, tr("Pr&esence penalty:"),
         numberEditor(SettingKey::PresencePenalty, QStringLiteral("presencePenaltySpin"), tr("Presence penalty"), 0.1, 1),
         tr("Push answers toward new topics (positive) or keep them on topic (negative); off at 0."));
  addRow(form, tr("Ma&ximum answer length:"),
         numberEditor(SettingKey::MaxTokens, QStringLiteral("maxTokensSpin"), tr("Maximum answer length in tokens"), 1024, 0),
         tr("A guard against runaway answers, in tokens. Reasoning counts toward it."));
  return page;
}

QWidget* SettingsDialog::buildPromptsPage() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  presetCombo_ = new QComboBox(page);
  presetCombo_->setObjectName(QStringLiteral("promptPresetCombo"));
  presetCombo_->setAccessibleName(tr("System prompt preset"));
  addRow(form, tr("Preset for new &conversations:"), presetCombo_, tr("The system prompt new conversations start with."));
  presetName_ = new QLineEdit(page);
  presetName_->setObjectName(QStringLiteral("promptPresetName"));
  presetName_->setAccessibleName(tr("Preset name"));
  addRow(form, tr("&Name:"), presetName_, tr("The preset's name in menus."));
  presetText_ = new QPlainTextEdit(page);
  presetText_->setObjectName(QStringLiteral("promptPresetText"));
  presetText_->setAccessibleName(tr("System prompt text"));
  presetText_->setTabChangesFocus(true);  // Tab leaves the editor instead of typing a tab: keyboard users get out
  addRow(form, tr("S&ystem prompt:"), presetText_, tr("What the model is told before the conversation starts."));

  auto* row = new QHBoxLayout;
  auto* add = new QPushButton(tr("New Pr&eset"), page);
  add->setObjectName(QStringLiteral("newPromptPresetButton"));
  add->setAccessibleName(tr("New preset"));
  removePresetButton_ = new QPushButton(tr("Remo&ve Preset"), page);
  removePresetButton_->setObjectName(QStringLiteral("removePromptPresetButton"));
  removePresetButton_->setAccessibleName(tr("Remove preset"));
  row->addWidget(add);
  row->addWidget(removePresetButton_);
  row->addStretch();
  form->addRow(row);

  connect(presetCombo_, &QComboBox::currentIndexChanged, this, [this](int index) {
    storeShownPreset();
    showPreset(index);
  });
  connect(presetName_, &QLineEdit::textEdited, this, [this](const QString& text) {
    if (shownPreset_ >= 0 && !text.trimmed().isEmpty()) presetCombo_->setItemText(shownPreset_, text.trimmed());
  });
  connect(add, &QPushButton::clicked, this, &SettingsDialog::addPreset);
  connect(removePresetButton_, &QPushButton::clicked, this, &SettingsDialog::removePreset);
  return page;
}

QWidget* SettingsDialog::buildModelPage() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  auto* context = numberEditor(SettingKey::ContextLength, QStringLiteral("contextLengthSpin"), tr("Context length in tokens"), 4096, 0);
  static_cast<QSpinBox*>(context)->setSuffix(tr(" tokens"));
  addRow(form, tr("&Context length:"), context,
         tr("How much of the conversation and attached documents the model sees at once. Longer needs more memory."));
  addRow(form, tr("Default &thinking:"),
         choiceEditor(SettingKey::DefaultThinkingMode, QStringLiteral("thinkingModeCombo"), tr("Default thinking mode"),
                      {{tr("On"), static_cast<int>(ThinkingMode::On)},
                       {tr("Low effort"), static_cast<int>(ThinkingMode::LowEffort)},
                       {tr("Off"), static_cast<int>(ThinkingMode::Off)}}),
         tr("Whether new conversations let the model reason before it answers."));
  form->addRow(QString(), checkEditor(SettingKey::OpenLastModelAtStart, QStringLiteral("openLastModelCheck"),
                                      tr("Ope&n the last model at start"), tr("Open the last model at start"),
                                      tr("When Hearth starts, it loads the model used last, if its file is still there.")));
  return page;
}

QWidget* SettingsDialog::buildAppearancePage() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  addRow(form, tr("&Theme:"),
         choiceEditor(SettingKey::Theme, QStringLiteral("themeCombo"), tr("Theme"),
                      {{tr("Follow the system"), static_cast<int>(ThemeChoice::System)},
                       {tr("Light"), static_cast<int>(ThemeChoice::Light)},
                       {tr("Dark"), static_cast<int>(ThemeChoice::Dark)}}),
         tr("Colours of the window and of highlighted code."));
  // Each language is named in itself, so that someone who cannot read the current one finds theirs.
  addRow(form, tr("&Language:"),
         choiceEditor(SettingKey::InterfaceLanguage, QStringLiteral("languageCombo"), tr("Interface language"),
                      {{tr("Follow the system"), static_cast<int>(LanguageChoice::System)},
                       {QStringLiteral("English"), static_cast<int>(LanguageChoice::English)},
                       {QStringLiteral("Deutsch"), static_cast<int>(LanguageChoice::German)},
                       {QStringLiteral("Français"), static_cast<int>(LanguageChoice::French)}}),
         tr("The language of Hearth's menus and messages. Takes effect after a restart."));
  // Said on the page as well as in the tooltip: choosing a language and seeing nothing change is confusing.
  auto* restartNote = new QLabel(tr("Hearth shows a new language the next time it starts."), page);
  restartNote->setObjectName(QStringLiteral("languageRestartNote"));
  restartNote->setWordWrap(true);
  form->addRow(QString(), restartNote);
  return page;
}

void SettingsDialog::load(SettingKey key, const QVariant& value) {
  QWidget* editor = editors_.value(key);
  if (auto* d = qobject_cast<QDoubleSpinBox*>(editor)) d->setValue(value.toDouble());
  else if (auto* i = qobject_cast<QSpinBox*>(editor)) i->setValue(value.toInt());
  else if (auto* c = qobject_cast<QComboBox*>(editor)) c->setCurrentIndex(std::max(0, c->findData(value.toInt())));
  else if (auto* b = qobject_cast<QCheckBox*>(editor)) b->setChecked(value.toBool());
}

QVariant SettingsDialog::editorValue(SettingKey key) const {
  QWidget* editor = editors_.value(key);
  if (auto* d = qobject_cast<QDoubleSpinBox*>(editor)) return d->value();
  if (auto* i = qobject_cast<QSpinBox*>(editor)) return i->value();
  if (auto* c = qobject_cast<QComboBox*>(editor)) return c->currentData();
  if (auto* b = qobject_cast<QCheckBox*>(editor)) return b->isChecked();
  return {};
}

void SettingsDialog::showPreset(int index) {
  shownPreset_ = index;
  const bool valid = index >= 0 && index < presets_.size();
  presetName_->setText(valid ? presets_[index].name : QString());
  presetText_->setPlainText(valid ? presets_[index].text : QString());
  presetName_->setEnabled(valid);
  presetText_->setEnabled(valid);
  removePresetButton_->setEnabled(valid && presets_.size() > 1);  // one preset always remains
}

void SettingsDialog::storeShownPreset() {
  if (shownPreset_ < 0 || shownPreset_ >= presets_.size()) return;
  const QString name = presetName_->text().trimmed();
  if (!name.isEmpty()) presets_[shownPreset_].name = name;
  presets_[shownPreset_].text = presetText_->toPlainText();
}

void SettingsDialog::addPreset() {
  storeShownPreset();
  QString name = tr("New preset");
  for (int n = 2; std::any_of(presets_.cbegin(), presets_.cend(), [&](const PromptPreset& p) { return p.name == name; }); ++n)
    name = tr("New preset %1").arg(n);
  presets_.append({name, QString()});
  presetCombo_->addItem(name);
  presetCombo_->setCurrentIndex(static_cast<int>(presets_.size() - 1));
  presetName_->setFocus();
  presetName_->selectAll();
}

void SettingsDialog::removePreset() {
  if (shownPreset_ < 0 || presets_.size() <= 1) return;
  const int removed = shownPreset_;
  shownPreset_ = -1;  // nothing to store back from the editors
  presets_.removeAt(removed);
  presetCombo_->removeItem(removed);
  showPreset(presetCombo_->currentIndex());
}

void SettingsDialog::apply() {
  for (auto it = editors_.cbegin(); it != editors_.cend(); ++it) settings_.setValue(it.key(), editorValue(it.key()));
  storeShownPreset();
  // Two presets may not share a name: the later one gets a number.
  for (qsizetype i = 0; i < presets_.size(); ++i)
    for (qsizetype j = 0; j < i; ++j)
      if (presets_[j].name == presets_[i].name) presets_[i].name += QStringLiteral(" (%1)").arg(i + 1);
  settings_.setPromptPresets(presets_);
  // The first preset is stored as "" (the table's default), so choosing it leaves no trace in the file.
  const int active = presetCombo_->currentIndex();
  settings_.setValue(SettingKey::ActivePromptPreset, active > 0 && active < presets_.size() ? presets_[active].name : QString());
  settings_.sync();
  emit applied();
}

void SettingsDialog::restoreDefaults() {
  for (auto it = editors_.cbegin(); it != editors_.cend(); ++it) load(it.key(), settingSpec(it.key()).defaultValue);
  presets_ = builtInPromptPresets();
  shownPreset_ = -1;
  presetCombo_->clear();
  for (const PromptPreset& p : presets_) presetCombo_->addItem(p.name);
  presetCombo_->setCurrentIndex(0);
  showPreset(0);
}

}  // namespace hearth::app
