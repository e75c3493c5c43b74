// GGML tensor element types as GGUF stores them: block layouts, sizes, CPU dequantisation to f32 and the
// reference quantisers the writer and the model synthesiser use. Layouts: ../shared/model/nemotron-h.md §3.4
// (from ggml-common.h). All multi-byte fields are little-endian; fp16 is IEEE half, bf16 the top half of an f32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace hearth::gguf {

// GGUF type ids. Stored in files: never renumber.
enum class TensorType : std::uint32_t {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q4_1 = 3,
  Q5_0 = 6,
  Q5_1 = 7,
  Q8_0 = 8,
  Q8_1 = 9,
  Q2_K = 10,
  Q3_K = 11,
  Q4_K = 12,
  Q5_K = 13,
  Q6_K = 14,
  Q8_K = 15,
  IQ2_XXS = 16,
  IQ2_XS = 17,
  IQ3_XXS = 18,
  IQ1_S = 19,
  IQ4_NL = 20,
  IQ3_S = 21,
  IQ2_S = 22,
  IQ4_XS = 23,
  I8 = 24,
  I16 = 25,
  I32 = 26,
  I64 = 27,
  F64 = 28,
  IQ1_M = 29,
  BF16 = 30,
  TQ1_0 = 34,
  TQ2_0 = 35,
  MXFP4 = 39,
  NVFP4 = 40,
};

struct TypeTraits {
  std::string_view name;      // "q4_K", as llama.cpp prints it
  std::int64_t block_size;    // elements per block (1 for plain floats)
  std::int64_t type_size;     // bytes per block
  bool dequantizable;         // this engine can turn it into f32
  bool quantizable;           // this engine has a reference quantiser for it
};

// nullptr for an id GGUF does not define (the reader reports it with the tensor's name and offset).
const TypeTraits* type_traits(std::uint32_t type_id);
const TypeTraits& type_traits(TensorType type);
std::string_view type_name(TensorType type);

// Bytes taken by n elements (n must be a multiple of the block size; callers validate that first).
std::uint64_t row_bytes(TensorType type, std::int64_t n);

// dst[0..n) = the f32 values of n elements at src. n must be a multiple of the block size.
Status dequantize_row(TensorType type, const void* src, float* dst, std::int64_t n);

// Reference quantisers (F32, F16, BF16, Q8_0, Q5_0, Q4_K, Q6_K): dst receives row_bytes(type, n) bytes.
Status quantize_row(TensorType type, const float* src, void* dst, std::int64_t n);

// IEEE half and bfloat16 conversions used by the CPU paths.
float fp16_to_f32(std::uint16_t h);
std::uint16_t f32_to_fp16(float f);  // round to nearest even
float bf16_to_f32(std::uint16_t b);
std::uint16_t f32_to_bf16(float f);  // round to nearest even, NaN stays NaN

}  // namespace hearth::gguf
