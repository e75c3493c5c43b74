// Decode GEMV for every weight type against the CPU reference (gguf::dequantize_row, then a double-precision
// dot product), on the real Super and Nano shapes, with GGUF bytes repacked on the device exactly as the
// loader does. Outputs are poisoned with NaN before each launch; inputs are fresh random values each run.
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "device_buffer.h"
#include "gpu_check.h"
#include "quantized_rows.h"
#include "gguf/tensor_types.h"
#include "kernels/gemv.cuh"
#include "kernels/repack.cuh"
#include "runtime/thread_pool.h"
#include "support/check.h"

namespace {

using hearth::gguf::TensorType;
namespace hk = hearth::kernels;

struct Shape {
  long n_in, n_out;
  const char* what;
};

// Real shapes (nemotron-h.md §1.2, §3.2): Super 4096 model width, Nano 30B 2688, Nano 4B 3136.
const Shape kShapes[] = {
    {4096, 18560, "super ssm_in"},   {8192, 4096, "super ssm_out"},      {4096, 256, "super attn_k"},
    {1024, 2688, "super expert up"}, {2688, 1024, "super expert down"},  {5376, 4096, "super shexp down"},
    {4096, 16384, "super output (slice)"}, {2688, 10304, "nano30b ssm_in"}, {3136, 12544, "nano4b ffn_up"},
};

std::mt19937& rng() { return hearth_test::gpu_rng(); }
hearth::runtime::ThreadPool& pool() { return hearth_test::test_pool(); }
using hearth_test::DevicePlanes;
using hearth_test::make_rows;

// Compares one output vector with the reference; prints the first mismatches. Tolerance: fp32 accumulation
// over n terms, relative to Σ|w·x| of the row.
int compare(const std::vector<float>& got, const std::vector<double>& want, const std::vector<double>& magnitude,
            const std::string& what) {
  int bad = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    const double tol = 2e-5 * magnitude[i] + 1e-6;
    if (!(std::fabs(got[i] - want[i]) <= tol)) {
      if (bad < 5)
        std::fprintf(stderr, "  %s row %zu: gpu %.9g cpu %.9g (tol %.3g)\n", what.c_str(), i,
                     static_cast<double>(got[i]), want[i], tol);
      ++bad;
    }
  }
  return bad;
}

void reference(TensorType type, const std::vector<std::uint8_t>& raw, long n_in, long rows, const float* x,
               std::vector<double>& y, std::vector<double>& mag, long row_offset = 0) {
  const std::uint64_t rb = hearth::gguf::row_bytes(type, n_in);
  const std::size_t first = y.size();
  y.resize(first + rows);
  mag.resize(first + rows);
  pool().parallel_for(rows, 64, [&](std::int64_t begin, std::int64_t end, int) {
    std::vector<float> w(n_in);
    for (std::int64_t r = begin; r < end; ++r) {
      (void)hearth::gguf::dequantize_row(type, raw.data() + (row_offset + r) * rb, w.data(), n_in);
      double s = 0, a = 0;
      for (long i = 0; i < n_in; ++i) {
        s += static_cast<double>(w[i]) * x[i];
        a += std::fabs(static_cast<double>(w[i]) * x[i]);
      }
      y[first + r] = s;
      mag[first + r] = a;
    }
  });
}

const TensorType kTypes[] = {TensorType::F32,  TensorType::F16,  TensorType::BF16, TensorType::Q4_0,
                             TensorType::Q4_1, TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0,
                             TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K, TensorType::MXFP4};

}  // namespace

TEST_CASE(gemv_matches_cpu_reference_for_every_type_and_shape) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (TensorType type : kTypes) {
    const long block = hearth::gguf::type_traits(type).block_size;
    for (const Shape& s : kShapes) {
      if (s.n_in % block != 0) continue;  // e.g. K-quants on 2688-wide rows: GGUF files fall back to q5_0/q8_0
      const std::string what = std::string(hearth::gguf::type_name(type)) + " " + s.what;
      const std::vector<std::uint8_t> raw = make_rows(type, s.n_in, s.n_out);
      REQUIRE(!raw.empty());
      std::vector<float> x(s.n_in);
      std::normal_distribution<float> normal(0.0f, 1.0f);
      for (float& v : x) v = normal(rng());

      DevicePlanes planes(type, s.n_in, s.n_out, 1);
      hearth_test::DeviceBuffer<std::uint8_t> staging(raw.size());
      hearth_test::DeviceBuffer<float> dx(x.size()), dy(s.n_out);
      REQUIRE(planes.quants.ok() && planes.meta.ok() && staging.ok() && dx.ok() && dy.ok());
      REQUIRE(staging.upload(raw) && dx.upload(x) && dy.poison());
      REQUIRE(hk::repack_rows(staging.get(), s.n_out, planes.m, 0, nullptr) == cudaSuccess);
      REQUIRE(hk::gemv(planes.m, dx.get(), dy.get(), nullptr) == cudaSuccess);
      REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
      std::vector<float> got;
      REQUIRE(dy.download(got));
      std::vector<double> want, mag;
      reference(type, raw, s.n_in, s.n_out, x.data(), want, mag);
      const int bad = compare(got, want, mag, what);
      if (bad) std::fprintf(stderr, "  %s: %d of %ld rows differ\n", what.c_str(), bad, s.n_out);
      CHECK_EQ(bad, 0);
    }
  }
}

TEST_CASE(expert_gemv_selects_experts_by_device_ids) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  // Super's routed experts: up 1024 -> 2688 (q4_K), down 2688 -> 1024 (q5_0 / q8_0); 8 experts, 3 selected.
  struct Case { TensorType type; long n_in, n_out; long x_stride_mul; };
  const Case cases[] = {{TensorType::Q4_K, 1024, 2688, 0}, {TensorType::Q5_0, 2688, 1024, 1},
                        {TensorType::Q8_0, 2688, 1024, 1}, {TensorType::MXFP4, 1024, 2688, 0}};
  const long n_mat = 8;
  const std::vector<std::int32_t> ids = {5, 0, 7};
  for (const Case& c : cases) {
    const std::vector<std::uint8_t> raw = make_rows(c.type, c.n_in, c.n_out * n_mat);
    REQUIRE(!raw.empty());
    const long x_stride = c.x_stride_mul * c.n_in;
    std::vector<float> x(c.x_stride_mul ? c.n_in * ids.size() : c.n_in);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (float& v : x) v = normal(rng());
    DevicePlanes planes(c.type, c.n_in, c.n_out, n_mat);
    hearth_test::DeviceBuffer<std::uint8_t> staging(raw.size());
    hearth_test::DeviceBuffer<float> dx(x.size()), dy(c.n_out * ids.size());
    hearth_test::DeviceBuffer<std::int32_t> dids(ids.size());
    REQUIRE(staging.upload(raw) && dx.upload(x) && dy.poison() && dids.upload(ids));
    // Two halves, as the loader streams a large tensor in chunks.
    const long first_part = c.n_out * n_mat / 2;
    REQUIRE(hk::repack_rows(staging.get(), first_part, planes.m, 0, nullptr) == cudaSuccess);
    REQUIRE(hk::repack_rows(staging.get() + first_part * hearth::gguf::row_bytes(c.type, c.n_in), c.n_out * n_mat - first_part,
                            planes.m, first_part, nullptr) == cudaSuccess);
    REQUIRE(hk::gemv_experts(planes.m, dids.get(), static_cast<int>(ids.size()), dx.get(), x_stride, dy.get(),
                             nullptr) == cudaSuccess);
    REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
    std::vector<float> got;
    REQUIRE(dy.download(got));
    std::vector<double> want, mag;
    for (size_t s = 0; s < ids.size(); ++s)
      reference(c.type, raw, c.n_in, c.n_out, x.data() + s * x_stride, want, mag, ids[s] * c.n_out);
    CHECK_EQ(compare(got, want, mag, std::string("experts ") + std::string(hearth::gguf::type_name(c.type))), 0);
  }
}

TEST_CASE(gemv_refuses_what_it_cannot_compute) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  hk::DeviceMatrix m;
  m.type = hk::WeightType::Q4_K;
  m.n_in = 1000;  // not a multiple of 256
  m.n_out = 4;
  CHECK(hk::gemv(m, nullptr, nullptr, nullptr) == cudaErrorInvalidValue);
  m.type = static_cast<hk::WeightType>(16);  // iq2_xxs: not handled
  m.n_in = 256;
  CHECK(hk::gemv(m, nullptr, nullptr, nullptr) == cudaErrorInvalidValue);
  CHECK(hk::gemv_experts(m, nullptr, 1, nullptr, 0, nullptr, nullptr) == cudaErrorInvalidValue);
}
