// The CUDA backend behind runtime::Session, as the app and hearth-cli use it: the automatic backend choice
// and its reason, decode steps replayed from CUDA graphs (bit-identical to launching the kernels one by one,
// across the context buckets that re-capture), sessions on the GPU against sessions on the CPU (logits and
// greedy continuations), snapshots that move a conversation between the GPU and the CPU, and out-of-memory
// as an error after which the loaded model keeps working.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "device_buffer.h"
#include "gpu_check.h"
#include "model/synth.h"
#include "runtime/model_bundle.h"
#include "runtime/session.h"
#include "support/check.h"
#include "support/compare.h"

namespace {

using hearth::model::QuantMix;
using hearth::runtime::BackendKind;
using hearth::runtime::BackendPreference;
using hearth::runtime::BundleOptions;
using hearth::runtime::ModelBundle;
using hearth::runtime::Session;
using hearth::runtime::SessionOptions;

std::string synth(const std::string& preset, QuantMix quant) {
  const auto dir = std::filesystem::temp_directory_path() / ("hearth-gpu-session-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / (preset + "-" + std::string(hearth::model::quant_mix_name(quant)) + ".gguf")).string();
  if (std::filesystem::exists(path)) return path;
  hearth::model::SynthOptions o;
  o.preset = preset;
  o.quant = quant;
  o.seed = 7;
  if (hearth::Status s = hearth::model::synthesize(o, path); !s) {
    std::fprintf(stderr, "synthesis failed: %s\n", s.to_string().c_str());
    return {};
  }
  return path;
}

hearth::Result<ModelBundle> load(const std::string& path, BackendPreference backend, bool graphs = true,
                                 std::int64_t n_ctx = 1024) {
  BundleOptions o;
  o.backend = backend;
  o.cuda_graphs = graphs;
  o.n_ctx = n_ctx;
  o.max_batch = 64;
  return hearth::runtime::load_model_bundle(path, o);
}

std::vector<std::int32_t> random_tokens(std::size_t n, std::int32_t vocab) {
  std::uniform_int_distribution<std::int32_t> d(0, vocab - 1);
  std::vector<std::int32_t> t(n);
  for (auto& x : t) x = d(hearth_test::gpu_rng());
  return t;
}

using hearth_test::max_relative_error;

std::unique_ptr<Session> session(const ModelBundle& b, std::int64_t n_ctx, bool kv_f16, bool device_sampling = true) {
  SessionOptions so;
  so.device_sampling = device_sampling;
  so.n_ctx = n_ctx;
  so.kv_type = kv_f16 ? hearth::cpu::KvType::F16 : hearth::cpu::KvType::F32;
  so.prefill_chunk = 64;
  auto s = Session::create(b.backend, so);
  if (!s) std::fprintf(stderr, "session: %s\n", s.status().to_string().c_str());
  return s ? std::move(s.value()) : nullptr;
}

}  // namespace

TEST_CASE(automatic_choice_takes_the_gpu_and_says_why) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const std::string path = synth("tiny", QuantMix::Q4_K_M);
  REQUIRE(!path.empty());
  std::atomic<bool> cancel{false};
  std::uint64_t last_done = 0, last_total = 0;
  BundleOptions o;
  o.load.progress = [&](std::uint64_t done, std::uint64_t total) { last_done = done, last_total = total; };
  o.load.cancel = &cancel;
  auto gpu = hearth::runtime::load_model_bundle(path, o);
  REQUIRE_OK(gpu.status());
  CHECK(gpu->choice.kind == BackendKind::Cuda);
  CHECK(gpu->backend->kind() == BackendKind::Cuda);
  CHECK(gpu->model == nullptr);
  CHECK(gpu->choice.why.kind == hearth::runtime::BackendReasonKind::FitsOnGpu);
  CHECK_EQ(gpu->choice.why.gpu, gpu->choice.device);
  CHECK_EQ(gpu->choice.why.context_tokens, BundleOptions{}.n_ctx);
  CHECK(gpu->choice.why.bytes_needed > 0 && gpu->choice.why.bytes_needed <= gpu->choice.why.bytes_free);
  CHECK(gpu->choice.reason().find("free") != std::string::npos);
  CHECK(last_total > 0 && last_done == last_total);
  std::printf("auto: %s on %s: %s\n", std::string(hearth::runtime::backend_kind_name(gpu->choice.kind)).c_str(),
              gpu->choice.device.c_str(), gpu->choice.reason().c_str());

  auto cpu = load(path, BackendPreference::Cpu);
  REQUIRE_OK(cpu.status());
  CHECK(cpu->choice.kind == BackendKind::Cpu);
  CHECK(cpu->choice.why.kind == hearth::runtime::BackendReasonKind::CpuRequested);
  CHECK(cpu->choice.reason() == "the CPU backend was asked for");

  // A context no GPU holds: Auto falls back to the CPU saying why; CUDA asked for is an error.
  auto huge_auto = load(path, BackendPreference::Auto, true, std::int64_t{1} << 36);
  REQUIRE_OK(huge_auto.status());
  CHECK(huge_auto->choice.kind == BackendKind::Cpu);
  CHECK(huge_auto->choice.why.kind == hearth::runtime::BackendReasonKind::DoesNotFitOnGpu);
  CHECK_EQ(huge_auto->choice.why.context_tokens, std::int64_t{1} << 36);
  CHECK(huge_auto->choice.why.bytes_needed > huge_auto->choice.why.bytes_free);
  CHECK(huge_auto->choice.reason().find("need") != std::string::npos);
  std::printf("huge context, auto: %s\n", huge_auto->choice.reason().c_str());
  auto huge_cuda = load(path, BackendPreference::Cuda, true, std::int64_t{1} << 36);
  CHECK(!huge_cuda.is_ok());
  CHECK(huge_cuda.status().code() == hearth::ErrorCode::OutOfMemory);

  cancel = true;
  auto cancelled = hearth::runtime::load_model_bundle(path, o);
  CHECK(!cancelled.is_ok());
  CHECK(cancelled.status().code() == hearth::ErrorCode::Cancelled);
}

TEST_CASE(graph_decode_is_bit_identical_to_plain_launches) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const std::string path = synth("tiny", QuantMix::Q4_K_M);
  auto graphs = load(path, BackendPreference::Cuda, true);
  auto plain = load(path, BackendPreference::Cuda, false);
  REQUIRE_OK(graphs.status());
  REQUIRE_OK(plain.status());
  // 700 positions cross the 256- and 512-position buckets, so three graphs are captured and replayed.
  const std::int64_t N = 700;
  auto a = session(*graphs, 1024, true), b = session(*plain, 1024, true);
  REQUIRE(a && b);
  const auto tokens = random_tokens(N, static_cast<std::int32_t>(graphs->config().n_vocab));
  std::int64_t differing = 0;
  for (std::int64_t i = 0; i < N; ++i) {
    REQUIRE_OK(a->decode(tokens[i]));
    REQUIRE_OK(b->decode(tokens[i]));
    if (std::memcmp(a->logits().data(), b->logits().data(), a->logits().size_bytes()) != 0) {
      if (differing++ < 3)
        std::printf("position %lld: graph and plain logits differ (relative %.3g)\n", static_cast<long long>(i),
                    max_relative_error(a->logits(), b->logits()));
    }
  }
  std::printf("graph vs plain decode: %lld of %lld positions differ\n", static_cast<long long>(differing),
              static_cast<long long>(N));
  CHECK_EQ(differing, 0);
}

TEST_CASE(gpu_session_matches_cpu_session) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (const char* preset : {"tiny", "tiny-dense"}) {
    const std::string path = synth(preset, QuantMix::F32);
    auto gpu = load(path, BackendPreference::Cuda);
    auto cpu = load(path, BackendPreference::Cpu);
    REQUIRE_OK(gpu.status());
    REQUIRE_OK(cpu.status());
    auto g = session(*gpu, 512, false), c = session(*cpu, 512, false);
    REQUIRE(g && c);
    const auto prompt = random_tokens(100, static_cast<std::int32_t>(gpu->config().n_vocab));
    REQUIRE_OK(g->prefill(prompt));
    REQUIRE_OK(c->prefill(prompt));
    const double after_prefill = max_relative_error(g->logits(), c->logits());
    hearth::runtime::SamplerParams greedy;
    greedy.greedy = true;
    hearth::runtime::Sampler sg(greedy), sc(greedy);
    hearth::runtime::GenerateOptions go;
    go.max_tokens = 128;
    auto out_g = g->generate(sg, go);
    auto out_c = c->generate(sc, go);
    REQUIRE_OK(out_g.status());
    REQUIRE_OK(out_c.status());
    std::size_t same = 0;
    while (same < out_c->tokens.size() && same < out_g->tokens.size() && out_c->tokens[same] == out_g->tokens[same]) ++same;
    const double after_generate = max_relative_error(g->logits(), c->logits());
    std::printf("%s f32: prefill logits %.3g, greedy agrees on %zu of %zu, final logits %.3g; GPU state %llu bytes\n",
                preset, after_prefill, same, out_c->tokens.size(), after_generate,
                static_cast<unsigned long long>(g->stats().device_memory_bytes));
    CHECK(after_prefill < 1e-4);
    CHECK_EQ(same, std::size_t{128});
    CHECK(after_generate < 1e-4);
    CHECK(g->stats().device_memory_bytes > 0);
  }
}

TEST_CASE(snapshots_move_between_gpu_and_cpu) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const std::string path = synth("tiny", QuantMix::F32);
  auto gpu = load(path, BackendPreference::Cuda);
  auto cpu = load(path, BackendPreference::Cpu);
  REQUIRE_OK(gpu.status());
  REQUIRE_OK(cpu.status());
  for (bool kv_f16 : {false, true}) {
    auto g = session(*gpu, 400, kv_f16), g2 = session(*gpu, 400, kv_f16), c = session(*cpu, 400, kv_f16);
    REQUIRE(g && g2 && c);
    const auto prompt = random_tokens(150, static_cast<std::int32_t>(gpu->config().n_vocab));
    const auto more = random_tokens(20, static_cast<std::int32_t>(gpu->config().n_vocab));
    REQUIRE_OK(g->prefill(prompt));
    const hearth::runtime::StateSnapshot snap = g->snapshot();
    CHECK_EQ(snap.n_past, std::int64_t{150});
    REQUIRE_OK(c->restore(snap));   // GPU → CPU
    REQUIRE_OK(g2->restore(snap));  // GPU → another GPU session
    double worst_cpu = 0.0;
    bool gpu_identical = true;
    for (std::int32_t t : more) {
      REQUIRE_OK(g->decode(t));
      REQUIRE_OK(g2->decode(t));
      REQUIRE_OK(c->decode(t));
      worst_cpu = std::max(worst_cpu, max_relative_error(c->logits(), g->logits()));
      gpu_identical = gpu_identical && std::memcmp(g->logits().data(), g2->logits().data(), g->logits().size_bytes()) == 0;
    }
    // And back: the CPU's state restored onto the GPU continues like the CPU.
    auto g3 = session(*gpu, 400, kv_f16);
    REQUIRE(g3);
    REQUIRE_OK(g3->restore(c->snapshot()));
    const auto last = random_tokens(5, static_cast<std::int32_t>(gpu->config().n_vocab));
    double worst_back = 0.0;
    for (std::int32_t t : last) {
      REQUIRE_OK(g3->decode(t));
      REQUIRE_OK(c->decode(t));
      worst_back = std::max(worst_back, max_relative_error(g3->logits(), c->logits()));
    }
    std::printf("kv %s: GPU snapshot continued on the CPU %.3g, on the GPU identical %d, CPU snapshot on the GPU %.3g\n",
                kv_f16 ? "f16" : "f32", worst_cpu, gpu_identical ? 1 : 0, worst_back);
    CHECK(worst_cpu < 1e-4);
    CHECK(gpu_identical);
    CHECK(worst_back < 1e-4);
  }
}

TEST_CASE(out_of_memory_is_an_error_and_the_model_keeps_working) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const std::string path = synth("tiny", QuantMix::Q8_0);
  auto gpu = load(path, BackendPreference::Cuda);
  REQUIRE_OK(gpu.status());
  auto ok = session(*gpu, 256, true);
  REQUIRE(ok);
  const auto prompt = random_tokens(40, static_cast<std::int32_t>(gpu->config().n_vocab));
  REQUIRE_OK(ok->prefill(prompt));
  const std::vector<float> before(ok->logits().begin(), ok->logits().end());
  SessionOptions so;
  so.n_ctx = std::int64_t{1} << 36;  // terabytes of KV cache
  auto too_big = Session::create(gpu->backend, so);
  CHECK(!too_big.is_ok());
  CHECK(too_big.status().code() == hearth::ErrorCode::OutOfMemory);
  std::printf("oversized session: %s\n", too_big.status().to_string().c_str());
  // The first session is untouched and still computes.
  CHECK(std::memcmp(before.data(), ok->logits().data(), before.size() * sizeof(float)) == 0);
  REQUIRE_OK(ok->decode(prompt[0]));
  CHECK(std::isfinite(ok->logits()[0]));
}

TEST_CASE(device_sampling_draws_the_host_samplers_tokens) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const std::string path = synth("tiny", QuantMix::Q4_K_M);
  auto gpu = load(path, BackendPreference::Cuda);
  REQUIRE_OK(gpu.status());
  hearth::runtime::SamplerParams nemotron;  // temperature 1, top-p 0.95
  hearth::runtime::SamplerParams tight;
  tight.temperature = 0.7f;
  tight.top_k = 50;
  tight.top_p = 0.9f;
  tight.min_p = 0.02f;
  tight.repetition_penalty = 1.3f;
  tight.presence_penalty = 0.4f;
  tight.penalty_last_n = 32;
  hearth::runtime::SamplerParams greedy;
  greedy.greedy = true;
  int case_index = 0;
  for (hearth::runtime::SamplerParams params : {nemotron, tight, greedy}) {
    params.seed = 1234 + static_cast<std::uint64_t>(case_index++);
    auto device = session(*gpu, 512, true, true), host = session(*gpu, 512, true, false);
    REQUIRE(device && host);
    const auto prompt = random_tokens(60, static_cast<std::int32_t>(gpu->config().n_vocab));
    REQUIRE_OK(device->prefill(prompt));
    REQUIRE_OK(host->prefill(prompt));
    hearth::runtime::Sampler sd(params), sh(params);
    hearth::runtime::GenerateOptions go;
    go.max_tokens = 128;
    auto a = device->generate(sd, go);
    auto b = host->generate(sh, go);
    REQUIRE_OK(a.status());
    REQUIRE_OK(b.status());
    std::size_t same = 0;
    while (same < a->tokens.size() && same < b->tokens.size() && a->tokens[same] == b->tokens[same]) ++same;
    std::printf("device vs host sampling (case %d): %zu of %zu tokens agree, generators %s\n", case_index, same,
                b->tokens.size(), sd.rng_state() == sh.rng_state() ? "in step" : "apart");
    CHECK_EQ(same, b->tokens.size());
    CHECK_EQ(a->tokens.size(), b->tokens.size());
    CHECK(sd.rng_state() == sh.rng_state());
    CHECK(std::memcmp(device->logits().data(), host->logits().data(), host->logits().size_bytes()) == 0);
  }
}

TEST_CASE(a_gpu_already_full_sends_the_model_to_the_cpu) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const std::string path = synth("tiny", QuantMix::Q4_K_M);
  // Another program holds all but 32 MiB of the card.
  std::size_t free_bytes = 0, total_bytes = 0;
  REQUIRE(cudaMemGetInfo(&free_bytes, &total_bytes) == cudaSuccess);
  void* hog = nullptr;
  REQUIRE(free_bytes > (64u << 20));
  REQUIRE(cudaMalloc(&hog, free_bytes - (32u << 20)) == cudaSuccess);
  auto automatic = load(path, BackendPreference::Auto);
  auto forced = load(path, BackendPreference::Cuda);
  cudaFree(hog);
  REQUIRE_OK(automatic.status());
  CHECK(automatic->choice.kind == BackendKind::Cpu);
  std::printf("GPU full, auto: CPU because %s\n", automatic->choice.reason().c_str());
  CHECK(automatic->choice.why.kind == hearth::runtime::BackendReasonKind::DoesNotFitOnGpu);
  CHECK(automatic->choice.why.bytes_needed > automatic->choice.why.bytes_free);
  CHECK(automatic->choice.reason().find("free") != std::string::npos);
  CHECK(!forced.is_ok());
  CHECK(forced.status().code() == hearth::ErrorCode::OutOfMemory);
  std::printf("GPU full, cuda: %s\n", forced.status().to_string().c_str());
  // With the memory back, the same file loads onto the GPU.
  auto again = load(path, BackendPreference::Auto);
  REQUIRE_OK(again.status());
  CHECK(again->choice.kind == BackendKind::Cuda);
}
