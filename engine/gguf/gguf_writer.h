// Writes GGUF v3 files: metadata of every value type, tensor infos and aligned data. Used by
// `hearth-cli model synth`, by tests to build fixtures (good and deliberately broken), and by the
// parity checks that turn reference weights into a GGUF.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "gguf/gguf_file.h"

namespace hearth::gguf {

class Writer {
 public:
  explicit Writer(std::uint64_t alignment = 32);

  // Metadata, in the order added. Keys must be unique (checked at write time).
  void set(std::string key, Value value);
  void set_string(std::string key, std::string value);
  void set_u32(std::string key, std::uint32_t value);
  void set_i32(std::string key, std::int32_t value);
  void set_u64(std::string key, std::uint64_t value);
  void set_f32(std::string key, float value);
  void set_bool(std::string key, bool value);
  void set_i32_array(std::string key, const std::vector<std::int32_t>& values);
  void set_f32_array(std::string key, const std::vector<float>& values);
  void set_string_array(std::string key, const std::vector<std::string>& values);

  // A tensor whose bytes (row_bytes(type, ne[0]) * rows) come from `fill` when the file is written, so a
  // 60 GB model never sits in memory. With `fill` empty the data is left as a hole (sparse file).
  using Fill = std::function<Status(std::uint8_t* dst, std::uint64_t size)>;
  void add_tensor(std::string name, std::vector<std::int64_t> ne, TensorType type, Fill fill);

  // Writes the whole file (to path + ".part", then renames). `progress` gets bytes written, total.
  Status write(const std::string& path, const std::function<void(std::uint64_t, std::uint64_t)>& progress = {}) const;
  // The header alone, for tests that build broken files byte by byte.
  std::vector<std::uint8_t> header_bytes() const;

 private:
  struct PendingTensor {
    std::string name;
    std::vector<std::int64_t> ne;
    TensorType type;
    Fill fill;
  };
  std::uint64_t alignment_;
  std::vector<KeyValue> kv_;
  std::vector<PendingTensor> tensors_;
};

}  // namespace hearth::gguf
