// Keeps one runtime::Session across the turns of a conversation so that only the new part of each prompt is
// prefilled. Mamba state cannot be rolled back to an earlier position, so the cache keeps copies of the
// state at two useful points and starts from whichever of them (or the live session) is the longest
// prefix of the new prompt:
//   the live session     the previous prompt plus the answer just generated;
//   the full prompt      the previous prompt exactly (regenerate: nothing to prefill);
//   the checkpoint       the previous conversation before its generation prompt, i.e. up to the last user
//                        message. The next turn's prompt repeats it verbatim, while the template renders the
//                        answer that follows differently from how it was generated (Nemotron drops the
//                        reasoning of earlier turns), so this is what a follow-up question reuses.
// Anything else starts from an empty context.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/status.h"
#include "runtime/session.h"

namespace hearth::app {

class PromptCache {
 public:
  // Snapshots larger than this are not kept (they would double the memory of a long context).
  static constexpr std::uint64_t kMaxSnapshotBytes = 1ull << 30;

  explicit PromptCache(std::unique_ptr<runtime::Session> session) : session_(std::move(session)) {}

  runtime::Session& session() { return *session_; }

  // Brings the session to exactly `prompt` (its logits those of the prompt's last token), prefilling only
  // what is not already there; `checkpoint` tokens from the start (0: none) are worth a snapshot of their
  // own (see above). Progress counts the tokens prefilled. Returns how many tokens were reused. On error
  // (cancelled, context overflow) the session is emptied.
  Result<std::int64_t> feed(std::span<const std::int32_t> prompt, std::int64_t checkpoint,
                            const runtime::ProgressFn& progress);
  void clear();

 private:
  std::unique_ptr<runtime::Session> session_;
  void keep(std::optional<runtime::StateSnapshot>& slot);

  std::optional<runtime::StateSnapshot> promptSnapshot_;
  std::optional<runtime::StateSnapshot> checkpointSnapshot_;
};

}  // namespace hearth::app
