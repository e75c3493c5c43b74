// Random GGUF weight bytes for the CPU op tests, and their f32 values through the gguf layer's reference
// dequantiser (the independent side of each comparison). Quantised blocks get random payload bytes and
// fp16 scale fields set to moderate values, so any bit pattern of the payload is exercised.
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <random>
#include <stdexcept>
#include <vector>

#include "backend/cpu/weight_view.h"
#include "gguf/tensor_types.h"

namespace hearth_test {

using hearth::gguf::TensorType;

struct ScaleField {
  TensorType type;
  std::initializer_list<int> fp16_offsets;  // byte offsets of fp16 scales within a block
  float scale;                              // their magnitude
};

// Chosen so dequantised weights stay within about ±0.2, like trained weights.
inline const ScaleField kScaleFields[] = {
    {TensorType::Q4_0, {0}, 0.02f},   {TensorType::Q4_1, {0, 2}, 0.01f}, {TensorType::Q5_0, {0}, 0.01f},
    {TensorType::Q5_1, {0, 2}, 0.005f}, {TensorType::Q8_0, {0}, 0.001f}, {TensorType::Q4_K, {0, 2}, 1e-4f},
    {TensorType::Q5_K, {0, 2}, 5e-5f}, {TensorType::Q6_K, {208}, 2.5e-5f},
};

struct RandomWeight {
  std::vector<std::uint8_t> bytes;
  std::vector<float> values;  // (rows, n_in) dequantised by gguf::dequantize_row
  hearth::cpu::WeightView view;
};

inline RandomWeight random_weight(std::mt19937& rng, TensorType type, std::int64_t n_in, std::int64_t n_out,
                                  std::int64_t n_expert = 1) {
  RandomWeight w;
  const std::int64_t rows = n_out * n_expert;
  const std::uint64_t row_bytes = hearth::gguf::row_bytes(type, n_in);
  w.bytes.resize(row_bytes * static_cast<std::uint64_t>(rows));
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  if (type == TensorType::F32 || type == TensorType::F16 || type == TensorType::BF16) {
    for (std::int64_t i = 0; i < rows * n_in; ++i) {
      float v = 0.2f * u(rng);
      if (v == 0.0f) v = 0.01f;
      if (type == TensorType::F32) std::memcpy(w.bytes.data() + 4 * i, &v, 4);
      const std::uint16_t h = type == TensorType::F16 ? hearth::gguf::f32_to_fp16(v) : hearth::gguf::f32_to_bf16(v);
      if (type != TensorType::F32) std::memcpy(w.bytes.data() + 2 * i, &h, 2);
    }
  } else {
    std::uniform_int_distribution<int> byte(0, 255);
    for (std::uint8_t& b : w.bytes) b = static_cast<std::uint8_t>(byte(rng));
    const hearth::gguf::TypeTraits& t = hearth::gguf::type_traits(type);
    for (const ScaleField& f : kScaleFields) {
      if (f.type != type) continue;
      for (std::size_t blk = 0; blk * static_cast<std::size_t>(t.type_size) < w.bytes.size(); ++blk)
        for (int off : f.fp16_offsets) {
          const float s = f.scale * (0.5f + 0.5f * std::fabs(u(rng)));
          const std::uint16_t h = hearth::gguf::f32_to_fp16(s);
          std::memcpy(w.bytes.data() + blk * static_cast<std::size_t>(t.type_size) + static_cast<std::size_t>(off), &h, 2);
        }
    }
  }
  w.values.resize(static_cast<std::size_t>(rows * n_in));
  for (std::int64_t r = 0; r < rows; ++r)
    (void)hearth::gguf::dequantize_row(type, w.bytes.data() + row_bytes * static_cast<std::uint64_t>(r),
                                       w.values.data() + r * n_in, n_in);
  auto view = hearth::cpu::make_weight_view(type, n_in, n_out, n_expert, w.bytes.data());
  if (!view) throw std::runtime_error("test weight: " + view.status().message());  // the harness reports it
  w.view = *view;
  return w;
}

// y_ref (T, n_out) in double from the dequantised values of one expert; err_scale = Σ|w·x| per output,
// the natural size of rounding error in a dot product.
inline void reference_matmul(const std::vector<float>& values, std::int64_t expert, std::int64_t n_in,
                             std::int64_t n_out, const float* x, std::int64_t T, std::vector<double>& y,
                             std::vector<double>& err_scale) {
  y.assign(static_cast<std::size_t>(T * n_out), 0.0);
  err_scale.assign(y.size(), 0.0);
  for (std::int64_t t = 0; t < T; ++t)
    for (std::int64_t o = 0; o < n_out; ++o) {
      const float* wr = values.data() + (expert * n_out + o) * n_in;
      double acc = 0.0, mag = 0.0;
      for (std::int64_t i = 0; i < n_in; ++i) {
        acc += static_cast<double>(wr[i]) * x[t * n_in + i];
        mag += std::fabs(static_cast<double>(wr[i]) * x[t * n_in + i]);
      }
      y[static_cast<std::size_t>(t * n_out + o)] = acc;
      err_scale[static_cast<std::size_t>(t * n_out + o)] = mag;
    }
}

}  // namespace hearth_test
