#include "runtime/bench.h"

#include <chrono>
#include <cstdio>
#include <vector>

#include "runtime/session.h"

namespace hearth::runtime {

namespace {

std::vector<std::int32_t> bench_tokens(std::int64_t n, std::int64_t n_vocab, std::uint32_t seed) {
  std::vector<std::int32_t> t(static_cast<std::size_t>(n));
  std::uint32_t x = seed;
  for (auto& v : t) {
    x = x * 1664525u + 1013904223u;
    v = static_cast<std::int32_t>((x >> 8) % static_cast<std::uint32_t>(n_vocab));
  }
  return t;
}

double seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

std::string BenchResult::to_json() const {
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "{\"prefill_tok_s\": %.2f, \"decode_tok_s\": %.2f, \"decode_ms_per_token\": %.3f, "
                "\"session_bytes\": %llu}",
                prefill_tokens_per_second, decode_tokens_per_second, decode_ms_per_token,
                static_cast<unsigned long long>(session_bytes));
  return buf;
}

Result<BenchResult> bench(const std::shared_ptr<ModelBackend>& backend, const BenchOptions& options) {
  const std::int64_t V = backend->config().n_vocab;
  SessionOptions so;
  so.n_ctx = std::max(options.n_prompt, options.depth) + options.n_decode + 1;
  so.kv_type = options.kv_f16 ? cpu::KvType::F16 : cpu::KvType::F32;
  so.prefill_chunk = options.prefill_chunk;
  BenchResult r;
  Result<std::unique_ptr<Session>> s = Session::create(backend, so);
  if (!s) return s.status();
  Session& session = **s;
  if (options.n_prompt > 0) {
    const auto prompt = bench_tokens(options.n_prompt, V, 1);
    // Warm-up, untimed: first launches load kernels and let cuBLAS pick its algorithms.
    HEARTH_TRY(session.prefill(prompt));
    session.reset();
    const auto t0 = std::chrono::steady_clock::now();
    HEARTH_TRY(session.prefill(prompt));
    r.prefill_tokens_per_second = static_cast<double>(options.n_prompt) / seconds(t0, std::chrono::steady_clock::now());
  }
  if (options.n_decode > 0) {
    session.reset();
    if (options.depth > 0) HEARTH_TRY(session.prefill(bench_tokens(options.depth, V, 2)));
    const auto steps = bench_tokens(options.n_decode + 1, V, 3);
    HEARTH_TRY(session.decode(steps[0]));  // warm-up: scratch reaches its decode size, the decode graph is captured
    const auto t0 = std::chrono::steady_clock::now();
    for (std::int64_t i = 1; i <= options.n_decode; ++i) HEARTH_TRY(session.decode(steps[static_cast<std::size_t>(i)]));
    const double dt = seconds(t0, std::chrono::steady_clock::now());
    r.decode_tokens_per_second = static_cast<double>(options.n_decode) / dt;
    r.decode_ms_per_token = 1000.0 * dt / static_cast<double>(options.n_decode);
  }
  r.session_bytes = session.stats().memory_bytes + session.stats().device_memory_bytes;
  return r;
}

}  // namespace hearth::runtime
