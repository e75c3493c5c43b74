// What the GUI asks the engine thread to write: the conversation as plain values (no storage ids, no
// pointers), the system prompt, the thinking mode and the sampling numbers. Travels in a queued call.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include "runtime/sampler.h"
#include "storage/StorageTypes.h"

namespace hearth::app {

// One message of the conversation as the chat template reads it.
struct ChatTurn {
  Role role = Role::User;
  QString content;
  QString reasoning;  // assistant turns: their reasoning (the template decides whether history keeps it)
};

struct GenerationRequest {
  qint64 requestId = 0;     // increasing; EngineController assigns it
  QList<ChatTurn> messages;  // oldest first, ending with the user message to answer
  QString systemPrompt;      // empty: none
  ThinkingMode thinking = ThinkingMode::On;
  runtime::SamplerParams sampling;
  qint64 maxTokens = 2048;
};

}  // namespace hearth::app

Q_DECLARE_METATYPE(hearth::app::GenerationRequest)
