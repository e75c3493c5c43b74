// The whole model on the GPU against the CPU reference backend, on synthesised models: tiny (Mamba,
// attention, latent MoE, MTP-free), tiny-dense (dense MLP) and the first layers of the real Super shapes in
// the stock q4_k_m mix. Per position, the relative error max|gpu − cpu| / max|cpu| of the logits must stay
// below 1e-4 with f32 weights (fp32 everywhere) and 1e-2 where 16-bit GEMMs are used (prefill on quantised
// weights); greedy continuations must match on f32 weights; prefill must equal step-by-step decode; and two
// runs must give identical output.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "backend/cuda/cuda_model.h"
#include "device_buffer.h"
#include "model/hparams_gguf.h"
#include "model/loader.h"
#include "model/synth.h"
#include "runtime/cpu_model.h"
#include "runtime/session.h"
#include "support/check.h"
#include "support/compare.h"

namespace {

using hearth::model::QuantMix;

struct Pair {
  std::shared_ptr<hearth::runtime::CpuModel> cpu;
  std::unique_ptr<hearth::cuda::CudaModel> gpu;
  std::string path;
};

std::filesystem::path temp_dir() {
  const auto dir = std::filesystem::temp_directory_path() / ("hearth-gpu-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// Binds the file for the CPU and uploads it to the GPU.
std::unique_ptr<Pair> load_pair(const std::string& path, std::int64_t max_batch, bool precise_prefill) {
  auto pair = std::make_unique<Pair>();
  pair->path = path;
  auto file = hearth::gguf::File::open(pair->path);
  if (!file) return nullptr;
  auto shared = std::make_shared<hearth::model::LoadedModel>();
  shared->file = std::move(*file);
  auto config = hearth::model::read_config(*shared->file);
  if (!config) return nullptr;
  shared->config = std::move(*config);
  auto weights = hearth::model::bind_weights(*shared->file, shared->config);
  if (!weights) {
    std::fprintf(stderr, "binding failed: %s\n", weights.status().to_string().c_str());
    return nullptr;
  }
  shared->weights = std::move(*weights);
  auto cpu = hearth::runtime::make_cpu_model(shared, 0);
  if (!cpu) return nullptr;
  pair->cpu = *cpu;
  hearth::cuda::CudaModelOptions gpu_options;
  gpu_options.max_batch = max_batch;
  gpu_options.precise_prefill = precise_prefill;
  hearth::cuda::UploadStats stats;
  auto gpu = hearth::cuda::CudaModel::load(pair->path, shared->file->data_offset(), shared->config, shared->weights,
                                           gpu_options, &stats);
  if (!gpu) {
    std::fprintf(stderr, "upload failed: %s\n", gpu.status().to_string().c_str());
    return nullptr;
  }
  std::printf("%s (%s): %.1f MB uploaded in %.2f s\n", path.c_str(), shared->config.pattern().c_str(),
              stats.file_bytes / 1e6, stats.seconds);
  pair->gpu = std::move(*gpu);
  return pair;
}

// Synthesises the model, then load_pair().
std::unique_ptr<Pair> make_pair(const std::string& preset, QuantMix quant, std::int64_t layers, std::int64_t max_batch,
                                bool precise_prefill = false) {
  const std::string path = (temp_dir() / (preset + "-" + std::to_string(layers) + "-" +
                                          std::string(hearth::model::quant_mix_name(quant)) + ".gguf")).string();
  hearth::model::SynthOptions options;
  options.preset = preset;
  options.quant = quant;
  options.layers = layers;
  options.seed = 42;
  if (hearth::Status s = hearth::model::synthesize(options, path); !s) {
    std::fprintf(stderr, "synthesis failed: %s\n", s.to_string().c_str());
    return nullptr;
  }
  return load_pair(path, max_batch, precise_prefill);
}

std::vector<std::int32_t> random_tokens(std::size_t n, std::int32_t vocab) {
  static std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<std::int32_t> d(0, vocab - 1);
  std::vector<std::int32_t> t(n);
  for (auto& x : t) x = d(rng);
  return t;
}

// max |a − b| / max |b| over one row of n logits.
double rel_error(const float* a, const float* b, std::size_t n) {
  return hearth_test::max_relative_error({a, n}, {b, n});
}

std::int32_t argmax(const float* v, std::size_t n) {
  return static_cast<std::int32_t>(std::max_element(v, v + n) - v);
}

struct Case {
  const char* preset;
  QuantMix quant;
  std::int64_t layers;    // 0: all of the preset
  std::int64_t positions;
  double tolerance;       // decode logits, GPU vs CPU
};

// Decodes `positions` tokens one by one on both backends and compares every position's logits.
void compare_decode(hearth_test::Context& hearth_ctx, Pair& p, const Case& c) {
  const std::int64_t V = p.cpu->config->n_vocab;
  hearth::runtime::SessionOptions so;
  so.n_ctx = c.positions + 8;
  so.kv_type = hearth::cpu::KvType::F32;
  auto cpu = hearth::runtime::Session::create(p.cpu, so);
  REQUIRE(cpu.is_ok());
  auto state = p.gpu->new_state(c.positions + 8, /*kv_f16=*/false);
  REQUIRE(state.is_ok());
  const auto tokens = random_tokens(static_cast<std::size_t>(c.positions), static_cast<std::int32_t>(V));
  std::vector<float> gpu_logits(V);
  double worst = 0.0;
  for (std::int64_t i = 0; i < c.positions; ++i) {
    REQUIRE_OK((*cpu)->decode(tokens[i]));
    REQUIRE_OK(p.gpu->forward(**state, &tokens[i], 1, gpu_logits.data()));
    worst = std::max(worst, rel_error(gpu_logits.data(), (*cpu)->logits().data(), V));
  }
  std::printf("%s/%s: decode over %lld positions, worst relative error %.3g\n", c.preset,
              std::string(hearth::model::quant_mix_name(c.quant)).c_str(), static_cast<long long>(c.positions), worst);
  CHECK(worst < c.tolerance);
}

}  // namespace

TEST_CASE(gpu_decode_matches_cpu_on_tiny_models) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const Case cases[] = {{"tiny", QuantMix::F32, 0, 256, 1e-4},
                        {"tiny-dense", QuantMix::F32, 0, 256, 1e-4},
                        {"tiny", QuantMix::Q4_K_M, 0, 256, 1e-4},
                        {"tiny", QuantMix::Q8_0, 0, 256, 1e-4}};
  for (const Case& c : cases) {
    auto p = make_pair(c.preset, c.quant, c.layers, 64);
    REQUIRE(p);
    compare_decode(hearth_ctx, *p, c);
  }
}

TEST_CASE(gpu_greedy_continuation_matches_cpu_on_f32_weights) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (const char* preset : {"tiny", "tiny-dense"}) {
    auto p = make_pair(preset, QuantMix::F32, 0, 64);
    REQUIRE(p);
    const std::int64_t V = p->cpu->config->n_vocab;
    hearth::runtime::SessionOptions so;
    so.n_ctx = 256;
    so.kv_type = hearth::cpu::KvType::F32;
    auto cpu = hearth::runtime::Session::create(p->cpu, so);
    REQUIRE(cpu.is_ok());
    auto state = p->gpu->new_state(256, false);
    REQUIRE(state.is_ok());
    const auto prompt = random_tokens(16, static_cast<std::int32_t>(V));
    std::vector<float> logits(V);
    REQUIRE_OK((*cpu)->prefill(prompt));
    REQUIRE_OK(p->gpu->forward(**state, prompt.data(), static_cast<std::int64_t>(prompt.size()), logits.data()));
    std::vector<std::int32_t> cpu_out, gpu_out;
    for (int i = 0; i < 128; ++i) {
      const std::int32_t a = argmax((*cpu)->logits().data(), V), b = argmax(logits.data(), V);
      cpu_out.push_back(a);
      gpu_out.push_back(b);
      REQUIRE_OK((*cpu)->decode(a));
      REQUIRE_OK(p->gpu->forward(**state, &b, 1, logits.data()));
    }
    std::size_t same = 0;
    while (same < cpu_out.size() && cpu_out[same] == gpu_out[same]) ++same;
    std::printf("%s: greedy continuations agree on %zu of 128 tokens\n", preset, same);
    CHECK_EQ(same, cpu_out.size());
  }
}

TEST_CASE(gpu_prefill_equals_decode_and_runs_are_identical) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  struct PrefillCase {
    const char* preset;
    QuantMix quant;
    bool precise;      // fp32 SGEMM on dequantised weights instead of half tensor cores
    double tolerance;
    bool kv_f16 = false;  // f16 cache: the prefill attention runs on f16 tensor cores
  };
  // The half path rounds activations and weights to 11 bits; on a random MoE model that is enough to flip
  // expert choices (0.09 seen on tiny q4_k_m), so its precision is judged on the dense model, and the MoE
  // model's prefill is held to decode exactly with the precise path. tiny f32 keeps fp32 everywhere (f32
  // weights, experts included, never take the half path), hence 1e-4 without precise. tiny q4_k_m without
  // precise runs the half expert GEMM (kernels/moe_gemm.cuh, checked to 2e-3·Σ|w·x| in its own test) inside
  // the real forward: routing flips make its distance to decode a sanity bound only (1 = errors as large as
  // the largest logit, which garbage expert outputs would reach), but NaN fails it and its two runs must
  // still be bit-identical.
  for (const PrefillCase& c : {PrefillCase{"tiny", QuantMix::F32, false, 1e-4},
                               PrefillCase{"tiny", QuantMix::Q4_K_M, true, 1e-4},
                               PrefillCase{"tiny", QuantMix::Q4_K_M, false, 1.0},
                               PrefillCase{"tiny-dense", QuantMix::Q4_K_M, false, 1e-2},
                               PrefillCase{"tiny-dense", QuantMix::F32, false, 1e-4},
                               PrefillCase{"tiny-dense", QuantMix::Q4_K_M, false, 1e-2, true}}) {
    auto p = make_pair(c.preset, c.quant, 0, 48, c.precise);
    REQUIRE(p);
    const std::int64_t V = p->cpu->config->n_vocab, N = 200;
    const auto tokens = random_tokens(N, static_cast<std::int32_t>(V));
    // Step by step.
    auto step_state = p->gpu->new_state(N, c.kv_f16);
    REQUIRE(step_state.is_ok());
    std::vector<float> step(N * V);
    for (std::int64_t i = 0; i < N; ++i) REQUIRE_OK(p->gpu->forward(**step_state, &tokens[i], 1, step.data() + i * V));
    // Prefill in chunks of 48 (the model's batch), twice.
    std::vector<float> runs[2];
    for (auto& run : runs) {
      auto s = p->gpu->new_state(N, c.kv_f16);
      REQUIRE(s.is_ok());
      run.resize(N * V);
      for (std::int64_t i = 0; i < N; i += 48) {
        const std::int64_t n = std::min<std::int64_t>(48, N - i);
        REQUIRE_OK(p->gpu->forward(**s, tokens.data() + i, n, run.data() + i * V, true));
      }
    }
    double worst = 0.0;
    for (std::int64_t i = 0; i < N; ++i) worst = std::max(worst, rel_error(runs[0].data() + i * V, step.data() + i * V, V));
    std::printf("%s/%s%s, %s KV: prefill vs decode worst relative error %.3g\n", c.preset,
                std::string(hearth::model::quant_mix_name(c.quant)).c_str(), c.precise ? " (precise)" : "",
                c.kv_f16 ? "f16" : "f32", worst);
    CHECK(worst < c.tolerance);
    CHECK(std::memcmp(runs[0].data(), runs[1].data(), runs[0].size() * sizeof(float)) == 0);
  }
}

TEST_CASE(gpu_matches_cpu_on_super_shapes) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  // The first blocks of Super at their real sizes, q4_k_m: HEARTH_GPU_SUPER_LAYERS=8 gives "MEMEMEM*"
  // (Mamba, latent MoE, attention). Opt-in: synthesising several GB takes minutes on one core today.
  // HEARTH_GPU_SUPER_FILE=path uses a Super-shaped file already on disk (e.g. the benchmark's 44 layers).
  std::int64_t layers = 0;
  if (const char* env = std::getenv("HEARTH_GPU_SUPER_LAYERS")) layers = std::atoll(env);
  const char* file = std::getenv("HEARTH_GPU_SUPER_FILE");
  if (layers <= 0 && file == nullptr)
    SKIP("set HEARTH_GPU_SUPER_LAYERS=N (or HEARTH_GPU_SUPER_FILE=path) to compare Super blocks");
  auto p = file != nullptr ? load_pair(file, 64, false) : make_pair("super", QuantMix::Q4_K_M, layers, 64);
  REQUIRE(p);
  compare_decode(hearth_ctx, *p, Case{"super", QuantMix::Q4_K_M, p->cpu->config->n_layer, 32, 1e-3});
  if (file == nullptr) std::filesystem::remove(p->path);
}
