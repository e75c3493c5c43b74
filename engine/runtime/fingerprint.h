// A 64-bit fingerprint of a float vector's exact bits (FNV-1a): printed with results so that numeric drift
// between builds, machines or backends shows up in any log.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace hearth::runtime {

std::uint64_t fingerprint(std::span<const float> values);
std::string fingerprint_hex(std::span<const float> values);  // 16 hex digits

}  // namespace hearth::runtime
