#!/bin/sh
# Rewrites the app's golden files (Markdown rendering, current database schema, conversation export) from the current code.
# Review `git diff tests/app/data` by eye before committing: a golden is only as good as that look.
#   tests/app/regenerate_goldens.sh [build dir, default ./build]
set -e
build=${1:-build}
cmake --build "$build" --target test_markdown_renderer test_storage_migration test_conversation_export
HEARTH_REGENERATE_GOLDENS=1 QT_QPA_PLATFORM=offscreen "$build/tests/test_markdown_renderer" goldens
HEARTH_REGENERATE_GOLDENS=1 "$build/tests/test_storage_migration" upgradedSchemaEqualsFreshSchemaAndGolden
HEARTH_REGENERATE_GOLDENS=1 "$build/tests/test_conversation_export"
git status --short -- "$(dirname "$0")/data"
