// Validating GGUF header parser. Every read is bounds-checked against the file size before it happens, every
// count is checked against what the remaining bytes could hold before anything is reserved, and each failure
// names the field and its byte offset. Layout: gguf_layout.h.
#include "gguf/gguf_parser.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "gguf/gguf_layout.h"

namespace hearth::gguf {

namespace {

const char* const kDamagedHint = "the file is damaged, incomplete or not a GGUF model; download or convert it again";

std::string num(std::uint64_t v) { return std::to_string(v); }

std::string quoted(std::string_view s) {
  // Names come from the file: keep messages printable and short.
  std::string out = "'";
  for (char c : s.substr(0, 120)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
  if (s.size() > 120) out += "...";
  return out + "'";
}

// Smallest encoding of one value of each type: the bound that makes a count plausible before reserving.
std::uint64_t min_value_bytes(ValueType type) {
  switch (type) {
    case ValueType::UINT8: case ValueType::INT8: case ValueType::BOOL: return 1;
    case ValueType::UINT16: case ValueType::INT16: return 2;
    case ValueType::UINT32: case ValueType::INT32: case ValueType::FLOAT32: return 4;
    case ValueType::UINT64: case ValueType::INT64: case ValueType::FLOAT64: return 8;
    case ValueType::STRING: return 8;   // the length
    case ValueType::ARRAY: return 12;   // element type and count
  }
  return 1;
}

// A key needs at least its length (8), a type (4) and a one-byte value; a tensor info at least a name length
// (8), n_dims (4), one ne (8), a type (4) and an offset (8).
constexpr std::uint64_t kMinKvBytes = 13;
constexpr std::uint64_t kMinTensorInfoBytes = 32;
constexpr std::uint64_t kFixedHeaderBytes = 24;

}  // namespace

Status Parser::malformed(std::string message) {
  return Status::error(ErrorCode::MalformedFile, std::move(message), kDamagedHint);
}

Status Parser::need(std::uint64_t k, std::string_view field) const {
  if (have(k)) return Status::ok();
  return malformed(std::string(field) + " at offset " + num(pos_) + " needs " + num(k) + " bytes, but the file ends at " +
                   num(n_));
}

template <typename T>
T Parser::take() {
  T v;
  std::memcpy(&v, b_ + pos_, sizeof v);
  pos_ += sizeof v;
  return v;
}

Status Parser::parse(File& file) {
  std::uint64_t tensor_count = 0, kv_count = 0;
  HEARTH_TRY(header(file, tensor_count, kv_count));
  HEARTH_TRY(metadata(file, kv_count));
  HEARTH_TRY(alignment(file));
  HEARTH_TRY(tensor_infos(file, tensor_count));
  return tensor_data(file);
}

Status Parser::header(File& file, std::uint64_t& tensor_count, std::uint64_t& kv_count) {
  if (n_ == 0) return malformed("the file is empty (0 bytes); a GGUF file starts with the magic 'GGUF'");
  if (!have(4) || std::memcmp(b_, detail::kMagic, 4) != 0) {
    std::string seen;
    for (std::uint64_t i = 0; i < std::min<std::uint64_t>(4, n_); ++i) seen += (b_[i] >= 0x20 && b_[i] < 0x7F) ? static_cast<char>(b_[i]) : '?';
    return malformed("not a GGUF file: the magic at offset 0 is '" + seen + "', expected 'GGUF'");
  }
  pos_ = 4;
  HEARTH_TRY(need(4, "version"));
  const auto version = take<std::uint32_t>();
  if (version == 1)
    return Status::error(ErrorCode::MalformedFile,
                         "GGUF version 1 (at offset 4) is not supported: it is the 2023 draft format with 32-bit counts",
                         "convert the model again with a current llama.cpp");
  if (version == 0x02000000u || version == 0x03000000u)
    return Status::error(ErrorCode::MalformedFile, "big-endian GGUF files (version at offset 4) are not supported",
                         "use the little-endian file of this model");
  if (version != 2 && version != 3)
    return malformed("unknown GGUF version " + num(version) + " at offset 4; supported: 2 and 3");
  file.version_ = version;
  HEARTH_TRY(need(16, "tensor_count and kv_count"));
  tensor_count = take<std::uint64_t>();
  kv_count = take<std::uint64_t>();
  if (tensor_count > options_.max_tensors)
    return malformed("tensor_count at offset 8 is " + num(tensor_count) + ", more than the limit " + num(options_.max_tensors));
  if (kv_count > options_.max_kv)
    return malformed("kv_count at offset 16 is " + num(kv_count) + ", more than the limit " + num(options_.max_kv));
  // Both are bounded by the limits above (< 2^32 by default), so the products cannot overflow for sane limits;
  // checked anyway for callers that raise them.
  std::uint64_t need_kv = 0, need_tensors = 0, total = 0;
  if (__builtin_mul_overflow(kv_count, kMinKvBytes, &need_kv) ||
      __builtin_mul_overflow(tensor_count, kMinTensorInfoBytes, &need_tensors) ||
      __builtin_add_overflow(need_kv, need_tensors, &total) || total > n_ - kFixedHeaderBytes)
    return malformed("tensor_count (offset 8) = " + num(tensor_count) + " and kv_count (offset 16) = " + num(kv_count) +
                     " cannot fit in the " + num(n_ - kFixedHeaderBytes) + " bytes after the fixed header");
  return Status::ok();
}

Status Parser::string(std::string& out, std::string_view field) {
  const std::uint64_t at = pos_;
  HEARTH_TRY(need(8, std::string(field) + " length"));
  const auto len = take<std::uint64_t>();
  if (len > options_.max_string_bytes)
    return malformed(std::string(field) + " at offset " + num(at) + " has length " + num(len) + ", more than the limit " +
                     num(options_.max_string_bytes));
  if (!have(len))
    return malformed(std::string(field) + " at offset " + num(at) + " has length " + num(len) + ", but only " +
                     num(n_ - pos_) + " bytes remain in the file");
  out.assign(reinterpret_cast<const char*>(b_ + pos_), static_cast<std::size_t>(len));
  pos_ += len;
  return Status::ok();
}

Status Parser::metadata(File& file, std::uint64_t kv_count) {
  file.kv_.reserve(static_cast<std::size_t>(kv_count));  // validated against the file size in header()
  for (std::uint64_t i = 0; i < kv_count; ++i) {
    KeyValue kv;
    kv.offset = pos_;
    HEARTH_TRY(string(kv.key, "key of metadata entry #" + num(i)));
    if (kv.key.empty()) return malformed("metadata entry #" + num(i) + " at offset " + num(kv.offset) + " has an empty key");
    const std::string field = "metadata " + quoted(kv.key);
    HEARTH_TRY(need(4, field + " value type"));
    const std::uint64_t type_at = pos_;
    const auto type_id = take<std::uint32_t>();
    if (type_id > detail::kMaxValueTypeId)
      return malformed(field + ": unknown value type id " + num(type_id) + " at offset " + num(type_at));
    HEARTH_TRY(value(kv.value, static_cast<ValueType>(type_id), kv.key, 0));
    file.kv_.push_back(std::move(kv));
  }
  // Duplicate keys: the later one would silently shadow the first.
  std::unordered_map<std::string_view, std::uint64_t> seen;
  seen.reserve(file.kv_.size());
  for (const KeyValue& kv : file.kv_) {
    const auto [it, inserted] = seen.emplace(kv.key, kv.offset);
    if (!inserted)
      return malformed("duplicate metadata key " + quoted(kv.key) + " at offset " + num(kv.offset) + " (first at offset " +
                       num(it->second) + ")");
  }
  return Status::ok();
}

Status Parser::value(Value& out, ValueType type, const std::string& key, int depth) {
  const std::string field = "metadata " + quoted(key);
  const std::uint64_t at = pos_;
  if (type == ValueType::STRING) {
    std::string s;
    HEARTH_TRY(string(s, field + " string"));
    out = Value::string(std::move(s));
    return Status::ok();
  }
  if (type == ValueType::ARRAY) return array(out, key, depth);
  HEARTH_TRY(need(min_value_bytes(type), field + " value"));
  switch (type) {
    case ValueType::UINT8: out = Value::unsigned_int(type, take<std::uint8_t>()); break;
    case ValueType::UINT16: out = Value::unsigned_int(type, take<std::uint16_t>()); break;
    case ValueType::UINT32: out = Value::unsigned_int(type, take<std::uint32_t>()); break;
    case ValueType::UINT64: out = Value::unsigned_int(type, take<std::uint64_t>()); break;
    case ValueType::INT8: out = Value::signed_int(type, take<std::int8_t>()); break;
    case ValueType::INT16: out = Value::signed_int(type, take<std::int16_t>()); break;
    case ValueType::INT32: out = Value::signed_int(type, take<std::int32_t>()); break;
    case ValueType::INT64: out = Value::signed_int(type, take<std::int64_t>()); break;
    case ValueType::FLOAT32: out = Value::floating(type, static_cast<double>(take<float>())); break;
    case ValueType::FLOAT64: out = Value::floating(type, take<double>()); break;
    case ValueType::BOOL: {
      const auto byte = take<std::uint8_t>();
      if (byte > 1) return malformed(field + ": bool at offset " + num(at) + " is " + num(byte) + ", not 0 or 1");
      out = Value::boolean(byte == 1);
      break;
    }
    default: return malformed(field + ": unknown value type id " + num(static_cast<std::uint32_t>(type)));
  }
  return Status::ok();
}

Status Parser::array(Value& out, const std::string& key, int depth) {
  const std::string field = "metadata " + quoted(key);
  const std::uint64_t at = pos_;
  HEARTH_TRY(need(12, field + " array header"));
  const auto element_id = take<std::uint32_t>();
  const auto count = take<std::uint64_t>();
  if (element_id > detail::kMaxValueTypeId)
    return malformed(field + ": array at offset " + num(at) + " has unknown element type id " + num(element_id));
  const auto element = static_cast<ValueType>(element_id);
  if (element == ValueType::ARRAY && depth + 1 >= detail::kMaxArrayDepth)
    return malformed(field + ": arrays at offset " + num(at) + " nest deeper than " + num(detail::kMaxArrayDepth) + " levels");
  if (count > options_.max_array_elements)
    return malformed(field + ": array at offset " + num(at) + " has " + num(count) + " elements, more than the limit " +
                     num(options_.max_array_elements));
  if (count > (n_ - pos_) / min_value_bytes(element))
    return malformed(field + ": array at offset " + num(at) + " of " + num(count) + " " +
                     std::string(value_type_name(element)) + " elements cannot fit in the " + num(n_ - pos_) +
                     " bytes left in the file");
  if (count > options_.max_metadata_values - std::min(values_, options_.max_metadata_values))
    return malformed(field + ": array at offset " + num(at) + " brings the metadata past the limit of " +
                     num(options_.max_metadata_values) + " values");
  values_ += count;
  std::vector<Value> items(static_cast<std::size_t>(count));  // bounded by the file size and the limits above
  for (Value& item : items) HEARTH_TRY(value(item, element, key, depth + 1));
  out = Value::array(element, std::move(items));
  return Status::ok();
}

Status Parser::alignment(File& file) {
  const Value* v = file.find(detail::kAlignmentKey);
  if (v == nullptr) return Status::ok();
  std::uint64_t at = 0;
  for (const KeyValue& kv : file.kv_)
    if (kv.key == detail::kAlignmentKey) at = kv.offset;
  std::uint64_t a = 0;
  if (v->type != ValueType::UINT32 || !v->as_u64(a))
    return malformed(std::string(detail::kAlignmentKey) + " at offset " + num(at) + " must be a u32, not a " +
                     std::string(value_type_name(v->type)));
  if (!detail::is_power_of_two(a))
    return malformed(std::string(detail::kAlignmentKey) + " at offset " + num(at) + " is " + num(a) +
                     "; it must be a non-zero power of two");
  file.alignment_ = a;
  return Status::ok();
}

Status Parser::tensor_infos(File& file, std::uint64_t tensor_count) {
  file.tensors_.reserve(static_cast<std::size_t>(tensor_count));  // validated against the file size in header()
  std::unordered_map<std::string, std::uint64_t> names;
  names.reserve(static_cast<std::size_t>(tensor_count));
  for (std::uint64_t i = 0; i < tensor_count; ++i) {
    const std::uint64_t at = pos_;
    TensorInfo t;
    HEARTH_TRY(string(t.name, "name of tensor #" + num(i)));
    if (t.name.empty()) return malformed("tensor #" + num(i) + " at offset " + num(at) + " has an empty name");
    const std::string field = "tensor " + quoted(t.name);
    HEARTH_TRY(need(4, field + " n_dims"));
    const auto n_dims = take<std::uint32_t>();
    if (n_dims == 0 || n_dims > detail::kMaxDims)
      return malformed(field + " at offset " + num(at) + ": n_dims is " + num(n_dims) + "; expected 1 to " +
                       num(detail::kMaxDims));
    HEARTH_TRY(need(8ull * n_dims + 12, field + " shape, type and offset"));
    for (std::uint32_t d = 0; d < n_dims; ++d) {
      const auto ne = take<std::uint64_t>();
      if (ne > static_cast<std::uint64_t>(INT64_MAX))
        return malformed(field + " at offset " + num(at) + ": ne[" + num(d) + "] = " + num(ne) + " is too large");
      t.ne.push_back(static_cast<std::int64_t>(ne));
    }
    const std::uint64_t type_at = pos_;
    const auto type_id = take<std::uint32_t>();
    const std::uint64_t offset_at = pos_;
    t.offset = take<std::uint64_t>();
    if (type_traits(type_id) == nullptr)
      return Status::error(ErrorCode::UnsupportedType,
                           field + " has unknown type id " + num(type_id) + " (at offset " + num(type_at) + ")",
                           "the file may need a newer version of Hearth");
    t.type = static_cast<TensorType>(type_id);
    std::string why;
    if (!detail::tensor_bytes(t.ne, type_id, t.size_bytes, why))
      return malformed(field + " at offset " + num(at) + " " + why);
    if (t.offset % file.alignment_ != 0)
      return malformed(field + ": data offset " + num(t.offset) + " (field at offset " + num(offset_at) +
                       ") is not a multiple of the alignment " + num(file.alignment_));
    const auto [it, inserted] = names.emplace(t.name, at);
    if (!inserted)
      return malformed("duplicate tensor name " + quoted(t.name) + " at offset " + num(at) + " (first at offset " +
                       num(it->second) + ")");
    file.tensors_.push_back(std::move(t));
  }
  return Status::ok();
}

Status Parser::tensor_data(File& file) {
  std::uint64_t data_offset = 0;
  if (!detail::align_up(pos_, file.alignment_, data_offset))
    return malformed("the data section offset overflows 64 bits");
  file.data_offset_ = data_offset;
  for (TensorInfo& t : file.tensors_) {
    std::uint64_t start = 0, end = 0;
    if (__builtin_add_overflow(data_offset, t.offset, &start))
      return malformed("tensor " + quoted(t.name) + ": data offset " + num(t.offset) + " lies beyond any file");
    if (__builtin_add_overflow(start, t.size_bytes, &end) || end > n_)
      return malformed("tensor " + quoted(t.name) + ": data [offset " + num(start) + ", size " + num(t.size_bytes) +
                       "] runs past the end of the file (size " + num(n_) + ")");
    t.data = b_ + start;
  }
  // Overlaps: in offset order, each tensor must start at or after the end of the previous one.
  std::vector<std::size_t> order(file.tensors_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const std::uint64_t oa = file.tensors_[a].offset, ob = file.tensors_[b].offset;
    return oa != ob ? oa < ob : a < b;  // ties in file order, so messages name tensors as the file lists them
  });
  for (std::size_t k = 1; k < order.size(); ++k) {
    const TensorInfo& prev = file.tensors_[order[k - 1]];
    const TensorInfo& cur = file.tensors_[order[k]];
    if (cur.offset < prev.offset + prev.size_bytes)
      return malformed("tensors " + quoted(prev.name) + " [data offset " + num(prev.offset) + ", size " +
                       num(prev.size_bytes) + "] and " + quoted(cur.name) + " [data offset " + num(cur.offset) +
                       ", size " + num(cur.size_bytes) + "] overlap");
  }
  return Status::ok();
}

}  // namespace hearth::gguf
