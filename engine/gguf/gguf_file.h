// A GGUF file (v2 or v3) read from a memory map. Everything in the header is validated against the file
// size before use: counts, string and array lengths, value and tensor type ids, tensor offsets, sizes,
// alignment and overlaps. A malformed file yields an error naming the field and its byte offset.
// Nothing is copied: tensor data pointers point into the map, which lives as long as the File.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/status.h"
#include "gguf/tensor_types.h"

namespace hearth::gguf {

// GGUF metadata value type ids. Stored in files: never renumber.
enum class ValueType : std::uint32_t {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
};

std::string_view value_type_name(ValueType type);

// One metadata value. Arrays are homogeneous (GGUF forbids mixing) and may nest.
struct Value {
  ValueType type = ValueType::UINT8;
  ValueType array_type = ValueType::UINT8;  // element type when type == ARRAY
  std::variant<std::uint64_t, std::int64_t, double, bool, std::string, std::vector<Value>> data;

  // Builders that pair the type with the right variant alternative (unsigned ids hold std::uint64_t, signed
  // ones std::int64_t, floats double). The writer checks at write time that the value fits the type's width.
  static Value unsigned_int(ValueType type, std::uint64_t v);  // UINT8, UINT16, UINT32, UINT64
  static Value signed_int(ValueType type, std::int64_t v);     // INT8, INT16, INT32, INT64
  static Value floating(ValueType type, double v);             // FLOAT32, FLOAT64
  static Value boolean(bool v);
  static Value string(std::string v);
  static Value array(ValueType element_type, std::vector<Value> elements);

  // Conversions that succeed only when the stored value fits the asked type exactly (no silent narrowing):
  // integers of either signedness within range; as_f64 also takes integers that a double holds exactly.
  bool as_u64(std::uint64_t& out) const;
  bool as_i64(std::int64_t& out) const;
  bool as_f64(double& out) const;
  const std::string* as_string() const;
  const std::vector<Value>* as_array() const;
};

struct KeyValue {
  std::string key;
  Value value;
  std::uint64_t offset = 0;  // byte offset of the key in the file, for error messages
};

struct TensorInfo {
  std::string name;
  std::vector<std::int64_t> ne;  // ggml order: ne[0] is the contiguous axis
  TensorType type = TensorType::F32;
  std::uint64_t offset = 0;       // relative to the start of the data section
  std::uint64_t size_bytes = 0;   // validated: offset + size_bytes fits in the file
  const std::uint8_t* data = nullptr;  // into the memory map
  std::int64_t n_elements() const;
};

struct OpenOptions {
  // Upper bounds against absurd headers; they exist to refuse hostile files before allocating.
  std::uint64_t max_tensors = 1u << 20;
  std::uint64_t max_kv = 1u << 20;
  std::uint64_t max_string_bytes = 1u << 30;   // a 131072-token vocabulary is far below this
  std::uint64_t max_array_elements = 1u << 28;
  // All array elements of all keys together: each costs a Value (48 bytes) however few bytes it has in the
  // file (a u8 has one), so this bounds memory at ~200 MB; a 262144-token vocabulary with scores, types
  // and merges is ~1.3 M values.
  std::uint64_t max_metadata_values = 1u << 22;
};

class File {
 public:
  // Maps the file read-only and validates the whole header. Errors: IoError, MalformedFile (field + offset),
  // UnsupportedType (unknown tensor type id, naming the tensor).
  static Result<std::unique_ptr<File>> open(const std::string& path, const OpenOptions& options = {});
  // Same validation over bytes that the caller keeps alive (tests, the fuzzer).
  static Result<std::unique_ptr<File>> from_memory(const std::uint8_t* bytes, std::uint64_t size,
                                                   const OpenOptions& options = {});
  ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  const std::string& path() const { return path_; }
  std::uint32_t version() const { return version_; }
  std::uint64_t file_size() const { return size_; }
  std::uint64_t alignment() const { return alignment_; }
  std::uint64_t data_offset() const { return data_offset_; }  // absolute offset of the data section

  const std::vector<KeyValue>& metadata() const { return kv_; }
  const Value* find(std::string_view key) const;
  // Typed look-ups: nullopt-like false when absent or of another type.
  bool get_string(std::string_view key, std::string& out) const;
  bool get_u64(std::string_view key, std::uint64_t& out) const;
  bool get_i64(std::string_view key, std::int64_t& out) const;
  bool get_f64(std::string_view key, double& out) const;
  bool get_bool(std::string_view key, bool& out) const;

  const std::vector<TensorInfo>& tensors() const { return tensors_; }
  const TensorInfo* find_tensor(std::string_view name) const;

  // Advises the kernel about how the map will be read (sequentially for a load, dropped afterwards).
  void advise_sequential(std::uint64_t offset, std::uint64_t length) const;
  void release_pages(std::uint64_t offset, std::uint64_t length) const;

 private:
  File() = default;
  friend class Parser;

  std::string path_;
  const std::uint8_t* bytes_ = nullptr;
  std::uint64_t size_ = 0;
  bool owns_map_ = false;
  std::uint32_t version_ = 0;
  std::uint64_t alignment_ = 32;
  std::uint64_t data_offset_ = 0;
  std::vector<KeyValue> kv_;
  std::vector<TensorInfo> tensors_;
  std::unordered_map<std::string_view, std::size_t> tensor_index_;  // views into tensors_[i].name
  int fd_ = -1;  // kept open for posix_fadvise; -1 for from_memory
};

}  // namespace hearth::gguf
