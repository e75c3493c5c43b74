// The process's one KSyntaxHighlighting::Repository (loading the syntax definitions is costly and the
// repository is not thread-safe: use it from the GUI thread), and the lookup from a Markdown fence's info
// string ("python", "py", "c++", "shell", "Dockerfile", "main.rs") to a syntax definition.
#pragma once

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <QString>

class QPalette;

namespace hearth::app {

KSyntaxHighlighting::Repository& syntaxRepository();

// The definition for a fence's info string; invalid when nothing matches (the block is shown plain).
// Tried in order: our alias table, a definition name (any case), the string as a file name, then as a
// file extension.
KSyntaxHighlighting::Definition definitionForFence(const QString& info);

// Breeze Dark for a dark window background, Breeze Light otherwise.
bool paletteIsDark(const QPalette& palette);
KSyntaxHighlighting::Theme themeForPalette(const QPalette& palette);

}  // namespace hearth::app
