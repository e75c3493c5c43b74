#include "engine/PromptCache.h"

#include <algorithm>

namespace hearth::app {
namespace {

bool isPrefix(std::span<const std::int32_t> prefix, std::span<const std::int32_t> of) {
  return prefix.size() <= of.size() && std::equal(prefix.begin(), prefix.end(), of.begin());
}

}  // namespace

void PromptCache::clear() {
  session_->reset();
  promptSnapshot_.reset();
  checkpointSnapshot_.reset();
}

void PromptCache::keep(std::optional<runtime::StateSnapshot>& slot) {
  runtime::StateSnapshot snapshot = session_->snapshot();
  if (snapshot.bytes() <= kMaxSnapshotBytes)
    slot = std::move(snapshot);
  else
    slot.reset();
}

Result<std::int64_t> PromptCache::feed(std::span<const std::int32_t> prompt, std::int64_t checkpoint,
                                       const runtime::ProgressFn& progress) {
  runtime::Session& s = *session_;
  // The longest usable start. The live session needs at least one token to prefill unless it holds the
  // whole prompt (then its logits are the prompt's); a snapshot carries its logits.
  std::size_t live = s.n_past() > 0 && isPrefix(s.tokens(), prompt) ? s.tokens().size() : 0;
  const runtime::StateSnapshot* best = nullptr;
  for (const std::optional<runtime::StateSnapshot>* slot : {&promptSnapshot_, &checkpointSnapshot_}) {
    if (*slot && isPrefix((*slot)->tokens, prompt) && (*slot)->tokens.size() > live &&
        (!best || (*slot)->tokens.size() > best->tokens.size()))
      best = &**slot;
  }
  if (best) {
    if (Status restored = s.restore(*best); !restored) s.reset();
  } else if (live == 0) {
    s.reset();
  }
  const std::int64_t reused = s.n_past();
  const std::int64_t total = static_cast<std::int64_t>(prompt.size()) - reused;
  auto prefillTo = [&](std::int64_t end) -> Status {
    const std::int64_t from = s.n_past();
    if (end <= from) return Status::ok();
    const auto part = prompt.subspan(static_cast<std::size_t>(from), static_cast<std::size_t>(end - from));
    return s.prefill(part, [&](std::int64_t done, std::int64_t) {
      return !progress || progress(from - reused + done, total);
    });
  };
  const bool checkpointAhead = checkpoint > s.n_past() && checkpoint < static_cast<std::int64_t>(prompt.size());
  if (checkpointAhead) {
    if (Status fed = prefillTo(checkpoint); !fed) {
      clear();
      return fed;
    }
    keep(checkpointSnapshot_);
  }
  if (Status fed = prefillTo(static_cast<std::int64_t>(prompt.size())); !fed) {
    clear();
    return fed;
  }
  keep(promptSnapshot_);
  return reused;
}

}  // namespace hearth::app
