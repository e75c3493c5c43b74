#include "chat/SyntaxRepository.h"

#include <KSyntaxHighlighting/Theme>
#include <QHash>
#include <QPalette>

namespace hearth::app {

namespace {

// Names models and people write after ``` that are neither a definition name nor a file extension.
// Stored nowhere; extend freely.
struct FenceAlias {
  const char* info;
  const char* definition;
};
constexpr FenceAlias kFenceAliases[] = {
    {"shell", "Bash"},         {"console", "Bash"},       {"terminal", "Bash"},     {"sh", "Bash"},
    {"zsh", "Zsh"},            {"golang", "Go"},          {"csharp", "C#"},         {"cs", "C#"},
    {"python3", "Python"},     {"py3", "Python"},         {"objc", "Objective-C"},  {"docker", "Dockerfile"},
    {"make", "Makefile"},      {"ps1", "PowerShell"},     {"pwsh", "PowerShell"},   {"jsonc", "JSON"},
    {"jsonl", "JSON"},         {"tex", "LaTeX"},          {"asm", "GNU Assembler"}, {"js", "JavaScript"},
    {"ts", "TypeScript"},      {"yml", "YAML"},           {"md", "Markdown"},       {"rs", "Rust"},
    {"kt", "Kotlin"},          {"rb", "Ruby"},            {"patch", "Diff"},        {"html", "HTML"},
    {"cuda", "CUDA"},          {"cu", "CUDA"},            {"ini", "INI Files"},     {"toml", "TOML"},
};

}  // namespace

KSyntaxHighlighting::Repository& syntaxRepository() {
  static KSyntaxHighlighting::Repository repository;
  return repository;
}

KSyntaxHighlighting::Definition definitionForFence(const QString& info) {
  // "python title=x", "{.python}": the first word, without decoration.
  QString word = info.trimmed().section(u' ', 0, 0);
  while (!word.isEmpty() && (word.startsWith(u'{') || word.startsWith(u'.'))) word.remove(0, 1);
  if (word.endsWith(u'}')) word.chop(1);
  if (word.isEmpty()) return {};

  KSyntaxHighlighting::Repository& repo = syntaxRepository();
  const QString lower = word.toLower();
  for (const FenceAlias& a : kFenceAliases) {
    if (lower == QLatin1String(a.info)) {
      const auto d = repo.definitionForName(QLatin1String(a.definition));
      if (d.isValid()) return d;
    }
  }
  static const QHash<QString, KSyntaxHighlighting::Definition> byLowerName = [&repo] {
    QHash<QString, KSyntaxHighlighting::Definition> map;
    for (const auto& d : repo.definitions())
      if (!d.isHidden()) map.insert(d.name().toLower(), d);
    return map;
  }();
  if (const auto it = byLowerName.constFind(lower); it != byLowerName.cend()) return *it;
  if (const auto d = repo.definitionForFileName(word); d.isValid()) return d;
  if (const auto d = repo.definitionForFileName(QStringLiteral("snippet.") + word); d.isValid()) return d;
  return {};
}

bool paletteIsDark(const QPalette& palette) { return palette.color(QPalette::Window).lightness() < 128; }

KSyntaxHighlighting::Theme themeForPalette(const QPalette& palette) {
  return syntaxRepository().defaultTheme(paletteIsDark(palette) ? KSyntaxHighlighting::Repository::DarkTheme
                                                                : KSyntaxHighlighting::Repository::LightTheme);
}

}  // namespace hearth::app
