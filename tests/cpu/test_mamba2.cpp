// The whole Mamba-2 mixer against a double-precision implementation of nemotron-h.md §2.1 written here
// (in_proj split, conv with bias and state, SiLU, softplus(dt + dt_bias), recurrence, D skip, gate then
// grouped RMSNorm, out_proj), for decode and chunked prefill, carrying conv and SSM state across calls.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "backend/cpu/mamba2.h"
#include "random_fill.h"
#include "runtime/thread_pool.h"
#include "support/check.h"
#include "weight_fill.h"

using namespace hearth::cpu;
using hearth::gguf::TensorType;
using hearth::runtime::ThreadPool;
using hearth_test::max_rel_error;
using hearth_test::random_positive;
using hearth_test::random_values;

namespace {

struct Mixer {
  Mamba2Shape s;
  hearth_test::RandomWeight in_proj, out_proj;
  std::vector<float> conv_w, conv_b, dt_bias, a, d, norm_w;
  Mamba2Weights weights() const {
    return {in_proj.view, conv_w.data(), conv_b.data(), dt_bias.data(), a.data(), d.data(), norm_w.data(), out_proj.view};
  }
};

struct RefState {
  std::vector<double> conv;  // (K−1, C)
  std::vector<double> ssm;   // (H, P, N)
};

double silu(double v) { return v / (1.0 + std::exp(-v)); }

// One token through the mixer in double.
std::vector<double> reference_token(const Mixer& m, RefState& st, const float* u) {
  const Mamba2Shape& s = m.s;
  const std::int64_t H = s.n_heads, P = s.head_dim(), G = s.n_groups, N = s.state_size, C = s.conv_channels();
  const std::int64_t DI = s.d_inner, K = s.conv_kernel, R = s.in_proj_rows();
  std::vector<double> proj(static_cast<std::size_t>(R), 0.0);
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t i = 0; i < s.n_embd; ++i)
      proj[static_cast<std::size_t>(r)] += static_cast<double>(m.in_proj.values[static_cast<std::size_t>(r * s.n_embd + i)]) * u[i];
  auto at = [](const std::vector<double>& v, std::int64_t i) { return v[static_cast<std::size_t>(i)]; };
  auto atf = [](const std::vector<float>& v, std::int64_t i) { return static_cast<double>(v[static_cast<std::size_t>(i)]); };
  std::vector<double> xbc(static_cast<std::size_t>(C));
  for (std::int64_t c = 0; c < C; ++c) {
    double acc = atf(m.conv_b, c);
    for (std::int64_t k = 0; k < K - 1; ++k) acc += atf(m.conv_w, c * K + k) * at(st.conv, k * C + c);
    acc += atf(m.conv_w, c * K + K - 1) * at(proj, DI + c);
    xbc[static_cast<std::size_t>(c)] = silu(acc);
    for (std::int64_t k = 0; k + 1 < K - 1; ++k) st.conv[static_cast<std::size_t>(k * C + c)] = at(st.conv, (k + 1) * C + c);
    st.conv[static_cast<std::size_t>((K - 2) * C + c)] = at(proj, DI + c);
  }
  std::vector<double> y(static_cast<std::size_t>(DI));
  for (std::int64_t h = 0; h < H; ++h) {
    const double raw = at(proj, DI + C + h) + atf(m.dt_bias, h);
    const double dt = raw > 20 ? raw : std::log1p(std::exp(raw));
    const double dA = std::exp(dt * atf(m.a, h));
    const std::int64_t g = h / (H / G);
    for (std::int64_t p = 0; p < P; ++p) {
      const double x = at(xbc, h * P + p);
      double acc = 0.0;
      for (std::int64_t n = 0; n < N; ++n) {
        double& S = st.ssm[static_cast<std::size_t>((h * P + p) * N + n)];
        S = dA * S + dt * x * at(xbc, DI + g * N + n);
        acc += S * at(xbc, DI + G * N + g * N + n);
      }
      y[static_cast<std::size_t>(h * P + p)] = acc + atf(m.d, h) * x;
    }
  }
  for (std::int64_t i = 0; i < DI; ++i) y[static_cast<std::size_t>(i)] *= silu(at(proj, i));
  const std::int64_t gs = DI / G;
  for (std::int64_t g = 0; g < G; ++g) {
    double ss = 0.0;
    for (std::int64_t i = 0; i < gs; ++i) ss += at(y, g * gs + i) * at(y, g * gs + i);
    const double scale = 1.0 / std::sqrt(ss / static_cast<double>(gs) + s.eps);
    for (std::int64_t i = 0; i < gs; ++i) y[static_cast<std::size_t>(g * gs + i)] *= scale * atf(m.norm_w, g * gs + i);
  }
  std::vector<double> out(static_cast<std::size_t>(s.n_embd), 0.0);
  for (std::int64_t o = 0; o < s.n_embd; ++o)
    for (std::int64_t i = 0; i < DI; ++i)
      out[static_cast<std::size_t>(o)] += static_cast<double>(m.out_proj.values[static_cast<std::size_t>(o * DI + i)]) * at(y, i);
  return out;
}

}  // namespace

TEST_CASE(mixer_decode_and_chunked_prefill_match_reference) {
  std::mt19937 rng(401);
  ThreadPool pool(3);
  Mixer m;
  m.s = Mamba2Shape{64, 64, 8, 2, 16, 4, 1e-5f};  // H=8 × P=8, G=2, N=16
  const Mamba2Shape& s = m.s;
  m.in_proj = hearth_test::random_weight(rng, TensorType::Q8_0, s.n_embd, s.in_proj_rows());
  m.out_proj = hearth_test::random_weight(rng, TensorType::Q8_0, s.d_inner, s.n_embd);
  m.conv_w = random_values(rng, static_cast<std::size_t>(s.conv_channels() * s.conv_kernel));
  m.conv_b = random_values(rng, static_cast<std::size_t>(s.conv_channels()));
  m.dt_bias = random_values(rng, static_cast<std::size_t>(s.n_heads));
  m.a = random_positive(rng, static_cast<std::size_t>(s.n_heads), 0.5f, 8.0f);
  for (float& v : m.a) v = -v;
  m.d = random_values(rng, static_cast<std::size_t>(s.n_heads));
  m.norm_w = random_values(rng, static_cast<std::size_t>(s.d_inner));

  const std::int64_t T = 21;
  const auto u = random_values(rng, static_cast<std::size_t>(T * s.n_embd));
  const auto conv0 = random_values(rng, static_cast<std::size_t>((s.conv_kernel - 1) * s.conv_channels()));
  const auto ssm0 = random_values(rng, static_cast<std::size_t>(s.n_heads * s.head_dim() * s.state_size));

  RefState rs{std::vector<double>(conv0.begin(), conv0.end()), std::vector<double>(ssm0.begin(), ssm0.end())};
  std::vector<double> ref;
  for (std::int64_t t = 0; t < T; ++t) {
    const auto o = reference_token(m, rs, u.data() + t * s.n_embd);
    ref.insert(ref.end(), o.begin(), o.end());
  }
  double mag = 0.0;
  for (double r : ref) mag = std::max(mag, std::fabs(r));

  // (a) token by token; (b) calls of 1, 7 and 13 tokens with SSD chunks of 4; (c) one call, step form.
  const std::vector<std::vector<std::int64_t>> splits = {std::vector<std::int64_t>(static_cast<std::size_t>(T), 1), {1, 7, 13}, {T}};
  const std::int64_t chunks[] = {64, 4, 0};
  for (std::size_t variant = 0; variant < splits.size(); ++variant) {
    std::vector<float> conv = conv0, ssm = ssm0, out(static_cast<std::size_t>(T * s.n_embd));
    Mamba2Scratch scratch;
    std::int64_t t0 = 0;
    for (std::int64_t n : splits[variant]) {
      mamba2_forward(pool, s, m.weights(), Mamba2State{conv.data(), ssm.data()}, u.data() + t0 * s.n_embd, n,
                     out.data() + t0 * s.n_embd, scratch, Mamba2Options{chunks[variant]});
      t0 += n;
    }
    CHECK(max_rel_error(out, ref, mag) < 1e-5);
    CHECK(max_rel_error(ssm, rs.ssm) < 1e-5);
    CHECK(max_rel_error(conv, rs.conv) < 1e-6);
  }
}
