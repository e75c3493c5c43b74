#include "backend/cpu/matmul.h"

#include <algorithm>
#include <vector>

#include "backend/cpu/row_dot.h"
#include "backend/cpu/vector_math.h"

namespace hearth::cpu {

namespace {

// Rows per work item: big enough to amortise scheduling, small enough that 16 dequantised rows of the
// widest weight (12544 f32) stay within L2 in the prefill path.
constexpr std::int64_t kTileRows = 16;
// From this many tokens on, dequantising a tile once beats decoding each row per token.
constexpr std::int64_t kPrefillTokens = 4;
// Tokens per pass over a dequantised tile, so their activations stay in cache across the tile's rows.
constexpr std::int64_t kTokenBlock = 32;

// out[r] = dot(w_r, x) for four dequantised rows at once: x is loaded once per four multiply-adds.
HEARTH_CPU_CLONES
void dot4(const float* w0, const float* w1, const float* w2, const float* w3, const float* x, std::int64_t n,
          float* out) {
  Float8 a0 = {}, a1 = {}, a2 = {}, a3 = {};
  std::int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const Float8 xv = HEARTH_LOAD8(x + i);
    a0 += HEARTH_LOAD8(w0 + i) * xv;
    a1 += HEARTH_LOAD8(w1 + i) * xv;
    a2 += HEARTH_LOAD8(w2 + i) * xv;
    a3 += HEARTH_LOAD8(w3 + i) * xv;
  }
  float s0 = sum8(a0), s1 = sum8(a1), s2 = sum8(a2), s3 = sum8(a3);
  for (; i < n; ++i) {
    s0 += w0[i] * x[i];
    s1 += w1[i] * x[i];
    s2 += w2[i] * x[i];
    s3 += w3[i] * x[i];
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

void tile_decode(const MatmulJob& job, std::int64_t r0, std::int64_t r1) {
  const WeightView& w = job.w;
  for (std::int64_t t = 0; t < job.n_tokens; ++t) {
    const float* x = job.x + t * w.n_in;
    float* y = job.y + t * w.n_out;
    for (std::int64_t r = r0; r < r1; ++r) y[r] = dot_row(w.type, w.row(r), x, w.n_in);
  }
}

HEARTH_CPU_CLONES
void tile_prefill(const MatmulJob& job, std::int64_t r0, std::int64_t r1) {
  const WeightView& w = job.w;
  const std::int64_t rows = r1 - r0;
  thread_local std::vector<float> scratch;
  const std::size_t need = static_cast<std::size_t>(kTileRows * w.n_in);
  if (scratch.size() < need) scratch.resize(need);
  for (std::int64_t r = 0; r < rows; ++r)
    (void)gguf::dequantize_row(w.type, w.row(r0 + r), scratch.data() + r * w.n_in, w.n_in);  // validated view

  float out[4];
  for (std::int64_t t0 = 0; t0 < job.n_tokens; t0 += kTokenBlock) {
    const std::int64_t t1 = std::min(job.n_tokens, t0 + kTokenBlock);
    std::int64_t r = 0;
    for (; r + 4 <= rows; r += 4) {
      const float* wr = scratch.data() + r * w.n_in;
      for (std::int64_t t = t0; t < t1; ++t) {
        dot4(wr, wr + w.n_in, wr + 2 * w.n_in, wr + 3 * w.n_in, job.x + t * w.n_in, w.n_in, out);
        float* y = job.y + t * w.n_out + r0 + r;
        y[0] = out[0];
        y[1] = out[1];
        y[2] = out[2];
        y[3] = out[3];
      }
    }
    for (; r < rows; ++r)
      for (std::int64_t t = t0; t < t1; ++t)
        job.y[t * w.n_out + r0 + r] = dot_f32(scratch.data() + r * w.n_in, job.x + t * w.n_in, w.n_in);
  }
}

}  // namespace

void matmul(runtime::ThreadPool& pool, const WeightView& w, const float* x, std::int64_t n_tokens, float* y) {
  const MatmulJob job{w, x, n_tokens, y};
  matmul_batch(pool, std::span<const MatmulJob>(&job, 1));
}

void matmul_batch(runtime::ThreadPool& pool, std::span<const MatmulJob> jobs) {
  // Work items are row tiles of all jobs, numbered job after job; first_tile[j] is job j's first item.
  thread_local std::vector<std::int64_t> first_tile;
  first_tile.assign(jobs.size() + 1, 0);
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const std::int64_t tiles = jobs[j].n_tokens > 0 ? (jobs[j].w.n_out + kTileRows - 1) / kTileRows : 0;
    first_tile[j + 1] = first_tile[j] + tiles;
  }
  const std::int64_t n_tiles = first_tile.back();
  const std::int64_t* starts = first_tile.data();
  pool.parallel_for(n_tiles, pool.grain_for(n_tiles, 1, 4), [&](std::int64_t b, std::int64_t e, int) {
    std::size_t j = static_cast<std::size_t>(std::upper_bound(starts, starts + jobs.size() + 1, b) - starts) - 1;
    for (std::int64_t item = b; item < e; ++item) {
      while (item >= starts[j + 1]) ++j;
      const MatmulJob& job = jobs[j];
      const std::int64_t r0 = (item - starts[j]) * kTileRows;
      const std::int64_t r1 = std::min(job.w.n_out, r0 + kTileRows);
      if (job.n_tokens >= kPrefillTokens)
        tile_prefill(job, r0, r1);
      else
        tile_decode(job, r0, r1);
    }
  });
}

}  // namespace hearth::cpu
