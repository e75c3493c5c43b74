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
  // 60 GB model never sits in memory: `dst` points into a shared writable map of the file region (disk space
  // reserved first, so a full disk is an IoError, not a crash), which the kernel writes back as it goes.
  // With `fill` empty the data is left as a hole (sparse file).
  using Fill = std::function<Status(std::uint8_t* dst, std::uint64_t size)>;
  void add_tensor(std::string name, std::vector<std::int64_t> ne, TensorType type, Fill fill);

  // Writes the whole file (to path + ".part", then renames). `progress` gets bytes written, total.
  // Checks first (InvalidArgument naming the key or tensor): the alignment a power of two, unique keys and
  // tensor names, every value's variant matching its type and fitting its width, `general.alignment` (added
  // automatically when the alignment is not 32) a u32 equal to the alignment, shapes of 1..4 positive
  // dimensions with ne[0] a multiple of the block size.
  Status write(const std::string& path, const std::function<void(std::uint64_t, std::uint64_t)>& progress = {}) const;
  // The same checks without writing.
  Status validate() const;
  // The header alone, padded with zeros up to the data section (so size() == data offset), for tests that
  // build broken files byte by byte. Nothing is checked: values that do not fit are written truncated.
  std::vector<std::uint8_t> header_bytes() const;
  // Where each tensor's data starts, relative to the data section, and the file size write() produces.
  std::vector<std::uint64_t> tensor_offsets() const;
  std::uint64_t file_size() const;

 private:
  struct PendingTensor {
    std::string name;
    std::vector<std::int64_t> ne;
    TensorType type;
    Fill fill;
  };
  struct Layout;
  Status build(bool strict, Layout& layout) const;

  std::uint64_t alignment_;
  std::vector<KeyValue> kv_;
  std::vector<PendingTensor> tensors_;
};

}  // namespace hearth::gguf
