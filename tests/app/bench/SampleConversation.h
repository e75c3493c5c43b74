// Conversations for the app benchmarks and the screenshot, written through app/storage as the app would
// write them: a long seeded-random one (paragraphs, lists, tables, code blocks in several languages,
// reasoning on some answers) and a short hand-written one that shows each kind of content once.
#pragma once

#include <QString>
#include <cstdint>

#include "storage/Storage.h"

namespace hearth::app::bench {

// `count` messages alternating user and assistant, contents drawn from `seed`. Commits in one transaction
// per message like the app, so the caller may turn synchronous writes off first for speed.
StorageResult<ConversationId> writeLongConversation(Storage& storage, int count, std::uint32_t seed);

// A few turns with Markdown, a highlighted code block, a table and a collapsed reasoning section.
StorageResult<ConversationId> writeShowcaseConversation(Storage& storage);

// Seeded Markdown like a model's answer (deterministic for a seed), about `words` words long.
QString randomAnswer(std::uint32_t seed, int words);

}  // namespace hearth::app::bench
