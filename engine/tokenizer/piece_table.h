// A hash table from byte strings to two 32-bit values, for the tokenizer's per-piece lookups (is this
// piece a token? have we merged it before?). Open addressing over a flat slot array with the full hash
// stored, keys copied back to back into one byte pool: a lookup is usually one slot read and one
// memcmp, which matters at millions of pieces per second (std::unordered_map costs several dependent
// cache misses per lookup).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::tokenizer {

class PieceTable {
 public:
  struct Value {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
  };

  // nullptr when absent.
  const Value* find(std::string_view key) const;
  // Adds `key` unless present; returns false (and keeps the old value) when it was.
  bool insert(std::string_view key, Value value);
  void clear();
  std::size_t size() const { return count_; }
  void reserve(std::size_t count);

 private:
  struct Slot {
    std::uint64_t hash;
    std::uint32_t offset;  // into pool_
    std::uint32_t length;  // kEmpty: free slot
    Value value;
  };
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  static std::uint64_t hash_of(std::string_view key);
  void rehash(std::size_t capacity);

  std::vector<Slot> slots_;
  std::string pool_;
  std::size_t count_ = 0;
  std::uint64_t mask_ = 0;
};

}  // namespace hearth::tokenizer
