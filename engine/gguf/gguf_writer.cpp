// GGUF v3 writer. The header is serialised in memory (it is small: metadata and tensor infos), the file is
// sized with ftruncate so that tensors without a fill stay holes, and each filled tensor is produced in
// place through a shared writable map of its region (disk space reserved first with posix_fallocate, so
// that a full disk is an error value and not a SIGBUS). The file appears under its name only when complete:
// it is written as path.part, synced and renamed.
#include "gguf/gguf_writer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <set>
#include <string_view>

#include "gguf/gguf_layout.h"

namespace hearth::gguf {

using detail::kAlignmentKey;

struct Writer::Layout {
  std::vector<std::uint8_t> header;   // serialised header, zero-padded to data_offset
  std::vector<std::uint64_t> offsets;  // per tensor, relative to the data section
  std::vector<std::uint64_t> sizes;
  std::uint64_t data_offset = 0;
  std::uint64_t total = 0;
};

namespace {

class Sink {
 public:
  explicit Sink(std::vector<std::uint8_t>& out) : out_(out) {}
  void raw(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  void u32(std::uint32_t v) { raw(&v, 4); }
  void u64(std::uint64_t v) { raw(&v, 8); }
  void str(std::string_view s) {
    u64(s.size());
    raw(s.data(), s.size());
  }

 private:
  std::vector<std::uint8_t>& out_;
};

struct IntWidth {
  int bytes;
  bool is_signed;
};

// Integer value types and their stored width; bytes 0 for the others.
IntWidth int_width(ValueType type) {
  switch (type) {
    case ValueType::UINT8: return {1, false};
    case ValueType::INT8: return {1, true};
    case ValueType::UINT16: return {2, false};
    case ValueType::INT16: return {2, true};
    case ValueType::UINT32: return {4, false};
    case ValueType::INT32: return {4, true};
    case ValueType::UINT64: return {8, false};
    case ValueType::INT64: return {8, true};
    default: return {0, false};
  }
}

class ValueWriter {
 public:
  ValueWriter(Sink& sink, bool strict) : sink_(sink), strict_(strict) {}

  // Writes the payload of `v` as `type` (the type id itself is written by the caller).
  Status put(const std::string& key, const Value& v, ValueType type, int depth) {
    if (const IntWidth w = int_width(type); w.bytes > 0) return put_int(key, v, type, w);
    switch (type) {
      case ValueType::FLOAT32: {
        const double* d = std::get_if<double>(&v.data);
        if (d == nullptr) HEARTH_TRY(mismatch(key, type));
        double value = d != nullptr ? *d : 0.0;
        if (std::isfinite(value) && std::fabs(value) > FLT_MAX) {
          if (strict_) return bad(key, "value " + std::to_string(value) + " does not fit f32");
          value = std::copysign(static_cast<double>(INFINITY), value);
        }
        const auto f = static_cast<float>(value);
        sink_.raw(&f, 4);
        return Status::ok();
      }
      case ValueType::FLOAT64: {
        const double* d = std::get_if<double>(&v.data);
        if (d == nullptr) HEARTH_TRY(mismatch(key, type));
        const double value = d != nullptr ? *d : 0.0;
        sink_.raw(&value, 8);
        return Status::ok();
      }
      case ValueType::BOOL: {
        const bool* b = std::get_if<bool>(&v.data);
        if (b == nullptr) HEARTH_TRY(mismatch(key, type));
        const std::uint8_t byte = (b != nullptr && *b) ? 1 : 0;
        sink_.raw(&byte, 1);
        return Status::ok();
      }
      case ValueType::STRING: {
        const std::string* s = v.as_string();
        if (s == nullptr) HEARTH_TRY(mismatch(key, type));
        sink_.str(s != nullptr ? std::string_view(*s) : std::string_view());
        return Status::ok();
      }
      case ValueType::ARRAY: return put_array(key, v, depth);
      default:
        if (strict_) return bad(key, "unknown value type id " + std::to_string(static_cast<std::uint32_t>(type)));
        return Status::ok();  // header_bytes: the bare id, for broken-file tests
    }
  }

 private:
  static Status bad(const std::string& key, const std::string& what) {
    return Status::error(ErrorCode::InvalidArgument, "metadata '" + key + "': " + what);
  }

  Status mismatch(const std::string& key, ValueType type) const {
    if (!strict_) return Status::ok();
    return bad(key, "the value does not hold a " + std::string(value_type_name(type)));
  }

  Status put_int(const std::string& key, const Value& v, ValueType type, IntWidth w) {
    std::uint64_t bits = 0;
    if (w.is_signed) {
      const auto* i = std::get_if<std::int64_t>(&v.data);
      if (i == nullptr) HEARTH_TRY(mismatch(key, type));
      const std::int64_t value = i != nullptr ? *i : 0;
      const int shift = 8 * w.bytes - 1;
      if (w.bytes < 8 && (value < -(std::int64_t{1} << shift) || value >= (std::int64_t{1} << shift)) && strict_)
        return bad(key, "value " + std::to_string(value) + " does not fit " + std::string(value_type_name(type)));
      bits = static_cast<std::uint64_t>(value);
    } else {
      const auto* u = std::get_if<std::uint64_t>(&v.data);
      if (u == nullptr) HEARTH_TRY(mismatch(key, type));
      bits = u != nullptr ? *u : 0;
      if (w.bytes < 8 && (bits >> (8 * w.bytes)) != 0 && strict_)
        return bad(key, "value " + std::to_string(bits) + " does not fit " + std::string(value_type_name(type)));
    }
    sink_.raw(&bits, static_cast<std::size_t>(w.bytes));  // little-endian: the low bytes come first
    return Status::ok();
  }

  Status put_array(const std::string& key, const Value& v, int depth) {
    const std::vector<Value>* elements = v.as_array();
    if (elements == nullptr) HEARTH_TRY(mismatch(key, ValueType::ARRAY));
    if (depth >= detail::kMaxArrayDepth && strict_)
      return bad(key, "arrays nested deeper than " + std::to_string(detail::kMaxArrayDepth));
    static const std::vector<Value> kEmpty;
    const std::vector<Value>& items = elements != nullptr ? *elements : kEmpty;
    sink_.u32(static_cast<std::uint32_t>(v.array_type));
    sink_.u64(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].type != v.array_type && strict_)
        return bad(key, "element " + std::to_string(i) + " is a " + std::string(value_type_name(items[i].type)) +
                            " in an array of " + std::string(value_type_name(v.array_type)));
      HEARTH_TRY(put(key, items[i], v.array_type, depth + 1));
    }
    return Status::ok();
  }

  Sink& sink_;
  bool strict_;
};

Status io_error(const std::string& what, const std::string& path, int err) {
  return Status::error(ErrorCode::IoError, what + " '" + path + "': " + std::strerror(err));
}

Status write_all(int fd, const std::uint8_t* p, std::uint64_t n, std::uint64_t offset, const std::string& path) {
  while (n > 0) {
    const ssize_t w = ::pwrite(fd, p, n, static_cast<off_t>(offset));
    if (w < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write", path, errno);
    }
    p += w;
    n -= static_cast<std::uint64_t>(w);
    offset += static_cast<std::uint64_t>(w);
  }
  return Status::ok();
}

// Runs `fill` over a shared writable map of [offset, offset + size) of the file.
Status fill_region(int fd, std::uint64_t offset, std::uint64_t size, const Writer::Fill& fill, const std::string& path,
                   const std::string& tensor) {
  // Reserve the blocks first: writing through a map into a hole on a full disk raises SIGBUS.
  if (const int err = ::posix_fallocate(fd, static_cast<off_t>(offset), static_cast<off_t>(size)); err != 0) {
    if (err == ENOSPC || err == EFBIG)
      return Status::error(ErrorCode::IoError,
                           "not enough disk space for tensor '" + tensor + "' in '" + path + "' (" +
                               std::to_string(size) + " bytes)",
                           "free some disk space or write a sparse file");
    // A file system that cannot reserve space (glibc's emulation failed): go on unreserved, as plain writes would.
    if (err != EOPNOTSUPP && err != EINVAL) return io_error("cannot reserve space in", path, err);
  }
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const std::uint64_t map_start = offset / page * page;
  const std::uint64_t map_len = size + (offset - map_start);
  void* map = ::mmap(nullptr, map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, static_cast<off_t>(map_start));
  if (map == MAP_FAILED) return io_error("cannot map for writing", path, errno);
  Status status = fill(static_cast<std::uint8_t*>(map) + (offset - map_start), size);
  ::munmap(map, map_len);  // a shared map: the kernel writes the pages back; fdatasync at the end waits
  return status;
}

}  // namespace

Writer::Writer(std::uint64_t alignment) : alignment_(alignment) {}

void Writer::set(std::string key, Value value) { kv_.push_back(KeyValue{std::move(key), std::move(value), 0}); }
void Writer::set_string(std::string key, std::string value) { set(std::move(key), Value::string(std::move(value))); }
void Writer::set_u32(std::string key, std::uint32_t value) {
  set(std::move(key), Value::unsigned_int(ValueType::UINT32, value));
}
void Writer::set_i32(std::string key, std::int32_t value) {
  set(std::move(key), Value::signed_int(ValueType::INT32, value));
}
void Writer::set_u64(std::string key, std::uint64_t value) {
  set(std::move(key), Value::unsigned_int(ValueType::UINT64, value));
}
void Writer::set_f32(std::string key, float value) { set(std::move(key), Value::floating(ValueType::FLOAT32, value)); }
void Writer::set_bool(std::string key, bool value) { set(std::move(key), Value::boolean(value)); }

void Writer::set_i32_array(std::string key, const std::vector<std::int32_t>& values) {
  std::vector<Value> items;
  items.reserve(values.size());
  for (std::int32_t v : values) items.push_back(Value::signed_int(ValueType::INT32, v));
  set(std::move(key), Value::array(ValueType::INT32, std::move(items)));
}

void Writer::set_f32_array(std::string key, const std::vector<float>& values) {
  std::vector<Value> items;
  items.reserve(values.size());
  for (float v : values) items.push_back(Value::floating(ValueType::FLOAT32, v));
  set(std::move(key), Value::array(ValueType::FLOAT32, std::move(items)));
}

void Writer::set_string_array(std::string key, const std::vector<std::string>& values) {
  std::vector<Value> items;
  items.reserve(values.size());
  for (const std::string& v : values) items.push_back(Value::string(v));
  set(std::move(key), Value::array(ValueType::STRING, std::move(items)));
}

void Writer::add_tensor(std::string name, std::vector<std::int64_t> ne, TensorType type, Fill fill) {
  tensors_.push_back(PendingTensor{std::move(name), std::move(ne), type, std::move(fill)});
}

Status Writer::build(bool strict, Layout& layout) const {
  auto invalid = [](std::string message) { return Status::error(ErrorCode::InvalidArgument, std::move(message)); };
  const bool alignment_ok = detail::is_power_of_two(alignment_) && alignment_ <= UINT32_MAX;
  if (strict && !alignment_ok)
    return invalid("alignment " + std::to_string(alignment_) + " is not a power of two that fits in a u32");
  const std::uint64_t alignment = alignment_ok ? alignment_ : detail::kDefaultAlignment;

  bool has_alignment_key = false;
  std::set<std::string_view> keys;
  for (const KeyValue& kv : kv_) {
    if (strict && !keys.insert(kv.key).second) return invalid("metadata key '" + kv.key + "' is set twice");
    if (kv.key != kAlignmentKey) continue;
    has_alignment_key = true;
    std::uint64_t v = 0;
    if (strict && (kv.value.type != ValueType::UINT32 || !kv.value.as_u64(v) || v != alignment))
      return invalid(std::string("metadata '") + kAlignmentKey + "' must be a u32 equal to the writer's alignment " +
                     std::to_string(alignment));
  }
  const bool add_alignment_key = !has_alignment_key && alignment != detail::kDefaultAlignment;

  std::set<std::string_view> names;
  layout.sizes.assign(tensors_.size(), 0);
  for (std::size_t i = 0; i < tensors_.size(); ++i) {
    const PendingTensor& t = tensors_[i];
    std::string why;
    if (!detail::tensor_bytes(t.ne, static_cast<std::uint32_t>(t.type), layout.sizes[i], why)) {
      if (strict) return invalid("tensor '" + t.name + "' " + why);
      layout.sizes[i] = 0;
    }
    if (strict && (t.name.empty() || t.name.size() >= detail::kMaxTensorName))
      return invalid("tensor name '" + t.name + "' must be 1 to " + std::to_string(detail::kMaxTensorName - 1) +
                     " bytes long (llama.cpp's limit)");
    if (strict && !names.insert(t.name).second) return invalid("tensor '" + t.name + "' is added twice");
  }

  // Offsets: each tensor aligned, relative to the data section.
  layout.offsets.assign(tensors_.size(), 0);
  std::uint64_t end = 0;
  for (std::size_t i = 0; i < tensors_.size(); ++i) {
    if (!detail::align_up(end, alignment, layout.offsets[i]) ||
        __builtin_add_overflow(layout.offsets[i], layout.sizes[i], &end))
      return invalid("the tensors' total size overflows 64 bits");
  }

  std::vector<std::uint8_t>& out = layout.header;
  out.clear();
  Sink sink(out);
  sink.raw(detail::kMagic, 4);
  sink.u32(detail::kWrittenVersion);
  sink.u64(tensors_.size());
  sink.u64(kv_.size() + (add_alignment_key ? 1 : 0));
  ValueWriter values(sink, strict);
  for (const KeyValue& kv : kv_) {
    sink.str(kv.key);
    sink.u32(static_cast<std::uint32_t>(kv.value.type));
    HEARTH_TRY(values.put(kv.key, kv.value, kv.value.type, 0));
  }
  if (add_alignment_key) {
    sink.str(kAlignmentKey);
    sink.u32(static_cast<std::uint32_t>(ValueType::UINT32));
    sink.u32(static_cast<std::uint32_t>(alignment));
  }
  for (std::size_t i = 0; i < tensors_.size(); ++i) {
    const PendingTensor& t = tensors_[i];
    sink.str(t.name);
    sink.u32(static_cast<std::uint32_t>(t.ne.size()));
    for (std::int64_t d : t.ne) sink.u64(static_cast<std::uint64_t>(d));
    sink.u32(static_cast<std::uint32_t>(t.type));
    sink.u64(layout.offsets[i]);
  }
  if (!detail::align_up(out.size(), alignment, layout.data_offset)) return invalid("header too large");
  out.resize(layout.data_offset, 0);
  std::uint64_t data_end = 0;
  if (!detail::align_up(end, alignment, data_end) || __builtin_add_overflow(layout.data_offset, data_end, &layout.total))
    return invalid("the file size overflows 64 bits");
  return Status::ok();
}

Status Writer::validate() const {
  Layout layout;
  return build(true, layout);
}

std::vector<std::uint8_t> Writer::header_bytes() const {
  Layout layout;
  (void)build(false, layout);  // lax: nothing to report, only overflowing sizes stop it early
  return layout.header;
}

std::vector<std::uint64_t> Writer::tensor_offsets() const {
  Layout layout;
  (void)build(false, layout);
  return layout.offsets;
}

std::uint64_t Writer::file_size() const {
  Layout layout;
  (void)build(false, layout);
  return layout.total;
}

Status Writer::write(const std::string& path, const std::function<void(std::uint64_t, std::uint64_t)>& progress) const {
  Layout layout;
  HEARTH_TRY(build(true, layout));

  const std::string part = path + ".part";
  const int fd = ::open(part.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot create", part, errno);
  auto fail = [&](Status status) {
    ::close(fd);
    ::unlink(part.c_str());
    return status;
  };

  // The full size at once: regions never written (tensors without a fill, padding) stay holes.
  if (::ftruncate(fd, static_cast<off_t>(layout.total)) != 0) return fail(io_error("cannot size", part, errno));
  if (Status s = write_all(fd, layout.header.data(), layout.header.size(), 0, part); !s) return fail(s);
  std::uint64_t done = layout.header.size();
  if (progress) progress(done, layout.total);
  for (std::size_t i = 0; i < tensors_.size(); ++i) {
    const PendingTensor& t = tensors_[i];
    if (t.fill) {
      Status s = fill_region(fd, layout.data_offset + layout.offsets[i], layout.sizes[i], t.fill, part, t.name);
      if (!s) return fail(s);
    }
    done = layout.data_offset + layout.offsets[i] + layout.sizes[i];
    if (progress) progress(done, layout.total);
  }
  if (::fdatasync(fd) != 0) return fail(io_error("cannot sync", part, errno));
  if (::close(fd) != 0) {
    ::unlink(part.c_str());
    return io_error("cannot close", part, errno);
  }
  if (::rename(part.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(part.c_str());
    return io_error("cannot rename to", path, err);
  }
  if (progress) progress(layout.total, layout.total);
  return Status::ok();
}

}  // namespace hearth::gguf
