// Writes the seed corpus for fuzz_gguf_reader into the directory given as the only argument: small valid
// GGUF files made by the Writer that cover every value type, nested arrays, non-default alignment and
// tensors of the dequantisable types, so the fuzzer starts from deep inside the format.
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "gguf/gguf_writer.h"

using namespace hearth::gguf;

namespace {

Writer::Fill random_bytes(std::uint32_t seed) {
  return [seed](std::uint8_t* dst, std::uint64_t size) {
    std::mt19937 rng(seed);
    for (std::uint64_t i = 0; i < size; ++i) dst[i] = static_cast<std::uint8_t>(rng());
    return hearth::Status::ok();
  };
}

Writer::Fill quantised(TensorType type, std::int64_t n, std::uint32_t seed) {
  return [type, n, seed](std::uint8_t* dst, std::uint64_t) {
    std::mt19937 rng(seed);
    std::vector<float> x(static_cast<std::size_t>(n));
    for (auto& v : x) v = std::normal_distribution<float>(0, 1)(rng);
    return quantize_row(type, x.data(), dst, n);
  };
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  std::vector<std::pair<std::string, Writer>> seeds;

  Writer metadata;
  metadata.set("u8", Value::unsigned_int(ValueType::UINT8, 1));
  metadata.set("i8", Value::signed_int(ValueType::INT8, -1));
  metadata.set("u16", Value::unsigned_int(ValueType::UINT16, 2));
  metadata.set("i16", Value::signed_int(ValueType::INT16, -2));
  metadata.set_u32("u32", 3);
  metadata.set_i32("i32", -3);
  metadata.set_f32("f32", 0.5f);
  metadata.set_bool("bool", true);
  metadata.set_string("str", "nemotron_h_moe");
  metadata.set_u64("u64", 4);
  metadata.set("i64", Value::signed_int(ValueType::INT64, -4));
  metadata.set("f64", Value::floating(ValueType::FLOAT64, 0.25));
  metadata.set_string_array("tokenizer.ggml.tokens", {"<s>", "</s>", "a", "b"});
  metadata.set_f32_array("scores", {0, -1, -2});
  metadata.set("nested", Value::array(ValueType::ARRAY, {Value::array(ValueType::INT32, {Value::signed_int(ValueType::INT32, 7)}),
                                                         Value::array(ValueType::STRING, {Value::string("x")})}));
  seeds.emplace_back("metadata_only.gguf", std::move(metadata));

  Writer tensors;
  tensors.set_string("general.architecture", "nemotron_h");
  tensors.set_i32_array("nemotron_h.attention.head_count_kv", {0, 2, 0});
  const TensorType quantisable[] = {TensorType::F32, TensorType::F16, TensorType::BF16, TensorType::Q8_0,
                                    TensorType::Q5_0, TensorType::Q4_K, TensorType::Q6_K};
  std::uint32_t seed = 1;
  for (TensorType type : quantisable) {
    const std::int64_t n = type_traits(type).block_size == 256 ? 256 : 64;
    tensors.add_tensor("q." + std::string(type_name(type)), {n, 2}, type, quantised(type, 2 * n, seed++));
  }
  for (TensorType type : {TensorType::Q4_0, TensorType::Q4_1, TensorType::Q5_1, TensorType::Q5_K, TensorType::MXFP4,
                          TensorType::NVFP4}) {
    tensors.add_tensor("r." + std::string(type_name(type)), {type_traits(type).block_size}, type, random_bytes(seed++));
  }
  seeds.emplace_back("tensors.gguf", std::move(tensors));

  Writer aligned(64);
  aligned.set_u32("a", 1);
  aligned.add_tensor("t0", {3}, TensorType::F32, random_bytes(100));
  aligned.add_tensor("t1", {32, 1, 2}, TensorType::Q8_0, random_bytes(101));
  seeds.emplace_back("aligned_64.gguf", std::move(aligned));

  Writer tiny;
  tiny.add_tensor("x", {1}, TensorType::F32, random_bytes(7));
  seeds.emplace_back("one_tensor.gguf", std::move(tiny));

  for (auto& [name, writer] : seeds) {
    const hearth::Status s = writer.write((dir / name).string());
    if (!s) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), s.message().c_str());
      return 1;
    }
  }
  std::printf("wrote %zu seeds to %s\n", seeds.size(), dir.c_str());
  return 0;
}
