// The chunked SSD scan (kernels/ssm_chunk_scan) against the sequential GPU scan (kernels/ssm_scan) and the CPU
// reference step (hearth::cpu::ssm_scan_step), on the Super, Nano 30B and Nano 4B shapes plus two small ones
// that leave partial channel slices and state rows, for T from 1 to 2048 (partial and whole chunks of 64).
// Inputs are laid out as the engine passes them: x, B and C column ranges of one conv-output row, dt a column
// range of the in_proj row. Fresh random inputs each run, a non-zero initial state, outputs and scratch
// poisoned with NaN before every launch.
//
// Tolerance: |got − want| ≤ 3e-5 · (|want| + rms of want over the head). The scale is per head because heads
// differ by orders of magnitude (A spans e^-1 … e^2.5); the rms term is there because a single y can cancel to
// near zero (D·x against S·C) where no fp32 summation order keeps relative accuracy. A float emulation of both
// algorithms on these distributions gives at most ~3e-6 on this measure (chunked vs sequential and either vs
// float64), so 3e-5 is a 10× margin; indexing or masking errors show up as 1e-2 and above.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

#include "backend/cpu/ssm_scan.h"
#include "device_buffer.h"
#include "gpu_check.h"
#include "kernels/ssm_chunk_scan.cuh"
#include "kernels/ssm_scan.cuh"
#include "runtime/thread_pool.h"
#include "support/check.h"

namespace {

namespace hk = hearth::kernels;
using hearth_test::DeviceBuffer;
using hearth_test::signed_values;
using hearth_test::uniform_values;

struct ScanShape {
  const char* name;
  long H, P, G, N;
};
// nemotron-h.md §1.2, then two small shapes: P = 20 leaves a partial 16-channel slice and N = 48 a partial
// state row; the last exercises the fallback to the sequential scan for N > 128.
const ScanShape kModelShapes[] = {{"super", 128, 64, 8, 128}, {"nano30b", 64, 64, 8, 128}, {"nano4b", 96, 80, 8, 128}};
const ScanShape kSmallShapes[] = {{"tiny", 8, 32, 2, 16}, {"odd", 6, 20, 3, 48}};
const long kTokenCounts[] = {1, 5, 64, 100, 256, 1000, 2048};
constexpr long kMaxTokens = 2048;
constexpr double kTolerance = 3e-5;

hearth::runtime::ThreadPool& pool() { return hearth_test::test_pool(); }

float softplus(float v) { return v > 20.0f ? v : std::log1p(std::exp(v)); }

// One sequence of T tokens with its parameters, on the host and the device.
struct ScanCase {
  ScanShape s;
  long T, ld, ld_dt;
  std::vector<float> xbc, dt_raw, a, d, dt_bias, state0;
  DeviceBuffer<float> dxbc, ddt, da, dd, dbias;

  ScanCase(const ScanShape& shape, long tokens)
      : s(shape),
        T(tokens),
        ld(shape.H * shape.P + 2 * shape.G * shape.N + 7),
        ld_dt(shape.H + 3),
        // x after conv and SiLU, B, C: magnitudes as in the real model's activations, random signs.
        xbc(signed_values(static_cast<std::size_t>(tokens * ld), 0.05f, 1.0f)),
        // dt_raw + dt_bias spans about −4 … 1.5, so dt = softplus(·) spans 0.02 … 1.7.
        dt_raw(uniform_values(static_cast<std::size_t>(tokens * ld_dt), -2.0f, 1.0f)),
        a(static_cast<std::size_t>(shape.H)),
        d(signed_values(static_cast<std::size_t>(shape.H), 0.1f, 1.0f)),
        dt_bias(uniform_values(static_cast<std::size_t>(shape.H), -2.0f, 0.5f)),
        state0(signed_values(static_cast<std::size_t>(shape.H * shape.P * shape.N), 0.01f, 0.5f)),
        dxbc(xbc.size()),
        ddt(dt_raw.size()),
        da(a.size()),
        dd(d.size()),
        dbias(dt_bias.size()) {
    // A = −exp(A_log) with A_log ~ U(−1, 2.5): per-token decays from 0.99 (slow heads) to e^-20 (fast ones).
    const std::vector<float> a_log = uniform_values(a.size(), -1.0f, 2.5f);
    for (std::size_t h = 0; h < a.size(); ++h) a[h] = -std::exp(a_log[h]);
  }

  bool upload() { return dxbc.upload(xbc) && ddt.upload(dt_raw) && da.upload(a) && dd.upload(d) && dbias.upload(dt_bias); }
  long hp() const { return s.H * s.P; }
  long gn() const { return s.G * s.N; }

  // Arguments for tokens [t0, t0 + n) writing y rows from y (the whole (T, H·P) output).
  hk::SsmScanArgs args(long t0, long n, float* state, float* y) {
    hk::SsmScanArgs r;
    r.n_heads = s.H;
    r.head_dim = s.P;
    r.n_groups = s.G;
    r.state_size = s.N;
    r.n_tokens = n;
    r.x = dxbc.get() + t0 * ld;
    r.ld_x = ld;
    r.b = r.x + hp();
    r.c = r.x + hp() + gn();
    r.ld_bc = ld;
    r.dt = ddt.get() + t0 * ld_dt;
    r.ld_dt = ld_dt;
    r.dt_bias = dbias.get();
    r.a = da.get();
    r.d = dd.get();
    r.state = state;
    r.y = y + t0 * hp();
    return r;
  }

  // The CPU reference: ssm_scan_step from state0, dt transformed here as the engine does.
  void cpu_reference(std::vector<float>& y, std::vector<float>& state) const {
    std::vector<float> dt(static_cast<std::size_t>(T * s.H));
    for (long t = 0; t < T; ++t)
      for (long h = 0; h < s.H; ++h) dt[t * s.H + h] = softplus(dt_raw[t * ld_dt + h] + dt_bias[h]);
    state = state0;
    y.assign(static_cast<std::size_t>(T * hp()), 0.0f);
    const hearth::cpu::SsmShape shape{s.H, s.P, s.G, s.N};
    const hearth::cpu::SsmInputs in{T, xbc.data(), ld, xbc.data() + hp(), xbc.data() + hp() + gn(), ld, dt.data(),
                                    a.data(), d.data()};
    hearth::cpu::ssm_scan_step(pool(), shape, in, state.data(), y.data());
  }
};

// Device buffers for one run's outputs: the state (starting at state0) and y, both poisoned or reset first.
struct RunBuffers {
  DeviceBuffer<float> state, y, scratch;
  explicit RunBuffers(const ScanCase& k)
      : state(k.state0.size()),
        y(static_cast<std::size_t>(k.T * k.hp())),
        scratch(static_cast<std::size_t>(hk::ssm_chunk_scan_scratch_floats(k.s.H, k.s.G, kMaxTokens))) {}
  bool reset(const ScanCase& k) { return state.upload(k.state0) && y.poison() && scratch.poison(); }
};

// Runs the chunked scan over the case's tokens in calls of the given lengths (summing to T), from state0.
bool run_chunked(ScanCase& k, RunBuffers& out, const std::vector<long>& calls) {
  if (!out.reset(k)) return false;
  long t0 = 0;
  for (long n : calls) {
    if (hk::ssm_chunk_scan(k.args(t0, n, out.state.get(), out.y.get()), out.scratch.get(), nullptr) != cudaSuccess)
      return false;
    t0 += n;
  }
  return cudaDeviceSynchronize() == cudaSuccess;
}

bool run_sequential(ScanCase& k, RunBuffers& out) {
  if (!out.reset(k)) return false;
  return hk::ssm_scan(k.args(0, k.T, out.state.get(), out.y.get()), nullptr) == cudaSuccess &&
         cudaDeviceSynchronize() == cudaSuccess;
}

// Largest |got − want| / (|want| + rms of want over its head), NaN counting as infinite; prints the first five
// elements over `tol`. head_of maps a flat index to its head.
double scaled_error(const std::vector<float>& got, const std::vector<float>& want, long n_heads,
                    const std::function<long(std::size_t)>& head_of, double tol, const char* what, int& bad) {
  std::vector<double> sum_sq(static_cast<std::size_t>(n_heads), 0.0), count(static_cast<std::size_t>(n_heads), 0.0);
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto h = static_cast<std::size_t>(head_of(i));
    sum_sq[h] += static_cast<double>(want[i]) * want[i];
    count[h] += 1.0;
  }
  double worst = 0.0;
  bad = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const auto h = static_cast<std::size_t>(head_of(i));
    const double w = want[i], g = got[i];
    const double err = std::fabs(g - w) / (std::fabs(w) + std::sqrt(sum_sq[h] / count[h]) + 1e-30);
    if (!(err <= tol)) {  // NaN lands here
      if (bad < 5) std::fprintf(stderr, "  %s[%zu] (head %ld): got %.9g want %.9g\n", what, i, static_cast<long>(h), g, w);
      ++bad;
      worst = std::isnan(err) ? INFINITY : std::max(worst, err);
    } else {
      worst = std::max(worst, err);
    }
  }
  return worst;
}

int count_bitwise_differences(const std::vector<float>& a, const std::vector<float>& b, const char* what) {
  int bad = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::memcmp(&a[i], &b[i], sizeof(float)) != 0) {
      if (bad < 5) std::fprintf(stderr, "  %s[%zu]: %.9g vs %.9g\n", what, i, a[i], b[i]);
      ++bad;
    }
  }
  return bad;
}

// Compares a run's y and state with the wanted ones on the per-head scale; returns the mismatch count.
int compare(const ScanCase& k, const std::vector<float>& y, const std::vector<float>& state,
            const std::vector<float>& want_y, const std::vector<float>& want_state, const char* against) {
  const long H = k.s.H, P = k.s.P, N = k.s.N;
  int bad_y = 0, bad_state = 0;
  const double ey = scaled_error(y, want_y, H, [&](std::size_t i) { return static_cast<long>(i / P) % H; },
                                 kTolerance, "y", bad_y);
  const double es = scaled_error(state, want_state, H, [&](std::size_t i) { return static_cast<long>(i / (P * N)); },
                                 kTolerance, "state", bad_state);
  std::printf("  %-8s T=%-5ld vs %-10s y %.2e  state %.2e\n", k.s.name, k.T, against, ey, es);
  return bad_y + bad_state;
}

}  // namespace

TEST_CASE(chunk_scan_matches_sequential_gpu_and_cpu) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  std::vector<ScanShape> shapes(std::begin(kModelShapes), std::end(kModelShapes));
  shapes.insert(shapes.end(), std::begin(kSmallShapes), std::end(kSmallShapes));
  for (const ScanShape& s : shapes) {
    for (long T : kTokenCounts) {
      ScanCase k(s, T);
      REQUIRE(k.upload());
      RunBuffers chunked(k), sequential(k);
      REQUIRE(run_chunked(k, chunked, {T}));
      REQUIRE(run_sequential(k, sequential));
      std::vector<float> y, state, seq_y, seq_state, cpu_y, cpu_state;
      REQUIRE(chunked.y.download(y) && chunked.state.download(state));
      REQUIRE(sequential.y.download(seq_y) && sequential.state.download(seq_state));
      k.cpu_reference(cpu_y, cpu_state);
      CHECK_EQ(compare(k, y, state, seq_y, seq_state, "gpu step"), 0);
      CHECK_EQ(compare(k, y, state, cpu_y, cpu_state, "cpu step"), 0);
    }
  }
}

// Sized for compute-sanitizer (racecheck runs these kernels ~100x slower): the model widths P = 64 and 80 and
// N = 128 on a few heads, and the small shapes, over one partial chunk, several, and a partial last one.
TEST_CASE(chunk_scan_small_cases_for_sanitizers) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const ScanShape shapes[] = {{"narrow64", 4, 64, 2, 128}, {"narrow80", 2, 80, 1, 128}, kSmallShapes[0], kSmallShapes[1]};
  for (const ScanShape& s : shapes) {
    for (long T : {5L, 64L, 150L}) {
      ScanCase k(s, T);
      REQUIRE(k.upload());
      RunBuffers chunked(k), sequential(k);
      REQUIRE(run_chunked(k, chunked, {T / 2, T - T / 2}));
      REQUIRE(run_sequential(k, sequential));
      std::vector<float> y, state, seq_y, seq_state;
      REQUIRE(chunked.y.download(y) && chunked.state.download(state));
      REQUIRE(sequential.y.download(seq_y) && sequential.state.download(seq_state));
      CHECK_EQ(compare(k, y, state, seq_y, seq_state, "gpu step"), 0);
    }
  }
}

TEST_CASE(chunk_scan_runs_are_bit_identical) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (const ScanShape& s : kModelShapes) {
    ScanCase k(s, 1000);
    REQUIRE(k.upload());
    RunBuffers first(k), second(k);
    REQUIRE(run_chunked(k, first, {k.T}));
    REQUIRE(run_chunked(k, second, {k.T}));
    std::vector<float> y1, s1, y2, s2;
    REQUIRE(first.y.download(y1) && first.state.download(s1) && second.y.download(y2) && second.state.download(s2));
    CHECK_EQ(count_bitwise_differences(y1, y2, "y"), 0);
    CHECK_EQ(count_bitwise_differences(s1, s2, "state"), 0);
  }
}

// A prompt fed in two calls continues from the carried state. When the split falls on a chunk boundary the
// chunks are the same ones, so the result is bit-identical; elsewhere the chunks differ and it agrees to rounding.
TEST_CASE(chunk_scan_two_halves_equal_one_call) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  std::vector<ScanShape> shapes(std::begin(kModelShapes), std::end(kModelShapes));
  shapes.push_back(kSmallShapes[1]);
  for (const ScanShape& s : shapes) {
    for (long T : kTokenCounts) {
      ScanCase k(s, T);
      REQUIRE(k.upload());
      RunBuffers whole(k), halves(k);
      REQUIRE(run_chunked(k, whole, {T}));
      REQUIRE(run_chunked(k, halves, {T / 2, T - T / 2}));  // T = 1: a 0-token call first, which must do nothing
      std::vector<float> y1, s1, y2, s2;
      REQUIRE(whole.y.download(y1) && whole.state.download(s1) && halves.y.download(y2) && halves.state.download(s2));
      if ((T / 2) % hk::kSsmChunkLength == 0) {
        CHECK_EQ(count_bitwise_differences(y2, y1, "y"), 0);
        CHECK_EQ(count_bitwise_differences(s2, s1, "state"), 0);
      } else {
        CHECK_EQ(compare(k, y2, s2, y1, s1, "one call"), 0);
      }
    }
  }
}

// With dt_bias null the dt column is used as given (already softplus'd), as in ssm_scan.
TEST_CASE(chunk_scan_uses_final_dt_without_bias) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  ScanCase k(kModelShapes[0], 300);
  for (long t = 0; t < k.T; ++t)
    for (long h = 0; h < k.s.H; ++h) {
      float& v = k.dt_raw[t * k.ld_dt + h];
      v = softplus(v + k.dt_bias[h]);
    }
  REQUIRE(k.upload());
  RunBuffers chunked(k), sequential(k);
  REQUIRE(chunked.reset(k) && sequential.reset(k));
  hk::SsmScanArgs ca = k.args(0, k.T, chunked.state.get(), chunked.y.get()),
                  sa = k.args(0, k.T, sequential.state.get(), sequential.y.get());
  ca.dt_bias = nullptr;
  sa.dt_bias = nullptr;
  REQUIRE(hk::ssm_chunk_scan(ca, chunked.scratch.get(), nullptr) == cudaSuccess);
  REQUIRE(hk::ssm_scan(sa, nullptr) == cudaSuccess);
  REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
  std::vector<float> y, state, seq_y, seq_state;
  REQUIRE(chunked.y.download(y) && chunked.state.download(state));
  REQUIRE(sequential.y.download(seq_y) && sequential.state.download(seq_state));
  CHECK_EQ(compare(k, y, state, seq_y, seq_state, "gpu step"), 0);
}

// N > 128 is handed to the sequential kernel: the same launch, so the same bits.
TEST_CASE(chunk_scan_large_state_falls_back_to_sequential) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  ScanCase k({"n256", 8, 16, 2, 256}, 70);
  REQUIRE(k.upload());
  RunBuffers chunked(k), sequential(k);
  REQUIRE(run_chunked(k, chunked, {k.T}));
  REQUIRE(run_sequential(k, sequential));
  std::vector<float> y1, s1, y2, s2;
  REQUIRE(chunked.y.download(y1) && chunked.state.download(s1) && sequential.y.download(y2) &&
          sequential.state.download(s2));
  CHECK_EQ(count_bitwise_differences(y1, y2, "y"), 0);
  CHECK_EQ(count_bitwise_differences(s1, s2, "state"), 0);
}

TEST_CASE(chunk_scan_rejects_bad_arguments) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  ScanCase k(kSmallShapes[0], 10);
  REQUIRE(k.upload());
  RunBuffers out(k);
  REQUIRE(out.reset(k));
  const hk::SsmScanArgs good = k.args(0, k.T, out.state.get(), out.y.get());
  CHECK(hk::ssm_chunk_scan(good, nullptr, nullptr) == cudaErrorInvalidValue);
  hk::SsmScanArgs bad = good;
  bad.n_groups = 3;  // does not divide 8 heads
  CHECK(hk::ssm_chunk_scan(bad, out.scratch.get(), nullptr) == cudaErrorInvalidValue);
  bad = good;
  bad.state_size = 300;
  CHECK(hk::ssm_chunk_scan(bad, out.scratch.get(), nullptr) == cudaErrorInvalidValue);
  // Nothing was launched: the state is still state0.
  REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
  std::vector<float> state;
  REQUIRE(out.state.download(state));
  CHECK_EQ(count_bitwise_differences(state, k.state0, "state"), 0);
}

// Not a pass/fail timing: prints both kernels' times on the Super shape so a gpu test log carries the numbers.
TEST_CASE(chunk_scan_prints_time_beside_sequential) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (long T : {512L, 2048L}) {
    ScanCase k(kModelShapes[0], T);
    REQUIRE(k.upload());
    RunBuffers out(k);
    REQUIRE(out.reset(k));
    cudaEvent_t start = nullptr, stop = nullptr;
    REQUIRE(cudaEventCreate(&start) == cudaSuccess && cudaEventCreate(&stop) == cudaSuccess);
    const hk::SsmScanArgs args = k.args(0, T, out.state.get(), out.y.get());
    float ms[2] = {0.0f, 0.0f};
    constexpr int kReps = 10;
    for (int which = 0; which < 2; ++which) {
      const auto launch = [&] {
        return which == 0 ? hk::ssm_chunk_scan(args, out.scratch.get(), nullptr) : hk::ssm_scan(args, nullptr);
      };
      REQUIRE(launch() == cudaSuccess);  // warm-up
      REQUIRE(cudaEventRecord(start, nullptr) == cudaSuccess);
      for (int r = 0; r < kReps; ++r) REQUIRE(launch() == cudaSuccess);
      REQUIRE(cudaEventRecord(stop, nullptr) == cudaSuccess && cudaEventSynchronize(stop) == cudaSuccess);
      REQUIRE(cudaEventElapsedTime(&ms[which], start, stop) == cudaSuccess);
    }
    std::printf("  super T=%ld: chunked %.3f ms, sequential %.3f ms per call (%.1fx)\n", T, ms[0] / kReps,
                ms[1] / kReps, ms[1] / ms[0]);
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
  }
}
