#include "tokenizer/piece_table.h"

#include <cstring>

namespace hearth::tokenizer {

std::uint64_t PieceTable::hash_of(std::string_view key) {
  // Eight bytes at a time through a multiply-xorshift mix; pieces are short, so this is a few cycles.
  const char* p = key.data();
  std::size_t n = key.size();
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  std::uint64_t w = 0;
  std::memcpy(&w, p, n);
  h = (h ^ w) * 0x94D049BB133111EBull;
  return h ^ (h >> 29);
}

void PieceTable::reserve(std::size_t count) {
  std::size_t capacity = 16;
  while (capacity < count * 2) capacity *= 2;
  if (capacity > slots_.size()) rehash(capacity);
}

void PieceTable::rehash(std::size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{0, 0, kEmpty, {}});
  mask_ = capacity - 1;
  for (const Slot& s : old) {
    if (s.length == kEmpty) continue;
    std::uint64_t i = s.hash & mask_;
    while (slots_[i].length != kEmpty) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

const PieceTable::Value* PieceTable::find(std::string_view key) const {
  if (count_ == 0) return nullptr;
  const std::uint64_t h = hash_of(key);
  for (std::uint64_t i = h & mask_;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.length == kEmpty) return nullptr;
    if (s.hash == h && s.length == key.size() && std::memcmp(pool_.data() + s.offset, key.data(), key.size()) == 0)
      return &s.value;
  }
}

bool PieceTable::insert(std::string_view key, Value value) {
  if ((count_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
  const std::uint64_t h = hash_of(key);
  std::uint64_t i = h & mask_;
  for (;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.length == kEmpty) break;
    if (s.hash == h && s.length == key.size() && std::memcmp(pool_.data() + s.offset, key.data(), key.size()) == 0)
      return false;
  }
  slots_[i] = Slot{h, static_cast<std::uint32_t>(pool_.size()), static_cast<std::uint32_t>(key.size()), value};
  pool_.append(key);
  ++count_;
  return true;
}

void PieceTable::clear() {
  for (Slot& s : slots_) s.length = kEmpty;
  pool_.clear();
  count_ = 0;
}

}  // namespace hearth::tokenizer
