// Block layouts (nemotron-h.md §3.4, from ggml-common.h), all little-endian:
//   q8_0 (32 w, 34 B): d:f16, q:int8[32]                          w = d·q
//   q5_0 (32 w, 22 B): d:f16, qh:u32, qs[16]                      w = d·(q − 16), q = nibble | qh bit << 4
//   q4_K (256 w, 144 B): d:f16, dmin:f16, scales[12], qs[128]     w = d·sc·q − dmin·m per 32-wide sub-block
//   q6_K (256 w, 210 B): ql[128], qh[64], scales:int8[16], d:f16  w = d·sc·(q − 32), q 6 bits
#include "backend/cpu/row_kernels.h"

#include <cstring>
#include <vector>

#include "backend/cpu/vector_math.h"

namespace hearth::cpu {

namespace {

using gguf::TensorType;

inline std::uint16_t load_u16(const std::uint8_t* p) {
  std::uint16_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline std::uint32_t load_u32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

struct Q8_0 {
  static constexpr int kWeights = 32;
  static constexpr int kBytes = 34;
  static void decode(const std::uint8_t* b, float* out) {
    const float d = half_to_float(load_u16(b));
    const std::int8_t* q = reinterpret_cast<const std::int8_t*>(b + 2);
    for (int j = 0; j < 32; ++j) out[j] = d * static_cast<float>(q[j]);
  }
};

struct Q5_0 {
  static constexpr int kWeights = 32;
  static constexpr int kBytes = 22;
  static void decode(const std::uint8_t* b, float* out) {
    const float d = half_to_float(load_u16(b));
    const std::uint32_t qh = load_u32(b + 2);
    const std::uint8_t* qs = b + 6;
    for (int j = 0; j < 16; ++j) {
      const int lo = (qs[j] & 0x0F) | static_cast<int>(((qh >> j) & 1u) << 4);
      const int hi = (qs[j] >> 4) | static_cast<int>(((qh >> (j + 16)) & 1u) << 4);
      out[j] = d * static_cast<float>(lo - 16);
      out[j + 16] = d * static_cast<float>(hi - 16);
    }
  }
};

// The 6-bit scale and min of sub-block j of a q4_K/q5_K block.
inline void k_scale_min(int j, const std::uint8_t* s, int& sc, int& m) {
  if (j < 4) {
    sc = s[j] & 63;
    m = s[j + 4] & 63;
  } else {
    sc = (s[j + 4] & 0x0F) | ((s[j - 4] >> 6) << 4);
    m = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
  }
}

struct Q4_K {
  static constexpr int kWeights = 256;
  static constexpr int kBytes = 144;
  static void decode(const std::uint8_t* b, float* out) {
    const float d = half_to_float(load_u16(b));
    const float dmin = half_to_float(load_u16(b + 2));
    const std::uint8_t* scales = b + 4;
    const std::uint8_t* qs = b + 16;
    for (int c = 0; c < 4; ++c) {
      int sc1, m1, sc2, m2;
      k_scale_min(2 * c, scales, sc1, m1);
      k_scale_min(2 * c + 1, scales, sc2, m2);
      const float d1 = d * static_cast<float>(sc1), o1 = dmin * static_cast<float>(m1);
      const float d2 = d * static_cast<float>(sc2), o2 = dmin * static_cast<float>(m2);
      const std::uint8_t* q = qs + 32 * c;
      float* o = out + 64 * c;
      for (int l = 0; l < 32; ++l) {
        o[l] = d1 * static_cast<float>(q[l] & 0x0F) - o1;
        o[l + 32] = d2 * static_cast<float>(q[l] >> 4) - o2;
      }
    }
  }
};

struct Q6_K {
  static constexpr int kWeights = 256;
  static constexpr int kBytes = 210;
  static void decode(const std::uint8_t* b, float* out) {
    const float d = half_to_float(load_u16(b + 208));
    for (int half = 0; half < 2; ++half) {
      const std::uint8_t* ql = b + 64 * half;
      const std::uint8_t* qh = b + 128 + 32 * half;
      const std::int8_t* sc = reinterpret_cast<const std::int8_t*>(b + 192) + 8 * half;
      float* o = out + 128 * half;
      for (int l = 0; l < 32; ++l) {
        const int is = l / 16;
        const int q1 = ((ql[l] & 0x0F) | ((qh[l] & 3) << 4)) - 32;
        const int q2 = ((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4)) - 32;
        const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
        const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
        o[l] = d * static_cast<float>(sc[is]) * static_cast<float>(q1);
        o[l + 32] = d * static_cast<float>(sc[is + 2]) * static_cast<float>(q2);
        o[l + 64] = d * static_cast<float>(sc[is + 4]) * static_cast<float>(q3);
        o[l + 96] = d * static_cast<float>(sc[is + 6]) * static_cast<float>(q4);
      }
    }
  }
};

template <typename Block>
inline float dot_blocks(const std::uint8_t* row, const float* x, std::int64_t n) {
  static_assert(Block::kWeights % kLanes == 0);
  float acc[kLanes] = {};
  alignas(64) float w[Block::kWeights];
  const std::int64_t blocks = n / Block::kWeights;
  for (std::int64_t b = 0; b < blocks; ++b) {
    Block::decode(row + b * Block::kBytes, w);
    const float* xb = x + b * Block::kWeights;
    for (int i = 0; i < Block::kWeights; i += kLanes)
      for (int j = 0; j < kLanes; ++j) acc[j] += w[i + j] * xb[i + j];
  }
  return sum_lanes(acc);
}

template <typename Block>
inline void decode_blocks(const std::uint8_t* row, float* out, std::int64_t n) {
  const std::int64_t blocks = n / Block::kWeights;
  for (std::int64_t b = 0; b < blocks; ++b) Block::decode(row + b * Block::kBytes, out + b * Block::kWeights);
}

// Rows of 16-bit floats (f16 or bf16), converted in registers.
template <float (*ToFloat)(std::uint16_t)>
inline float dot_16bit(const std::uint8_t* row, const float* x, std::int64_t n) {
  float acc[kLanes] = {};
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) acc[j] += ToFloat(load_u16(row + 2 * (i + j))) * x[i + j];
  float s = sum_lanes(acc);
  for (; i < n; ++i) s += ToFloat(load_u16(row + 2 * i)) * x[i];
  return s;
}

// Scratch for types decoded by the gguf layer; one per thread, grown once and reused.
std::vector<float>& fallback_scratch(std::int64_t n) {
  thread_local std::vector<float> scratch;
  if (static_cast<std::int64_t>(scratch.size()) < n) scratch.resize(static_cast<std::size_t>(n));
  return scratch;
}

}  // namespace

bool has_fused_kernel(TensorType type) {
  switch (type) {
    case TensorType::F32:
    case TensorType::F16:
    case TensorType::BF16:
    case TensorType::Q8_0:
    case TensorType::Q5_0:
    case TensorType::Q4_K:
    case TensorType::Q6_K:
      return true;
    default:
      return false;
  }
}

HEARTH_CPU_CLONES
float dot_row(TensorType type, const void* row_ptr, const float* x, std::int64_t n) {
  const auto* row = static_cast<const std::uint8_t*>(row_ptr);
  switch (type) {
    case TensorType::F32: {
      float acc[kLanes] = {};
      std::int64_t i = 0;
      for (; i + kLanes <= n; i += kLanes)
        for (int j = 0; j < kLanes; ++j) {
          float w;
          std::memcpy(&w, row + 4 * (i + j), sizeof w);
          acc[j] += w * x[i + j];
        }
      float s = sum_lanes(acc);
      for (; i < n; ++i) {
        float w;
        std::memcpy(&w, row + 4 * i, sizeof w);
        s += w * x[i];
      }
      return s;
    }
    case TensorType::F16: return dot_16bit<half_to_float>(row, x, n);
    case TensorType::BF16: return dot_16bit<bf16_to_float>(row, x, n);
    case TensorType::Q8_0: return dot_blocks<Q8_0>(row, x, n);
    case TensorType::Q5_0: return dot_blocks<Q5_0>(row, x, n);
    case TensorType::Q4_K: return dot_blocks<Q4_K>(row, x, n);
    case TensorType::Q6_K: return dot_blocks<Q6_K>(row, x, n);
    default: {
      std::vector<float>& w = fallback_scratch(n);
      (void)gguf::dequantize_row(type, row, w.data(), n);  // type checked by make_weight_view
      return dot_f32(w.data(), x, n);
    }
  }
}

HEARTH_CPU_CLONES
void decode_row(TensorType type, const void* row_ptr, float* out, std::int64_t n) {
  const auto* row = static_cast<const std::uint8_t*>(row_ptr);
  switch (type) {
    case TensorType::F32: std::memcpy(out, row, static_cast<std::size_t>(n) * sizeof(float)); return;
    case TensorType::F16:
      for (std::int64_t i = 0; i < n; ++i) out[i] = half_to_float(load_u16(row + 2 * i));
      return;
    case TensorType::BF16:
      for (std::int64_t i = 0; i < n; ++i) out[i] = bf16_to_float(load_u16(row + 2 * i));
      return;
    case TensorType::Q8_0: decode_blocks<Q8_0>(row, out, n); return;
    case TensorType::Q5_0: decode_blocks<Q5_0>(row, out, n); return;
    case TensorType::Q4_K: decode_blocks<Q4_K>(row, out, n); return;
    case TensorType::Q6_K: decode_blocks<Q6_K>(row, out, n); return;
    default: (void)gguf::dequantize_row(type, row, out, n); return;
  }
}

}  // namespace hearth::cpu
