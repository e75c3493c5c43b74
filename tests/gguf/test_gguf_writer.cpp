// The GGUF writer on its own: the exact bytes of a small header (checked against a layout spelled out in
// the test), alignment padding and offsets, tensor data from Fill at the right places, sparse files that
// cost no disk, the .part file and its rename, progress, and each validation error.
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gguf/gguf_writer.h"
#include "support/check.h"
#include "temp_dir.h"

using namespace hearth::gguf;
using hearth::ErrorCode;
using hearth::Status;

namespace {

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Expected bytes, appended field by field.
struct Bytes {
  std::vector<std::uint8_t> b;
  Bytes& u8(std::uint8_t v) {
    b.push_back(v);
    return *this;
  }
  Bytes& le(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return *this;
  }
  Bytes& str(const std::string& s) {
    le(s.size(), 8);
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
};

Writer::Fill fill_with(std::uint8_t seed) {
  return [seed](std::uint8_t* dst, std::uint64_t size) {
    for (std::uint64_t i = 0; i < size; ++i) dst[i] = static_cast<std::uint8_t>(seed + i * 7);
    return Status::ok();
  };
}

}  // namespace

TEST_CASE(header_bytes_match_the_layout) {
  Writer w;
  w.set_string("general.architecture", "nemotron_h");
  w.set_u32("n", 7);
  w.set_i32_array("arr", {-1, 2});
  w.add_tensor("a", {4, 2}, TensorType::F32, fill_with(1));   // 32 bytes at 0
  w.add_tensor("bb", {32}, TensorType::Q8_0, fill_with(2));  // 34 bytes at 32
  Bytes e;
  e.u8('G').u8('G').u8('U').u8('F').le(3, 4).le(2, 8).le(3, 8);
  e.str("general.architecture").le(8, 4).str("nemotron_h");
  e.str("n").le(4, 4).le(7, 4);
  e.str("arr").le(9, 4).le(5, 4).le(2, 8).le(static_cast<std::uint32_t>(-1), 4).le(2, 4);
  e.str("a").le(2, 4).le(4, 8).le(2, 8).le(0, 4).le(0, 8);
  e.str("bb").le(1, 4).le(32, 8).le(8, 4).le(32, 8);
  const std::size_t unpadded = e.b.size();
  while (e.b.size() % 32 != 0) e.u8(0);
  const std::vector<std::uint8_t> got = w.header_bytes();
  CHECK_EQ(got.size(), e.b.size());
  CHECK(got == e.b);
  CHECK(unpadded % 32 != 0);  // the test does exercise padding
  CHECK(w.validate().is_ok());
  const auto offsets = w.tensor_offsets();
  REQUIRE(offsets.size() == 2);
  CHECK_EQ(offsets[0], 0u);
  CHECK_EQ(offsets[1], 32u);
  CHECK_EQ(w.file_size(), e.b.size() + 32 + 64);  // 34 bytes padded to 64 at the end
}

TEST_CASE(written_file_has_data_at_aligned_offsets) {
  hearth_test::TempDir dir;
  for (std::uint64_t alignment : {1ull, 8ull, 32ull, 64ull, 4096ull}) {
    Writer w(alignment);
    w.set_string("k", "v");
    w.add_tensor("t0", {3}, TensorType::F16, fill_with(10));  // 6 bytes
    w.add_tensor("t1", {32, 2}, TensorType::Q5_0, fill_with(20));  // 44 bytes
    w.add_tensor("t2", {5}, TensorType::I8, fill_with(30));
    const std::string path = dir.file("aligned_" + std::to_string(alignment) + ".gguf");
    REQUIRE(w.write(path).is_ok());
    const auto bytes = read_file(path);
    const auto header = w.header_bytes();
    CHECK_EQ(bytes.size(), w.file_size());
    CHECK_EQ(header.size() % alignment, 0u);
    CHECK(std::equal(header.begin(), header.end(), bytes.begin()));
    const auto offsets = w.tensor_offsets();
    const std::uint64_t sizes[3] = {6, 44, 5};
    for (int t = 0; t < 3; ++t) {
      CHECK_EQ(offsets[static_cast<std::size_t>(t)] % alignment, 0u);
      const std::uint8_t seed = static_cast<std::uint8_t>(10 * (t + 1));
      for (std::uint64_t i = 0; i < sizes[t]; ++i)
        CHECK_EQ(static_cast<int>(bytes[header.size() + offsets[static_cast<std::size_t>(t)] + i]), static_cast<int>(static_cast<std::uint8_t>(seed + i * 7)));
    }
    if (alignment != 32) {
      // general.alignment is added as a u32 when it is not the default.
      const std::string key = "general.alignment";
      auto at = std::search(header.begin(), header.end(), key.begin(), key.end());
      REQUIRE(at != header.end());
      at += static_cast<std::ptrdiff_t>(key.size());
      CHECK_EQ(static_cast<int>(at[0]), 4);  // type u32
      std::uint32_t v;
      std::memcpy(&v, &at[4], 4);
      CHECK_EQ(v, alignment);
    }
    CHECK(!std::filesystem::exists(path + ".part"));
  }
}

TEST_CASE(tensor_without_fill_is_a_hole) {
  hearth_test::TempDir dir;
  Writer w;
  const std::int64_t rows = 1 << 18;  // 4096 x 262144 bf16 = 2 GiB of data
  w.add_tensor("huge", {4096, rows}, TensorType::BF16, {});
  w.add_tensor("small", {32}, TensorType::F32, fill_with(5));
  const std::string path = dir.file("sparse.gguf");
  std::uint64_t last_done = 0, last_total = 0;
  int calls = 0;
  REQUIRE(w.write(path, [&](std::uint64_t done, std::uint64_t total) {
            CHECK(done >= last_done);
            last_done = done;
            last_total = total;
            ++calls;
          }).is_ok());
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK_EQ(static_cast<std::uint64_t>(st.st_size), w.file_size());
  CHECK(static_cast<std::uint64_t>(st.st_size) > (2ull << 30));
  CHECK(static_cast<std::uint64_t>(st.st_blocks) * 512 < (1u << 20));  // on disk: the header and one small tensor
  CHECK_EQ(last_done, last_total);
  CHECK_EQ(last_total, w.file_size());
  CHECK(calls >= 3);
}

TEST_CASE(failed_fill_leaves_no_file) {
  hearth_test::TempDir dir;
  Writer w;
  w.add_tensor("ok", {32}, TensorType::F32, fill_with(1));
  w.add_tensor("broken", {32}, TensorType::F32, [](std::uint8_t*, std::uint64_t) {
    return Status::error(ErrorCode::Cancelled, "stopped by the test");
  });
  const std::string path = dir.file("never.gguf");
  const Status s = w.write(path);
  CHECK(s.code() == ErrorCode::Cancelled);
  CHECK(!std::filesystem::exists(path));
  CHECK(!std::filesystem::exists(path + ".part"));
  // An unwritable place is an IoError naming the path.
  const Status io = w.write(dir.file("no/such/dir/x.gguf"));
  CHECK(io.code() == ErrorCode::IoError);
  CHECK(io.message().find("no/such/dir/x.gguf.part") != std::string::npos);
}

TEST_CASE(validation_errors_name_the_culprit) {
  auto expect = [&](const Writer& w, const std::string& needle) {
    const Status s = w.validate();
    CHECK(s.code() == ErrorCode::InvalidArgument);
    if (s.message().find(needle) == std::string::npos)
      hearth_ctx.fail(__FILE__, __LINE__, "message '" + s.message() + "' lacks '" + needle + "'");
  };
  {
    Writer w(48);
    expect(w, "alignment 48");
  }
  {
    Writer w;
    w.set_u32("dup", 1);
    w.set_u32("dup", 2);
    expect(w, "'dup' is set twice");
  }
  {
    Writer w(64);
    w.set_u64("general.alignment", 64);  // must be a u32
    expect(w, "general.alignment");
  }
  {
    Writer w;
    w.set("small", Value::unsigned_int(ValueType::UINT8, 300));
    expect(w, "value 300 does not fit u8");
  }
  {
    Writer w;
    w.set("neg", Value::signed_int(ValueType::INT16, -40000));
    expect(w, "does not fit i16");
  }
  {
    Writer w;
    w.set("wrong", Value::string("x"));
    w.set("wrong2", Value{ValueType::UINT32, ValueType::UINT8, std::string("x")});
    expect(w, "'wrong2'");
  }
  {
    Writer w;
    w.set("mixed", Value::array(ValueType::INT32, {Value::signed_int(ValueType::INT32, 1), Value::string("x")}));
    expect(w, "element 1 is a string in an array of i32");
  }
  {
    Writer w;
    w.set("unknown", Value{static_cast<ValueType>(13), ValueType::UINT8, std::uint64_t{0}});
    expect(w, "unknown value type id 13");
  }
  {
    Value v = Value::array(ValueType::INT32, {});
    for (int i = 0; i < 9; ++i) v = Value::array(ValueType::ARRAY, {v});
    Writer w;
    w.set("deep", v);
    expect(w, "nested deeper than 8");
  }
  {
    Writer w;
    w.add_tensor("t", {32}, TensorType::F32, {});
    w.add_tensor("t", {32}, TensorType::F32, {});
    expect(w, "tensor 't' is added twice");
  }
  {
    Writer w;
    w.add_tensor("k", {100}, TensorType::Q4_K, {});
    expect(w, "tensor 'k' has ne[0] = 100, not a multiple of the q4_K block size 256");
  }
  {
    Writer w;
    w.add_tensor("z", {4, 0}, TensorType::F32, {});
    expect(w, "tensor 'z' has ne[1] = 0");
  }
  {
    Writer w;
    w.add_tensor("five", {1, 1, 1, 1, 1}, TensorType::F32, {});
    expect(w, "tensor 'five' has 5 dimensions");
  }
  {
    Writer w;
    w.add_tensor("big", {INT64_MAX, 2}, TensorType::F32, {});
    expect(w, "overflows 64 bits");
  }
  {
    Writer w;
    w.add_tensor("bad", {32}, static_cast<TensorType>(4), {});
    expect(w, "tensor 'bad' has unknown type id 4");
  }
  {
    Writer w;
    w.add_tensor(std::string(64, 'n'), {32}, TensorType::F32, {});
    expect(w, "1 to 63 bytes");
  }
}
