// The merge table of a byte-level BPE and the merge loop. A piece starts as one symbol per byte; the
// adjacent pair with the lowest merge rank is merged (the leftmost one on ties) until no pair has a rank.
// That is the Hugging Face BPE model's order; ranks live in an open-addressing hash keyed by the pair of
// token ids, and the loop keeps the symbols in a linked list with a binary heap of candidate pairs.
#pragma once

#include <cstdint>
#include <vector>

#include "tokenizer/tokenizer_data.h"

namespace hearth::tokenizer {

class BpeMerges {
 public:
  struct Merge {
    std::int32_t rank;
    TokenId result;
  };

  // Working memory for `apply`, reused across pieces.
  struct Scratch {
    struct Symbol {
      TokenId id;
      std::int32_t prev, next;  // -1 at the ends
    };
    struct Candidate {
      std::int32_t rank;
      std::int32_t left;  // symbol index; the right one is symbols[left].next
      TokenId left_id, right_id, result;
    };
    std::vector<Symbol> symbols;
    std::vector<Candidate> heap;
    std::vector<Merge> pair_merge;  // short pieces: the merge of (i, next(i)), rank -1 for none
  };

  // Reserves room for `count` merges.
  void reserve(std::size_t count);
  // Adds the merge (left, right) -> result with the next rank. A pair already present keeps its first
  // (lower) rank and false is returned.
  bool add(TokenId left, TokenId right, TokenId result);
  std::size_t size() const { return count_; }
  const Merge* find(TokenId left, TokenId right) const;

  // Merges `ids` (the initial symbols of one piece) in place.
  void apply(std::vector<TokenId>& ids, Scratch& scratch) const;

 private:
  // Up to this many symbols a linear scan for the best pair beats the heap's bookkeeping.
  static constexpr std::size_t kScanLimit = 48;
  void apply_scan(std::vector<TokenId>& ids, Scratch& scratch) const;
  void apply_heap(std::vector<TokenId>& ids, Scratch& scratch) const;

  static std::uint64_t key(TokenId left, TokenId right) {
    return (std::uint64_t(std::uint32_t(left)) << 32) | std::uint32_t(right);
  }
  void grow();

  // Key and value side by side: one cache line per probe (the table is ~16 MiB for 280k merges).
  struct Slot {
    std::uint64_t key;
    Merge merge;
  };
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  std::vector<Slot> slots_;
  std::uint64_t mask_ = 0;
  std::size_t count_ = 0;
};

}  // namespace hearth::tokenizer
