#include "gguf/gguf_layout.h"

namespace hearth::gguf::detail {

bool tensor_bytes(const std::vector<std::int64_t>& ne, std::uint32_t type_id, std::uint64_t& bytes, std::string& why) {
  if (ne.empty() || ne.size() > kMaxDims) {
    why = "has " + std::to_string(ne.size()) + " dimensions; expected 1 to " + std::to_string(kMaxDims);
    return false;
  }
  const TypeTraits* traits = type_traits(type_id);
  if (traits == nullptr) {
    why = "has unknown type id " + std::to_string(type_id);
    return false;
  }
  std::int64_t elements = 1;
  for (std::size_t i = 0; i < ne.size(); ++i) {
    if (ne[i] <= 0) {
      why = "has ne[" + std::to_string(i) + "] = " + std::to_string(ne[i]) + "; every dimension must be positive";
      return false;
    }
    if (__builtin_mul_overflow(elements, ne[i], &elements)) {
      why = "has shape " + shape_string(ne) + ", whose element count overflows 64 bits";
      return false;
    }
  }
  if (ne[0] % traits->block_size != 0) {
    why = "has ne[0] = " + std::to_string(ne[0]) + ", not a multiple of the " + std::string(traits->name) +
          " block size " + std::to_string(traits->block_size);
    return false;
  }
  // Rows of whole blocks: (elements / block) blocks of type_size bytes.
  const auto blocks = static_cast<std::uint64_t>(elements / traits->block_size);
  if (__builtin_mul_overflow(blocks, static_cast<std::uint64_t>(traits->type_size), &bytes)) {
    why = "has shape " + shape_string(ne) + ", whose byte size overflows 64 bits";
    return false;
  }
  return true;
}

std::string shape_string(const std::vector<std::int64_t>& ne) {
  std::string s = "{";
  for (std::size_t i = 0; i < ne.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(ne[i]);
  }
  return s + "}";
}

}  // namespace hearth::gguf::detail
