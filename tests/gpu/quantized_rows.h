// Quantised test matrices for the gpu tests: GGUF rows made on the host, and the device planes they are
// repacked into (kernels/repack.cuh), as the loader does.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "device_buffer.h"
#include "gguf/tensor_types.h"
#include "gpu_check.h"
#include "kernels/weight_layout.cuh"
#include "runtime/thread_pool.h"

namespace hearth_test {

// GGUF bytes for `rows` rows of n weights. Types with a reference quantiser quantise real-valued data; the
// others get random quant bytes with sane scale fields (random bytes would make NaN/Inf halves).
inline std::vector<std::uint8_t> make_rows(hearth::gguf::TensorType type, long n, long rows) {
  using hearth::gguf::TensorType;
  const hearth::gguf::TypeTraits& tt = hearth::gguf::type_traits(type);
  const std::uint64_t row_bytes = hearth::gguf::row_bytes(type, n);
  std::vector<std::uint8_t> out(row_bytes * rows);
  std::normal_distribution<float> normal(0.0f, 0.05f);
  std::uniform_int_distribution<int> byte(0, 255);
  if (tt.quantizable) {
    // The random values come from the one seeded generator; quantising them is spread over the cores.
    std::vector<float> values(static_cast<std::size_t>(n * rows));
    for (float& v : values) v = normal(gpu_rng());
    std::atomic<bool> ok{true};
    test_pool().parallel_for(rows, 16, [&](std::int64_t begin, std::int64_t end, int) {
      for (std::int64_t r = begin; r < end; ++r)
        if (!hearth::gguf::quantize_row(type, values.data() + r * n, out.data() + r * row_bytes, n).is_ok()) ok = false;
    });
    if (!ok) return {};
    return out;
  }
  for (auto& b : out) b = static_cast<std::uint8_t>(byte(gpu_rng()));
  std::uniform_real_distribution<float> scale(0.001f, 0.02f);
  const long blocks = static_cast<long>(out.size() / tt.type_size);
  auto put_half = [&](std::uint8_t* p, float v) {
    const std::uint16_t h = hearth::gguf::f32_to_fp16(v);
    std::memcpy(p, &h, 2);
  };
  for (long b = 0; b < blocks; ++b) {
    std::uint8_t* p = out.data() + b * tt.type_size;
    switch (type) {
      case TensorType::Q4_0:
      case TensorType::Q5_0:
      case TensorType::Q8_0:
        put_half(p, scale(gpu_rng()));
        break;
      case TensorType::Q4_1:
      case TensorType::Q5_1:
        put_half(p, scale(gpu_rng()));
        put_half(p + 2, -scale(gpu_rng()));
        break;
      case TensorType::Q4_K:
      case TensorType::Q5_K:
        put_half(p, scale(gpu_rng()));
        put_half(p + 2, scale(gpu_rng()));
        break;
      case TensorType::Q6_K:
        put_half(p + 208, scale(gpu_rng()));
        break;
      case TensorType::MXFP4:
        p[0] = static_cast<std::uint8_t>(118 + byte(gpu_rng()) % 8);
        break;
      case TensorType::F16:
      case TensorType::BF16:
      case TensorType::F32:
        break;
      default:
        break;
    }
  }
  if (type == TensorType::F16 || type == TensorType::BF16 || type == TensorType::F32) {
    std::vector<float> row(n);
    for (long r = 0; r < rows; ++r) {
      for (float& v : row) v = normal(gpu_rng());
      for (long i = 0; i < n; ++i) {
        std::uint8_t* p = out.data() + r * row_bytes;
        if (type == TensorType::F32) std::memcpy(p + 4 * i, &row[i], 4);
        const std::uint16_t h =
            type == TensorType::F16 ? hearth::gguf::f32_to_fp16(row[i]) : hearth::gguf::f32_to_bf16(row[i]);
        if (type != TensorType::F32) std::memcpy(p + 2 * i, &h, 2);
      }
    }
  }
  return out;
}

// The two repacked planes of an (n_mat × n_out) × n_in stack, and the DeviceMatrix that views them.
struct DevicePlanes {
  DeviceBuffer<std::uint8_t> quants, meta;
  hearth::kernels::DeviceMatrix m;
  DevicePlanes(hearth::gguf::TensorType type, long n_in, long n_out, long n_mat)
      : quants(hearth::kernels::quant_pitch_for(static_cast<hearth::kernels::WeightType>(type), n_in) * n_out * n_mat),
        meta(std::max<long>(16, hearth::kernels::meta_pitch_for(static_cast<hearth::kernels::WeightType>(type), n_in) *
                                    n_out * n_mat)) {
    m.type = static_cast<hearth::kernels::WeightType>(type);
    m.n_in = n_in;
    m.n_out = n_out;
    m.n_mat = n_mat;
    m.quants = quants.get();
    m.meta = meta.get();
    m.quant_pitch = hearth::kernels::quant_pitch_for(m.type, n_in);
    m.meta_pitch = hearth::kernels::meta_pitch_for(m.type, n_in);
  }
};

}  // namespace hearth_test
