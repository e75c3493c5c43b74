#include "runtime/fingerprint.h"

#include <cstdio>
#include <cstring>

namespace hearth::runtime {

std::uint64_t fingerprint(std::span<const float> values) {
  std::uint64_t h = 1469598103934665603ull;
  for (float f : values) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    for (int i = 0; i < 4; ++i) h = (h ^ ((bits >> (8 * i)) & 0xffu)) * 1099511628211ull;
  }
  return h;
}

std::string fingerprint_hex(std::span<const float> values) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fingerprint(values)));
  return text;
}

}  // namespace hearth::runtime
