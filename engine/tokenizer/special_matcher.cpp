#include "tokenizer/special_matcher.h"

#include <algorithm>

namespace hearth::tokenizer {

std::int32_t SpecialMatcher::child(std::int32_t node, std::uint8_t byte) const {
  const auto& children = nodes_[static_cast<std::size_t>(node)].children;
  const auto it = std::lower_bound(children.begin(), children.end(), byte,
                                   [](const std::pair<std::uint8_t, std::int32_t>& c, std::uint8_t b) { return c.first < b; });
  return it != children.end() && it->first == byte ? it->second : -1;
}

void SpecialMatcher::add(std::string_view text, TokenId id, bool control) {
  if (text.empty()) return;
  std::int32_t node = 0;
  for (const char ch : text) {
    const auto byte = static_cast<std::uint8_t>(ch);
    std::int32_t next = child(node, byte);
    if (next < 0) {
      next = static_cast<std::int32_t>(nodes_.size());
      nodes_.emplace_back();
      auto& children = nodes_[static_cast<std::size_t>(node)].children;
      children.insert(std::lower_bound(children.begin(), children.end(), std::make_pair(byte, std::int32_t{-1})),
                      {byte, next});
    }
    node = next;
  }
  Node& leaf = nodes_[static_cast<std::size_t>(node)];
  // Two tokens with the same text: the first (lower id) is the one text maps to.
  if (leaf.id != kNoToken) return;
  leaf.id = id;
  leaf.control = control;
  const auto first = static_cast<std::uint8_t>(text[0]);
  starts_[first] = true;
  if (!control) starts_plain_[first] = true;
}

SpecialMatcher::Match SpecialMatcher::find(std::string_view text, std::size_t from, bool include_control) const {
  const auto& starts = include_control ? starts_ : starts_plain_;
  for (std::size_t pos = from; pos < text.size(); ++pos) {
    if (!starts[static_cast<std::uint8_t>(text[pos])]) continue;
    Match best;
    std::int32_t node = 0;
    for (std::size_t i = pos; i < text.size(); ++i) {
      node = child(node, static_cast<std::uint8_t>(text[i]));
      if (node < 0) break;
      const Node& n = nodes_[static_cast<std::size_t>(node)];
      if (n.id != kNoToken && (include_control || !n.control)) best = {pos, i + 1 - pos, n.id};
    }
    if (best.length > 0) return best;
  }
  return {};
}

}  // namespace hearth::tokenizer
