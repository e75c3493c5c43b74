// Exporting a conversation: Markdown for reading and sharing (the branch on screen), and JSON as a
// complete archive (every branch, stats and attachment metadata; attachment contents are referenced by
// SHA-256, not embedded). The JSON names of enums are a public format: never rename them.
#pragma once

#include <QByteArray>
#include <QString>

#include "storage/Storage.h"

namespace hearth::app {

StorageResult<QString> exportConversationMarkdown(const Storage& storage, ConversationId id);
StorageResult<QByteArray> exportConversationJson(const Storage& storage, ConversationId id);

// JSON names: stored in exported files, never rename.
QString roleName(Role role);
QString statusName(MessageStatus status);
QString thinkingModeName(ThinkingMode mode);

}  // namespace hearth::app
