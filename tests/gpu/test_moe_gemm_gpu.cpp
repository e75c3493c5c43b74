// The grouped MoE GEMM (kernels/moe_gemm.cuh) for every weight type on the real expert shapes (Super up
// 1024 -> 2688 and down 2688 -> 1024, Nano 30B up 2688 -> 1856 and down 1856 -> 2688), in both precisions.
// The fp32 kernel against the expert GEMV (the same dequantisation, fp32 both) row by row, and for two types
// against a double-precision CPU product over gguf::dequantize_row; the half (f16 tensor-core) kernel against
// that CPU product and against the fp32 kernel, every time. Rows are grouped by expert at random with some
// experts empty, inputs are fresh each run, outputs are poisoned with NaN before each launch, and a second
// launch must be bit-identical.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "device_buffer.h"
#include "gguf/tensor_types.h"
#include "gpu_check.h"
#include "kernels/gemv.cuh"
#include "kernels/moe_gemm.cuh"
#include "kernels/repack.cuh"
#include "quantized_rows.h"
#include "support/check.h"

namespace {

using hearth::gguf::TensorType;
namespace hk = hearth::kernels;

std::mt19937& rng() { return hearth_test::gpu_rng(); }

// Rows grouped by expert: the expert of each row (non-decreasing) and the n_mat + 1 prefix sums.
struct Grouping {
  std::vector<std::int32_t> expert_of_row;
  std::vector<std::int32_t> offsets;
};

Grouping from_counts(const std::vector<long>& counts) {
  Grouping g;
  g.offsets.push_back(0);
  for (size_t e = 0; e < counts.size(); ++e) {
    g.expert_of_row.insert(g.expert_of_row.end(), counts[e], static_cast<std::int32_t>(e));
    g.offsets.push_back(static_cast<std::int32_t>(g.expert_of_row.size()));
  }
  return g;
}

// n_rows rows spread uniformly over a random three quarters of the experts; the rest stay empty.
Grouping random_grouping(long n_rows, long n_mat) {
  std::vector<long> used;
  std::bernoulli_distribution keep(0.75);
  for (long e = 0; e < n_mat; ++e)
    if (keep(rng())) used.push_back(e);
  if (used.empty()) used.push_back(n_mat / 2);
  std::uniform_int_distribution<size_t> pick(0, used.size() - 1);
  std::vector<long> counts(n_mat, 0);
  for (long r = 0; r < n_rows; ++r) ++counts[used[pick(rng())]];
  return from_counts(counts);
}

// Real routing: each of n_tokens tokens picks k distinct experts.
Grouping top_k_grouping(long n_tokens, long n_mat, long k) {
  std::vector<long> counts(n_mat, 0), experts(n_mat);
  std::iota(experts.begin(), experts.end(), 0L);
  for (long t = 0; t < n_tokens; ++t) {
    std::shuffle(experts.begin(), experts.end(), rng());
    for (long j = 0; j < k; ++j) ++counts[experts[j]];
  }
  return from_counts(counts);
}

Grouping single_expert(long n_rows, long n_mat, long e) {
  std::vector<long> counts(n_mat, 0);
  counts[e] = n_rows;
  return from_counts(counts);
}

// y[r·n_out + o] = Σ_i W_{expert(r)}[o, i]·x[r·n_in + i] in double over gguf::dequantize_row, and Σ|w·x|.
void cpu_reference(TensorType type, const std::vector<std::uint8_t>& raw, long n_in, long n_out, const Grouping& g,
                   const std::vector<float>& x, std::vector<double>& want, std::vector<double>& mag) {
  const long n_rows = static_cast<long>(g.expert_of_row.size());
  const std::uint64_t rb = hearth::gguf::row_bytes(type, n_in);
  want.assign(n_rows * n_out, 0.0);
  mag.assign(n_rows * n_out, 0.0);
  const long n_mat = static_cast<long>(g.offsets.size()) - 1;
  hearth_test::test_pool().parallel_for(n_mat * n_out, 64, [&](std::int64_t begin, std::int64_t end, int) {
    std::vector<float> w(n_in);
    for (std::int64_t job = begin; job < end; ++job) {
      const long e = static_cast<long>(job / n_out), o = static_cast<long>(job % n_out);
      if (g.offsets[e] == g.offsets[e + 1]) continue;
      (void)hearth::gguf::dequantize_row(type, raw.data() + (e * n_out + o) * rb, w.data(), n_in);
      for (long r = g.offsets[e]; r < g.offsets[e + 1]; ++r) {
        double s = 0, a = 0;
        for (long i = 0; i < n_in; ++i) {
          const double p = static_cast<double>(w[i]) * x[r * n_in + i];
          s += p;
          a += std::fabs(p);
        }
        want[r * n_out + o] = s;
        mag[r * n_out + o] = a;
      }
    }
  });
}

// Prints the first mismatches as (row, expert, output).
void report(const std::string& what, long index, long n_out, const Grouping& g, float got, double want, double tol) {
  const long r = index / n_out;
  std::fprintf(stderr, "  %s: row %ld (expert %d) out %ld: gpu %.9g want %.9g (tol %.3g)\n", what.c_str(), r,
               g.expert_of_row[r], index % n_out, static_cast<double>(got), want, tol);
}

// The half kernel's tolerance, relative to Σ|w·x| of the output. Rounding w and x to f16 errs by at most
// 2^-11 of each (11 significant bits, round to nearest; the inputs are scaled into f16's normal range first,
// and the test weights are normal halves but for a rare few below 6e-5, whose absolute error of 2^-25 is
// negligible), so each product errs by at most (2·2^-11 + 2^-22)·|w·x| ≈ 9.8e-4·|w·x|, the sum by
// 9.8e-4·Σ|w·x|. fp32 accumulation adds at most n_in·2^-23 ≈ 3e-4 of Σ|w·x| even if the tensor cores
// truncate every addition (~1e-6 in practice). 2e-3 stays above the sum of both worst cases; a fragment or
// indexing bug is off by whole terms, O(|w·x|), and fails it by orders of magnitude.
constexpr double kHalfRel = 2e-3;
// The fp32 kernel against the CPU: fp32 accumulation over n_in terms, as the GEMV test allows.
constexpr double kFp32Rel = 2e-5;

// Counts (and prints the first few of) the outputs with |got - want| > rel·mag + abs; NaN always counts.
// Returns the worst |got - want| / mag among the others through `worst`.
int count_bad(const std::string& what, const std::vector<float>& got, const std::vector<double>& want,
              const std::vector<double>& mag, double rel, double abs, long n_out, const Grouping& g, double& worst) {
  int bad = 0;
  worst = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    const double t = rel * mag[i] + abs;
    const double diff = std::fabs(static_cast<double>(got[i]) - want[i]);
    if (!(diff <= t)) {
      if (bad < 5) report(what, static_cast<long>(i), n_out, g, got[i], want[i], t);
      ++bad;
    } else if (mag[i] > 0) {
      worst = std::max(worst, diff / mag[i]);
    }
  }
  return bad;
}

// Launches one precision twice over fresh NaN poison into `first`; the second result must be bit-identical.
// `ok` says that both launches ran and came back.
void run_twice(hearth_test::Context& hearth_ctx, const hk::DeviceMatrix& m, const float* x, long n_rows,
               const std::int32_t* offsets, hearth_test::DeviceBuffer<float>& dy, hk::MatmulPrecision precision,
               std::vector<float>& first, bool& ok) {
  ok = false;
  std::vector<float> again;
  for (std::vector<float>* out : {&first, &again}) {
    REQUIRE(dy.poison());
    REQUIRE(hk::moe_grouped_matmul(m, x, n_rows, offsets, dy.get(), nullptr, precision) == cudaSuccess);
    REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
    REQUIRE(dy.download(*out));
  }
  CHECK(std::memcmp(again.data(), first.data(), first.size() * sizeof(float)) == 0);
  ok = true;
}

// One stack, one grouping: the fp32 grouped GEMM against the expert GEMV (and the CPU when asked), the half
// one against the CPU and the fp32 one; each twice. Inputs are N(0, 1)·x_scale.
void check_stack(hearth_test::Context& hearth_ctx, TensorType type, long n_in, long n_out, long n_mat,
                 const Grouping& g, const std::string& what, bool with_cpu, float x_scale = 1.0f) {
  const long n_rows = static_cast<long>(g.expert_of_row.size());
  REQUIRE(n_rows > 0 && static_cast<long>(g.offsets.size()) == n_mat + 1);
  const std::vector<std::uint8_t> raw = hearth_test::make_rows(type, n_in, n_out * n_mat);
  REQUIRE(!raw.empty());
  std::vector<float> x(n_rows * n_in);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (float& v : x) v = normal(rng()) * x_scale;

  hearth_test::DevicePlanes planes(type, n_in, n_out, n_mat);
  hearth_test::DeviceBuffer<std::uint8_t> staging(raw.size());
  hearth_test::DeviceBuffer<float> dx(x.size()), dy(n_rows * n_out), dref(n_rows * n_out);
  hearth_test::DeviceBuffer<std::int32_t> doffsets(g.offsets.size()), dids(g.expert_of_row.size());
  REQUIRE(planes.quants.ok() && planes.meta.ok() && staging.ok() && dx.ok() && dy.ok() && dref.ok() && doffsets.ok() &&
          dids.ok());
  REQUIRE(staging.upload(raw) && dx.upload(x) && doffsets.upload(g.offsets) && dids.upload(g.expert_of_row));
  REQUIRE(hk::repack_rows(staging.get(), n_out * n_mat, planes.m, 0, nullptr) == cudaSuccess);

  bool ok = false;
  std::vector<float> got, half;
  run_twice(hearth_ctx, planes.m, dx.get(), n_rows, doffsets.get(), dy, hk::MatmulPrecision::Fp32, got, ok);
  REQUIRE(ok);
  run_twice(hearth_ctx, planes.m, dx.get(), n_rows, doffsets.get(), dy, hk::MatmulPrecision::Half, half, ok);
  REQUIRE(ok);
  REQUIRE(dref.poison());
  REQUIRE(hk::gemv_experts(planes.m, dids.get(), static_cast<int>(n_rows), dx.get(), n_in, dref.get(), nullptr) ==
          cudaSuccess);
  REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
  std::vector<float> ref;
  REQUIRE(dref.download(ref));

  // Against the GEMV: same weights to the last bit, fp32 sums in different orders.
  double max_ref = 0;
  for (float v : ref) max_ref = std::max(max_ref, std::fabs(static_cast<double>(v)));
  REQUIRE(std::isfinite(max_ref) && max_ref > 0);
  const double tol = 2e-5 * max_ref;
  int bad = 0;
  double worst = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    const double diff = std::fabs(static_cast<double>(got[i]) - ref[i]);
    if (!(diff <= tol)) {
      if (bad < 5) report(what + " vs gemv", static_cast<long>(i), n_out, g, got[i], ref[i], tol);
      ++bad;
    } else {
      worst = std::max(worst, diff / max_ref);
    }
  }
  std::printf("%-34s rows %4ld experts %3ld: max |gemm - gemv| / max|y| = %.2e, %d bad\n", what.c_str(), n_rows, n_mat,
              worst, bad);
  CHECK_EQ(bad, 0);

  std::vector<double> want, mag;
  cpu_reference(type, raw, n_in, n_out, g, x, want, mag);
  if (with_cpu) {
    double worst_cpu = 0;
    CHECK_EQ(count_bad(what + " vs cpu", got, want, mag, kFp32Rel, 1e-6 * x_scale, n_out, g, worst_cpu), 0);
  }
  // The half kernel against the CPU, and against the fp32 kernel (whose own error, within kFp32Rel of the
  // CPU, is added to the allowance).
  std::vector<double> fp32(got.begin(), got.end());
  double worst_half_cpu = 0, worst_half_fp32 = 0;
  const double abs = 1e-6 * x_scale;  // for outputs whose terms all but cancel (Σ|w·x| ≈ 0)
  const int half_bad = count_bad(what + " half vs cpu", half, want, mag, kHalfRel, abs, n_out, g, worst_half_cpu);
  const int half_fp32_bad =
      count_bad(what + " half vs fp32", half, fp32, mag, kHalfRel + kFp32Rel, 2 * abs, n_out, g, worst_half_fp32);
  std::printf("%-34s half: max |half - cpu| / sum|w*x| = %.2e (%d bad), max |half - fp32| / sum|w*x| = %.2e (%d bad)\n",
              what.c_str(), worst_half_cpu, half_bad, worst_half_fp32, half_fp32_bad);
  CHECK_EQ(half_bad, 0);
  CHECK_EQ(half_fp32_bad, 0);
}

const TensorType kTypes[] = {TensorType::F32,  TensorType::F16,  TensorType::BF16, TensorType::Q4_0,
                             TensorType::Q4_1, TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0,
                             TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K, TensorType::MXFP4};

struct Shape {
  long n_in, n_out, n_mat;
  const char* what;
};

// Fewer experts than the real 512 / 128 keep the test fast; the 512-expert grid has its own case below.
const Shape kShapes[] = {
    {1024, 2688, 16, "super up"},
    {2688, 1024, 16, "super down"},
    {2688, 1856, 6, "nano30b up"},
    {1856, 2688, 6, "nano30b down"},  // 1856 = 14.5 spans of 128: a partial last span
};

}  // namespace

TEST_CASE(grouped_gemm_matches_expert_gemv_for_every_type_and_shape) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (TensorType type : kTypes) {
    const long block = hearth::gguf::type_traits(type).block_size;
    for (const Shape& s : kShapes) {
      if (s.n_in % block != 0) continue;  // K-quants on 2688- or 1856-wide rows: files fall back to q5_0/q8_0
      const std::string what = std::string(hearth::gguf::type_name(type)) + " " + s.what;
      const bool with_cpu = (type == TensorType::Q4_K && s.n_in == 1024) ||
                            (type == TensorType::Q5_0 && s.n_in == 2688 && s.n_out == 1024);
      check_stack(hearth_ctx, type, s.n_in, s.n_out, s.n_mat, random_grouping(300, s.n_mat), what, with_cpu);
    }
  }
}

TEST_CASE(grouped_gemm_covers_512_experts_with_top22_routing) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  // 512 tokens × top-22 over Super's 512 experts (~22 rows each); 96 outputs: one and a half output tiles.
  check_stack(hearth_ctx, TensorType::Q4_K, 1024, 96, 512, top_k_grouping(512, 512, 22), "q4_K 512 experts top-22",
              false);
}

TEST_CASE(grouped_gemm_handles_one_expert_with_every_row) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  // 300 rows in one expert: ten row tiles, the last one partial; the other experts are empty.
  check_stack(hearth_ctx, TensorType::Q8_0, 2688, 1024, 8, single_expert(300, 8, 5), "q8_0 one expert", true);
  check_stack(hearth_ctx, TensorType::Q6_K, 1024, 2688, 4, single_expert(33, 4, 0), "q6_K first expert 33 rows", false);
  check_stack(hearth_ctx, TensorType::BF16, 1024, 2688, 4, single_expert(1, 4, 3), "bf16 last expert 1 row", false);
}

TEST_CASE(grouped_gemm_handles_a_short_last_span) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  // 1000 inputs: seven spans of 128 and one of 104, which the half kernel multiplies as 6.5 k steps of 16
  // (the rest must be zeros, not stale halves); 200 and 72 outputs: partial output tiles of both kernels.
  check_stack(hearth_ctx, TensorType::F32, 1000, 200, 4, random_grouping(100, 4), "f32 1000 -> 200", true);
  check_stack(hearth_ctx, TensorType::BF16, 1000, 72, 3, random_grouping(70, 3), "bf16 1000 -> 72", false);
}

TEST_CASE(grouped_gemm_half_keeps_inputs_beyond_the_f16_range) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  // The down projection's input is relu² of the up projection and can pass f16's 65504; tiny inputs would
  // sink into f16's subnormals. The half kernel scales each row span by a power of two, so both stay within
  // the same relative tolerance as unit inputs.
  check_stack(hearth_ctx, TensorType::Q8_0, 2688, 1024, 8, random_grouping(120, 8), "q8_0 inputs x 1e6", true, 1e6f);
  check_stack(hearth_ctx, TensorType::Q4_K, 1024, 2688, 8, random_grouping(120, 8), "q4_K inputs x 1e-6", true, 1e-6f);
}

TEST_CASE(grouped_gemm_refuses_what_it_cannot_compute) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  hearth_test::DeviceBuffer<float> buf(1024);
  hearth_test::DeviceBuffer<std::int32_t> offsets(2);
  REQUIRE(buf.ok() && offsets.ok());
  for (hk::MatmulPrecision p : {hk::MatmulPrecision::Fp32, hk::MatmulPrecision::Half}) {
    hk::DeviceMatrix m;
    m.type = hk::WeightType::Q4_K;
    m.n_in = 1000;  // not a multiple of 256
    m.n_out = 4;
    CHECK(hk::moe_grouped_matmul(m, buf.get(), 1, offsets.get(), buf.get(), nullptr, p) == cudaErrorInvalidValue);
    m.type = static_cast<hk::WeightType>(16);  // iq2_xxs: not handled
    m.n_in = 256;
    CHECK(hk::moe_grouped_matmul(m, buf.get(), 1, offsets.get(), buf.get(), nullptr, p) == cudaErrorInvalidValue);
    m.type = hk::WeightType::F32;
    CHECK(hk::moe_grouped_matmul(m, buf.get() + 1, 1, offsets.get(), buf.get(), nullptr, p) == cudaErrorInvalidValue);
    CHECK(hk::moe_grouped_matmul(m, buf.get(), -1, offsets.get(), buf.get(), nullptr, p) == cudaErrorInvalidValue);
    // No rows: nothing to launch, nothing touched.
    CHECK(hk::moe_grouped_matmul(m, buf.get(), 0, offsets.get(), buf.get(), nullptr, p) == cudaSuccess);
    // An unknown precision is refused even with nothing to do.
    CHECK(hk::moe_grouped_matmul(m, buf.get(), 0, offsets.get(), buf.get(), nullptr,
                                 static_cast<hk::MatmulPrecision>(7)) == cudaErrorInvalidValue);
  }
  CHECK(cudaDeviceSynchronize() == cudaSuccess);
}

TEST_CASE(grouped_gemm_reports_its_time_on_the_super_expert_stacks) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  // A measurement for the log, not a threshold: the full 512-expert stacks, 512 tokens routed top-22, both
  // precisions side by side. The kernels' work does not depend on the weight values, so the planes are
  // zeroed instead of quantised.
  struct Case {
    TensorType type;
    long n_in, n_out;
  };
  const Case cases[] = {{TensorType::Q4_K, 1024, 2688}, {TensorType::Q5_0, 2688, 1024}, {TensorType::Q8_0, 2688, 1024}};
  const long n_mat = 512;
  const Grouping g = top_k_grouping(512, n_mat, 22);
  const long n_rows = static_cast<long>(g.expert_of_row.size());
  for (const Case& c : cases) {
    hearth_test::DevicePlanes planes(c.type, c.n_in, c.n_out, n_mat);
    hearth_test::DeviceBuffer<float> dx(n_rows * c.n_in), dy(n_rows * c.n_out);
    hearth_test::DeviceBuffer<std::int32_t> doffsets(g.offsets.size());
    REQUIRE(planes.quants.ok() && planes.meta.ok() && dx.ok() && dy.ok() && doffsets.ok());
    const std::size_t quant_bytes = static_cast<std::size_t>(planes.m.quant_pitch * c.n_out * n_mat);
    const std::size_t meta_bytes = static_cast<std::size_t>(planes.m.meta_pitch * c.n_out * n_mat);
    REQUIRE(cudaMemset(planes.quants.get(), 0, quant_bytes) == cudaSuccess);
    REQUIRE(cudaMemset(planes.meta.get(), 0, meta_bytes) == cudaSuccess);
    REQUIRE(cudaMemset(dx.get(), 0, n_rows * c.n_in * sizeof(float)) == cudaSuccess);
    REQUIRE(doffsets.upload(g.offsets));
    const double gbytes = static_cast<double>(quant_bytes + meta_bytes) / 1e9;
    const double tflop = 2.0 * static_cast<double>(n_rows) * c.n_in * c.n_out / 1e12;
    // Milliseconds per launch over five launches after a warm-up one; 0 when a call failed.
    auto time_ms = [&](hk::MatmulPrecision p) {
      if (hk::moe_grouped_matmul(planes.m, dx.get(), n_rows, doffsets.get(), dy.get(), nullptr, p) != cudaSuccess)
        return 0.0;
      cudaEvent_t start = nullptr, stop = nullptr;
      bool ok = cudaEventCreate(&start) == cudaSuccess && cudaEventCreate(&stop) == cudaSuccess;
      const int runs = 5;
      ok = ok && cudaEventRecord(start, nullptr) == cudaSuccess;
      for (int i = 0; i < runs && ok; ++i)
        ok = hk::moe_grouped_matmul(planes.m, dx.get(), n_rows, doffsets.get(), dy.get(), nullptr, p) == cudaSuccess;
      ok = ok && cudaEventRecord(stop, nullptr) == cudaSuccess && cudaEventSynchronize(stop) == cudaSuccess;
      float total_ms = 0;
      ok = ok && cudaEventElapsedTime(&total_ms, start, stop) == cudaSuccess;
      if (start) cudaEventDestroy(start);
      if (stop) cudaEventDestroy(stop);
      return ok ? static_cast<double>(total_ms) / runs : 0.0;
    };
    const double fp32_ms = time_ms(hk::MatmulPrecision::Fp32), half_ms = time_ms(hk::MatmulPrecision::Half);
    std::printf(
        "time %s %ld -> %ld x %ld experts, %ld rows (512 tokens top-22), weights %.2f GB: fp32 %.3f ms "
        "(%.1f TFLOP/s, %.0f GB/s), half %.3f ms (%.1f TFLOP/s, %.0f GB/s), half %.1fx faster\n",
        std::string(hearth::gguf::type_name(c.type)).c_str(), c.n_in, c.n_out, n_mat, n_rows, gbytes, fp32_ms,
        tflop / (fp32_ms / 1e3), gbytes / (fp32_ms / 1e3), half_ms, tflop / (half_ms / 1e3), gbytes / (half_ms / 1e3),
        fp32_ms / half_ms);
    CHECK(fp32_ms > 0);
    CHECK(half_ms > 0);
  }
}
