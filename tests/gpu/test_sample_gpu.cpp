// Sampling on the device against the CPU reference (runtime::sample_with_uniform, what Sampler::sample runs):
// for the same logits, history and uniform u the device must pick the very same token, always. Both sides
// decide with the integer arithmetic of kernels/sample_rules.h, so there is no tolerance: a single different
// token is a bug. Fresh random logits of several shapes (peaked, flat, all ties, −inf and NaN holes), the
// Nemotron vocabulary (131072) and a small one (1000), every parameter set the app offers, many u; the token
// and the whole scratch are poisoned before every run. Also: inside a captured CUDA graph with u and the
// history length read from device memory, and the mapped host token.
#include <climits>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "backend/cuda/cuda_backend.h"
#include "device_buffer.h"
#include "gpu_check.h"
#include "kernels/sample.cuh"
#include "runtime/sampler.h"
#include "support/check.h"

namespace {

namespace hk = hearth::kernels;
using hearth::runtime::SamplerParams;
using hearth_test::DeviceBuffer;
using hearth_test::gpu_rng;

constexpr std::int32_t kFailed = INT_MIN;
constexpr std::size_t kMaxHistory = 256;

// Every parameter set the app offers, and the corners of each truncation.
const struct ParamRow {
  const char* name;
  bool greedy;
  float temperature;
  std::int32_t top_k;
  float top_p, min_p, repetition, presence;
} kParamRows[] = {
    {"greedy", true, 1.0f, 0, 0.95f, 0.0f, 1.0f, 0.0f},
    {"temperature 0", false, 0.0f, 0, 0.95f, 0.0f, 1.0f, 0.0f},
    {"t1 top-p 0.95", false, 1.0f, 0, 0.95f, 0.0f, 1.0f, 0.0f},
    {"top-k 40", false, 1.0f, 40, 1.0f, 0.0f, 1.0f, 0.0f},
    {"min-p 0.05", false, 1.0f, 0, 1.0f, 0.05f, 1.0f, 0.0f},
    {"penalties", false, 1.0f, 0, 0.95f, 0.0f, 1.3f, 0.4f},
    {"penalties greedy", true, 1.0f, 0, 0.95f, 0.0f, 1.5f, 1.0f},
    {"t0.7 top-p 0.9 top-k 50", false, 0.7f, 50, 0.9f, 0.0f, 1.0f, 0.0f},
    {"no truncation", false, 1.0f, 0, 1.0f, 0.0f, 1.0f, 0.0f},
    {"t1.5 top-p 0.999", false, 1.5f, 0, 0.999f, 0.0f, 1.0f, 0.0f},
    {"top-k 1", false, 1.0f, 1, 0.95f, 0.0f, 1.0f, 0.0f},
    {"t0.3 top-p 0.5 min-p 0.2 top-k 1000", false, 0.3f, 1000, 0.5f, 0.2f, 1.0f, 0.0f},
    {"min-p 1.5", false, 1.0f, 0, 0.95f, 1.5f, 1.0f, 0.0f},
};

struct ParamCase {
  std::string name;
  SamplerParams p;
};

std::vector<ParamCase> param_cases() {
  std::vector<ParamCase> cases;
  for (const ParamRow& r : kParamRows) {
    SamplerParams p;
    p.greedy = r.greedy;
    p.temperature = r.temperature;
    p.top_k = r.top_k;
    p.top_p = r.top_p;
    p.min_p = r.min_p;
    p.repetition_penalty = r.repetition;
    p.presence_penalty = r.presence;
    p.penalty_last_n = 64;
    cases.push_back({r.name, p});
  }
  return cases;
}

enum class Shape { Peaked, Normal, Flat, Ties, NegInfHoles, NanHoles, OneGiant };
const struct {
  Shape shape;
  const char* name;
} kShapes[] = {{Shape::Peaked, "peaked"},     {Shape::Normal, "normal σ3"},       {Shape::Flat, "flat"},
               {Shape::Ties, "ties"},         {Shape::NegInfHoles, "-inf holes"}, {Shape::NanHoles, "NaN holes"},
               {Shape::OneGiant, "one giant"}};

std::vector<float> make_logits(Shape shape, std::int64_t n) {
  std::mt19937& rng = gpu_rng();
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  std::uniform_int_distribution<std::int64_t> index(0, n - 1);
  std::vector<float> l(static_cast<std::size_t>(n));
  for (float& v : l) v = 3.0f * normal(rng);
  switch (shape) {
    case Shape::Peaked:  // a language model's look: a few strong candidates above a broad floor
      for (float& v : l) v = 2.0f * normal(rng) - 4.0f;
      for (int j = 0; j < 24; ++j) l[static_cast<std::size_t>(index(rng))] = 6.0f + 8.0f * unit(rng);
      break;
    case Shape::Normal:
      break;
    case Shape::Flat:  // the widest nucleus: top-p keeps nearly everything
      for (float& v : l) v = unit(rng) - 0.5f;
      break;
    case Shape::Ties:  // three values only: huge runs of exactly equal weights
      for (float& v : l) v = 0.5f * static_cast<float>(static_cast<int>(unit(rng) * 3.0f));
      break;
    case Shape::NegInfHoles:
      for (float& v : l)
        if (unit(rng) < 0.4f) v = -INFINITY;
      break;
    case Shape::NanHoles:
      for (float& v : l)
        if (unit(rng) < 0.01f) v = std::nanf("");
      break;
    case Shape::OneGiant:
      l[static_cast<std::size_t>(index(rng))] = 60.0f;
      break;
  }
  return l;
}

// A history whose tokens are mostly among the likeliest (so the penalties move the choice), with repeats and
// two ids out of range (ignored by both sides).
std::vector<std::int32_t> make_history(const std::vector<float>& logits, std::size_t length) {
  std::mt19937& rng = gpu_rng();
  std::vector<std::int32_t> order(logits.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int32_t>(i);
  const std::size_t top = std::min<std::size_t>(64, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                    [&](std::int32_t a, std::int32_t b) {
                      const float la = logits[static_cast<std::size_t>(a)], lb = logits[static_cast<std::size_t>(b)];
                      return la > lb || (!(la != la) && lb != lb);
                    });
  std::uniform_int_distribution<std::size_t> pick_top(0, top - 1), pick_any(0, logits.size() - 1);
  std::vector<std::int32_t> h(length);
  for (std::size_t i = 0; i < length; ++i)
    h[i] = i % 3 == 2 ? static_cast<std::int32_t>(pick_any(rng)) : order[pick_top(rng)];
  if (length > 4) {
    h[length / 2] = -1;
    h[length / 3] = static_cast<std::int32_t>(logits.size()) + 5;
  }
  return h;
}

// What the device is given: the tokens that count as seen (the last penalty_last_n of the history).
std::vector<std::int32_t> penalty_window(const SamplerParams& p, const std::vector<std::int32_t>& history) {
  std::size_t n = history.size();
  if (p.penalty_last_n >= 0) n = std::min(n, static_cast<std::size_t>(p.penalty_last_n));
  return std::vector<std::int32_t>(history.end() - static_cast<std::ptrdiff_t>(n), history.end());
}

std::vector<double> uniforms(int count) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> v = {0.0, 0.5, 1.0 - 0x1p-53};
  while (static_cast<int>(v.size()) < count) v.push_back(u(gpu_rng()));
  return v;
}

hk::SampleParams device_params(const SamplerParams& p) { return hearth::cuda::device_sample_params(p); }

bool cuda_ok(cudaError_t e, const char* what) {
  if (e == cudaSuccess) return true;
  std::fprintf(stderr, "  %s: %s\n", what, cudaGetErrorString(e));
  return false;
}

// The device sampler with its buffers for one vocabulary size.
class DeviceSampler {
 public:
  explicit DeviceSampler(std::int64_t n)
      : n_(n),
        logits_(static_cast<std::size_t>(n)),
        scratch_(hk::sample_scratch_bytes(n)),
        token_(1),
        history_(kMaxHistory),
        u_(1),
        history_len_(1) {}

  bool ok() const {
    return logits_.ok() && scratch_.ok() && token_.ok() && history_.ok() && u_.ok() && history_len_.ok();
  }
  bool set_logits(const std::vector<float>& l) { return logits_.upload(l); }

  // Fills the arguments; u and the history length go by value, or through device memory (with garbage in
  // the by-value fields, which must then be ignored).
  bool prepare(const SamplerParams& p, const std::vector<std::int32_t>& window, double u, bool from_device,
               hk::SampleArgs& a) {
    if (window.size() > kMaxHistory) return false;
    const auto len = static_cast<std::int32_t>(window.size());
    if (!window.empty() && !cuda_ok(cudaMemcpy(history_.get(), window.data(), window.size() * sizeof(std::int32_t),
                                               cudaMemcpyHostToDevice),
                                    "history upload"))
      return false;
    if (!scratch_.poison() || !token_.poison()) return false;
    a = hk::SampleArgs{};
    a.logits = logits_.get();
    a.n_vocab = n_;
    a.params = device_params(p);
    a.history = history_.get();
    a.scratch = scratch_.get();
    a.token = token_.get();
    if (from_device) {
      if (!cuda_ok(cudaMemcpy(u_.get(), &u, sizeof u, cudaMemcpyHostToDevice), "u upload") ||
          !cuda_ok(cudaMemcpy(history_len_.get(), &len, sizeof len, cudaMemcpyHostToDevice), "length upload"))
        return false;
      a.u = std::nan("");
      a.u_device = u_.get();
      a.history_len = 12345;
      a.history_len_device = history_len_.get();
    } else {
      a.u = u;
      a.history_len = len;
    }
    return true;
  }

  std::int32_t token() {
    std::vector<std::int32_t> t;
    return token_.download(t) ? t[0] : kFailed;
  }

  // The device's token for these inputs, or kFailed on a CUDA error (printed).
  std::int32_t run(const SamplerParams& p, const std::vector<std::int32_t>& window, double u, bool from_device) {
    hk::SampleArgs a;
    if (!prepare(p, window, u, from_device, a)) return kFailed;
    if (!cuda_ok(hk::sample(a, nullptr), "sample") || !cuda_ok(cudaDeviceSynchronize(), "sample run")) return kFailed;
    return token();
  }

  std::int64_t n() const { return n_; }

 private:
  std::int64_t n_;
  DeviceBuffer<float> logits_;
  DeviceBuffer<std::uint8_t> scratch_;
  DeviceBuffer<std::int32_t> token_;
  DeviceBuffer<std::int32_t> history_;
  DeviceBuffer<double> u_;
  DeviceBuffer<std::int32_t> history_len_;
};

// Compares device and CPU over every parameter set and every u for one set of logits; returns mismatches.
struct Tally {
  long compared = 0, mismatched = 0;
  void record(bool same, const std::string& what, std::int32_t gpu, std::int32_t cpu) {
    ++compared;
    if (same) return;
    if (mismatched++ < 10) std::fprintf(stderr, "  MISMATCH %s: gpu %d cpu %d\n", what.c_str(), gpu, cpu);
  }
};

void compare_all(DeviceSampler& dev, const std::vector<float>& logits, const std::vector<std::int32_t>& history,
                 const char* shape, int n_u, Tally& tally) {
  hearth::runtime::SampleWork work;
  int call = 0;
  for (const ParamCase& pc : param_cases()) {
    const std::vector<std::int32_t> window = penalty_window(pc.p, history);
    for (double u : uniforms(n_u)) {
      const std::int32_t cpu = hearth::runtime::sample_with_uniform(pc.p, logits, history, u, work);
      const std::int32_t gpu = dev.run(pc.p, window, u, (call++ % 4) == 3);  // every fourth through device memory
      char what[256];
      std::snprintf(what, sizeof what, "n=%lld %s [%s] u=%.17g", static_cast<long long>(dev.n()), shape,
                    pc.name.c_str(), u);
      tally.record(gpu == cpu && gpu >= 0 && gpu < dev.n(), what, gpu, cpu);
    }
  }
}

}  // namespace

TEST_CASE(device_sample_picks_the_cpu_token_for_every_u) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  Tally tally;
  for (std::int64_t n : {std::int64_t{131072}, std::int64_t{1000}}) {
    DeviceSampler dev(n);
    REQUIRE(dev.ok());
    const int n_u = n > 10000 ? 12 : 40;
    for (int seed = 0; seed < 2; ++seed) {
      for (const auto& s : kShapes) {
        const std::vector<float> logits = make_logits(s.shape, n);
        const std::vector<std::int32_t> history = make_history(logits, 100);
        REQUIRE(dev.set_logits(logits));
        compare_all(dev, logits, history, s.name, n_u, tally);
      }
    }
  }
  std::printf("device sampling: %ld draws compared, %ld different\n", tally.compared, tally.mismatched);
  CHECK(tally.compared > 2000);
  CHECK_EQ(tally.mismatched, 0L);
}

TEST_CASE(device_sample_edge_vocabularies_and_degenerate_logits) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const float nan = std::nanf(""), inf = INFINITY;
  struct Edge {
    const char* name;
    std::vector<float> logits;
  };
  std::vector<Edge> edges = {
      {"one token", {0.25f}},
      {"three tokens", {1.0f, -2.0f, 1.0f}},
      {"all equal 131072", std::vector<float>(131072, 0.125f)},
      {"all -inf", std::vector<float>(5000, -inf)},
      {"all NaN", std::vector<float>(5000, nan)},
      {"+inf twice", {0.0f, 1.0f, inf, 3.0f, inf, nan}},
      {"NaN first", {nan, -1.0f, -1.0f, 2.0f, nan}},
      {"-0 and +0", {-0.0f, 0.0f, -0.0f, -5.0f}},
      {"huge range", {3.0e38f, -3.0e38f, 2.9e38f, 0.0f}},
  };
  // A vocabulary just past a block boundary, with the maximum in the last, partial block.
  std::vector<float> boundary = make_logits(Shape::Normal, 1025);
  boundary[1024] = 40.0f;
  edges.push_back({"1025 max last", boundary});
  Tally tally;
  for (const Edge& e : edges) {
    const auto n = static_cast<std::int64_t>(e.logits.size());
    DeviceSampler dev(n);
    REQUIRE(dev.ok());
    REQUIRE(dev.set_logits(e.logits));
    const std::vector<std::int32_t> history =
        n > 1 ? std::vector<std::int32_t>{0, static_cast<std::int32_t>(n - 1), 0} : std::vector<std::int32_t>{0};
    compare_all(dev, e.logits, history, e.name, 10, tally);
  }
  CHECK_EQ(tally.mismatched, 0L);
}

// Sized for compute-sanitizer (racecheck runs these kernels ~100x slower than the cases above): every logit
// shape and parameter set, on vocabularies that take one grid block, several, and a partial last one.
TEST_CASE(device_sample_small_vocabularies_for_sanitizers) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  Tally tally;
  for (std::int64_t n : {std::int64_t{3}, std::int64_t{1000}, std::int64_t{4097}}) {
    DeviceSampler dev(n);
    REQUIRE(dev.ok());
    for (const auto& s : kShapes) {
      const std::vector<float> logits = make_logits(s.shape, n);
      const std::vector<std::int32_t> history = make_history(logits, 20);
      REQUIRE(dev.set_logits(logits));
      compare_all(dev, logits, history, s.name, 2, tally);
    }
  }
  std::printf("device sampling (small): %ld draws compared, %ld different\n", tally.compared, tally.mismatched);
  CHECK(tally.compared > 100);
  CHECK_EQ(tally.mismatched, 0L);
}

TEST_CASE(device_sample_replays_in_a_cuda_graph_with_device_inputs) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const std::int64_t n = 131072;
  DeviceSampler dev(n);
  REQUIRE(dev.ok());
  const std::vector<float> logits = make_logits(Shape::Peaked, n);
  const std::vector<std::int32_t> history = make_history(logits, 64);
  REQUIRE(dev.set_logits(logits));
  SamplerParams p;
  p.temperature = 0.8f;
  p.top_p = 0.95f;
  p.top_k = 200;
  p.repetition_penalty = 1.2f;
  p.penalty_last_n = -1;

  std::int32_t* host_token = nullptr;
  std::int32_t* host_token_on_device = nullptr;
  REQUIRE(cuda_ok(cudaHostAlloc(reinterpret_cast<void**>(&host_token), sizeof(std::int32_t), cudaHostAllocMapped),
                  "mapped host token"));
  REQUIRE(
      cuda_ok(cudaHostGetDevicePointer(reinterpret_cast<void**>(&host_token_on_device), host_token, 0), "device view"));
  cudaStream_t stream = nullptr;
  REQUIRE(cuda_ok(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "stream"));
  hk::SampleArgs args;
  REQUIRE(dev.prepare(p, history, 0.5, true, args));
  REQUIRE(cuda_ok(cudaDeviceSynchronize(), "poison"));
  args.token_host = host_token_on_device;
  cudaGraph_t graph = nullptr;
  cudaGraphExec_t exec = nullptr;
  REQUIRE(cuda_ok(cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal), "begin capture"));
  const cudaError_t launched = hk::sample(args, stream);
  REQUIRE(cuda_ok(cudaStreamEndCapture(stream, &graph), "end capture"));
  REQUIRE(cuda_ok(launched, "sample under capture"));
  REQUIRE(cuda_ok(cudaGraphInstantiate(&exec, graph, 0), "instantiate"));

  hearth::runtime::SampleWork work;
  Tally tally;
  std::uniform_int_distribution<std::size_t> length(0, history.size());
  for (double u : uniforms(200)) {
    // New u and a new history length between replays, through device memory only.
    const std::vector<std::int32_t> seen(history.begin(),
                                         history.begin() + static_cast<std::ptrdiff_t>(length(gpu_rng())));
    hk::SampleArgs fresh;
    REQUIRE(dev.prepare(p, seen, u, true, fresh));
    // The poisoning ran on the legacy default stream, which the non-blocking capture stream does not wait for.
    REQUIRE(cuda_ok(cudaDeviceSynchronize(), "poison"));
    *host_token = -7;
    REQUIRE(cuda_ok(cudaGraphLaunch(exec, stream), "graph launch"));
    REQUIRE(cuda_ok(cudaStreamSynchronize(stream), "graph run"));
    const std::int32_t gpu = dev.token();
    const std::int32_t cpu = hearth::runtime::sample_with_uniform(p, logits, seen, u, work);
    char what[128];
    std::snprintf(what, sizeof what, "graph u=%.17g seen=%zu (host copy %d)", u, seen.size(), *host_token);
    tally.record(gpu == cpu && *host_token == cpu, what, gpu, cpu);
  }
  CHECK_EQ(tally.mismatched, 0L);

  // Time per call, replayed (the number to put beside a decode step).
  cudaEvent_t start = nullptr, stop = nullptr;
  REQUIRE(cuda_ok(cudaEventCreate(&start), "event") && cuda_ok(cudaEventCreate(&stop), "event"));
  constexpr int kReps = 200;
  REQUIRE(cuda_ok(cudaEventRecord(start, stream), "record"));
  for (int i = 0; i < kReps; ++i) REQUIRE(cuda_ok(cudaGraphLaunch(exec, stream), "graph launch"));
  REQUIRE(cuda_ok(cudaEventRecord(stop, stream), "record") && cuda_ok(cudaEventSynchronize(stop), "sync"));
  float ms = 0.0f;
  REQUIRE(cuda_ok(cudaEventElapsedTime(&ms, start, stop), "elapsed"));
  std::printf("device sampling, 131072 tokens, top-k 200 top-p 0.95, in a graph: %.1f us per token\n",
              1000.0 * ms / kReps);
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  cudaGraphExecDestroy(exec);
  cudaGraphDestroy(graph);
  cudaStreamDestroy(stream);
  cudaFreeHost(host_token);
}

TEST_CASE(device_sample_timing_by_shape) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const std::int64_t n = 131072;
  DeviceSampler dev(n);
  REQUIRE(dev.ok());
  SamplerParams p;  // Nemotron's recommendation: temperature 1, top-p 0.95
  for (const auto& s : kShapes) {
    REQUIRE(dev.set_logits(make_logits(s.shape, n)));
    hk::SampleArgs args;
    REQUIRE(dev.prepare(p, {}, 0.5, false, args));
    cudaEvent_t start = nullptr, stop = nullptr;
    REQUIRE(cuda_ok(cudaEventCreate(&start), "event") && cuda_ok(cudaEventCreate(&stop), "event"));
    constexpr int kReps = 50;
    REQUIRE(cuda_ok(hk::sample(args, nullptr), "warm-up"));
    REQUIRE(cuda_ok(cudaEventRecord(start, nullptr), "record"));
    for (int i = 0; i < kReps; ++i) REQUIRE(cuda_ok(hk::sample(args, nullptr), "sample"));
    REQUIRE(cuda_ok(cudaEventRecord(stop, nullptr), "record") && cuda_ok(cudaEventSynchronize(stop), "sync"));
    float ms = 0.0f;
    REQUIRE(cuda_ok(cudaEventElapsedTime(&ms, start, stop), "elapsed"));
    std::printf("device sampling, 131072 tokens, t1 top-p 0.95, %-10s: %.1f us per token (stream launches)\n", s.name,
                1000.0 * ms / kReps);
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    CHECK(dev.token() >= 0 && dev.token() < n);
  }
}

TEST_CASE(device_sample_rejects_bad_arguments) {
  hk::SampleArgs a;
  CHECK_EQ(hk::sample(a, nullptr), cudaErrorInvalidValue);  // null pointers
  float dummy = 0.0f;
  std::int32_t token = 0;
  a.logits = &dummy;
  a.scratch = &dummy;
  a.token = &token;
  a.n_vocab = 0;
  CHECK_EQ(hk::sample(a, nullptr), cudaErrorInvalidValue);
  a.n_vocab = hk::kSampleMaxVocab + 1;
  CHECK_EQ(hk::sample(a, nullptr), cudaErrorInvalidValue);
  CHECK_EQ(hk::sample_scratch_bytes(0), std::size_t{0});
  CHECK(hk::sample_scratch_bytes(131072) > 131072 * 36);
}
