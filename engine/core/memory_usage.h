// The process's resident memory, for load statistics and the app's status line (Linux: /proc/self/status).
#pragma once

#include <cstdint>

namespace hearth {

std::uint64_t resident_bytes();       // VmRSS; 0 when unknown
std::uint64_t peak_resident_bytes();  // VmHWM, the high-water mark since start; 0 when unknown

}  // namespace hearth
