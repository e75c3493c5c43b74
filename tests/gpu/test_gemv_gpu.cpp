// Decode GEMV for every weight type against the CPU reference (gguf::dequantize_row, then a double-precision
// dot product), on the real Super and Nano shapes, with GGUF bytes repacked on the device exactly as the
// loader does. Outputs are poisoned with NaN before each launch; inputs are fresh random values each run.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
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

// Outputs past the last row that the kernels must leave alone: output buffers are this much longer, poisoned.
constexpr long kGuard = 64;

// Downloads the first n outputs of a poisoned buffer of n + kGuard floats; false if a guard value was written.
bool download_guarded(const hearth_test::DeviceBuffer<float>& d, long n, std::vector<float>& got) {
  if (!d.download(got)) {
    got.clear();
    return false;
  }
  bool untouched = true;
  for (long i = n; i < n + kGuard; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, &got[i], 4);
    untouched = untouched && bits == 0xffffffffu;
  }
  got.resize(n);
  return untouched;
}

// Two launches' outputs of n values (each buffer n + kGuard, poisoned before): neither touched its guard and
// they agree bit for bit. `got` receives the first.
void check_two_launches(hearth_test::Context& hearth_ctx, const hearth_test::DeviceBuffer<float>& first,
                        const hearth_test::DeviceBuffer<float>& second, long n, const std::string& what,
                        std::vector<float>& got) {
  std::vector<float> again;
  const bool guard_ok = download_guarded(first, n, got), guard2_ok = download_guarded(second, n, again);
  if (!guard_ok || !guard2_ok) std::fprintf(stderr, "  %s: wrote past the last output\n", what.c_str());
  CHECK(guard_ok && guard2_ok);
  const bool same = got.size() == again.size() && std::memcmp(got.data(), again.data(), got.size() * 4) == 0;
  if (!same) std::fprintf(stderr, "  %s: two launches differ\n", what.c_str());
  CHECK(same);
}

// gemv on a random n_in x n_out matrix of `type`, launched twice: both outputs bit-identical (one summation
// order per row), equal to the CPU reference, and nothing written past row n_out - 1.
void check_gemv(hearth_test::Context& hearth_ctx, TensorType type, long n_in, long n_out, const char* shape) {
  const std::string what = std::string(hearth::gguf::type_name(type)) + " " + std::to_string(n_in) + "->" +
                           std::to_string(n_out) + " " + shape;
  const std::vector<std::uint8_t> raw = make_rows(type, n_in, n_out);
  REQUIRE(!raw.empty());
  std::vector<float> x(n_in);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (float& v : x) v = normal(rng());

  DevicePlanes planes(type, n_in, n_out, 1);
  hearth_test::DeviceBuffer<std::uint8_t> staging(raw.size());
  hearth_test::DeviceBuffer<float> dx(x.size()), dy(n_out + kGuard), dy2(n_out + kGuard);
  REQUIRE(planes.quants.ok() && planes.meta.ok() && staging.ok() && dx.ok() && dy.ok() && dy2.ok());
  REQUIRE(staging.upload(raw) && dx.upload(x) && dy.poison() && dy2.poison());
  REQUIRE(hk::repack_rows(staging.get(), n_out, planes.m, 0, nullptr) == cudaSuccess);
  REQUIRE(hk::gemv(planes.m, dx.get(), dy.get(), nullptr) == cudaSuccess);
  REQUIRE(hk::gemv(planes.m, dx.get(), dy2.get(), nullptr) == cudaSuccess);
  REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
  std::vector<float> got;
  check_two_launches(hearth_ctx, dy, dy2, n_out, what, got);
  std::vector<double> want, mag;
  reference(type, raw, n_in, n_out, x.data(), want, mag);
  const int bad = compare(got, want, mag, what);
  if (bad) std::fprintf(stderr, "  %s: %d of %ld rows differ\n", what.c_str(), bad, n_out);
  CHECK_EQ(bad, 0);
}

// gemv_experts over a stack of n_mat experts: slot s of the output is expert ids[s] applied to slot s of x
// (x_stride_mul 1) or to the one shared x (0). Launched twice (bit-identical) with a guarded output.
struct ExpertCase {
  TensorType type;
  long n_in, n_out;
  long x_stride_mul;
};
void check_experts(hearth_test::Context& hearth_ctx, const ExpertCase& c, long n_mat, const std::vector<std::int32_t>& ids) {
  const std::string what = std::string("experts ") + std::string(hearth::gguf::type_name(c.type)) + " " +
                           std::to_string(c.n_in) + "->" + std::to_string(c.n_out) + " x " + std::to_string(ids.size());
  const std::vector<std::uint8_t> raw = make_rows(c.type, c.n_in, c.n_out * n_mat);
  REQUIRE(!raw.empty());
  const long x_stride = c.x_stride_mul * c.n_in;
  const long n_y = c.n_out * static_cast<long>(ids.size());
  std::vector<float> x(c.x_stride_mul ? c.n_in * ids.size() : c.n_in);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (float& v : x) v = normal(rng());
  DevicePlanes planes(c.type, c.n_in, c.n_out, n_mat);
  hearth_test::DeviceBuffer<std::uint8_t> staging(raw.size());
  hearth_test::DeviceBuffer<float> dx(x.size()), dy(n_y + kGuard), dy2(n_y + kGuard);
  hearth_test::DeviceBuffer<std::int32_t> dids(ids.size());
  REQUIRE(planes.quants.ok() && planes.meta.ok() && staging.ok() && dx.ok() && dy.ok() && dy2.ok() && dids.ok());
  REQUIRE(staging.upload(raw) && dx.upload(x) && dy.poison() && dy2.poison() && dids.upload(ids));
  // Two halves, as the loader streams a large tensor in chunks.
  const long first_part = c.n_out * n_mat / 2;
  REQUIRE(hk::repack_rows(staging.get(), first_part, planes.m, 0, nullptr) == cudaSuccess);
  REQUIRE(hk::repack_rows(staging.get() + first_part * hearth::gguf::row_bytes(c.type, c.n_in), c.n_out * n_mat - first_part,
                          planes.m, first_part, nullptr) == cudaSuccess);
  const int n_slots = static_cast<int>(ids.size());
  REQUIRE(hk::gemv_experts(planes.m, dids.get(), n_slots, dx.get(), x_stride, dy.get(), nullptr) == cudaSuccess);
  REQUIRE(hk::gemv_experts(planes.m, dids.get(), n_slots, dx.get(), x_stride, dy2.get(), nullptr) == cudaSuccess);
  REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
  std::vector<float> got;
  check_two_launches(hearth_ctx, dy, dy2, n_y, what, got);
  std::vector<double> want, mag;
  for (size_t s = 0; s < ids.size(); ++s)
    reference(c.type, raw, c.n_in, c.n_out, x.data() + s * x_stride, want, mag, ids[s] * c.n_out);
  CHECK_EQ(compare(got, want, mag, what), 0);
}

}  // namespace

TEST_CASE(gemv_matches_cpu_reference_for_every_type_and_shape) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (TensorType type : kTypes) {
    const long block = hearth::gguf::type_traits(type).block_size;
    for (const Shape& s : kShapes) {
      if (s.n_in % block != 0) continue;  // e.g. K-quants on 2688-wide rows: GGUF files fall back to q5_0/q8_0
      check_gemv(hearth_ctx, type, s.n_in, s.n_out, s.what);
    }
  }
}

TEST_CASE(gemv_handles_rows_and_steps_that_do_not_fill_a_warp_or_block) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  // A warp computes 2 or 4 rows and a block up to 4 warps (fewer while the grid is small), so these row counts
  // leave warps and blocks partly empty; 4229 rows are enough for 4-warp blocks, the last with 5 rows, so some
  // of its warps have no row at all. Row lengths are multiples of 256 (every type's block): 256 gives fewer
  // units than lanes (q6_K: 4), 1280 and 2304 leave some lanes one step more than others, 3072 gives q4_K lanes
  // an odd number of steps (3).
  const Shape shapes[] = {{4096, 257, "(attn_k + 1)"}, {256, 1, "(one row)"},  {256, 3, "(3 rows)"},
                          {1280, 6, "(6 rows)"},        {2304, 5, "(5 rows)"}, {3072, 23, "(23 rows)"},
                          {1024, 4229, "(4229 rows)"}};
  for (TensorType type : kTypes)
    for (const Shape& s : shapes) check_gemv(hearth_ctx, type, s.n_in, s.n_out, s.what);
}

TEST_CASE(expert_gemv_selects_experts_by_device_ids) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  // Super's routed experts: up 1024 -> 2688 (q4_K), down 2688 -> 1024 (q5_0 / q8_0); 8 experts, 3 selected.
  const ExpertCase cases[] = {{TensorType::Q4_K, 1024, 2688, 0}, {TensorType::Q5_0, 2688, 1024, 1},
                              {TensorType::Q8_0, 2688, 1024, 1}, {TensorType::MXFP4, 1024, 2688, 0}};
  for (const ExpertCase& c : cases) check_experts(hearth_ctx, c, 8, {5, 0, 7});
  // Rows that do not fill the last warp of each slot (q6_K: 2 rows per warp, q4_K: 4), and 22 slots as in a
  // Super decode step, some experts repeated.
  const std::vector<std::int32_t> many = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2};
  check_experts(hearth_ctx, {TensorType::Q4_K, 1024, 257, 0}, 10, many);
  check_experts(hearth_ctx, {TensorType::Q6_K, 512, 259, 1}, 10, many);
}

// Milliseconds per launch of launch(i), i = 0..runs-1, after one untimed round of `warm` launches.
template <typename Launch>
double ms_per_launch(int warm, int runs, Launch launch) {
  for (int i = 0; i < warm; ++i)
    if (launch(i) != cudaSuccess) return -1;
  cudaEvent_t start = nullptr, stop = nullptr;
  if (cudaEventCreate(&start) != cudaSuccess || cudaEventCreate(&stop) != cudaSuccess) return -1;
  bool ok = cudaEventRecord(start, nullptr) == cudaSuccess;
  for (int i = 0; i < runs && ok; ++i) ok = launch(i) == cudaSuccess;
  ok = ok && cudaEventRecord(stop, nullptr) == cudaSuccess && cudaEventSynchronize(stop) == cudaSuccess;
  float total_ms = 0;
  ok = ok && cudaEventElapsedTime(&total_ms, start, stop) == cudaSuccess;
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  return ok ? total_ms / runs : -1;
}

void print_time(const char* what, double ms, double bytes) {
  constexpr double kCopyGBs = 4260;  // the H200's measured device-to-device copy bandwidth
  const double gbs = bytes / 1e9 / (ms / 1e3);
  std::printf("time %s: %.4f ms, weights %.1f MB at %.0f GB/s = %.0f%% of a %.2f TB/s copy\n", what, ms, bytes / 1e6,
              gbs, 100 * gbs / kCopyGBs, kCopyGBs / 1e3);
}

// Enough distinct weights per timing that each launch reads them from HBM, not from the H200's 50 MB L2.
constexpr double kColdBytes = 256e6;

TEST_CASE(gemv_reports_its_time_on_the_super_decode_shapes) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  // A measurement for the log, not a threshold. The kernels' work does not depend on the weight values, so the
  // planes are zeroed instead of quantised. Launches cycle over copies of the matrix (over disjoint expert sets
  // for gemv_experts) so that every launch streams its weights from HBM, as a decode step does.
  struct Dense {
    TensorType type;
    long n_in, n_out;
    const char* what;
  };
  const Dense dense[] = {{TensorType::Q6_K, 4096, 131072, "lm_head"},
                         {TensorType::Q4_K, 4096, 18560, "ssm_in"},
                         {TensorType::Q4_K, 8192, 4096, "ssm_out"},
                         {TensorType::F32, 4096, 512, "moe router"},
                         {TensorType::Q4_K, 4096, 1024, "moe latent down"}};
  for (const Dense& c : dense) {
    const auto wt = static_cast<hk::WeightType>(c.type);
    const double bytes = static_cast<double>(hk::quant_pitch_for(wt, c.n_in) + hk::meta_pitch_for(wt, c.n_in)) * c.n_out;
    const long copies = std::max<long>(1, static_cast<long>(std::ceil(kColdBytes / bytes)));
    DevicePlanes planes(c.type, c.n_in, c.n_out, copies);
    hearth_test::DeviceBuffer<float> dx(c.n_in), dy(c.n_out);
    REQUIRE(planes.quants.ok() && planes.meta.ok() && dx.ok() && dy.ok());
    REQUIRE(cudaMemset(planes.quants.get(), 0, planes.m.quant_pitch * c.n_out * copies) == cudaSuccess);
    REQUIRE(cudaMemset(planes.meta.get(), 0, std::max<long>(16, planes.m.meta_pitch * c.n_out * copies)) == cudaSuccess);
    REQUIRE(cudaMemset(dx.get(), 0, c.n_in * sizeof(float)) == cudaSuccess);
    const int runs = static_cast<int>(std::max<long>(20, copies * 2) / copies * copies);
    const double ms = ms_per_launch(static_cast<int>(copies), runs, [&](int i) {
      hk::DeviceMatrix m = planes.m;
      m.n_mat = 1;
      m.quants += (i % copies) * m.quant_pitch * c.n_out;
      m.meta += (i % copies) * m.meta_pitch * c.n_out;
      return hk::gemv(m, dx.get(), dy.get(), nullptr);
    });
    REQUIRE(ms > 0);
    const std::string what = std::string(hearth::gguf::type_name(c.type)) + " " + std::to_string(c.n_in) + " -> " +
                             std::to_string(c.n_out) + " (" + c.what + ")";
    print_time(what.c_str(), ms, bytes);
  }

  // Routed experts of one decode step: 22 slots out of 512 experts; up shares one x, down has one x per slot.
  const ExpertCase experts[] = {{TensorType::Q4_K, 1024, 2688, 0}, {TensorType::Q5_0, 2688, 1024, 1}};
  const long n_mat = 512, n_slots = 22, n_sets = n_mat / n_slots;
  std::vector<std::int32_t> order(n_mat);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng());
  order.resize(n_sets * n_slots);  // set k = order[22k .. 22k+21], no expert in two sets
  for (const ExpertCase& c : experts) {
    DevicePlanes planes(c.type, c.n_in, c.n_out, n_mat);
    const long n_x = c.x_stride_mul ? c.n_in * n_slots : c.n_in;
    hearth_test::DeviceBuffer<float> dx(n_x), dy(c.n_out * n_slots);
    hearth_test::DeviceBuffer<std::int32_t> dids(order.size());
    REQUIRE(planes.quants.ok() && planes.meta.ok() && dx.ok() && dy.ok() && dids.ok());
    REQUIRE(cudaMemset(planes.quants.get(), 0, planes.m.quant_pitch * c.n_out * n_mat) == cudaSuccess);
    REQUIRE(cudaMemset(planes.meta.get(), 0, planes.m.meta_pitch * c.n_out * n_mat) == cudaSuccess);
    REQUIRE(cudaMemset(dx.get(), 0, n_x * sizeof(float)) == cudaSuccess);
    REQUIRE(dids.upload(order));
    const double ms = ms_per_launch(static_cast<int>(n_sets), static_cast<int>(2 * n_sets), [&](int i) {
      return hk::gemv_experts(planes.m, dids.get() + (i % n_sets) * n_slots, static_cast<int>(n_slots), dx.get(),
                              c.x_stride_mul * c.n_in, dy.get(), nullptr);
    });
    REQUIRE(ms > 0);
    const double bytes = static_cast<double>(planes.m.quant_pitch + planes.m.meta_pitch) * c.n_out * n_slots;
    const std::string what = "experts " + std::string(hearth::gguf::type_name(c.type)) + " " + std::to_string(c.n_in) +
                             " -> " + std::to_string(c.n_out) + " x 22 of 512";
    print_time(what.c_str(), ms, bytes);
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
