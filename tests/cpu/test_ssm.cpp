// The Mamba-2 conv and scan against plain double-precision loops written here from the equations of
// nemotron-h.md §2.1, and the chunked SSD form against the step form.
#include <cmath>
#include <random>
#include <vector>

#include "backend/cpu/ssm_conv.h"
#include "backend/cpu/ssm_scan.h"
#include "random_fill.h"
#include "runtime/thread_pool.h"
#include "support/check.h"

using namespace hearth::cpu;
using hearth::runtime::ThreadPool;
using hearth_test::max_rel_error;
using hearth_test::random_positive;
using hearth_test::random_values;

namespace {

// Conv reference: the channel's history is the state followed by all inputs, one long sequence.
std::vector<double> conv_reference(const std::vector<float>& state0, const std::vector<float>& in, std::int64_t T,
                                   std::int64_t C, int K, const std::vector<float>& w, const std::vector<float>& b) {
  std::vector<double> out(static_cast<std::size_t>(T * C));
  for (std::int64_t c = 0; c < C; ++c) {
    std::vector<double> seq;
    for (int j = 0; j < K - 1; ++j) seq.push_back(state0[static_cast<std::size_t>(j * C + c)]);
    for (std::int64_t t = 0; t < T; ++t) seq.push_back(in[static_cast<std::size_t>(t * C + c)]);
    for (std::int64_t t = 0; t < T; ++t) {
      double acc = b[static_cast<std::size_t>(c)];
      for (int k = 0; k < K; ++k) acc += static_cast<double>(w[static_cast<std::size_t>(c * K + k)]) * seq[static_cast<std::size_t>(t + k)];
      out[static_cast<std::size_t>(t * C + c)] = acc / (1.0 + std::exp(-acc));
    }
  }
  return out;
}

struct ScanCase {
  SsmShape shape;
  std::int64_t T;
  std::vector<float> x, b, c, dt, a, d, state0;
};

ScanCase make_scan_case(std::mt19937& rng, SsmShape s, std::int64_t T) {
  ScanCase k{s, T, {}, {}, {}, {}, {}, {}, {}};
  const auto H = static_cast<std::size_t>(s.n_heads), P = static_cast<std::size_t>(s.head_dim);
  const auto N = static_cast<std::size_t>(s.state_size), GN = static_cast<std::size_t>(s.n_groups) * N;
  const auto Tn = static_cast<std::size_t>(T);
  k.x = random_values(rng, Tn * H * P);
  k.b = random_values(rng, Tn * GN);
  k.c = random_values(rng, Tn * GN);
  k.dt = random_positive(rng, Tn * H, 0.01f, 1.5f);  // softplus outputs
  k.a = random_positive(rng, H, 0.3f, 6.0f);
  for (float& v : k.a) v = -v;
  k.d = random_values(rng, H);
  k.state0 = random_values(rng, H * P * N, 0.05f, 2.0f);
  return k;
}

SsmInputs inputs_of(const ScanCase& k, std::int64_t t0, std::int64_t T) {
  const std::int64_t HP = k.shape.n_heads * k.shape.head_dim, GN = k.shape.n_groups * k.shape.state_size;
  SsmInputs in;
  in.n_tokens = T;
  in.x = k.x.data() + t0 * HP;
  in.ld_x = HP;
  in.b = k.b.data() + t0 * GN;
  in.c = k.c.data() + t0 * GN;
  in.ld_bc = GN;
  in.dt = k.dt.data() + t0 * k.shape.n_heads;
  in.a = k.a.data();
  in.d = k.d.data();
  return in;
}

// The recurrence in double, token by token.
void scan_reference(const ScanCase& k, std::vector<double>& state, std::vector<double>& y) {
  const std::int64_t H = k.shape.n_heads, P = k.shape.head_dim, N = k.shape.state_size, G = k.shape.n_groups;
  state.assign(k.state0.begin(), k.state0.end());
  y.assign(static_cast<std::size_t>(k.T * H * P), 0.0);
  for (std::int64_t t = 0; t < k.T; ++t)
    for (std::int64_t h = 0; h < H; ++h) {
      const std::int64_t g = h * G / H;
      const double dt = k.dt[static_cast<std::size_t>(t * H + h)];
      const double dA = std::exp(dt * k.a[static_cast<std::size_t>(h)]);
      for (std::int64_t p = 0; p < P; ++p) {
        const double x = k.x[static_cast<std::size_t>(t * H * P + h * P + p)];
        double acc = 0.0;
        for (std::int64_t n = 0; n < N; ++n) {
          double& s = state[static_cast<std::size_t>((h * P + p) * N + n)];
          s = dA * s + dt * x * k.b[static_cast<std::size_t>(t * G * N + g * N + n)];
          acc += s * k.c[static_cast<std::size_t>(t * G * N + g * N + n)];
        }
        y[static_cast<std::size_t>(t * H * P + h * P + p)] = acc + k.d[static_cast<std::size_t>(h)] * x;
      }
    }
}

}  // namespace

TEST_CASE(conv_matches_reference_across_split_calls) {
  std::mt19937 rng(11);
  ThreadPool pool(3);
  for (std::int64_t C : {48, 10240}) {  // 10240: Super's conv channels
    const std::int64_t T = 13;
    const int K = 4;
    const auto in = random_values(rng, static_cast<std::size_t>(T * C));
    const auto w = random_values(rng, static_cast<std::size_t>(C * K));
    const auto b = random_values(rng, static_cast<std::size_t>(C));
    const auto state0 = random_values(rng, static_cast<std::size_t>((K - 1) * C));
    const auto ref = conv_reference(state0, in, T, C, K, w, b);

    // Calls of 1, 2, 5 and 5 tokens (2 < K−1 exercises the state-only history), carrying the state.
    std::vector<float> state = state0, out(static_cast<std::size_t>(T * C));
    std::int64_t t0 = 0;
    for (std::int64_t n : {1, 2, 5, 5}) {
      ssm_conv(pool, in.data() + t0 * C, C, n, C, K, w.data(), b.data(), state.data(), out.data() + t0 * C);
      t0 += n;
    }
    CHECK(max_rel_error(out, ref) < 1e-5);
    // Final state = the last K−1 raw inputs.
    std::vector<float> last(in.end() - (K - 1) * C, in.end());
    CHECK(max_rel_error(state, last, 1e-30) == 0.0);
  }
}

TEST_CASE(conv_reads_strided_rows) {
  std::mt19937 rng(12);
  ThreadPool pool(2);
  const std::int64_t T = 6, C = 40, ld = 100;
  const int K = 4;
  const auto wide = random_values(rng, static_cast<std::size_t>(T * ld));
  std::vector<float> packed;
  for (std::int64_t t = 0; t < T; ++t) packed.insert(packed.end(), wide.begin() + t * ld + 30, wide.begin() + t * ld + 30 + C);
  const auto w = random_values(rng, static_cast<std::size_t>(C * K));
  const auto b = random_values(rng, static_cast<std::size_t>(C));
  const auto state0 = random_values(rng, static_cast<std::size_t>((K - 1) * C));
  std::vector<float> state = state0, out(static_cast<std::size_t>(T * C));
  ssm_conv(pool, wide.data() + 30, ld, T, C, K, w.data(), b.data(), state.data(), out.data());
  CHECK(max_rel_error(out, conv_reference(state0, packed, T, C, K, w, b)) < 1e-5);
}

TEST_CASE(step_scan_matches_double_recurrence) {
  std::mt19937 rng(21);
  ThreadPool pool(3);
  const ScanCase k = make_scan_case(rng, SsmShape{8, 16, 2, 32}, 9);
  std::vector<double> ref_state, ref_y;
  scan_reference(k, ref_state, ref_y);
  std::vector<float> state = k.state0, y(ref_y.size());
  ssm_scan_step(pool, k.shape, inputs_of(k, 0, k.T), state.data(), y.data());
  CHECK(max_rel_error(y, ref_y) < 1e-5);
  CHECK(max_rel_error(state, ref_state) < 1e-5);
}

TEST_CASE(chunked_scan_equals_step_for_several_chunk_sizes) {
  std::mt19937 rng(31);
  ThreadPool pool(3);
  const ScanCase k = make_scan_case(rng, SsmShape{6, 8, 3, 16}, 37);
  std::vector<float> step_state = k.state0, step_y(static_cast<std::size_t>(k.T * 6 * 8));
  ssm_scan_step(pool, k.shape, inputs_of(k, 0, k.T), step_state.data(), step_y.data());
  for (std::int64_t L : {1, 3, 8, 16, 37, 64}) {
    SsmChunkScratch scratch;
    std::vector<float> state = k.state0, y(step_y.size());
    ssm_scan_chunked(pool, k.shape, inputs_of(k, 0, k.T), L, state.data(), y.data(), scratch);
    CHECK(max_rel_error(y, step_y) < 1e-5);
    CHECK(max_rel_error(state, step_state) < 1e-5);
  }
  // Two calls with the split in the middle of a chunk: the carried state joins them.
  SsmChunkScratch scratch;
  std::vector<float> state = k.state0, y(step_y.size());
  ssm_scan_chunked(pool, k.shape, inputs_of(k, 0, 13), 8, state.data(), y.data(), scratch);
  ssm_scan_chunked(pool, k.shape, inputs_of(k, 13, k.T - 13), 8, state.data(), y.data() + 13 * 6 * 8, scratch);
  CHECK(max_rel_error(y, step_y) < 1e-5);
  CHECK(max_rel_error(state, step_state) < 1e-5);
}

TEST_CASE(super_shape_scan_chunked_equals_reference) {
  std::mt19937 rng(41);
  ThreadPool pool(2);
  // Super: 128 heads × 64, 8 groups, state 128; 10 tokens in chunks of 4 (a boundary mid-sequence).
  const ScanCase k = make_scan_case(rng, SsmShape{128, 64, 8, 128}, 10);
  std::vector<double> ref_state, ref_y;
  scan_reference(k, ref_state, ref_y);
  SsmChunkScratch scratch;
  std::vector<float> state = k.state0, y(ref_y.size());
  ssm_scan_chunked(pool, k.shape, inputs_of(k, 0, k.T), 4, state.data(), y.data(), scratch);
  CHECK(max_rel_error(y, ref_y) < 1e-5);
  CHECK(max_rel_error(state, ref_state) < 1e-5);
  std::vector<float> state2 = k.state0, y2(ref_y.size());
  ssm_scan_step(pool, k.shape, inputs_of(k, 0, k.T), state2.data(), y2.data());
  CHECK(max_rel_error(y2, ref_y) < 1e-5);
  CHECK(max_rel_error(state2, ref_state) < 1e-5);
}
