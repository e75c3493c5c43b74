// Finds added tokens (control and user-defined) in text before BPE: at the leftmost position where any
// token matches, the longest one wins (Hugging Face's leftmost-longest Aho-Corasick order). A byte trie;
// the scan only descends where the byte can start a token.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizer/tokenizer_data.h"

namespace hearth::tokenizer {

class SpecialMatcher {
 public:
  struct Match {
    std::size_t offset = 0;
    std::size_t length = 0;
    TokenId id = kNoToken;
  };

  // `control` tokens are matched only when find() is asked for them.
  void add(std::string_view text, TokenId id, bool control);
  bool empty() const { return nodes_.size() <= 1; }

  // The leftmost-longest match at or after `from`; length 0 when there is none.
  Match find(std::string_view text, std::size_t from, bool include_control) const;

 private:
  struct Node {
    std::vector<std::pair<std::uint8_t, std::int32_t>> children;  // sorted by byte
    TokenId id = kNoToken;
    bool control = false;
  };
  std::int32_t child(std::int32_t node, std::uint8_t byte) const;

  std::vector<Node> nodes_{1};
  std::array<bool, 256> starts_{};  // bytes that begin some token, control or not
  std::array<bool, 256> starts_plain_{};  // bytes that begin some non-control token
};

}  // namespace hearth::tokenizer
