// Per-type block codecs behind dequantize_row / quantize_row (tensor_types.cpp dispatches on the type).
// Every function works on whole blocks: `nb` blocks of the type's block size, src and dst not overlapping.
// Byte layouts: ../shared/model/nemotron-h.md §3.4.
#pragma once

#include <cstdint>

namespace hearth::gguf::detail {

using DequantizeBlocks = void (*)(const std::uint8_t* src, float* dst, std::int64_t nb);
using QuantizeBlocks = void (*)(const float* src, std::uint8_t* dst, std::int64_t nb);

void dequantize_f32(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_f16(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_bf16(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_f64(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_i8(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_i16(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_i32(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_q4_0(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_q4_1(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_q5_0(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_q5_1(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_q8_0(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_q4_k(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_q5_k(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_q6_k(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_mxfp4(const std::uint8_t* src, float* dst, std::int64_t nb);
void dequantize_nvfp4(const std::uint8_t* src, float* dst, std::int64_t nb);

void quantize_f32(const float* src, std::uint8_t* dst, std::int64_t nb);
void quantize_f16(const float* src, std::uint8_t* dst, std::int64_t nb);
void quantize_bf16(const float* src, std::uint8_t* dst, std::int64_t nb);
void quantize_q8_0(const float* src, std::uint8_t* dst, std::int64_t nb);
void quantize_q5_0(const float* src, std::uint8_t* dst, std::int64_t nb);
void quantize_q4_k(const float* src, std::uint8_t* dst, std::int64_t nb);
void quantize_q6_k(const float* src, std::uint8_t* dst, std::int64_t nb);

// The 6-bit scale and min of sub-block j (0..7) of a Q4_K/Q5_K block, from its 12 packed scale bytes.
inline void k_scale_min(const std::uint8_t* scales, int j, int& sc, int& m) {
  if (j < 4) {
    sc = scales[j] & 63;
    m = scales[j + 4] & 63;
  } else {
    sc = (scales[j + 4] & 0xF) | ((scales[j - 4] >> 6) << 4);
    m = (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4);
  }
}

}  // namespace hearth::gguf::detail
