// Scratch buffers of the CPU ops: owned by the caller (a session), grown to the largest call seen and then
// reused, so steady-state decode allocates nothing.
#pragma once

#include <cstdint>
#include <vector>

namespace hearth::cpu {

template <typename T>
T* grown(std::vector<T>& buffer, std::int64_t n) {
  if (static_cast<std::int64_t>(buffer.size()) < n) buffer.resize(static_cast<std::size_t>(n));
  return buffer.data();
}

}  // namespace hearth::cpu
