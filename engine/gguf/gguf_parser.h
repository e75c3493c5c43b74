// The GGUF header parser behind File::open and File::from_memory (a friend of File, which it fills in).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "gguf/gguf_file.h"

namespace hearth::gguf {

class Parser {
 public:
  Parser(const std::uint8_t* bytes, std::uint64_t size, const OpenOptions& options)
      : b_(bytes), n_(size), options_(options) {}
  // Validates the whole header and fills in version, metadata, alignment, data offset and tensors.
  Status parse(File& file);

 private:
  Status header(File& file, std::uint64_t& tensor_count, std::uint64_t& kv_count);
  Status metadata(File& file, std::uint64_t kv_count);
  Status alignment(File& file);
  Status tensor_infos(File& file, std::uint64_t tensor_count);
  Status tensor_data(File& file);

  Status value(Value& out, ValueType type, const std::string& key, int depth);
  Status array(Value& out, const std::string& key, int depth);
  Status string(std::string& out, std::string_view field);

  bool have(std::uint64_t k) const { return k <= n_ - pos_; }
  Status need(std::uint64_t k, std::string_view field) const;
  template <typename T>
  T take();
  static Status malformed(std::string message);

  const std::uint8_t* b_;
  std::uint64_t n_;
  const OpenOptions& options_;
  std::uint64_t pos_ = 0;
  std::uint64_t values_ = 0;  // array elements read so far, against max_metadata_values
};

}  // namespace hearth::gguf
