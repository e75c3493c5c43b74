// Container facts shared by the GGUF reader and writer: the magic, the alignment rules and the size of a
// tensor's data, computed with overflow checks so that a hostile header cannot wrap a size around.
//
// File layout (little-endian): "GGUF", u32 version, u64 tensor_count, u64 kv_count, kv_count × (string key,
// u32 value type, value), tensor_count × (string name, u32 n_dims, n_dims × u64 ne, u32 type, u64 offset),
// zero padding to `general.alignment` (default 32), then the data section; each tensor's offset is relative
// to the data section and a multiple of the alignment. A string is a u64 byte length and the bytes (no NUL);
// an array is a u32 element type, a u64 count and the elements.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gguf/tensor_types.h"

namespace hearth::gguf::detail {

inline constexpr std::uint8_t kMagic[4] = {'G', 'G', 'U', 'F'};
inline constexpr std::uint32_t kWrittenVersion = 3;
inline constexpr std::uint64_t kDefaultAlignment = 32;
inline constexpr std::uint32_t kMaxDims = 4;
inline constexpr const char* kAlignmentKey = "general.alignment";
inline constexpr std::uint32_t kMaxValueTypeId = 12;  // FLOAT64
// Arrays of arrays are legal GGUF; nobody nests deeply, and the reader's recursion must stay bounded.
inline constexpr int kMaxArrayDepth = 8;
// llama.cpp's GGML_MAX_NAME, including the terminating NUL: longer tensor names do not load there.
inline constexpr std::size_t kMaxTensorName = 64;

inline bool is_power_of_two(std::uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

// v rounded up to a multiple of the power-of-two `alignment`; false when that overflows.
inline bool align_up(std::uint64_t v, std::uint64_t alignment, std::uint64_t& out) {
  const std::uint64_t mask = alignment - 1;
  if (v > UINT64_MAX - mask) return false;
  out = (v + mask) & ~mask;
  return true;
}

// Bytes of a tensor of shape `ne` and `type`, or false with `why` set: 1..4 dimensions, each > 0, the
// element count and byte size within int64/uint64, ne[0] a multiple of the block size, the type known.
bool tensor_bytes(const std::vector<std::int64_t>& ne, std::uint32_t type_id, std::uint64_t& bytes, std::string& why);

// "{4096, 18560}" for messages.
std::string shape_string(const std::vector<std::int64_t>& ne);

}  // namespace hearth::gguf::detail
