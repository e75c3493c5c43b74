// Broken GGUF input, built byte by byte from the Writer's header_bytes() plus edits. Each case checks the
// error code and that the message names the field (and, where the test knows it, the byte offset); the
// name of each case says what is wrong. Truncation at every byte of a small file must fail cleanly.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "support/check.h"
#include "temp_dir.h"

using namespace hearth::gguf;
using hearth::ErrorCode;
using hearth::Status;

namespace {

using Bytes = std::vector<std::uint8_t>;

// A small valid file: three keys and an array, two tensors (F32 {8} and Q8_0 {32}) with data. The first
// value is long so that cuts inside it leave more bytes than the counts' minimum (which is checked first).
Writer small_writer(std::uint64_t alignment = 32) {
  Writer w(alignment);
  w.set_string("general.name", std::string(300, 'n'));
  w.set_string("general.architecture", "nemotron_h");
  w.set_i32_array("key.array", {1, 2, 3});
  w.set_u32("key.second", 7);
  w.add_tensor("tensor.f32", {8}, TensorType::F32, {});
  w.add_tensor("tensor.q8", {32}, TensorType::Q8_0, {});
  return w;
}

Bytes whole_file(const Writer& w) {
  Bytes b = w.header_bytes();
  const std::size_t header = b.size();
  b.resize(w.file_size());
  for (std::size_t i = header; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(i * 13);
  return b;
}

// Offset of the only occurrence of `s` in the bytes (the test's names are chosen to be unique).
std::size_t at(const Bytes& b, const std::string& s) {
  const auto it = std::search(b.begin(), b.end(), s.begin(), s.end());
  return it == b.end() ? SIZE_MAX : static_cast<std::size_t>(it - b.begin());
}

void put32(Bytes& b, std::size_t off, std::uint32_t v) { std::memcpy(b.data() + off, &v, 4); }
void put64(Bytes& b, std::size_t off, std::uint64_t v) { std::memcpy(b.data() + off, &v, 8); }

// Field offsets of a tensor info whose name is `name`: n_dims, ne[0], type, offset.
struct InfoFields {
  std::size_t n_dims, ne0, type, offset;
};
InfoFields info_fields(const Bytes& b, const std::string& name, int n_dims = 1) {
  const std::size_t p = at(b, name) + name.size();
  return {p, p + 4, p + 4 + 8 * static_cast<std::size_t>(n_dims), p + 8 + 8 * static_cast<std::size_t>(n_dims)};
}

Status parse(const Bytes& b, const OpenOptions& options = {}) {
  auto f = File::from_memory(b.data(), b.size(), options);
  return f.is_ok() ? Status::ok() : f.status();
}

// Fails the test unless parsing gives `code` and a message containing every needle.
void expect_error(hearth_test::Context& hearth_ctx, const char* what, const Bytes& b, ErrorCode code,
                  const std::vector<std::string>& needles, const OpenOptions& options = {}) {
  const Status s = parse(b, options);
  std::printf("%-32s %s\n", what, s.message().c_str());  // the log shows every message as the user would see it
  if (s.is_ok()) {
    hearth_ctx.fail(__FILE__, __LINE__, std::string(what) + ": parsed without error");
    return;
  }
  if (s.code() != code)
    hearth_ctx.fail(__FILE__, __LINE__, std::string(what) + ": code " + hearth::error_code_name(s.code()) + ": " + s.message());
  for (const std::string& needle : needles)
    if (s.message().find(needle) == std::string::npos)
      hearth_ctx.fail(__FILE__, __LINE__, std::string(what) + ": message '" + s.message() + "' lacks '" + needle + "'");
}

#define EXPECT_MALFORMED(name, bytes, ...) expect_error(hearth_ctx, name, bytes, ErrorCode::MalformedFile, {__VA_ARGS__})

}  // namespace

TEST_CASE(the_base_file_is_valid) {
  const Bytes b = whole_file(small_writer());
  const Status s = parse(b);
  if (!s) hearth_ctx.fail(__FILE__, __LINE__, s.message());
  CHECK(s.is_ok());
}

TEST_CASE(truncated_at_every_byte) {
  const Writer w = small_writer();
  const Bytes b = whole_file(w);
  auto f = File::from_memory(b.data(), b.size());
  REQUIRE(f.is_ok());
  const TensorInfo& last = (*f)->tensors().back();
  const std::uint64_t data_end = (*f)->data_offset() + last.offset + last.size_bytes;
  for (std::size_t cut = 0; cut < b.size(); ++cut) {
    const Bytes t(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(cut));
    const Status s = parse(t);
    if (cut < data_end) {
      if (s.is_ok() || s.code() != ErrorCode::MalformedFile || s.message().empty())
        hearth_ctx.fail(__FILE__, __LINE__, "cut at " + std::to_string(cut) + " was not refused: " + s.message());
    } else if (!s.is_ok()) {
      // Only the trailing padding after the last tensor is gone: still a complete file.
      hearth_ctx.fail(__FILE__, __LINE__, "cut at " + std::to_string(cut) + " in the end padding: " + s.message());
    }
  }
}

TEST_CASE(truncated_at_section_boundaries) {
  const Bytes b = whole_file(small_writer());
  auto cut = [&](std::size_t n) { return Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)); };
  EXPECT_MALFORMED("truncated_in_magic", cut(3), "magic at offset 0");
  EXPECT_MALFORMED("truncated_after_magic", cut(4), "version at offset 4 needs 4 bytes");
  EXPECT_MALFORMED("truncated_after_version", cut(8), "tensor_count and kv_count at offset 8");
  EXPECT_MALFORMED("truncated_after_counts", cut(24), "tensor_count (offset 8) = 2 and kv_count (offset 16) = 4 cannot fit");
  const std::size_t name_value = at(b, "general.name") + 12 + 4;
  EXPECT_MALFORMED("truncated_in_first_value", cut(name_value + 8 + 200),
                   "metadata 'general.name' string at offset " + std::to_string(name_value) + " has length 300, but only 200 bytes remain");
  const std::size_t key1 = at(b, "key.array") - 8;
  EXPECT_MALFORMED("truncated_in_key", cut(key1 + 8 + 4), "key of metadata entry #2 at offset " + std::to_string(key1) + " has length 9, but only 4");
  EXPECT_MALFORMED("truncated_before_array", cut(key1 + 8 + 9 + 4), "metadata 'key.array' array header at offset");
  EXPECT_MALFORMED("truncated_in_array", cut(key1 + 8 + 9 + 4 + 12 + 5), "metadata 'key.array': array at offset " +
                                                                          std::to_string(key1 + 8 + 9 + 4) + " of 3 i32 elements cannot fit");
  const std::size_t info1 = at(b, "tensor.f32") - 8;
  EXPECT_MALFORMED("truncated_before_tensor_infos", cut(info1), "name of tensor #0 length at offset");
  EXPECT_MALFORMED("truncated_in_tensor_info", cut(info1 + 8 + 10 + 4 + 3), "tensor 'tensor.f32' shape, type and offset");
  auto f = File::from_memory(b.data(), b.size());
  REQUIRE(f.is_ok());
  const std::uint64_t data = (*f)->data_offset();
  EXPECT_MALFORMED("truncated_before_data", cut(data), "tensor 'tensor.f32': data [offset " + std::to_string(data) +
                                                           ", size 32] runs past the end of the file (size " +
                                                           std::to_string(data) + ")");
  EXPECT_MALFORMED("truncated_tensor_data", cut(data + 32 + 10), "tensor 'tensor.q8': data [offset " +
                                                                     std::to_string(data + 32) + ", size 34]");
}

TEST_CASE(zero_length_and_wrong_magic_and_version) {
  EXPECT_MALFORMED("zero_length", Bytes{}, "empty (0 bytes)");
  Bytes b = whole_file(small_writer());
  Bytes magic = b;
  magic[3] = 'G';
  EXPECT_MALFORMED("wrong_magic", magic, "magic at offset 0 is 'GGUG'");
  Bytes v1 = b;
  put32(v1, 4, 1);
  EXPECT_MALFORMED("version_1", v1, "GGUF version 1 (at offset 4) is not supported");
  Bytes v4 = b;
  put32(v4, 4, 4);
  EXPECT_MALFORMED("unknown_version", v4, "unknown GGUF version 4 at offset 4");
  Bytes big = b;
  put32(big, 4, 0x03000000u);
  EXPECT_MALFORMED("big_endian", big, "big-endian");
}

TEST_CASE(absurd_counts) {
  const Bytes b = whole_file(small_writer());
  Bytes t = b;
  put64(t, 8, 1ull << 60);
  EXPECT_MALFORMED("tensor_count_over_limit", t, "tensor_count at offset 8 is 1152921504606846976, more than the limit");
  Bytes k = b;
  put64(k, 16, ~0ull);
  EXPECT_MALFORMED("kv_count_overflow", k, "kv_count at offset 16 is 18446744073709551615");
  Bytes fits_limit = b;
  put64(fits_limit, 16, 1000);
  EXPECT_MALFORMED("kv_count_past_file", fits_limit, "kv_count (offset 16) = 1000 cannot fit");
  OpenOptions tight;
  tight.max_tensors = 1;
  expect_error(hearth_ctx, "tensor_count_over_option", b, ErrorCode::MalformedFile, {"more than the limit 1"}, tight);
  // Arrays: a count beyond what the bytes can hold, beyond the element limit, beyond the total value budget.
  const std::size_t count = at(b, "key.array") + 9 + 4 + 4;
  Bytes a = b;
  put64(a, count, 1000);
  EXPECT_MALFORMED("array_count_past_file", a, "metadata 'key.array': array at offset " + std::to_string(count - 4) +
                                                   " of 1000 i32 elements cannot fit");
  put64(a, count, 1ull << 40);
  EXPECT_MALFORMED("array_count_over_limit", a, "elements, more than the limit");
  OpenOptions few;
  few.max_metadata_values = 2;
  expect_error(hearth_ctx, "metadata_values_over_budget", b, ErrorCode::MalformedFile, {"past the limit of 2 values"}, few);
}

TEST_CASE(strings_running_past_the_end) {
  const Bytes b = whole_file(small_writer());
  const std::size_t key0 = 24;  // the first key's length
  Bytes k = b;
  put64(k, key0, b.size());
  EXPECT_MALFORMED("key_length_past_file", k, "key of metadata entry #0 at offset 24 has length " + std::to_string(b.size()));
  put64(k, key0, ~0ull);
  EXPECT_MALFORMED("key_length_over_limit", k, "more than the limit");
  Bytes v = b;
  const std::size_t value = at(b, "nemotron_h") - 8;
  put64(v, value, 5000);
  EXPECT_MALFORMED("string_value_past_file", v, "metadata 'general.architecture' string at offset " + std::to_string(value) + " has length 5000");
  Bytes n = b;
  const std::size_t name = at(b, "tensor.q8") - 8;
  put64(n, name, 1u << 20);
  EXPECT_MALFORMED("tensor_name_past_file", n, "name of tensor #1 at offset " + std::to_string(name));
  Bytes e = b;
  put64(e, 24, 0);
  EXPECT_MALFORMED("empty_key", e, "metadata entry #0 at offset 24 has an empty key");
}

TEST_CASE(unknown_type_ids) {
  const Bytes b = whole_file(small_writer());
  Bytes v = b;
  const std::size_t type = at(b, "key.second") + 10;
  put32(v, type, 13);
  EXPECT_MALFORMED("unknown_value_type", v, "metadata 'key.second': unknown value type id 13 at offset " + std::to_string(type));
  Bytes a = b;
  const std::size_t elem = at(b, "key.array") + 9 + 4;
  put32(a, elem, 99);
  EXPECT_MALFORMED("unknown_array_element_type", a, "array at offset " + std::to_string(elem) + " has unknown element type id 99");
  Bytes t = b;
  const InfoFields q8 = info_fields(b, "tensor.q8");
  put32(t, q8.type, 99);
  expect_error(hearth_ctx, "unknown_tensor_type", t, ErrorCode::UnsupportedType,
               {"tensor 'tensor.q8' has unknown type id 99 (at offset " + std::to_string(q8.type) + ")"});
  put32(t, q8.type, 4);  // the removed Q4_2
  expect_error(hearth_ctx, "removed_tensor_type", t, ErrorCode::UnsupportedType, {"unknown type id 4"});
  Bytes bl = b;
  put32(bl, type, 7);  // key.second as bool: its byte is 7
  EXPECT_MALFORMED("bool_not_0_or_1", bl, "metadata 'key.second': bool at offset " + std::to_string(type + 4) + " is 7");
}

TEST_CASE(bad_tensor_shapes_and_offsets) {
  const Bytes b = whole_file(small_writer());
  const InfoFields f32 = info_fields(b, "tensor.f32");
  const InfoFields q8 = info_fields(b, "tensor.q8");
  Bytes d = b;
  put32(d, f32.n_dims, 0);
  EXPECT_MALFORMED("zero_dims", d, "tensor 'tensor.f32' at offset " + std::to_string(f32.n_dims - 10 - 8) + ": n_dims is 0");
  put32(d, f32.n_dims, 5);
  EXPECT_MALFORMED("five_dims", d, "n_dims is 5; expected 1 to 4");
  Bytes z = b;
  put64(z, f32.ne0, 0);
  EXPECT_MALFORMED("zero_extent", z, "tensor 'tensor.f32' at offset", "ne[0] = 0");
  put64(z, f32.ne0, ~0ull);
  EXPECT_MALFORMED("huge_extent", z, "ne[0] = 18446744073709551615 is too large");
  Bytes blk = b;
  put64(blk, q8.ne0, 33);
  EXPECT_MALFORMED("row_not_whole_blocks", blk, "tensor 'tensor.q8'", "ne[0] = 33, not a multiple of the q8_0 block size 32");
  Bytes past = b;
  put64(past, q8.offset, 1u << 20);
  EXPECT_MALFORMED("offset_past_end", past, "tensor 'tensor.q8': data [offset", "runs past the end of the file (size " + std::to_string(b.size()) + ")");
  put64(past, q8.offset, ~0ull << 5);
  EXPECT_MALFORMED("offset_overflow", past, "tensor 'tensor.q8'", "beyond any file");
  Bytes mis = b;
  put64(mis, q8.offset, 33);
  EXPECT_MALFORMED("misaligned_data", mis, "tensor 'tensor.q8': data offset 33 (field at offset " + std::to_string(q8.offset) + ") is not a multiple of the alignment 32");
  Bytes over = b;
  put64(over, q8.offset, 0);
  EXPECT_MALFORMED("overlapping_tensors", over, "tensors 'tensor.f32' [data offset 0, size 32] and 'tensor.q8' [data offset 0, size 34] overlap");
}

TEST_CASE(element_count_overflow) {
  Writer w;
  w.add_tensor("ovf", {1, 1}, TensorType::F32, {});
  Bytes b = w.header_bytes();
  const InfoFields t = info_fields(b, "ovf", 2);
  put64(b, t.ne0, 1ull << 62);
  put64(b, t.ne0 + 8, 1ull << 62);
  EXPECT_MALFORMED("element_count_overflow", b, "tensor 'ovf'", "element count overflows 64 bits");
}

TEST_CASE(duplicates) {
  Writer w;
  w.set_u32("key.a", 1);
  w.set_u32("key.b", 2);
  w.add_tensor("name.a", {8}, TensorType::F32, {});
  w.add_tensor("name.b", {8}, TensorType::F32, {});
  const Bytes b = whole_file(w);
  Bytes k = b;
  const std::size_t second_key = at(b, "key.b");
  k[second_key + 4] = 'a';
  EXPECT_MALFORMED("duplicate_keys", k, "duplicate metadata key 'key.a' at offset " + std::to_string(second_key - 8) + " (first at offset 24)");
  Bytes n = b;
  const std::size_t second_name = at(b, "name.b");
  n[second_name + 5] = 'a';
  EXPECT_MALFORMED("duplicate_tensor_names", n, "duplicate tensor name 'name.a' at offset " + std::to_string(second_name - 8));
}

TEST_CASE(bad_alignment) {
  const Writer w = small_writer(64);  // writes general.alignment = 64 as a u32
  const Bytes b = whole_file(w);
  REQUIRE(parse(b).is_ok());
  const std::size_t key = at(b, "general.alignment");
  const std::size_t value = key + 17 + 4;
  Bytes a = b;
  put32(a, value, 48);
  EXPECT_MALFORMED("alignment_not_power_of_two", a, "general.alignment at offset " + std::to_string(key - 8) + " is 48; it must be a non-zero power of two");
  put32(a, value, 0);
  EXPECT_MALFORMED("alignment_zero", a, "is 0; it must be a non-zero power of two");
  Bytes t = b;
  put32(t, key + 17, 5);  // i32 instead of u32
  EXPECT_MALFORMED("alignment_not_u32", t, "general.alignment at offset " + std::to_string(key - 8) + " must be a u32, not a i32");
  // A file written with alignment 64 but read as if its data were at 32-aligned offsets is caught by offsets.
  Bytes off = b;
  put64(off, info_fields(b, "tensor.q8").offset, 96);
  EXPECT_MALFORMED("offset_not_multiple_of_64", off, "is not a multiple of the alignment 64");
}

TEST_CASE(nested_arrays_too_deep) {
  Value v = Value::array(ValueType::INT32, {});
  for (int i = 0; i < 8; ++i) v = Value::array(ValueType::ARRAY, {v});
  Writer w;
  w.set("deep", v);  // 9 levels: the writer refuses it, header_bytes writes it anyway
  CHECK(w.validate().code() == ErrorCode::InvalidArgument);
  EXPECT_MALFORMED("nested_too_deep", w.header_bytes(), "metadata 'deep': arrays at offset", "nest deeper than 8 levels");
  Value ok = Value::array(ValueType::INT32, {Value::signed_int(ValueType::INT32, 5)});
  for (int i = 0; i < 7; ++i) ok = Value::array(ValueType::ARRAY, {ok});
  Writer w8;
  w8.set("eight", ok);
  CHECK(w8.validate().is_ok());
  CHECK(parse(w8.header_bytes()).is_ok());
}

TEST_CASE(open_reports_io_errors_and_names_the_path) {
  hearth_test::TempDir dir;
  auto missing = File::open(dir.file("missing.gguf"));
  REQUIRE(!missing.is_ok());
  CHECK(missing.status().code() == ErrorCode::IoError);
  CHECK(missing.status().message().find("missing.gguf") != std::string::npos);
  auto directory = File::open(dir.path().string());
  REQUIRE(!directory.is_ok());
  CHECK(directory.status().code() == ErrorCode::IoError);
  const std::string empty = dir.file("empty.gguf");
  { std::ofstream(empty, std::ios::binary).flush(); }
  auto e = File::open(empty);
  REQUIRE(!e.is_ok());
  CHECK(e.status().code() == ErrorCode::MalformedFile);
  CHECK(e.status().message().find("empty (0 bytes)") != std::string::npos);
  const std::string bad = dir.file("bad.gguf");
  {
    std::ofstream out(bad, std::ios::binary);
    out << "GGUF\x01";
  }
  auto b = File::open(bad);
  REQUIRE(!b.is_ok());
  CHECK(b.status().message().find("bad.gguf") != std::string::npos);
  CHECK(b.status().message().find("version at offset 4") != std::string::npos);
}
