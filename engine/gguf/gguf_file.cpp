// GGUF File: the read-only memory map, the look-ups, and the kernel advice for loading. Parsing and
// validation live in gguf_parser.cpp. Opening maps the whole file but touches only the header pages, so an
// 80 GB (or sparse) file opens in milliseconds.
#include "gguf/gguf_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "gguf/gguf_parser.h"

namespace hearth::gguf {

namespace {

Status io_error(const std::string& what, const std::string& path, int err) {
  return Status::error(ErrorCode::IoError, what + " '" + path + "': " + std::strerror(err));
}

}  // namespace

std::int64_t TensorInfo::n_elements() const {
  std::int64_t n = 1;
  for (std::int64_t d : ne) n *= d;  // validated by the parser not to overflow
  return n;
}

Result<std::unique_ptr<File>> File::from_memory(const std::uint8_t* bytes, std::uint64_t size, const OpenOptions& options) {
  std::unique_ptr<File> file(new File());
  file->bytes_ = bytes;
  file->size_ = size;
  file->path_ = "<memory>";
  Parser parser(bytes, size, options);
  HEARTH_TRY(parser.parse(*file));
  for (std::size_t i = 0; i < file->tensors_.size(); ++i) file->tensor_index_.emplace(file->tensors_[i].name, i);
  return file;
}

Result<std::unique_ptr<File>> File::open(const std::string& path, const OpenOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open", path, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return io_error("cannot stat", path, err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::error(ErrorCode::IoError, "'" + path + "' is not a regular file");
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return Status::error(ErrorCode::MalformedFile, "'" + path + "' is empty (0 bytes); a GGUF file starts with 'GGUF'");
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {
    const int err = errno;
    ::close(fd);
    return io_error("cannot map", path, err);
  }
  // The header is read front to back; the data is not touched here.
  ::madvise(map, std::min<std::uint64_t>(size, 1u << 20), MADV_WILLNEED);
  std::unique_ptr<File> file(new File());
  file->bytes_ = static_cast<const std::uint8_t*>(map);
  file->size_ = size;
  file->owns_map_ = true;
  file->fd_ = fd;
  file->path_ = path;
  Parser parser(file->bytes_, size, options);
  if (Status s = parser.parse(*file); !s)
    return Status::error(s.code(), "'" + path + "': " + s.message(), s.hint());
  for (std::size_t i = 0; i < file->tensors_.size(); ++i) file->tensor_index_.emplace(file->tensors_[i].name, i);
  return file;
}

File::~File() {
  if (owns_map_ && bytes_ != nullptr) ::munmap(const_cast<std::uint8_t*>(bytes_), size_);
  if (fd_ >= 0) ::close(fd_);
}

const Value* File::find(std::string_view key) const {
  for (const KeyValue& kv : kv_)
    if (kv.key == key) return &kv.value;
  return nullptr;
}

bool File::get_string(std::string_view key, std::string& out) const {
  const Value* v = find(key);
  const std::string* s = v != nullptr ? v->as_string() : nullptr;
  if (s == nullptr) return false;
  out = *s;
  return true;
}

bool File::get_u64(std::string_view key, std::uint64_t& out) const {
  const Value* v = find(key);
  return v != nullptr && v->as_u64(out);
}

bool File::get_i64(std::string_view key, std::int64_t& out) const {
  const Value* v = find(key);
  return v != nullptr && v->as_i64(out);
}

bool File::get_f64(std::string_view key, double& out) const {
  const Value* v = find(key);
  return v != nullptr && v->as_f64(out);
}

bool File::get_bool(std::string_view key, bool& out) const {
  const Value* v = find(key);
  const bool* b = v != nullptr ? std::get_if<bool>(&v->data) : nullptr;
  if (b == nullptr) return false;
  out = *b;
  return true;
}

const TensorInfo* File::find_tensor(std::string_view name) const {
  const auto it = tensor_index_.find(name);
  return it != tensor_index_.end() ? &tensors_[it->second] : nullptr;
}

namespace {

// [offset, offset + length) clipped to the file and widened to whole pages (madvise wants page-aligned starts).
bool page_range(std::uint64_t size, std::uint64_t offset, std::uint64_t length, std::uint64_t& start, std::uint64_t& len) {
  if (offset >= size || length == 0) return false;
  const std::uint64_t end = length > size - offset ? size : offset + length;
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  start = offset / page * page;
  len = end - start;
  return true;
}

}  // namespace

void File::advise_sequential(std::uint64_t offset, std::uint64_t length) const {
  std::uint64_t start = 0, len = 0;
  if (!owns_map_ || !page_range(size_, offset, length, start, len)) return;
  auto* p = const_cast<std::uint8_t*>(bytes_) + start;
  ::madvise(p, len, MADV_SEQUENTIAL);
  ::madvise(p, len, MADV_WILLNEED);
  if (fd_ >= 0) ::posix_fadvise(fd_, static_cast<off_t>(start), static_cast<off_t>(len), POSIX_FADV_SEQUENTIAL);
}

void File::release_pages(std::uint64_t offset, std::uint64_t length) const {
  std::uint64_t start = 0, len = 0;
  if (!owns_map_ || !page_range(size_, offset, length, start, len)) return;
  // A private read-only file map is never dirty: dropped pages are read again from the file if touched.
  ::madvise(const_cast<std::uint8_t*>(bytes_) + start, len, MADV_DONTNEED);
  if (fd_ >= 0) ::posix_fadvise(fd_, static_cast<off_t>(start), static_cast<off_t>(len), POSIX_FADV_DONTNEED);
}

}  // namespace hearth::gguf
