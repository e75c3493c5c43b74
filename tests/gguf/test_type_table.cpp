// The tensor type table: sizes that must match ggml's block layouts byte for byte, and unknown ids.
#include <cstdint>
#include <string>

#include "support/check.h"
#include "gguf/tensor_types.h"

using namespace hearth::gguf;

TEST_CASE(type_table_matches_ggml_layouts) {
  struct Expected {
    std::uint32_t id;
    const char* name;
    std::int64_t block, bytes;
  };
  // From ggml-common.h: block sizes QK and sizeof(block_*).
  const Expected rows[] = {
      {0, "f32", 1, 4},        {1, "f16", 1, 2},         {2, "q4_0", 32, 18},     {3, "q4_1", 32, 20},
      {6, "q5_0", 32, 22},     {7, "q5_1", 32, 24},      {8, "q8_0", 32, 34},     {9, "q8_1", 32, 36},
      {10, "q2_K", 256, 84},   {11, "q3_K", 256, 110},   {12, "q4_K", 256, 144},  {13, "q5_K", 256, 176},
      {14, "q6_K", 256, 210},  {15, "q8_K", 256, 292},   {16, "iq2_xxs", 256, 66}, {17, "iq2_xs", 256, 74},
      {18, "iq3_xxs", 256, 98}, {19, "iq1_s", 256, 50},  {20, "iq4_nl", 32, 18},  {21, "iq3_s", 256, 110},
      {22, "iq2_s", 256, 82},  {23, "iq4_xs", 256, 136}, {24, "i8", 1, 1},        {25, "i16", 1, 2},
      {26, "i32", 1, 4},       {27, "i64", 1, 8},        {28, "f64", 1, 8},       {29, "iq1_m", 256, 56},
      {30, "bf16", 1, 2},      {34, "tq1_0", 256, 54},   {35, "tq2_0", 256, 66},  {39, "mxfp4", 32, 17},
      {40, "nvfp4", 64, 36},
  };
  for (const Expected& e : rows) {
    const TypeTraits* t = type_traits(e.id);
    REQUIRE(t != nullptr);
    CHECK_EQ(std::string(t->name), std::string(e.name));
    CHECK_EQ(t->block_size, e.block);
    CHECK_EQ(t->type_size, e.bytes);
  }
  for (std::uint32_t id : {4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u, 41u, 1000u, 0xFFFFFFFFu}) CHECK(type_traits(id) == nullptr);
}

TEST_CASE(dequantizable_and_quantizable_flags) {
  for (TensorType t : {TensorType::F32, TensorType::F16, TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1,
                       TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0, TensorType::Q4_K, TensorType::Q5_K,
                       TensorType::Q6_K, TensorType::MXFP4, TensorType::NVFP4})
    CHECK(type_traits(t).dequantizable);
  for (TensorType t : {TensorType::F32, TensorType::F16, TensorType::BF16, TensorType::Q8_0, TensorType::Q5_0,
                       TensorType::Q4_K, TensorType::Q6_K})
    CHECK(type_traits(t).quantizable);
  CHECK(!type_traits(TensorType::Q2_K).dequantizable);
  CHECK(!type_traits(TensorType::Q4_0).quantizable);
}

TEST_CASE(row_bytes_counts_blocks) {
  CHECK_EQ(row_bytes(TensorType::Q4_K, 4096), 16u * 144u);
  CHECK_EQ(row_bytes(TensorType::Q5_0, 2688), 84u * 22u);
  CHECK_EQ(row_bytes(TensorType::BF16, 131072), 262144u);
  CHECK_EQ(row_bytes(TensorType::NVFP4, 128), 72u);
  CHECK_EQ(row_bytes(TensorType::F32, 0), 0u);
  CHECK_EQ(type_name(TensorType::Q6_K), std::string_view("q6_K"));
}
