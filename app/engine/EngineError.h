// Engine errors as the user reads them: one table from hearth::ErrorCode to a translated sentence and a
// hint on what to try. The engine's own message (precise, English) is kept as the detail.
#pragma once

#include <QString>

#include "core/status.h"
#include "engine/EngineTypes.h"

namespace hearth::app {

// The translated message and hint for `status`; the engine's own words follow the message as detail.
EngineError engineError(const hearth::Status& status);
// The same for a code alone (no engine detail), e.g. a cancelled load.
EngineError engineError(hearth::ErrorCode code);

}  // namespace hearth::app
