// Flash-style prefill attention on the device, both kinds of math (precise fp32 and f16 tensor cores), each
// with and without the key split that scratch allows, against the CPU backend's attention and against the decode kernel run position by position, on the Super
// and Nano shapes (32/2 × 128; 40/8 × 128) plus a 64-dim and a padded 72-dim head, f16 and f32 caches,
// T from 1 to 2048 new tokens after 0, 1000 or 2²⁰ − 3 cached positions. Outputs are NaN-poisoned before
// every run; each kernel runs twice and must give the same bits, and once more from a captured CUDA graph.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "backend/cpu/attention.h"
#include "device_buffer.h"
#include "gguf/tensor_types.h"
#include "gpu_check.h"
#include "kernels/attention_decode.cuh"
#include "kernels/attention_prefill.cuh"
#include "runtime/thread_pool.h"
#include "support/check.h"

namespace {

namespace hk = hearth::kernels;
using hearth_test::count_mismatches;
using hearth_test::DeviceBuffer;
using hearth_test::signed_values;

hearth::runtime::ThreadPool& pool() { return hearth_test::test_pool(); }

struct AttnShape {
  const char* name;
  int n_head, n_head_kv, head_dim;
};
const AttnShape kSuper{"super", 32, 2, 128};  // Super and Nano 30B
const AttnShape kNano4b{"nano4b", 40, 8, 128};
const AttnShape kTiny{"tiny", 4, 2, 64};       // the kernel's 64-wide variant
const AttnShape kPadded{"padded", 12, 4, 72};  // head_dim below the kernel width: pad dims must stay inert

struct Tolerance {
  double rel, abs;
};
// Precise: fp32 throughout, only the summation order differs from the CPU (errors are ~1e-8 here).
constexpr Tolerance kPreciseTol{2e-5, 2e-6};
// Tensor cores: Q, P (and K, V of an f32 cache) rounded to f16, 2⁻¹¹ relative each. Worst case is two
// positions with opposite V: |error| ≤ 2·2⁻¹¹·max|v| ≈ 1e-3 for values in [-1, 1].
constexpr Tolerance kTensorTol{2e-3, 2e-3};
// The decode kernel is fp32 with fast exponentials (its own test holds it to the CPU at this tolerance).
constexpr Tolerance kDecodeTol{1e-4, 2e-5};

// Precise: fp32 CUDA cores; tensor: f16 mma; "+split": the same with scratch, so that launches of few
// blocks split their keys (Super with T ≤ 130 after 1000 positions, the 1M case) and merge.
enum class Math { kPrecise, kPreciseSplit, kTensor, kTensorSplit };
constexpr int kMathCount = 4;
const Math kMaths[kMathCount] = {Math::kPrecise, Math::kPreciseSplit, Math::kTensor, Math::kTensorSplit};
bool is_precise(Math math) { return math == Math::kPrecise || math == Math::kPreciseSplit; }
bool is_split(Math math) { return math == Math::kPreciseSplit || math == Math::kTensorSplit; }
const char* math_name(Math math) {
  switch (math) {
    case Math::kPrecise: return "precise";
    case Math::kPreciseSplit: return "precise+split";
    case Math::kTensor: return "tensor";
    case Math::kTensorSplit: return "tensor+split";
  }
  return "?";
}

// One prefill problem: every position's K/V (history and new tokens) and the new tokens' queries, laid out
// as the CUDA backend has them, with the CPU's answer.
struct Problem {
  AttnShape s;
  bool f16 = true;
  long pos0 = 0, T = 0, capacity = 0, ld_q = 0;
  std::vector<float> keys, values;  // (pos0 + T, kv_dim)
  std::vector<float> q;             // (T, ld_q): queries in the first q_dim columns, as in a fused QKV row
  std::vector<float> want;          // (T, q_dim) from the CPU backend

  long q_dim() const { return static_cast<long>(s.n_head) * s.head_dim; }
  long kv_dim() const { return static_cast<long>(s.n_head_kv) * s.head_dim; }
};

Problem make_problem(const AttnShape& s, bool f16, long pos0, long T) {
  Problem p;
  p.s = s;
  p.f16 = f16;
  p.pos0 = pos0;
  p.T = T;
  p.capacity = pos0 + T + 37;  // never exactly full: the kernel must not read past pos0 + T
  p.ld_q = p.q_dim() + 2 * p.kv_dim();
  const long kv_dim = p.kv_dim(), q_dim = p.q_dim(), n = pos0 + T;
  p.keys = signed_values(static_cast<std::size_t>(n * kv_dim), 0.05f, 1.0f);
  p.values = signed_values(static_cast<std::size_t>(n * kv_dim), 0.05f, 1.0f);
  p.q = signed_values(static_cast<std::size_t>(T * p.ld_q), 0.05f, 1.0f);

  // CPU: the history is already cached; the new rows arrive with the queries.
  const std::size_t elem = f16 ? 2 : 4;
  std::vector<std::uint8_t> kc(static_cast<std::size_t>(p.capacity * kv_dim) * elem), vc(kc.size());
  for (long i = 0; i < pos0 * kv_dim; ++i) {
    if (f16) {
      const std::uint16_t hk_ = hearth::gguf::f32_to_fp16(p.keys[i]), hv = hearth::gguf::f32_to_fp16(p.values[i]);
      std::memcpy(kc.data() + 2 * i, &hk_, 2);
      std::memcpy(vc.data() + 2 * i, &hv, 2);
    } else {
      std::memcpy(kc.data() + 4 * i, &p.keys[i], 4);
      std::memcpy(vc.data() + 4 * i, &p.values[i], 4);
    }
  }
  std::vector<float> q_packed(static_cast<std::size_t>(T * q_dim));
  for (long t = 0; t < T; ++t) std::memcpy(&q_packed[t * q_dim], &p.q[t * p.ld_q], q_dim * sizeof(float));
  const hearth::cpu::KvLayerView view{f16 ? hearth::cpu::KvType::F16 : hearth::cpu::KvType::F32, kc.data(), vc.data(),
                                      p.capacity};
  const hearth::cpu::AttentionShape shape{s.n_head, s.n_head_kv, s.head_dim};
  p.want.resize(static_cast<std::size_t>(T * q_dim));
  hearth::cpu::attention(pool(), shape, view, pos0, T, q_packed.data(), p.keys.data() + pos0 * kv_dim,
                         p.values.data() + pos0 * kv_dim, p.want.data());
  return p;
}

// The problem on the device: the cache filled by the production kv_cache_write, the fused query rows.
struct DeviceProblem {
  explicit DeviceProblem(const Problem& p)
      : cache_bytes(static_cast<std::size_t>(p.capacity * p.kv_dim()) * (p.f16 ? 2 : 4)),
        kc(cache_bytes),
        vc(cache_bytes),
        q(p.q.size()),
        out(static_cast<std::size_t>(p.T * p.q_dim())),
        scratch(static_cast<std::size_t>(hk::attention_prefill_scratch_floats(p.s.head_dim))) {}

  bool init(const Problem& p) {
    DeviceBuffer<float> keys(p.keys.size()), values(p.values.size());
    if (!kc.ok() || !vc.ok() || !q.ok() || !out.ok() || !scratch.ok() || !keys.ok() || !values.ok()) return false;
    if (!keys.upload(p.keys) || !values.upload(p.values) || !q.upload(p.q) || !kc.poison() || !vc.poison())
      return false;
    return hk::kv_cache_write(keys.get(), values.get(), p.pos0 + p.T, kc.get(), vc.get(), p.f16, p.capacity, 0,
                              p.s.n_head_kv, p.s.head_dim, nullptr) == cudaSuccess &&
           cudaDeviceSynchronize() == cudaSuccess;
  }

  hk::AttentionPrefillArgs args(const Problem& p, Math math) {
    hk::AttentionPrefillArgs a;
    a.q = q.get();
    a.ld_q = p.ld_q;
    a.k = kc.get();
    a.v = vc.get();
    a.cache_f16 = p.f16;
    a.capacity = p.capacity;
    a.pos0 = p.pos0;
    a.n_tokens = p.T;
    a.n_q_heads = p.s.n_head;
    a.n_kv_heads = p.s.n_head_kv;
    a.head_dim = p.s.head_dim;
    a.scale = 1.0f / std::sqrt(static_cast<float>(p.s.head_dim));
    a.precise = is_precise(math);
    a.out = out.get();
    a.scratch = is_split(math) ? scratch.get() : nullptr;
    return a;
  }

  // Poison (output and scratch), run, download. False on any CUDA error.
  bool run(const Problem& p, Math math, std::vector<float>& got) {
    if (!out.poison() || !scratch.poison()) return false;
    if (hk::attention_prefill(args(p, math), nullptr) != cudaSuccess) return false;
    return cudaDeviceSynchronize() == cudaSuccess && out.download(got);
  }

  std::size_t cache_bytes;
  DeviceBuffer<std::uint8_t> kc, vc;
  DeviceBuffer<float> q, out, scratch;
};

Tolerance tolerance(Math math) { return is_precise(math) ? kPreciseTol : kTensorTol; }

// Runs every kind of math twice against the CPU answer; returns the outputs, indexed as kMaths.
void check_against_cpu(hearth_test::Context& hearth_ctx, const Problem& p, DeviceProblem& dev,
                       std::vector<float> (&outputs)[kMathCount]) {
  for (int k = 0; k < kMathCount; ++k) {
    const Math math = kMaths[k];
    std::vector<float> got, again;
    REQUIRE(dev.run(p, math, got));
    REQUIRE(dev.run(p, math, again));
    const Tolerance tol = tolerance(math);
    const int bad = count_mismatches(got, p.want, tol.rel, tol.abs, p.s.name);
    if (bad)
      std::fprintf(stderr, "  %s %s f16=%d pos0=%ld T=%ld: %d mismatches against the CPU\n", p.s.name,
                   math_name(math), p.f16, p.pos0, p.T, bad);
    CHECK_EQ(bad, 0);
    const bool same_bits = std::memcmp(got.data(), again.data(), got.size() * sizeof(float)) == 0;
    if (!same_bits)
      std::fprintf(stderr, "  %s %s f16=%d pos0=%ld T=%ld: two runs differ\n", p.s.name, math_name(math), p.f16,
                   p.pos0, p.T);
    CHECK(same_bits);
    outputs[k] = std::move(got);
  }
}

void check_cpu_case(hearth_test::Context& hearth_ctx, const AttnShape& s, bool f16, long pos0, long T) {
  const Problem p = make_problem(s, f16, pos0, T);
  DeviceProblem dev(p);
  REQUIRE(dev.init(p));
  std::vector<float> outputs[kMathCount];
  check_against_cpu(hearth_ctx, p, dev, outputs);
}

}  // namespace

TEST_CASE(attention_prefill_matches_cpu_on_super_shape) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (bool f16 : {true, false})
    for (long pos0 : {0L, 1000L})
      for (long T : {1L, 7L, 64L, 130L, 512L}) check_cpu_case(hearth_ctx, kSuper, f16, pos0, T);
}

TEST_CASE(attention_prefill_matches_cpu_on_nano_and_small_shapes) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (const AttnShape& s : {kNano4b, kTiny, kPadded})
    for (bool f16 : {true, false})
      for (long pos0 : {0L, 1000L})
        for (long T : {1L, 7L, 64L, 130L}) check_cpu_case(hearth_ctx, s, f16, pos0, T);
}

TEST_CASE(attention_prefill_matches_cpu_on_a_2048_token_prompt) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  check_cpu_case(hearth_ctx, kSuper, true, 0, 2048);
  check_cpu_case(hearth_ctx, kSuper, false, 0, 2048);
}

// Sized for compute-sanitizer (racecheck runs these kernels ~100x slower): every kind of math and cache on
// the Super heads with a partial row block, a split over few blocks and a partial key tile, and the 64- and
// padded 72-dim variants.
TEST_CASE(attention_prefill_small_cases_for_sanitizers) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (bool f16 : {true, false}) {
    check_cpu_case(hearth_ctx, kSuper, f16, 0, 3);
    check_cpu_case(hearth_ctx, kSuper, f16, 297, 5);
    check_cpu_case(hearth_ctx, kTiny, f16, 3, 7);
    check_cpu_case(hearth_ctx, kPadded, f16, 40, 9);
  }
}

// The last positions of a 2²⁰-position cache: offsets and tile counts at the claimed 1M context.
TEST_CASE(attention_prefill_matches_cpu_at_one_million_positions) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  check_cpu_case(hearth_ctx, kSuper, true, (1L << 20) - 3 - 37, 3);
}

// Row i of a prefill equals the decode kernel run for position pos0 + i over the same cache.
TEST_CASE(attention_prefill_agrees_with_decode_kernel_row_by_row) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  struct Case {
    AttnShape s;
    bool f16;
    long pos0, T;
  };
  const Case cases[] = {{kSuper, true, 1000, 130}, {kSuper, false, 1000, 130}, {kNano4b, true, 0, 64},
                        {kTiny, false, 3, 7}};
  for (const Case& c : cases) {
    const Problem p = make_problem(c.s, c.f16, c.pos0, c.T);
    DeviceProblem dev(p);
    REQUIRE(dev.init(p));
    std::vector<float> outputs[kMathCount];
    check_against_cpu(hearth_ctx, p, dev, outputs);

    const long q_dim = p.q_dim();
    DeviceBuffer<float> decoded(static_cast<std::size_t>(p.T * q_dim));
    DeviceBuffer<float> scratch(
        static_cast<std::size_t>(hk::attention_decode_scratch_floats(c.s.n_head, c.s.head_dim, p.capacity)));
    REQUIRE(decoded.ok() && scratch.ok() && decoded.poison());
    hk::AttentionDecodeArgs d;
    d.k = dev.kc.get();
    d.v = dev.vc.get();
    d.cache_f16 = c.f16;
    d.capacity = p.capacity;
    d.n_q_heads = c.s.n_head;
    d.n_kv_heads = c.s.n_head_kv;
    d.head_dim = c.s.head_dim;
    d.scale = 1.0f / std::sqrt(static_cast<float>(c.s.head_dim));
    d.scratch = scratch.get();
    for (long i = 0; i < p.T; ++i) {
      d.q = dev.q.get() + i * p.ld_q;
      d.out = decoded.get() + i * q_dim;
      d.n_ctx = p.pos0 + i + 1;
      REQUIRE(hk::attention_decode(d, nullptr) == cudaSuccess);
    }
    REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
    std::vector<float> want;
    REQUIRE(decoded.download(want));
    for (int k = 0; k < kMathCount; ++k) {
      const Tolerance tol = is_precise(kMaths[k]) ? kDecodeTol : kTensorTol;
      const int bad = count_mismatches(outputs[k], want, tol.rel, tol.abs, c.s.name);
      if (bad)
        std::fprintf(stderr, "  %s %s f16=%d pos0=%ld T=%ld: %d mismatches against decode\n", c.s.name,
                     math_name(kMaths[k]), c.f16, c.pos0, c.T, bad);
      CHECK_EQ(bad, 0);
    }
  }
}

// Shapes outside the kernel's limits are refused, not run.
TEST_CASE(attention_prefill_rejects_invalid_shapes) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const Problem p = make_problem(kTiny, true, 4, 3);
  DeviceProblem dev(p);
  REQUIRE(dev.init(p));
  hk::AttentionPrefillArgs a = dev.args(p, Math::kTensor);
  REQUIRE(hk::attention_prefill(a, nullptr) == cudaSuccess);
  a.capacity = p.pos0 + p.T - 1;  // the new tokens would not fit
  CHECK(hk::attention_prefill(a, nullptr) == cudaErrorInvalidValue);
  a = dev.args(p, Math::kTensor);
  a.n_tokens = 0;
  CHECK(hk::attention_prefill(a, nullptr) == cudaErrorInvalidValue);
  a = dev.args(p, Math::kTensor);
  a.head_dim = 60;  // not a multiple of 8
  CHECK(hk::attention_prefill(a, nullptr) == cudaErrorInvalidValue);
  a = dev.args(p, Math::kTensor);
  a.n_q_heads = 5;  // not a multiple of the KV heads
  CHECK(hk::attention_prefill(a, nullptr) == cudaErrorInvalidValue);
  a = dev.args(p, Math::kTensor);
  a.ld_q = p.q_dim() - 1;
  CHECK(hk::attention_prefill(a, nullptr) == cudaErrorInvalidValue);
  CHECK(cudaDeviceSynchronize() == cudaSuccess);
}

// Captured into a CUDA graph (global capture mode: any capture-unsafe call fails) and replayed twice, each
// kind of math gives the bits of a direct launch.
TEST_CASE(attention_prefill_replays_from_a_cuda_graph) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const Problem p = make_problem(kSuper, true, 1000, 130);
  DeviceProblem dev(p);
  REQUIRE(dev.init(p));
  cudaStream_t stream = nullptr;
  REQUIRE(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking) == cudaSuccess);
  for (Math math : kMaths) {
    std::vector<float> direct;
    REQUIRE(dev.run(p, math, direct));
    REQUIRE(dev.out.poison() && dev.scratch.poison() && cudaDeviceSynchronize() == cudaSuccess);
    cudaGraph_t graph = nullptr;
    REQUIRE(cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal) == cudaSuccess);
    const cudaError_t launched = hk::attention_prefill(dev.args(p, math), stream);
    const cudaError_t captured = cudaStreamEndCapture(stream, &graph);
    CHECK(launched == cudaSuccess);
    REQUIRE(captured == cudaSuccess && graph);
    cudaGraphExec_t exec = nullptr;
    const bool instantiated = cudaGraphInstantiate(&exec, graph, 0) == cudaSuccess;
    cudaGraphDestroy(graph);
    REQUIRE(instantiated);
    for (int replay = 0; replay < 2; ++replay) {
      std::vector<float> got;
      CHECK(dev.out.poison() && dev.scratch.poison() && cudaDeviceSynchronize() == cudaSuccess);
      CHECK(cudaGraphLaunch(exec, stream) == cudaSuccess && cudaStreamSynchronize(stream) == cudaSuccess);
      CHECK(dev.out.download(got));
      const bool same_bits = got.size() == direct.size() &&
                             std::memcmp(got.data(), direct.data(), got.size() * sizeof(float)) == 0;
      if (!same_bits) std::fprintf(stderr, "  %s: graph replay %d differs from a direct launch\n", math_name(math), replay);
      CHECK(same_bits);
    }
    cudaGraphExecDestroy(exec);
  }
  cudaStreamDestroy(stream);
}
