// Four kernels, in stream order:
//   1. prep   (thread per chunk × head): dt after softplus, and cs = cumulative dt·A from the chunk start, in
//              double so that the differences cs_i − cs_j keep their small terms.
//   2. cb     (block per chunk × group): C·Bᵀ of the chunk, 64 × 64, shared by the H/G heads of the group.
//   3. intra  (block per chunk × head): y = ((C·Bᵀ) ∘ L ∘ dt) · x + D·x with L[i,j] = exp(cs_i − cs_j), j ≤ i.
//   4. state  (block per head × 16-channel slice, sequential over chunks): y += exp(cs_i)·(S_prev·C_i), then
//              S ← exp(cs_last)·S + Σ_j exp(cs_last − cs_j)·dt_j·x_j ⊗ B_j; the state slice lives in shared
//              memory for the whole call, read and written in global memory once. y_inter takes 4 tokens ×
//              4 channels per thread over a quarter of n, the update 4 columns × 4 channels over half the
//              chunk's tokens (partial sums added in a fixed order), both from float4 operands, so that
//              shared-memory traffic stays near the FMA rate.
// Every sum has a fixed order (no atomics): the same inputs give the same bits.
// Glossary: Q = chunk length, c = chunk, t0 = its first token, len = its tokens (< Q only for the last),
// t/s = token within the chunk (output/input side), p = channel in the head, n = state index.
#include "ssm_chunk_scan.cuh"

namespace hearth::kernels {
namespace {

constexpr int kQ = static_cast<int>(kSsmChunkLength);
constexpr int kMaxN = static_cast<int>(kSsmChunkMaxState);
constexpr int kThreads = 256;     // every kernel below maps its tile onto exactly this many threads
constexpr int kTileN = 32;        // cb: state columns staged per step
constexpr int kTileP = 64;        // intra: channels per pass (P = 64 or 80 in Nemotron)
constexpr int kSlice = 16;        // state: channels per block, so Super has 128 × 4 = 512 blocks
constexpr int kStRow = kSlice + 4;  // state: a state column's 16 channels padded to 20 floats, which spreads
                                    // the update's per-lane float4 accesses over all banks

static_assert(kThreads == 4 * (kQ / 4) * (kSlice / 4), "state: y_inter maps 4 × 4 outputs × a quarter of n per thread");
static_assert((kQ / 4) % 8 == 0 && kMaxN % 4 == 0, "state: C's 4-token quads swizzle within aligned groups of 8");
static_assert(kThreads == 2 * (kMaxN / 4) * (kSlice / 4) && kSlice == 16,
              "state: the update maps 4 columns × 4 channels × half the tokens per thread, 4 channel quads a warp");
static_assert(kThreads == (kQ / 4) * 16 && kTileP == 4 * 16, "intra/cb: 4 × 4 outputs per thread");
static_assert(4 * kQ * kSlice <= kQ * kMaxN, "state: the partial sums fit where C was");

struct Scratch {
  double* cs;  // (T, H): cumulative dt·A from the start of the token's chunk
  float* dt;   // (T, H): dt after softplus
  float* cb;   // (chunks, G, Q, Q): C_t·B_s
};

__global__ void prep_kernel(SsmScanArgs a, Scratch w, std::int64_t n_chunks) {
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const std::int64_t H = a.n_heads;
  if (i >= n_chunks * H) return;
  const std::int64_t h = i % H, t0 = (i / H) * kQ;  // h fastest: neighbouring threads read neighbouring dt
  const std::int64_t t1 = t0 + kQ < a.n_tokens ? t0 + kQ : a.n_tokens;
  const double A = a.a[h];
  const float bias = a.dt_bias ? a.dt_bias[h] : 0.0f;
  double acc = 0.0;
  for (std::int64_t t = t0; t < t1; ++t) {
    float dt = a.dt[t * a.ld_dt + h];
    if (a.dt_bias) {  // the very expression ssm_scan uses, so both paths see the same dt
      dt += bias;
      dt = dt > 20.0f ? dt : log1pf(expf(dt));
    }
    acc += static_cast<double>(dt) * A;
    w.dt[t * H + h] = dt;
    w.cs[t * H + h] = acc;
  }
}

__global__ void __launch_bounds__(kThreads) cb_kernel(SsmScanArgs a, Scratch w) {
  __shared__ float c_s[kQ][kTileN + 1];
  __shared__ float b_s[kQ][kTileN + 1];
  const int c = blockIdx.x, g = blockIdx.y, tid = threadIdx.x;
  const std::int64_t N = a.state_size, t0 = static_cast<std::int64_t>(c) * kQ;
  const int len = static_cast<int>(a.n_tokens - t0 < kQ ? a.n_tokens - t0 : kQ);
  const int tq = tid / 16, sq = tid % 16;  // outputs (t, s) = (4·tq + i, sq + 16·j)
  float acc[4][4] = {};
  for (std::int64_t n0 = 0; n0 < N; n0 += kTileN) {
    for (int i = tid; i < kQ * kTileN; i += kThreads) {
      const int t = i / kTileN, n = i % kTileN;
      float cv = 0.0f, bv = 0.0f;
      if (t < len && n0 + n < N) {
        const std::int64_t off = (t0 + t) * a.ld_bc + g * N + n0 + n;
        cv = a.c[off];
        bv = a.b[off];
      }
      c_s[t][n] = cv;
      b_s[t][n] = bv;
    }
    __syncthreads();
#pragma unroll 8
    for (int n = 0; n < kTileN; ++n) {
      float cv[4], bv[4];
#pragma unroll
      for (int k = 0; k < 4; ++k) {
        cv[k] = c_s[4 * tq + k][n];
        bv[k] = b_s[sq + 16 * k][n];
      }
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j) acc[i][j] += cv[i] * bv[j];
    }
    __syncthreads();
  }
  float* out = w.cb + (static_cast<std::int64_t>(c) * gridDim.y + g) * kQ * kQ;
#pragma unroll
  for (int i = 0; i < 4; ++i)
#pragma unroll
    for (int j = 0; j < 4; ++j) out[(4 * tq + i) * kQ + sq + 16 * j] = acc[i][j];
}

__global__ void __launch_bounds__(kThreads) intra_kernel(SsmScanArgs a, Scratch w) {
  __shared__ float m_s[kQ][kQ + 1];  // (C_t·B_s)·exp(cs_t − cs_s)·dt_s for s ≤ t, else 0
  __shared__ float x_s[kQ][kTileP];
  __shared__ double cs_s[kQ];
  __shared__ float dt_s[kQ];
  const int c = blockIdx.x, h = blockIdx.y, tid = threadIdx.x;
  const std::int64_t H = a.n_heads, P = a.head_dim, G = a.n_groups, g = h / (H / G);
  const std::int64_t t0 = static_cast<std::int64_t>(c) * kQ;
  const int len = static_cast<int>(a.n_tokens - t0 < kQ ? a.n_tokens - t0 : kQ);
  if (tid < kQ) {
    cs_s[tid] = tid < len ? w.cs[(t0 + tid) * H + h] : 0.0;
    dt_s[tid] = tid < len ? w.dt[(t0 + tid) * H + h] : 0.0f;
  }
  __syncthreads();
  const float* cb = w.cb + (static_cast<std::int64_t>(c) * G + g) * kQ * kQ;
  for (int i = tid; i < kQ * kQ; i += kThreads) {
    const int t = i / kQ, s = i % kQ;
    m_s[t][s] = s <= t && t < len ? cb[i] * expf(static_cast<float>(cs_s[t] - cs_s[s])) * dt_s[s] : 0.0f;
  }
  const float D = a.d[h];
  const int tq = tid / 16, pq = tid % 16;  // outputs (t, p) = (4·tq + i, pq + 16·j)
  // Rows 4·tq .. 4·tq+3 see inputs s ≤ 4·tq + 3 only (m_s is zero above the diagonal anyway).
  const int s_end = 4 * tq + 4 < len ? 4 * tq + 4 : len;
  for (std::int64_t p0 = 0; p0 < P; p0 += kTileP) {
    __syncthreads();  // m_s complete; the previous pass is done reading x_s
    for (int i = tid; i < kQ * kTileP; i += kThreads) {
      const int s = i / kTileP, p = i % kTileP;
      x_s[s][p] = s < len && p0 + p < P ? a.x[(t0 + s) * a.ld_x + h * P + p0 + p] : 0.0f;
    }
    __syncthreads();
    float acc[4][4] = {};
    for (int s = 0; s < s_end; ++s) {
      float mv[4], xv[4];
#pragma unroll
      for (int k = 0; k < 4; ++k) {
        mv[k] = m_s[4 * tq + k][s];
        xv[k] = x_s[s][pq + 16 * k];
      }
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j) acc[i][j] += mv[i] * xv[j];
    }
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const int t = 4 * tq + i;
      if (t >= len) break;
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const int p = pq + 16 * j;
        if (p0 + p < P) a.y[(t0 + t) * H * P + h * P + p0 + p] = acc[i][j] + D * x_s[t][p];
      }
    }
  }
}

__global__ void __launch_bounds__(kThreads, 4) state_kernel(SsmScanArgs a, Scratch w, std::int64_t n_chunks) {
  // buf holds, in turn: C as [n][t] with its float4 quads swizzled by n (see c_at), the four partial y_inter sums,
  // then B as [s][n].
  __shared__ __align__(16) float buf[kQ * kMaxN];
  __shared__ __align__(16) float st[kMaxN][kStRow];  // the state slice: st[n][p] = S[p0 + p][n]
  __shared__ __align__(16) float xw[kQ][kSlice];      // x_s·exp(cs_last − cs_s)·dt_s
  __shared__ float e_t[kQ], w_s[kQ];                  // exp(cs_t); exp(cs_last − cs_s)·dt_s
  __shared__ float decay;                             // exp(cs_last)
  const int h = blockIdx.y, tid = threadIdx.x;
  const std::int64_t H = a.n_heads, P = a.head_dim, N = a.state_size, g = h / (H / a.n_groups);
  const std::int64_t p0 = static_cast<std::int64_t>(blockIdx.x) * kSlice;
  float* S = a.state + (h * P + p0) * N;
  for (int i = tid; i < kSlice * kMaxN; i += kThreads) {
    const int p = i / kMaxN, n = i % kMaxN;
    st[n][p] = p0 + p < P && n < N ? S[p * N + n] : 0.0f;
  }
  // C's 4-token quad q of column n sits at quad q ^ (n % 8) of row n: the fill (lanes along n) and the y_inter
  // reads (lanes along q) both touch 8 distinct 16-byte bank groups per 8 lanes, without padding rows.
  const auto c_at = [&](int n, int q) { return &buf[n * kQ + 4 * (q ^ (n & 7))]; };
  // y_inter: 64 tiles of 4 tokens × 4 channels, each summed over a quarter of n by one of 4 threads.
  const int part = tid / 64, tile = tid % 64, tq = tile / 4, pq = tile % 4;
  const int n_begin = part * (kMaxN / 4), n_end = static_cast<int>(N < n_begin + kMaxN / 4 ? N : n_begin + kMaxN / 4);
  // Update: 128 tiles of 4 columns × 4 channels, each summed over one half of the chunk's tokens by one of two
  // threads. A warp covers 8 column quads × 4 channel quads, so its B and xw float4 loads are 128 and 64 bytes.
  const int half = tid / (kThreads / 2), uh = tid % (kThreads / 2);
  const int up = uh % 4, uq = 8 * (uh / 32) + (uh % 32) / 4;
  for (std::int64_t c = 0; c < n_chunks; ++c) {
    const std::int64_t t0 = c * kQ;
    const int len = static_cast<int>(a.n_tokens - t0 < kQ ? a.n_tokens - t0 : kQ);
    __syncthreads();  // the previous chunk is done with buf, xw, e_t, w_s, decay (and st is loaded)
    if (tid < kQ) {
      const double last = w.cs[(t0 + len - 1) * H + h];
      float e = 0.0f, ws = 0.0f;
      if (tid < len) {
        const double cs = w.cs[(t0 + tid) * H + h];
        e = expf(static_cast<float>(cs));
        ws = expf(static_cast<float>(last - cs)) * w.dt[(t0 + tid) * H + h];
      }
      e_t[tid] = e;
      w_s[tid] = ws;
      if (tid == 0) decay = expf(static_cast<float>(last));
    }
    for (int i = tid; i < kMaxN * (kQ / 4); i += kThreads) {  // 4 tokens of one column per thread, loads along n
      const int n = i % kMaxN, q = i / kMaxN, t = 4 * q;
      float v[4];
#pragma unroll
      for (int k = 0; k < 4; ++k) v[k] = t + k < len && n < N ? a.c[(t0 + t + k) * a.ld_bc + g * N + n] : 0.0f;
      *reinterpret_cast<float4*>(c_at(n, q)) = make_float4(v[0], v[1], v[2], v[3]);
    }
    __syncthreads();
    for (int i = tid; i < kQ * kSlice; i += kThreads) {
      const int s = i / kSlice, p = i % kSlice;
      xw[s][p] = s < len && p0 + p < P ? a.x[(t0 + s) * a.ld_x + h * P + p0 + p] * w_s[s] : 0.0f;
    }
    float acc[4][4] = {};  // y_inter partial: tokens 4·tq + i, channels 4·pq + j, over n in [n_begin, n_end)
#pragma unroll 2
    for (int n = n_begin; n < n_end; ++n) {
      const float4 cv = *reinterpret_cast<const float4*>(c_at(n, tq));
      const float4 sv = *reinterpret_cast<const float4*>(&st[n][4 * pq]);
      const float cr[4] = {cv.x, cv.y, cv.z, cv.w}, sr[4] = {sv.x, sv.y, sv.z, sv.w};
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j) acc[i][j] += cr[i] * sr[j];
    }
    __syncthreads();  // C is consumed: buf takes the partial sums, [part][t][p]
#pragma unroll
    for (int i = 0; i < 4; ++i)
      *reinterpret_cast<float4*>(&buf[part * kQ * kSlice + (4 * tq + i) * kSlice + 4 * pq]) =
          make_float4(acc[i][0], acc[i][1], acc[i][2], acc[i][3]);
    __syncthreads();
    // y_t += exp(cs_t)·Σ_n C_t[n]·S_prev[p][n], the parts added in a fixed order; intra_kernel wrote the rest of
    // y_t earlier in the stream.
    for (int o = tid; o < kQ * kSlice; o += kThreads) {
      const int t = o / kSlice, p = o % kSlice;
      const float sum = ((buf[o] + buf[kQ * kSlice + o]) + buf[2 * kQ * kSlice + o]) + buf[3 * kQ * kSlice + o];
      if (t < len && p0 + p < P) a.y[(t0 + t) * H * P + h * P + p0 + p] += e_t[t] * sum;
    }
    __syncthreads();  // buf free for B; xw complete; st no longer read for this chunk's outputs
    for (int i = tid; i < kQ * kMaxN; i += kThreads) {
      const int s = i / kMaxN, n = i % kMaxN;
      buf[s * kMaxN + n] = s < len && n < N ? a.b[(t0 + s) * a.ld_bc + g * N + n] : 0.0f;
    }
    __syncthreads();
    const int s_begin = half * (kQ / 2), s_end = len < s_begin + kQ / 2 ? len : s_begin + kQ / 2;
    {  // S[p][n] ← exp(cs_last)·S[p][n] + Σ_s xw[s][p]·B_s[n], tokens split in two halves
      float u[4][4] = {};  // columns 4·uq + i, channels 4·up + j
#pragma unroll 4
      for (int s = s_begin; s < s_end; ++s) {
        const float4 bv = *reinterpret_cast<const float4*>(&buf[s * kMaxN + 4 * uq]);
        const float4 xv = *reinterpret_cast<const float4*>(&xw[s][4 * up]);
        const float br[4] = {bv.x, bv.y, bv.z, bv.w}, xr[4] = {xv.x, xv.y, xv.z, xv.w};
#pragma unroll
        for (int i = 0; i < 4; ++i)
#pragma unroll
          for (int j = 0; j < 4; ++j) u[i][j] += br[i] * xr[j];
      }
      __syncthreads();  // B is consumed: the second half's sums go through buf to the first half
      float4* handoff = reinterpret_cast<float4*>(buf) + uh;  // [i][128 threads] float4s
      if (half == 1) {
#pragma unroll
        for (int i = 0; i < 4; ++i) handoff[i * (kThreads / 2)] = make_float4(u[i][0], u[i][1], u[i][2], u[i][3]);
      }
      __syncthreads();
      if (half == 0) {
#pragma unroll
        for (int i = 0; i < 4; ++i) {
          const float4 other = handoff[i * (kThreads / 2)];
          float4* row = reinterpret_cast<float4*>(&st[4 * uq + i][4 * up]);
          const float4 old = *row;
          *row = make_float4(decay * old.x + (u[i][0] + other.x), decay * old.y + (u[i][1] + other.y),
                             decay * old.z + (u[i][2] + other.z), decay * old.w + (u[i][3] + other.w));
        }
      }
    }
  }
  __syncthreads();
  for (int i = tid; i < kSlice * kMaxN; i += kThreads) {
    const int p = i / kMaxN, n = i % kMaxN;
    if (p0 + p < P && n < N) S[p * N + n] = st[n][p];
  }
}

Scratch carve(float* scratch, std::int64_t n_heads, std::int64_t n_tokens) {
  Scratch w;
  w.cs = reinterpret_cast<double*>(scratch);
  w.dt = scratch + 2 * n_tokens * n_heads;
  w.cb = w.dt + n_tokens * n_heads;
  return w;
}

}  // namespace

std::int64_t ssm_chunk_scan_scratch_floats(std::int64_t n_heads, std::int64_t n_groups, std::int64_t max_tokens) {
  const std::int64_t chunks = (max_tokens + kQ - 1) / kQ;
  return 3 * max_tokens * n_heads + chunks * n_groups * kQ * kQ;
}

cudaError_t ssm_chunk_scan(const SsmScanArgs& a, float* scratch, cudaStream_t stream) {
  if (a.n_heads <= 0 || a.head_dim <= 0 || a.n_groups <= 0 || a.n_heads % a.n_groups != 0 || a.n_tokens < 0 ||
      a.state_size <= 0 || a.state_size > 256 || !scratch)
    return cudaErrorInvalidValue;
  if (a.n_tokens == 0) return cudaSuccess;
  if (a.state_size > kMaxN) return ssm_scan(a, stream);
  const std::int64_t chunks = (a.n_tokens + kQ - 1) / kQ;
  if (chunks > 0x7fffffff || a.n_heads > 65535 || a.n_groups > 65535) return cudaErrorInvalidValue;
  const Scratch w = carve(scratch, a.n_heads, a.n_tokens);
  const auto grid_chunks = static_cast<unsigned>(chunks);
  const auto H = static_cast<unsigned>(a.n_heads), G = static_cast<unsigned>(a.n_groups);

  const std::int64_t prep_threads = chunks * a.n_heads;
  prep_kernel<<<static_cast<unsigned>((prep_threads + kThreads - 1) / kThreads), kThreads, 0, stream>>>(a, w, chunks);
  cb_kernel<<<dim3(grid_chunks, G), kThreads, 0, stream>>>(a, w);
  intra_kernel<<<dim3(grid_chunks, H), kThreads, 0, stream>>>(a, w);
  const auto slices = static_cast<unsigned>((a.head_dim + kSlice - 1) / kSlice);
  state_kernel<<<dim3(slices, H), kThreads, 0, stream>>>(a, w, chunks);
  return cudaGetLastError();
}

}  // namespace hearth::kernels
