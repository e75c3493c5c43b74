// Shared by the reference tools (reference_dump, engine_logits): little-endian raw arrays out, errors on
// stderr with the tool's name.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace hearth_reference {

inline int fail(const char* tool, const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", tool, what.c_str());
  return 1;
}

template <typename T>
bool write_all(const std::filesystem::path& path, const std::vector<T>& v) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
  return static_cast<bool>(out);
}

}  // namespace hearth_reference
