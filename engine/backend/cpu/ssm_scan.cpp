#include "backend/cpu/ssm_scan.h"

#include <algorithm>
#include <cmath>

#include "backend/cpu/vector_math.h"

namespace hearth::cpu {

namespace {

HEARTH_CPU_CLONES
void step_head(const SsmShape& s, const SsmInputs& in, std::int64_t h, float* state, float* y) {
  const std::int64_t P = s.head_dim, N = s.state_size, H = s.n_heads;
  const std::int64_t g = h / (H / s.n_groups);
  float* S = state + h * P * N;
  for (std::int64_t t = 0; t < in.n_tokens; ++t) {
    const float dt = in.dt[t * H + h];
    const float decay = std::exp(dt * in.a[h]);
    const float* x = in.x + t * in.ld_x + h * P;
    const float* B = in.b + t * in.ld_bc + g * N;
    const float* C = in.c + t * in.ld_bc + g * N;
    float* yo = y + t * H * P + h * P;
    for (std::int64_t p = 0; p < P; ++p) {
      float* Sp = S + p * N;
      const float xdt = x[p] * dt;
      for (std::int64_t n = 0; n < N; ++n) Sp[n] = Sp[n] * decay + xdt * B[n];
      yo[p] = dot_f32(Sp, C, N) + in.d[h] * x[p];
    }
  }
}

// cb[t·L + s] = C_t · B_s for s ≤ t of one group and chunk (upper triangle left untouched).
HEARTH_CPU_CLONES
void chunk_cb(const SsmShape& sh, const SsmInputs& in, std::int64_t g, std::int64_t t0, std::int64_t len,
              std::int64_t L, float* cb) {
  const std::int64_t N = sh.state_size;
  for (std::int64_t t = 0; t < len; ++t) {
    const float* C = in.c + (t0 + t) * in.ld_bc + g * N;
    for (std::int64_t s = 0; s <= t; ++s) cb[t * L + s] = dot_f32(C, in.b + (t0 + s) * in.ld_bc + g * N, N);
  }
}

// One head over all chunks. la: L doubles of cumulative log-decay (double: differences of long sums must not
// lose the small terms); work: L·L floats of the masked decay matrix, then L of state weights.
HEARTH_CPU_CLONES
void chunked_head(const SsmShape& sh, const SsmInputs& in, std::int64_t h, std::int64_t L, const float* cb_all,
                  std::int64_t n_chunks, float* state, float* y, double* la, float* work) {
  const std::int64_t P = sh.head_dim, N = sh.state_size, H = sh.n_heads;
  const std::int64_t g = h / (H / sh.n_groups);
  const float A = in.a[h], Dh = in.d[h];
  float* S = state + h * P * N;
  float* M = work;
  float* wstate = M + L * L;
  for (std::int64_t ci = 0; ci < n_chunks; ++ci) {
    const std::int64_t t0 = ci * L;
    const std::int64_t len = std::min(L, in.n_tokens - t0);
    const float* cb = cb_all + (g * n_chunks + ci) * L * L;
    double acc = 0.0;
    for (std::int64_t t = 0; t < len; ++t) {
      acc += static_cast<double>(in.dt[(t0 + t) * H + h]) * A;
      la[t] = acc;
    }
    // M[t,s] = exp(a_t − a_s) · (C_t·B_s) · dt_s for s ≤ t.
    for (std::int64_t t = 0; t < len; ++t)
      for (std::int64_t s = 0; s <= t; ++s)
        M[t * L + s] = std::exp(static_cast<float>(la[t] - la[s])) * cb[t * L + s] * in.dt[(t0 + s) * H + h];

    // Outputs first: they need the state as it was before this chunk.
    for (std::int64_t t = 0; t < len; ++t) {
      const float* C = in.c + (t0 + t) * in.ld_bc + g * N;
      const float* xt = in.x + (t0 + t) * in.ld_x + h * P;
      float* yo = y + (t0 + t) * H * P + h * P;
      const float carry = std::exp(static_cast<float>(la[t]));
      for (std::int64_t p = 0; p < P; ++p) yo[p] = carry * dot_f32(S + p * N, C, N) + Dh * xt[p];
      for (std::int64_t s = 0; s <= t; ++s) {
        const float m = M[t * L + s];
        const float* xs = in.x + (t0 + s) * in.ld_x + h * P;
        for (std::int64_t p = 0; p < P; ++p) yo[p] += m * xs[p];
      }
    }

    const double la_end = la[len - 1];
    const float keep = std::exp(static_cast<float>(la_end));
    for (std::int64_t s = 0; s < len; ++s)
      wstate[s] = std::exp(static_cast<float>(la_end - la[s])) * in.dt[(t0 + s) * H + h];
    for (std::int64_t p = 0; p < P; ++p) {
      float* Sp = S + p * N;
      for (std::int64_t n = 0; n < N; ++n) Sp[n] *= keep;
      for (std::int64_t s = 0; s < len; ++s) {
        const float coef = wstate[s] * in.x[(t0 + s) * in.ld_x + h * P + p];
        const float* B = in.b + (t0 + s) * in.ld_bc + g * N;
        for (std::int64_t n = 0; n < N; ++n) Sp[n] += coef * B[n];
      }
    }
  }
}

}  // namespace

void ssm_scan_step(runtime::ThreadPool& pool, const SsmShape& shape, const SsmInputs& in, float* state, float* y) {
  pool.parallel_for(shape.n_heads, 1, [&](std::int64_t h0, std::int64_t h1, int) {
    for (std::int64_t h = h0; h < h1; ++h) step_head(shape, in, h, state, y);
  });
}

void ssm_scan_chunked(runtime::ThreadPool& pool, const SsmShape& shape, const SsmInputs& in, std::int64_t chunk_size,
                      float* state, float* y, SsmChunkScratch& scratch) {
  if (in.n_tokens <= 0) return;
  const std::int64_t L = std::max<std::int64_t>(1, std::min(chunk_size, in.n_tokens));
  const std::int64_t n_chunks = (in.n_tokens + L - 1) / L;
  const std::int64_t G = shape.n_groups;
  scratch.cb.resize(static_cast<std::size_t>(G * n_chunks * L * L));
  float* cb = scratch.cb.data();
  pool.parallel_for(G * n_chunks, 1, [&](std::int64_t b, std::int64_t e, int) {
    for (std::int64_t item = b; item < e; ++item) {
      const std::int64_t g = item / n_chunks, ci = item % n_chunks;
      const std::int64_t t0 = ci * L;
      chunk_cb(shape, in, g, t0, std::min(L, in.n_tokens - t0), L, cb + item * L * L);
    }
  });

  // Per thread, rounded to a cache line so slots neither share lines nor misalign the doubles.
  const std::int64_t work_floats = (L * L + L + 15) / 16 * 16;
  const std::int64_t la_doubles = (L + 7) / 8 * 8;
  scratch.per_thread.resize(static_cast<std::size_t>(work_floats * pool.size()));
  scratch.log_decay.resize(static_cast<std::size_t>(la_doubles * pool.size()));
  float* work = scratch.per_thread.data();
  double* la = scratch.log_decay.data();
  pool.parallel_for(shape.n_heads, 1, [&](std::int64_t h0, std::int64_t h1, int slot) {
    for (std::int64_t h = h0; h < h1; ++h)
      chunked_head(shape, in, h, L, cb, n_chunks, state, y, la + slot * la_doubles, work + slot * work_floats);
  });
}

}  // namespace hearth::cpu
