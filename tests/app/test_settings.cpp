// Settings: the table (complete, in order, defaults valid), defaults, round trips through the file,
// damaged stored values, and the dialog reading, writing, restoring defaults and being keyboard-usable.
#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "settings/SettingsDialog.h"

using namespace hearth::app;

class TestSettings : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString iniPath_;
  std::unique_ptr<QSettings> file_;

  template <typename T>
  static T* child(QWidget& parent, const char* name) {
    T* w = parent.findChild<T*>(QLatin1String(name));
    if (!w) qWarning() << "no" << name;
    return w;
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
  }

  void init() {
    iniPath_ = dir_.filePath(QStringLiteral("%1.ini").arg(QTest::currentTestFunction()));
    QFile::remove(iniPath_);
    file_ = std::make_unique<QSettings>(iniPath_, QSettings::IniFormat);
  }

  void tableIsCompleteAndOrdered() {
    const auto specs = settingSpecs();
    QCOMPARE(specs.size(), static_cast<size_t>(SettingKey::Count));
    QSet<QString> names;
    for (size_t i = 0; i < specs.size(); ++i) {
      QCOMPARE(static_cast<size_t>(specs[i].key), i);
      const QString name = QLatin1String(specs[i].name);
      QVERIFY(!name.isEmpty());
      QVERIFY2(!names.contains(name), qPrintable(name));
      names.insert(name);
      QCOMPARE(normalizedSetting(specs[i], specs[i].defaultValue), specs[i].defaultValue);
    }
  }

  void defaults() {
    AppSettings s(file_.get());
    // temperature, top-p, top-k, min-p, repetition penalty, presence penalty, max tokens
    QCOMPARE(s.sampling(), (SamplingSettings{1.0, 0.95, 0, 0.0, 1.0, 0.0, 16384}));
    QCOMPARE(s.value(SettingKey::ContextLength).toInt(), 65536);
    QCOMPARE(s.defaultThinkingMode(), ThinkingMode::On);
    QCOMPARE(s.theme(), ThemeChoice::System);
    QCOMPARE(s.language(), LanguageChoice::System);
    QCOMPARE(s.promptPresets(), builtInPromptPresets());
    QVERIFY(s.promptPresets().size() >= 2);
    QCOMPARE(s.activeSystemPrompt(), builtInPromptPresets().first().text);
    for (const SettingSpec& spec : settingSpecs()) QVERIFY(s.isDefault(spec.key));
    QVERIFY(file_->allKeys().isEmpty());  // reading writes nothing
  }

  void roundTrip_data() {
    QTest::addColumn<int>("key");
    QTest::addColumn<QVariant>("value");
    QTest::newRow("temperature") << int(SettingKey::Temperature) << QVariant(0.6);
    QTest::newRow("top-p") << int(SettingKey::TopP) << QVariant(0.9);
    QTest::newRow("top-k") << int(SettingKey::TopK) << QVariant(40);
    QTest::newRow("min-p") << int(SettingKey::MinP) << QVariant(0.05);
    QTest::newRow("repetition") << int(SettingKey::RepetitionPenalty) << QVariant(1.1);
    QTest::newRow("presence") << int(SettingKey::PresencePenalty) << QVariant(-0.5);
    QTest::newRow("max tokens") << int(SettingKey::MaxTokens) << QVariant(4096);
    QTest::newRow("context") << int(SettingKey::ContextLength) << QVariant(262144);
    QTest::newRow("thinking") << int(SettingKey::DefaultThinkingMode) << QVariant(int(ThinkingMode::LowEffort));
    QTest::newRow("active preset") << int(SettingKey::ActivePromptPreset) << QVariant(QStringLiteral("Concise"));
    QTest::newRow("theme") << int(SettingKey::Theme) << QVariant(int(ThemeChoice::Dark));
    QTest::newRow("language") << int(SettingKey::InterfaceLanguage) << QVariant(int(LanguageChoice::French));
    QTest::newRow("open last model") << int(SettingKey::OpenLastModelAtStart) << QVariant(false);
  }

  void roundTrip() {
    QFETCH(int, key);
    QFETCH(QVariant, value);
    const auto k = static_cast<SettingKey>(key);
    {
      AppSettings s(file_.get());
      QCOMPARE(s.setValue(k, value), value);
      s.sync();
    }
    QSettings reread(iniPath_, QSettings::IniFormat);
    QVERIFY2(reread.contains(QLatin1String(settingSpec(k).name)), settingSpec(k).name);
    AppSettings s(&reread);
    QCOMPARE(s.value(k), value);
    QVERIFY(!s.isDefault(k));
    s.reset(k);
    QVERIFY(s.isDefault(k));
  }

  void damagedValuesReadSafely() {
    file_->setValue(QStringLiteral("sampling/temperature"), QStringLiteral("warm"));
    file_->setValue(QStringLiteral("sampling/topP"), 7.5);
    file_->setValue(QStringLiteral("sampling/topK"), -3);
    file_->setValue(QStringLiteral("sampling/minP"), QStringLiteral("nan"));
    file_->setValue(QStringLiteral("sampling/maxTokens"), QStringLiteral("1.5"));
    file_->setValue(QStringLiteral("appearance/theme"), 7);
    file_->setValue(QStringLiteral("model/openLastAtStart"), QStringLiteral("maybe"));
    file_->setValue(QStringLiteral("prompts/presets"), QStringLiteral("[{\"name\":\"\"},{\"name\":\"A\",\"text\":\"x\"},{\"name\":\"A\"}"));
    AppSettings s(file_.get());
    QCOMPARE(s.sampling().temperature, 1.0);  // unreadable: the default
    QCOMPARE(s.sampling().topP, 1.0);         // out of range: the nearest bound
    QCOMPARE(s.sampling().topK, 0);
    QCOMPARE(s.sampling().minP, 0.0);
    QCOMPARE(s.sampling().maxTokens, 16384);
    QCOMPARE(s.theme(), ThemeChoice::System);  // not a known choice: the default
    QCOMPARE(s.value(SettingKey::OpenLastModelAtStart), QVariant(true));  // neither true nor false: the default
    QCOMPARE(s.promptPresets(), QList<PromptPreset>());  // truncated JSON
    QCOMPARE(s.setValue(SettingKey::Temperature, 9.0), QVariant(2.0));
  }

  void presetsRoundTripAndDefaultsAreNotStored() {
    AppSettings s(file_.get());
    const QList<PromptPreset> mine{{QStringLiteral("Lawyer"), QStringLiteral("You read contracts.")},
                                   {QStringLiteral("Plain"), QString()}};
    s.setPromptPresets(mine);
    s.setValue(SettingKey::ActivePromptPreset, QStringLiteral("Lawyer"));
    QCOMPARE(s.promptPresets(), mine);
    QCOMPARE(s.activeSystemPrompt(), QStringLiteral("You read contracts."));
    s.setValue(SettingKey::ActivePromptPreset, QStringLiteral("Gone"));
    QCOMPARE(s.activeSystemPrompt(), QString());
    s.setPromptPresets(builtInPromptPresets());
    s.setValue(SettingKey::Temperature, 1.0);
    s.setValue(SettingKey::ActivePromptPreset, QString());
    QVERIFY2(file_->allKeys().isEmpty(), qPrintable(file_->allKeys().join(u',')));  // defaults leave no trace
  }

  void dialogShowsStoredValues() {
    AppSettings s(file_.get());
    s.setValue(SettingKey::Temperature, 0.6);
    s.setValue(SettingKey::TopK, 20);
    s.setValue(SettingKey::Theme, int(ThemeChoice::Dark));
    s.setValue(SettingKey::DefaultThinkingMode, int(ThinkingMode::Off));
    s.setValue(SettingKey::ActivePromptPreset, builtInPromptPresets().at(1).name);
    s.setValue(SettingKey::OpenLastModelAtStart, false);
    SettingsDialog dialog(s);
    QVERIFY(!child<QCheckBox>(dialog, "openLastModelCheck")->isChecked());
    QCOMPARE(child<QDoubleSpinBox>(dialog, "temperatureSpin")->value(), 0.6);
    QCOMPARE(child<QDoubleSpinBox>(dialog, "topPSpin")->value(), 0.95);
    QCOMPARE(child<QSpinBox>(dialog, "topKSpin")->value(), 20);
    QCOMPARE(child<QComboBox>(dialog, "themeCombo")->currentData().toInt(), int(ThemeChoice::Dark));
    QCOMPARE(child<QComboBox>(dialog, "thinkingModeCombo")->currentData().toInt(), int(ThinkingMode::Off));
    QCOMPARE(child<QComboBox>(dialog, "promptPresetCombo")->currentIndex(), 1);
    QCOMPARE(child<QPlainTextEdit>(dialog, "promptPresetText")->toPlainText(), builtInPromptPresets().at(1).text);
    // Ranges come from the table.
    QCOMPARE(child<QDoubleSpinBox>(dialog, "temperatureSpin")->maximum(), settingSpec(SettingKey::Temperature).maximum);
    QCOMPARE(child<QSpinBox>(dialog, "topKSpin")->specialValueText(), QStringLiteral("Off"));
  }

  void dialogWritesValuesOnOkOnly() {
    AppSettings s(file_.get());
    {
      SettingsDialog dialog(s);
      child<QDoubleSpinBox>(dialog, "temperatureSpin")->setValue(0.3);
      dialog.reject();
    }
    QCOMPARE(s.sampling().temperature, 1.0);  // Cancel stores nothing

    SettingsDialog dialog(s);
    QSignalSpy applied(&dialog, &SettingsDialog::applied);
    child<QDoubleSpinBox>(dialog, "temperatureSpin")->setValue(0.7);
    child<QDoubleSpinBox>(dialog, "topPSpin")->setValue(0.8);
    child<QSpinBox>(dialog, "topKSpin")->setValue(50);
    child<QDoubleSpinBox>(dialog, "minPSpin")->setValue(0.05);
    child<QDoubleSpinBox>(dialog, "repetitionPenaltySpin")->setValue(1.15);
    child<QDoubleSpinBox>(dialog, "presencePenaltySpin")->setValue(0.5);
    child<QSpinBox>(dialog, "maxTokensSpin")->setValue(2048);
    child<QSpinBox>(dialog, "contextLengthSpin")->setValue(131072);
    auto* thinking = child<QComboBox>(dialog, "thinkingModeCombo");
    thinking->setCurrentIndex(thinking->findData(int(ThinkingMode::LowEffort)));
    auto* language = child<QComboBox>(dialog, "languageCombo");
    language->setCurrentIndex(language->findData(int(LanguageChoice::German)));
    auto* theme = child<QComboBox>(dialog, "themeCombo");
    theme->setCurrentIndex(theme->findData(int(ThemeChoice::Light)));
    auto* openLast = child<QCheckBox>(dialog, "openLastModelCheck");
    QVERIFY(openLast->isChecked());  // on by default
    openLast->setChecked(false);

    // A new preset, named and written by keyboard, becomes the active one.
    QTest::mouseClick(child<QPushButton>(dialog, "newPromptPresetButton"), Qt::LeftButton);
    auto* name = child<QLineEdit>(dialog, "promptPresetName");
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("Notary"));
    QTest::keyClicks(child<QPlainTextEdit>(dialog, "promptPresetText"), QStringLiteral("Check every date."));
    QCOMPARE(child<QComboBox>(dialog, "promptPresetCombo")->currentText(), QStringLiteral("Notary"));

    child<QDialogButtonBox>(dialog, "settingsButtons")->button(QDialogButtonBox::Ok)->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(applied.count(), 1);

    QSettings reread(iniPath_, QSettings::IniFormat);
    AppSettings after(&reread);
    QCOMPARE(after.sampling(), (SamplingSettings{0.7, 0.8, 50, 0.05, 1.15, 0.5, 2048}));
    QCOMPARE(after.value(SettingKey::ContextLength).toInt(), 131072);
    QCOMPARE(after.defaultThinkingMode(), ThinkingMode::LowEffort);
    QCOMPARE(after.language(), LanguageChoice::German);
    QCOMPARE(after.theme(), ThemeChoice::Light);
    QCOMPARE(after.value(SettingKey::OpenLastModelAtStart), QVariant(false));
    QCOMPARE(after.promptPresets().size(), builtInPromptPresets().size() + 1);
    QCOMPARE(after.promptPresets().last(), (PromptPreset{QStringLiteral("Notary"), QStringLiteral("Check every date.")}));
    QCOMPARE(after.activeSystemPrompt(), QStringLiteral("Check every date."));
  }

  void restoreDefaultsResetsEveryEditor() {
    AppSettings s(file_.get());
    s.setValue(SettingKey::Temperature, 0.2);
    s.setValue(SettingKey::Theme, int(ThemeChoice::Dark));
    s.setPromptPresets({{QStringLiteral("Only"), QStringLiteral("x")}});
    SettingsDialog dialog(s);
    QVERIFY(!child<QPushButton>(dialog, "removePromptPresetButton")->isEnabled());  // the last preset stays
    child<QPushButton>(dialog, "restoreDefaultsButton")->click();
    QCOMPARE(child<QDoubleSpinBox>(dialog, "temperatureSpin")->value(), 1.0);
    QCOMPARE(s.sampling().temperature, 0.2);  // not stored yet
    dialog.apply();
    for (const SettingSpec& spec : settingSpecs()) QVERIFY2(s.isDefault(spec.key), spec.name);
    QVERIFY2(file_->allKeys().isEmpty(), qPrintable(file_->allKeys().join(u',')));
  }

  void removingAPreset() {
    AppSettings s(file_.get());
    SettingsDialog dialog(s);
    auto* combo = child<QComboBox>(dialog, "promptPresetCombo");
    const int before = combo->count();
    combo->setCurrentIndex(1);
    child<QPushButton>(dialog, "removePromptPresetButton")->click();
    QCOMPARE(combo->count(), before - 1);
    dialog.apply();
    QList<PromptPreset> expected = builtInPromptPresets();
    expected.removeAt(1);
    QCOMPARE(s.promptPresets(), expected);
  }

  void everyControlIsNamedAndReachableByKeyboard() {
    AppSettings s(file_.get());
    SettingsDialog dialog(s);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* tabs = child<QTabWidget>(dialog, "settingsTabs");
    QCOMPARE(tabs->count(), 4);

    for (int page = 0; page < tabs->count(); ++page) {
      tabs->setCurrentIndex(page);
      QWidget* pageWidget = tabs->widget(page);
      QSet<QWidget*> controls;
      for (QWidget* w : pageWidget->findChildren<QWidget*>()) {
        if (!qobject_cast<QAbstractSpinBox*>(w) && !qobject_cast<QComboBox*>(w) && !qobject_cast<QLineEdit*>(w) &&
            !qobject_cast<QPlainTextEdit*>(w) && !qobject_cast<QAbstractButton*>(w))
          continue;
        if (qobject_cast<QLineEdit*>(w) && qobject_cast<QAbstractSpinBox*>(w->parentWidget())) continue;  // spin box innards
        QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        if (w->isEnabled()) controls.insert(w);
      }
      QVERIFY(!controls.isEmpty());
      // Tab from the tab bar through the page: every enabled control gets focus.
      tabs->tabBar()->setFocus();
      QSet<QWidget*> reached;
      for (int presses = 0; presses < 40 && reached.size() < controls.size(); ++presses) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QWidget* f = QApplication::focusWidget();
        while (f && !controls.contains(f)) f = f->parentWidget();
        if (f) reached.insert(f);
      }
      QCOMPARE(reached.size(), controls.size());
      // Every label with a mnemonic leads somewhere, and no two visible mnemonics share a letter.
      QStringList texts;
      for (int t = 0; t < tabs->count(); ++t) texts << tabs->tabText(t);
      for (QLabel* label : pageWidget->findChildren<QLabel*>()) {
        if (label->text().contains(u'&')) QVERIFY2(label->buddy(), qPrintable(label->text()));
        texts << label->text();
      }
      for (QAbstractButton* button : pageWidget->findChildren<QAbstractButton*>()) texts << button->text();
      QHash<QChar, QString> letters;
      for (const QString& text : texts) {
        const qsizetype amp = text.indexOf(u'&');
        if (amp < 0 || amp + 1 >= text.size()) continue;
        const QChar letter = text[amp + 1].toLower();
        QVERIFY2(!letters.contains(letter), qPrintable(text + QStringLiteral(" and ") + letters.value(letter)));
        letters.insert(letter, text);
      }
    }
  }

  // HEARTH_SNAPSHOT_DIR=dir saves a picture of each page, for review by eye.
  void snapshots() {
    const QString out = qEnvironmentVariable("HEARTH_SNAPSHOT_DIR");
    if (out.isEmpty()) QSKIP("set HEARTH_SNAPSHOT_DIR to save pictures of the dialog");
    AppSettings s(file_.get());
    SettingsDialog dialog(s);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* tabs = child<QTabWidget>(dialog, "settingsTabs");
    for (int page = 0; page < tabs->count(); ++page) {
      tabs->setCurrentIndex(page);
      QVERIFY(dialog.grab().save(QStringLiteral("%1/settings-%2.png").arg(out).arg(page)));
    }
  }
};

QTEST_MAIN(TestSettings)
#include "test_settings.moc"
