// How quantised weights live in device memory, and how a kernel reads one piece of a row.
//
// GGUF stores a matrix as rows of blocks that mix scales and quants ({d, qs} for q8_0 = 34 bytes, ...).
// Most of those block sizes are not multiples of 16, so a row cannot be read with 16-byte loads. At load
// time every matrix is repacked (kernels/repack.cuh) into two planes, each row starting 16-byte aligned:
//   quants: the packed integers of the row, in GGUF's own order within a block, blocks back to back;
//   meta:   one small fixed-size record per block (scales, mins, high bits), see the Meta* structs below.
// A "unit" is what one thread reads per step: 16 bytes of quants (48 for q6_K: ql, ql+32, qh), so a warp
// reads 512 contiguous bytes per step and every weight byte exactly once.
//
// Type ids are GGUF's (engine/gguf/tensor_types.h); kernels/ does not include the engine, so they are
// repeated here. Stored in files: never renumber.
#pragma once

#include <cstdint>

#include <cuda_bf16.h>
#include <cuda_fp16.h>

namespace hearth::kernels {

enum class WeightType : std::uint32_t {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q4_1 = 3,
  Q5_0 = 6,
  Q5_1 = 7,
  Q8_0 = 8,
  Q4_K = 12,
  Q5_K = 13,
  Q6_K = 14,
  BF16 = 30,
  MXFP4 = 39,
};

// Per-block records of the meta plane. Sizes are multiples of 4 so records can be read as words.
struct MetaD {  // q4_0, q8_0
  __half d;
  std::uint16_t pad;
};
struct MetaDM {  // q4_1
  __half d, m;
};
struct MetaDQh {  // q5_0: the 32 fifth bits of the block
  __half d;
  std::uint16_t pad;
  std::uint32_t qh;
};
struct MetaDMQh {  // q5_1
  __half d, m;
  std::uint32_t qh;
};
struct MetaK4 {  // q4_K: as GGUF's block head
  __half d, dmin;
  std::uint8_t scales[12];
};
struct MetaK5 {  // q5_K
  __half d, dmin;
  std::uint8_t scales[12];
  std::uint8_t qh[32];
};
struct MetaK6 {  // q6_K
  std::int8_t scales[16];
  __half d;
  std::uint16_t pad;
};
struct MetaE8 {  // mxfp4: E8M0 exponent
  std::uint8_t e;
  std::uint8_t pad[3];
};

// Shape facts per type, usable on host and device.
struct LayoutInfo {
  int block_weights;      // weights per GGUF block
  int gguf_block_bytes;   // bytes per block in the file
  int quant_bytes;        // bytes per block in the quants plane
  int meta_bytes;         // bytes per block in the meta plane (0: none)
  int unit_weights;       // weights covered by one thread's unit
};

__host__ __device__ constexpr LayoutInfo layout_info(WeightType t) {
  switch (t) {
    case WeightType::F32: return {1, 4, 4, 0, 4};
    case WeightType::F16: return {1, 2, 2, 0, 8};
    case WeightType::BF16: return {1, 2, 2, 0, 8};
    case WeightType::Q4_0: return {32, 18, 16, 4, 32};
    case WeightType::Q4_1: return {32, 20, 16, 4, 32};
    case WeightType::Q5_0: return {32, 22, 16, 8, 32};
    case WeightType::Q5_1: return {32, 24, 16, 8, 32};
    case WeightType::Q8_0: return {32, 34, 32, 4, 16};
    case WeightType::Q4_K: return {256, 144, 128, 16, 32};
    case WeightType::Q5_K: return {256, 176, 128, 48, 32};
    case WeightType::Q6_K: return {256, 210, 192, 20, 64};
    case WeightType::MXFP4: return {32, 17, 16, 4, 32};
  }
  return {0, 0, 0, 0, 0};
}

__host__ __device__ constexpr bool is_supported(WeightType t) { return layout_info(t).block_weights != 0; }

// A repacked matrix (or a stack of expert matrices) in device memory: rows of n_in weights.
struct DeviceMatrix {
  WeightType type = WeightType::F32;
  std::int64_t n_in = 0;       // weights per row (ne[0])
  std::int64_t n_out = 0;      // rows per matrix (ne[1])
  std::int64_t n_mat = 1;      // matrices in the stack (ne[2], experts)
  const std::uint8_t* quants = nullptr;
  const std::uint8_t* meta = nullptr;
  std::int64_t quant_pitch = 0;  // bytes between rows in the quants plane (multiple of 16)
  std::int64_t meta_pitch = 0;   // bytes between rows in the meta plane (multiple of 16)
};

// Row pitches for a type and row length (both 16-byte aligned). n_in must be a multiple of block_weights.
__host__ __device__ constexpr std::int64_t quant_pitch_for(WeightType t, std::int64_t n_in) {
  const LayoutInfo l = layout_info(t);
  const std::int64_t bytes = n_in / l.block_weights * l.quant_bytes;
  return (bytes + 15) / 16 * 16;
}
__host__ __device__ constexpr std::int64_t meta_pitch_for(WeightType t, std::int64_t n_in) {
  const LayoutInfo l = layout_info(t);
  const std::int64_t bytes = n_in / l.block_weights * l.meta_bytes;
  return (bytes + 15) / 16 * 16;
}

}  // namespace hearth::kernels
