#include "tokenizer/bpe_merges.h"

#include <algorithm>

namespace hearth::tokenizer {
namespace {

std::uint64_t slot_of(std::uint64_t key, std::uint64_t mask) {
  // Fibonacci hashing spreads the (left, right) ids, which are small and clustered, over the table.
  return (key * 0x9E3779B97F4A7C15ull >> 17) & mask;
}

// Heap order: lowest rank first, then leftmost position (symbol indices grow left to right and a merge
// keeps the left index, so index order is position order). A functor so that the heap calls inline.
struct After {
  bool operator()(const BpeMerges::Scratch::Candidate& a, const BpeMerges::Scratch::Candidate& b) const {
    return a.rank != b.rank ? a.rank > b.rank : a.left > b.left;
  }
};

}  // namespace

void BpeMerges::reserve(std::size_t count) {
  std::size_t capacity = 16;
  while (capacity < count * 2) capacity *= 2;  // load factor <= 1/2: at 3/4 the longer probes for absent pairs cost a third of the speed on unusual text
  if (capacity <= slots_.size()) return;
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{kEmpty, Merge{0, kNoToken}});
  mask_ = capacity - 1;
  for (const Slot& s : old) {
    if (s.key == kEmpty) continue;
    std::uint64_t i = slot_of(s.key, mask_);
    while (slots_[i].key != kEmpty) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

void BpeMerges::grow() { reserve(std::max<std::size_t>(count_ + 1, count_ * 2)); }

bool BpeMerges::add(TokenId left, TokenId right, TokenId result) {
  if ((count_ + 1) * 2 > slots_.size()) grow();
  const std::uint64_t k = key(left, right);
  std::uint64_t i = slot_of(k, mask_);
  while (slots_[i].key != kEmpty) {
    if (slots_[i].key == k) return false;
    i = (i + 1) & mask_;
  }
  slots_[i] = Slot{k, Merge{static_cast<std::int32_t>(count_), result}};
  ++count_;
  return true;
}

const BpeMerges::Merge* BpeMerges::find(TokenId left, TokenId right) const {
  if (slots_.empty()) return nullptr;
  const std::uint64_t k = key(left, right);
  std::uint64_t i = slot_of(k, mask_);
  while (slots_[i].key != kEmpty) {
    if (slots_[i].key == k) return &slots_[i].merge;
    i = (i + 1) & mask_;
  }
  return nullptr;
}

void BpeMerges::apply(std::vector<TokenId>& ids, Scratch& scratch) const {
  if (ids.size() < 2) return;
  if (ids.size() <= kScanLimit) apply_scan(ids, scratch);
  else apply_heap(ids, scratch);
}

// The same order as apply_heap: repeatedly the lowest rank, leftmost on ties, over a compact array.
void BpeMerges::apply_scan(std::vector<TokenId>& ids, Scratch& scratch) const {
  auto& merge = scratch.pair_merge;
  std::size_t n = ids.size();
  merge.resize(n);
  auto look = [&](std::size_t i) {
    const Merge* m = find(ids[i], ids[i + 1]);
    merge[i] = m ? *m : Merge{-1, kNoToken};
  };
  for (std::size_t i = 0; i + 1 < n; ++i) look(i);
  while (n > 1) {
    std::size_t best = n;
    for (std::size_t i = 0; i + 1 < n; ++i)
      if (merge[i].rank >= 0 && (best == n || merge[i].rank < merge[best].rank)) best = i;
    if (best == n) break;
    ids[best] = merge[best].result;
    ids.erase(ids.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    merge.erase(merge.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    --n;
    if (best + 1 < n) look(best);
    if (best > 0) look(best - 1);
  }
}

void BpeMerges::apply_heap(std::vector<TokenId>& ids, Scratch& scratch) const {
  const auto n = static_cast<std::int32_t>(ids.size());
  auto& symbols = scratch.symbols;
  auto& heap = scratch.heap;
  symbols.resize(static_cast<std::size_t>(n));
  heap.clear();
  for (std::int32_t i = 0; i < n; ++i) symbols[i] = {ids[i], i - 1, i + 1 < n ? i + 1 : -1};

  auto push = [&](std::int32_t left) {
    const std::int32_t right = symbols[left].next;
    if (right < 0) return;
    if (const Merge* m = find(symbols[left].id, symbols[right].id)) {
      heap.push_back({m->rank, left, symbols[left].id, symbols[right].id, m->result});
      std::push_heap(heap.begin(), heap.end(), After{});
    }
  };
  for (std::int32_t i = 0; i + 1 < n; ++i) push(i);

  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), After{});
    const Scratch::Candidate c = heap.back();
    heap.pop_back();
    // Stale candidates: either side has been merged into something else since the pair was pushed.
    // A merged-away symbol gets id kNoToken, so the id checks also catch removed symbols.
    Scratch::Symbol& left = symbols[c.left];
    if (left.id != c.left_id || left.next < 0) continue;
    Scratch::Symbol& right = symbols[left.next];
    if (right.id != c.right_id) continue;
    left.id = c.result;
    right.id = kNoToken;
    left.next = right.next;
    if (right.next >= 0) symbols[right.next].prev = c.left;
    if (left.prev >= 0) push(left.prev);
    push(c.left);
  }

  ids.clear();
  for (std::int32_t i = 0; i >= 0; i = symbols[i].next) ids.push_back(symbols[i].id);
}

}  // namespace hearth::tokenizer
