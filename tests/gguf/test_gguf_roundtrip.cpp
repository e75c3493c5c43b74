// Writer -> reader round trips: every value type, nested and empty arrays, several alignments, tensors of
// several types with quantised data, GGUF v2, typed look-ups, and an 80 GB sparse file that opens by
// reading only its header.
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "support/check.h"
#include "temp_dir.h"

using namespace hearth::gguf;
using hearth::Status;

namespace {

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every scalar type, strings with odd bytes, arrays of every element type, nested and empty arrays.
void set_all_value_types(Writer& w) {
  w.set("u8", Value::unsigned_int(ValueType::UINT8, 200));
  w.set("i8", Value::signed_int(ValueType::INT8, -100));
  w.set("u16", Value::unsigned_int(ValueType::UINT16, 65535));
  w.set("i16", Value::signed_int(ValueType::INT16, -32768));
  w.set_u32("u32", 4000000000u);
  w.set_i32("i32", -2000000000);
  w.set_f32("f32", 1e-5f);
  w.set_bool("bool", true);
  w.set_string("string", std::string("caf\xc3\xa9 \0 nul", 11));
  w.set_u64("u64", (1ull << 63) + 5);
  w.set("i64", Value::signed_int(ValueType::INT64, std::numeric_limits<std::int64_t>::min()));
  w.set("f64", Value::floating(ValueType::FLOAT64, 3.141592653589793));
  w.set_string("empty_string", "");
  w.set_i32_array("arr.i32", {2, 0, -7});
  w.set_f32_array("arr.f32", {0.5f, -1.25f});
  w.set_string_array("arr.str", {"<s>", "", "\xe2\x96\x81the"});
  w.set("arr.u8", Value::array(ValueType::UINT8, {Value::unsigned_int(ValueType::UINT8, 255)}));
  w.set("arr.bool", Value::array(ValueType::BOOL, {Value::boolean(false), Value::boolean(true)}));
  w.set("arr.f64", Value::array(ValueType::FLOAT64, {Value::floating(ValueType::FLOAT64, -0.1)}));
  w.set("arr.i64", Value::array(ValueType::INT64, {Value::signed_int(ValueType::INT64, -5)}));
  w.set("arr.u64", Value::array(ValueType::UINT64, {Value::unsigned_int(ValueType::UINT64, 1ull << 40)}));
  w.set("arr.i8", Value::array(ValueType::INT8, {Value::signed_int(ValueType::INT8, -1)}));
  w.set("arr.u16", Value::array(ValueType::UINT16, {Value::unsigned_int(ValueType::UINT16, 7)}));
  w.set("arr.i16", Value::array(ValueType::INT16, {Value::signed_int(ValueType::INT16, -7)}));
  w.set("arr.u32", Value::array(ValueType::UINT32, {Value::unsigned_int(ValueType::UINT32, 9)}));
  w.set("arr.empty", Value::array(ValueType::INT32, {}));
  w.set("arr.nested",
        Value::array(ValueType::ARRAY, {Value::array(ValueType::INT32, {Value::signed_int(ValueType::INT32, 1)}),
                                        Value::array(ValueType::STRING, {Value::string("x"), Value::string("yz")}),
                                        Value::array(ValueType::ARRAY, {Value::array(ValueType::BOOL, {})})}));
}

std::vector<float> random_row(std::mt19937& rng, std::size_t n) {
  std::vector<float> v(n);
  for (auto& x : v) x = std::normal_distribution<float>(0, 1)(rng);
  return v;
}

}  // namespace

TEST_CASE(every_value_type_round_trips) {
  Writer w;
  set_all_value_types(w);
  const std::vector<std::uint8_t> bytes = w.header_bytes();
  REQUIRE(w.validate().is_ok());
  auto file = File::from_memory(bytes.data(), bytes.size());
  if (!file) hearth_ctx.fail(__FILE__, __LINE__, file.status().message());
  REQUIRE(file.is_ok());
  const File& f = **file;
  CHECK_EQ(f.version(), 3u);
  CHECK_EQ(f.metadata().size(), 27u);
  Writer expected;
  set_all_value_types(expected);
  const char* keys[] = {"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "u64", "i64", "f64",
                        "empty_string", "arr.i32", "arr.f32", "arr.str", "arr.u8", "arr.bool", "arr.f64", "arr.i64",
                        "arr.u64", "arr.i8", "arr.u16", "arr.i16", "arr.u32", "arr.empty", "arr.nested"};
  for (std::size_t i = 0; i < std::size(keys); ++i) {
    CHECK_EQ(f.metadata()[i].key, std::string(keys[i]));
    CHECK(f.find(keys[i]) == &f.metadata()[i].value);
  }
  std::uint64_t u = 0;
  std::int64_t s = 0;
  double d = 0;
  bool b = false;
  std::string str;
  CHECK(f.get_u64("u8", u) && u == 200);
  CHECK(f.get_i64("i8", s) && s == -100);
  CHECK(f.get_u64("u16", u) && u == 65535);
  CHECK(f.get_i64("i16", s) && s == -32768);
  CHECK(f.get_u64("u32", u) && u == 4000000000u);
  CHECK(f.get_i64("i32", s) && s == -2000000000);
  CHECK(f.get_f64("f32", d) && d == static_cast<double>(1e-5f));
  CHECK(f.get_bool("bool", b) && b);
  CHECK(f.get_string("string", str) && str == std::string("caf\xc3\xa9 \0 nul", 11));
  CHECK(f.get_u64("u64", u) && u == (1ull << 63) + 5);
  CHECK(f.get_i64("i64", s) && s == std::numeric_limits<std::int64_t>::min());
  CHECK(f.get_f64("f64", d) && d == 3.141592653589793);
  CHECK(f.get_string("empty_string", str) && str.empty());
  // No silent narrowing or kind changes.
  CHECK(!f.get_u64("i8", u));          // negative
  CHECK(!f.get_i64("u64", s));         // above INT64_MAX
  CHECK(!f.get_u64("f64", u));         // a float is not an integer
  CHECK(!f.get_bool("u8", b));
  CHECK(!f.get_string("u8", str));
  CHECK(!f.get_u64("missing", u));
  CHECK(f.get_f64("u32", d) && d == 4000000000.0);  // integers a double holds exactly
  CHECK(!f.get_f64("u64", d));                       // 2^63 + 5 is not exact in a double
  const Value* nested = f.find("arr.nested");
  REQUIRE(nested != nullptr);
  CHECK(nested->array_type == ValueType::ARRAY);
  REQUIRE(nested->as_array() != nullptr && nested->as_array()->size() == 3);
  const Value& inner = (*nested->as_array())[1];
  CHECK(inner.array_type == ValueType::STRING);
  REQUIRE(inner.as_array() != nullptr && inner.as_array()->size() == 2);
  CHECK_EQ(*(*inner.as_array())[1].as_string(), std::string("yz"));
  // Every value, array and element type exactly as set: writing what was read gives the same bytes.
  CHECK(expected.header_bytes() == bytes);
  Writer rewritten;
  for (const KeyValue& kv : f.metadata()) rewritten.set(kv.key, kv.value);
  CHECK(rewritten.header_bytes() == bytes);
}

TEST_CASE(tensors_of_several_types_and_alignments_round_trip) {
  hearth_test::TempDir dir;
  std::mt19937 rng(42);
  struct Spec {
    const char* name;
    std::vector<std::int64_t> ne;
    TensorType type;
  };
  const std::vector<Spec> specs = {
      {"token_embd.weight", {256, 3}, TensorType::Q4_K}, {"output_norm.weight", {7}, TensorType::F32},
      {"blk.0.ssm_in.weight", {64, 5}, TensorType::BF16}, {"blk.0.attn_v.weight", {256, 2}, TensorType::Q6_K},
      {"blk.0.ffn_down_exps.weight", {96, 2, 3}, TensorType::Q5_0}, {"blk.0.x.weight", {32, 1, 2, 2}, TensorType::Q8_0},
      {"blk.0.h.weight", {3}, TensorType::F16},
  };
  for (std::uint64_t alignment : {1ull, 8ull, 32ull, 64ull, 256ull}) {
    Writer w(alignment);
    w.set_string("general.architecture", "nemotron_h_moe");
    std::vector<std::vector<std::uint8_t>> quantised;
    for (const Spec& s : specs) {
      std::int64_t n = 1;
      for (auto d : s.ne) n *= d;
      const std::vector<float> values = random_row(rng, static_cast<std::size_t>(n));
      std::vector<std::uint8_t> q(row_bytes(s.type, n));
      REQUIRE(quantize_row(s.type, values.data(), q.data(), n).is_ok());
      quantised.push_back(q);
      w.add_tensor(s.name, s.ne, s.type, [q](std::uint8_t* dst, std::uint64_t size) {
        if (size != q.size()) return Status::error(hearth::ErrorCode::Internal, "size mismatch");
        std::memcpy(dst, q.data(), size);
        return Status::ok();
      });
    }
    const std::string path = dir.file("model_" + std::to_string(alignment) + ".gguf");
    REQUIRE(w.write(path).is_ok());
    auto opened = File::open(path);
    if (!opened) hearth_ctx.fail(__FILE__, __LINE__, opened.status().message());
    REQUIRE(opened.is_ok());
    const File& f = **opened;
    CHECK_EQ(f.alignment(), alignment);
    CHECK_EQ(f.data_offset() % alignment, 0u);
    CHECK_EQ(f.file_size(), w.file_size());
    CHECK_EQ(f.path(), path);
    REQUIRE(f.tensors().size() == specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const TensorInfo& t = f.tensors()[i];
      CHECK_EQ(t.name, std::string(specs[i].name));
      CHECK(t.ne == specs[i].ne);
      CHECK(t.type == specs[i].type);
      CHECK_EQ(t.offset % alignment, 0u);
      CHECK_EQ(t.size_bytes, quantised[i].size());
      CHECK(std::memcmp(t.data, quantised[i].data(), quantised[i].size()) == 0);
      CHECK(f.find_tensor(specs[i].name) == &t);
      // The data pointer is where the offset says.
      CHECK(t.data == f.tensors()[0].data - f.tensors()[0].offset + t.offset);
      std::vector<float> row(static_cast<std::size_t>(t.ne[0]));
      CHECK(dequantize_row(t.type, t.data, row.data(), t.ne[0]).is_ok());
    }
    CHECK_EQ(f.tensors()[4].n_elements(), 96 * 2 * 3);
    CHECK(f.find_tensor("nope") == nullptr);
    f.advise_sequential(f.data_offset(), f.file_size());
    f.release_pages(0, f.file_size());
    f.release_pages(f.file_size() + 10, 5);  // outside: ignored
    CHECK(std::memcmp(f.tensors()[1].data, quantised[1].data(), quantised[1].size()) == 0);  // still readable
    // The same bytes through from_memory.
    const auto bytes = read_file(path);
    auto mem = File::from_memory(bytes.data(), bytes.size());
    REQUIRE(mem.is_ok());
    CHECK_EQ((*mem)->tensors().size(), specs.size());
  }
}

TEST_CASE(version_2_files_are_read) {
  Writer w;
  w.set_u32("a", 1);
  w.add_tensor("t", {4}, TensorType::F32, {});
  std::vector<std::uint8_t> bytes = w.header_bytes();
  bytes.resize(w.file_size(), 0);
  bytes[4] = 2;  // v2 has the same layout as v3 (64-bit counts); only v1 differed
  auto f = File::from_memory(bytes.data(), bytes.size());
  REQUIRE(f.is_ok());
  CHECK_EQ((*f)->version(), 2u);
  CHECK_EQ((*f)->tensors().size(), 1u);
}

TEST_CASE(sparse_80_gb_file_opens_from_its_header) {
  hearth_test::TempDir dir;
  Writer w;
  w.set_string("general.architecture", "nemotron_h_moe");
  // 29 expert stacks of {1024, 2688, 512} bf16 (2.82 GB each): 81.7 GB of holes.
  for (int i = 0; i < 29; ++i)
    w.add_tensor("blk." + std::to_string(i) + ".ffn_up_exps.weight", {1024, 2688, 512}, TensorType::BF16, {});
  const std::string path = dir.file("sparse_super.gguf");
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(w.write(path).is_ok());
  const auto t1 = std::chrono::steady_clock::now();
  auto f = File::open(path);
  const auto t2 = std::chrono::steady_clock::now();
  REQUIRE(f.is_ok());
  CHECK((*f)->file_size() > 80'000'000'000ull);
  CHECK_EQ((*f)->tensors().size(), 29u);
  CHECK_EQ((*f)->tensors()[28].size_bytes, 1024ull * 2688 * 512 * 2);
  // Opening touched only the header: no page of the data in the middle of the file is resident.
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>((*f)->tensors()[14].data) / page * page;
  std::vector<unsigned char> resident(64);
  REQUIRE(::mincore(reinterpret_cast<void*>(start), 64 * page, resident.data()) == 0);
  int pages_in = 0;
  for (unsigned char r : resident) pages_in += r & 1;
  CHECK_EQ(pages_in, 0);
  const double write_s = std::chrono::duration<double>(t1 - t0).count();
  const double open_s = std::chrono::duration<double>(t2 - t1).count();
  std::printf("80 GB sparse file: write %.3f s, open %.3f s\n", write_s, open_s);
  CHECK(open_s < 1.0);
  CHECK(write_s < 5.0);
}
