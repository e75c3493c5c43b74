// Glossary: G = query heads per KV head; row R = i·G + g (token i, head g of the group), the unit of work;
// D = head_dim, kD = D padded to the kernel's compile-time width (64 or 128; pad dims are zero in Q and K,
// so scores are unchanged, and are never stored); tile = kKeys consecutive cache positions;
// lim(R) = last position row R may see = pos0 + i; m / l = running max / sum of the online softmax, o = Σ p·V.
//
// Online softmax over tiles t: m' = max(m, max_t s), c = e^(m − m'), l' = l·c + Σ_t e^(s − m'),
// o' = o·c + Σ_t e^(s − m')·V; out = o / l. Tile 0 holds position 0, which every row sees, so m is finite
// after the first tile and a later tile entirely masked for one row contributes exactly nothing.
#include "attention_prefill.cuh"

#include <cstring>

#include <cuda_fp16.h>

#include "common.cuh"
#include "mma.cuh"

namespace hearth::kernels {
namespace {

constexpr int kMaxD = 128;

// The rows one block computes and the cache positions they can see: [0, key_end).
struct RowBlock {
  std::int64_t r0 = 0;       // first row
  std::int64_t n_rows = 0;   // rows of the whole launch (n_tokens·G) for this KV head
  std::int64_t key_end = 0;  // one past the last row's position
};

// Blocks run the longest rows (highest positions) first, so the short ones fill the tail of the launch.
__device__ __forceinline__ RowBlock row_block(const AttentionPrefillArgs& a, int G, int rows_per_block) {
  RowBlock b;
  b.n_rows = a.n_tokens * G;
  b.r0 = static_cast<std::int64_t>(gridDim.x - 1 - blockIdx.x) * rows_per_block;
  const std::int64_t last = b.r0 + rows_per_block - 1 < b.n_rows - 1 ? b.r0 + rows_per_block - 1 : b.n_rows - 1;
  b.key_end = a.pos0 + last / G + 1;
  return b;
}

// Last position row R sees. Padding rows past the end see everything the block loads (their output is dropped).
__device__ __forceinline__ std::int64_t row_limit(const AttentionPrefillArgs& a, int G, const RowBlock& b,
                                                  std::int64_t R) {
  const std::int64_t lim = a.pos0 + R / G;
  return lim < b.key_end ? lim : b.key_end - 1;
}

// Offset (in floats) of row R's head inside query row i and inside output row i.
__device__ __forceinline__ std::int64_t query_offset(const AttentionPrefillArgs& a, int G, int kvh, std::int64_t R) {
  return (R / G) * a.ld_q + static_cast<std::int64_t>(kvh * G + static_cast<int>(R % G)) * a.head_dim;
}
__device__ __forceinline__ std::int64_t out_offset(const AttentionPrefillArgs& a, int G, int kvh, std::int64_t R) {
  return ((R / G) * a.n_q_heads + kvh * G + static_cast<int>(R % G)) * static_cast<std::int64_t>(a.head_dim);
}

template <bool F16>
__device__ __forceinline__ float load_kv(const void* base, std::int64_t i) {
  if (F16) return __half2float(static_cast<const __half*>(base)[i]);
  return static_cast<const float*>(base)[i];
}

// Key split, for both kernels: blockIdx.z takes a contiguous share of its block's key tiles (gridDim.z
// shares). With one share the block writes out; with several it writes a partial record [m, l, o[0..D)] per
// row to scratch and merge_kernel combines them.
constexpr int kBlockRows = 64;  // rows per block in both kernels; records are laid out by it
// Split when fewer blocks than this would run (two per SM on an H200's 132, more than enough on a GB10) ...
constexpr int kTargetBlocks = 256;
// ... but give each share at least this many positions, so the merge stays small next to the work.
constexpr int kMinSplitKeys = 256;

// Scratch offset (floats) of the record of row R, share z; rows are padded to whole blocks.
__device__ __forceinline__ std::int64_t split_record(int kvh, std::int64_t R, unsigned z, unsigned splits,
                                                     unsigned row_blocks, int D) {
  const std::int64_t rows_padded = static_cast<std::int64_t>(row_blocks) * kBlockRows;
  return ((kvh * rows_padded + R) * splits + z) * (D + 2);
}

// The tiles [t_begin, t_end) of n_tiles that this block's share covers; shares partition the tiles.
__device__ __forceinline__ void split_tiles(std::int64_t n_tiles, std::int64_t& t_begin, std::int64_t& t_end) {
  t_begin = n_tiles * blockIdx.z / gridDim.z;
  t_end = n_tiles * (blockIdx.z + 1) / gridDim.z;
}

// ---------------------------------------------------------------------------------------------------------
// Precise: fp32 on CUDA cores. 64 rows × 32-key tiles, 256 threads, three phases per tile, each with its own
// thread mapping: scores (2 rows × 4 keys per thread), softmax (4 threads per row), P·V (8 rows × kD/32 dims).
namespace precise {

constexpr int kRows = kBlockRows;
constexpr int kKeys = 32;  // small enough that Q, K, V and P of a tile fit in 73 KiB at kD = 128
constexpr int kThreads = 256;
constexpr int kPs = kKeys + 1;  // P row stride: neighbouring rows one bank apart

template <int kD>
constexpr std::size_t smem_floats() {
  return kRows * (kD + 1) + kKeys * (kD + 1) + kKeys * kD + kRows * kPs + 2 * kRows;
}

template <int kD, bool F16>
__global__ void __launch_bounds__(kThreads) attention_prefill_fp32_kernel(AttentionPrefillArgs a, int G) {
  static_assert(kRows == 2 * (kThreads / 8) && kKeys == 8 * 4, "scores: 2 rows × 4 keys per thread");
  static_assert(kRows == kThreads / 4 && kKeys == 4 * 8, "softmax: 4 threads × 8 keys per row");
  static_assert(kRows == 8 * (kThreads / kWarpSize) && kD % kWarpSize == 0, "P·V: 8 rows × kD/32 dims per thread");
  constexpr int kQs = kD + 1;  // Q and K row stride: rows one bank apart
  constexpr int kDj = kD / kWarpSize;
  extern __shared__ float smem[];
  float* q_s = smem;                    // [kRows][kQs]
  float* k_s = q_s + kRows * kQs;       // [kKeys][kQs]
  float* v_s = k_s + kKeys * kQs;       // [kKeys][kD]
  float* p_s = v_s + kKeys * kD;        // [kRows][kPs] scores, then probabilities
  float* corr_s = p_s + kRows * kPs;    // [kRows] this tile's rescale factor e^(m − m')
  float* l_s = corr_s + kRows;          // [kRows] final sums
  const int tid = threadIdx.x, kvh = blockIdx.y, D = a.head_dim;
  const RowBlock b = row_block(a, G, kRows);
  const std::int64_t head_base = static_cast<std::int64_t>(kvh) * a.capacity * D;

  for (int i = tid; i < kRows * kD; i += kThreads) {
    const int r = i / kD, d = i % kD;
    const std::int64_t R = b.r0 + r;
    q_s[r * kQs + d] = R < b.n_rows && d < D ? a.q[query_offset(a, G, kvh, R) + d] : 0.0f;
  }
  const int sy = tid / 8, sx = tid % 8;  // scores: rows 2sy, 2sy+1; keys sx + 8j
  const std::int64_t lim[2] = {row_limit(a, G, b, b.r0 + 2 * sy), row_limit(a, G, b, b.r0 + 2 * sy + 1)};
  const int my = tid / 4, mx = tid % 4;  // softmax: row my, keys 8mx..8mx+7 (a row's 4 threads share a quad)
  float m = -INFINITY, l = 0.0f;
  const int oy = tid / kWarpSize, ox = tid % kWarpSize;  // P·V: rows 8oy..8oy+7, dims ox + 32j
  float o[8][kDj];
#pragma unroll
  for (int r = 0; r < 8; ++r)
#pragma unroll
    for (int j = 0; j < kDj; ++j) o[r][j] = 0.0f;

  std::int64_t t_begin, t_end;
  split_tiles((b.key_end + kKeys - 1) / kKeys, t_begin, t_end);
  for (std::int64_t k0 = t_begin * kKeys; k0 < t_end * kKeys; k0 += kKeys) {
    __syncthreads();  // the previous tile's readers are done
    for (int i = tid; i < kKeys * kD; i += kThreads) {
      const int c = i / kD, d = i % kD;
      const std::int64_t key = k0 + c;
      float kx = 0.0f, vx = 0.0f;
      if (key < b.key_end && d < D) {
        const std::int64_t off = head_base + key * D + d;
        kx = load_kv<F16>(a.k, off);
        vx = load_kv<F16>(a.v, off);
      }
      k_s[c * kQs + d] = kx;
      v_s[c * kD + d] = vx;
    }
    __syncthreads();

    float s[2][4] = {};
    for (int d = 0; d < kD; ++d) {
      const float q0 = q_s[(2 * sy) * kQs + d], q1 = q_s[(2 * sy + 1) * kQs + d];
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const float kd = k_s[(sx + 8 * j) * kQs + d];
        s[0][j] = fmaf(q0, kd, s[0][j]);
        s[1][j] = fmaf(q1, kd, s[1][j]);
      }
    }
#pragma unroll
    for (int i = 0; i < 2; ++i)
#pragma unroll
      for (int j = 0; j < 4; ++j)
        p_s[(2 * sy + i) * kPs + sx + 8 * j] = k0 + sx + 8 * j <= lim[i] ? s[i][j] * a.scale : -INFINITY;
    __syncthreads();

    {
      float x[8];
      float tile_max = -INFINITY;
#pragma unroll
      for (int e = 0; e < 8; ++e) {
        x[e] = p_s[my * kPs + 8 * mx + e];
        tile_max = fmaxf(tile_max, x[e]);
      }
      tile_max = fmaxf(tile_max, __shfl_xor_sync(0xffffffffu, tile_max, 1));
      tile_max = fmaxf(tile_max, __shfl_xor_sync(0xffffffffu, tile_max, 2));
      const float m_new = fmaxf(m, tile_max);
      // A share that starts past the row's position has seen nothing of it yet (max −∞): exponentiate
      // against 0 instead, so every p is 0 and nothing becomes NaN.
      const float base = m_new == -INFINITY ? 0.0f : m_new;
      const float corr = expf(m - base);  // 0 while nothing was seen before (m = −∞)
      float sum = 0.0f;
#pragma unroll
      for (int e = 0; e < 8; ++e) {
        x[e] = expf(x[e] - base);
        sum += x[e];
        p_s[my * kPs + 8 * mx + e] = x[e];
      }
      sum += __shfl_xor_sync(0xffffffffu, sum, 1);
      sum += __shfl_xor_sync(0xffffffffu, sum, 2);
      l = l * corr + sum;
      m = m_new;
      if (mx == 0) corr_s[my] = corr;
    }
    __syncthreads();

#pragma unroll
    for (int r = 0; r < 8; ++r) {
      const float c = corr_s[8 * oy + r];
#pragma unroll
      for (int j = 0; j < kDj; ++j) o[r][j] *= c;
    }
    for (int c = 0; c < kKeys; ++c) {
      float vx[kDj];
#pragma unroll
      for (int j = 0; j < kDj; ++j) vx[j] = v_s[c * kD + ox + kWarpSize * j];
#pragma unroll
      for (int r = 0; r < 8; ++r) {
        const float p = p_s[(8 * oy + r) * kPs + c];
#pragma unroll
        for (int j = 0; j < kDj; ++j) o[r][j] = fmaf(p, vx[j], o[r][j]);
      }
    }
  }
  if (gridDim.z > 1) {
    if (mx == 0 && b.r0 + my < b.n_rows) {
      float* rec = a.scratch + split_record(kvh, b.r0 + my, blockIdx.z, gridDim.z, gridDim.x, D);
      rec[0] = m;
      rec[1] = l;
    }
#pragma unroll
    for (int r = 0; r < 8; ++r) {
      const std::int64_t R = b.r0 + 8 * oy + r;
      if (R >= b.n_rows) break;
      float* rec = a.scratch + split_record(kvh, R, blockIdx.z, gridDim.z, gridDim.x, D);
#pragma unroll
      for (int j = 0; j < kDj; ++j)
        if (ox + kWarpSize * j < D) rec[2 + ox + kWarpSize * j] = o[r][j];
    }
    return;
  }
  if (mx == 0) l_s[my] = l;
  __syncthreads();
#pragma unroll
  for (int r = 0; r < 8; ++r) {
    const std::int64_t R = b.r0 + 8 * oy + r;
    if (R >= b.n_rows) break;
    float* dst = a.out + out_offset(a, G, kvh, R);
    const float total = l_s[8 * oy + r];
#pragma unroll
    for (int j = 0; j < kDj; ++j)
      if (ox + kWarpSize * j < D) dst[ox + kWarpSize * j] = o[r][j] / total;
  }
}

}  // namespace precise

// ---------------------------------------------------------------------------------------------------------
// Tensor cores: mma.sync m16n8k16 (f16 × f16 → f32), FlashAttention-2 style. Each warp owns 16 rows and keeps
// everything per row in registers: its Q fragments, the 16×64 score tile, and the 16×kD output accumulator.
// Fragment layouts: mma.cuh. Two adjacent score C tiles are exactly one A fragment of P for P·V, so
// probabilities never leave registers.
// Budget at kD = 128: 4 warps, 64 rows × 64-key tiles, K and V double-buffered in 68 KiB of shared memory,
// ≈ 240 registers per thread (Q fragments 32, scores 32, output 64): two blocks (8 warps) per H200 SM, one
// per GB10 SM (≈ 100 KiB of shared memory there).
namespace tc {

constexpr int kWarps = 4;
constexpr int kRows = 16 * kWarps;  // 64 rows: 4 Super tokens × 16 heads share every K/V tile
constexpr int kKeys = 64;
constexpr int kThreads = kWarps * kWarpSize;
static_assert(kRows == kBlockRows, "split records assume 64-row blocks");

template <int kD>
constexpr int stride() {
  return kD + 8;  // halves per shared row; the 16-byte pad puts the 8 rows of an 8×8 matrix in distinct banks
}
// Two stages of K and V tiles: the next tile streams in while the current one is multiplied.
template <int kD>
constexpr std::size_t smem_bytes() {
  return 2 * 2 * static_cast<std::size_t>(kKeys) * stride<kD>() * sizeof(__half);
}

// 16 bytes global → shared without passing through registers; zeros when !valid (nothing is read then).
__device__ __forceinline__ void cp_async16(void* dst, const void* src, bool valid) {
  const unsigned addr = static_cast<unsigned>(__cvta_generic_to_shared(dst));
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(addr), "l"(src), "r"(valid ? 16 : 0)
               : "memory");
}
__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::: "memory"); }
// Waits for every committed group but the newest.
__device__ __forceinline__ void cp_async_wait_previous() { asm volatile("cp.async.wait_group 1;\n" ::: "memory"); }

// Low 16 bits hold the lower index, as mma expects.
__device__ __forceinline__ std::uint32_t as_u32(__half2 h) {
  std::uint32_t u;
  memcpy(&u, &h, sizeof(u));
  return u;
}
__device__ __forceinline__ std::uint32_t pack(float lo, float hi) { return as_u32(__floats2half2_rn(lo, hi)); }

// Starts moving K and V rows [k0, k0 + kKeys) of one head into shared memory as f16, 16 bytes at a time;
// positions at or past key_end and dims past D become zero. An f16 cache goes by cp.async (landed after the
// matching wait); an f32 one is converted through registers (landed when this returns).
template <int kD, bool F16>
__device__ __forceinline__ void load_tile(const AttentionPrefillArgs& a, std::int64_t head_base, std::int64_t k0,
                                          std::int64_t key_end, __half* k_s, __half* v_s) {
  constexpr int kChunks = kD / 8;
  for (int i = threadIdx.x; i < kKeys * kChunks; i += kThreads) {
    const int c = i / kChunks, d = (i % kChunks) * 8;
    const std::int64_t key = k0 + c;
    const bool valid = key < key_end && d < a.head_dim;
    const std::int64_t off = valid ? head_base + key * a.head_dim + d : 0;
    __half* k_dst = k_s + c * stride<kD>() + d;
    __half* v_dst = v_s + c * stride<kD>() + d;
    if constexpr (F16) {
      cp_async16(k_dst, static_cast<const __half*>(a.k) + off, valid);
      cp_async16(v_dst, static_cast<const __half*>(a.v) + off, valid);
    } else {
      uint4 kx = make_uint4(0, 0, 0, 0), vx = kx;
      if (valid) {
        const float4* kp = reinterpret_cast<const float4*>(static_cast<const float*>(a.k) + off);
        const float4* vp = reinterpret_cast<const float4*>(static_cast<const float*>(a.v) + off);
        const float4 k_lo = kp[0], k_hi = kp[1], v_lo = vp[0], v_hi = vp[1];
        kx = make_uint4(pack(k_lo.x, k_lo.y), pack(k_lo.z, k_lo.w), pack(k_hi.x, k_hi.y), pack(k_hi.z, k_hi.w));
        vx = make_uint4(pack(v_lo.x, v_lo.y), pack(v_lo.z, v_lo.w), pack(v_hi.x, v_hi.y), pack(v_hi.z, v_hi.w));
      }
      *reinterpret_cast<uint4*>(k_dst) = kx;
      *reinterpret_cast<uint4*>(v_dst) = vx;
    }
  }
}

template <int kD, bool F16>
__global__ void __launch_bounds__(kThreads) attention_prefill_mma_kernel(AttentionPrefillArgs a, int G) {
  constexpr int kStride = stride<kD>();
  constexpr int kKs = kD / 16;     // k-steps over head dims (Q·Kᵀ)
  constexpr int kJ = kKeys / 8;    // score n-tiles
  constexpr int kKk = kKeys / 16;  // k-steps over keys (P·V)
  constexpr int kDn = kD / 8;      // output n-tiles
  constexpr int kTile = kKeys * kStride;
  extern __shared__ __align__(16) unsigned char smem_raw[];
  __half* const smem = reinterpret_cast<__half*>(smem_raw);  // [stage][K, V][kKeys][kStride]
  const int warp = threadIdx.x / kWarpSize, lane = threadIdx.x % kWarpSize;
  const int fr = lane / 4, fc = (lane % 4) * 2;
  const int kvh = blockIdx.y, D = a.head_dim;
  const RowBlock b = row_block(a, G, kRows);
  const std::int64_t head_base = static_cast<std::int64_t>(kvh) * a.capacity * D;
  const std::int64_t R[2] = {b.r0 + 16 * warp + fr, b.r0 + 16 * warp + fr + 8};
  const std::int64_t lim[2] = {row_limit(a, G, b, R[0]), row_limit(a, G, b, R[1])};
  const std::int64_t min_lim = a.pos0 + b.r0 / G;  // the block's first row sees the fewest positions
  std::int64_t t_begin, t_end;
  split_tiles((b.key_end + kKeys - 1) / kKeys, t_begin, t_end);

  if (t_begin < t_end) load_tile<kD, F16>(a, head_base, t_begin * kKeys, b.key_end, smem, smem + kTile);
  cp_async_commit();

  std::uint32_t qf[kKs][4];
  {
    const float* qrow[2] = {R[0] < b.n_rows ? a.q + query_offset(a, G, kvh, R[0]) : nullptr,
                            R[1] < b.n_rows ? a.q + query_offset(a, G, kvh, R[1]) : nullptr};
    auto qv = [&](int i, int d) { return qrow[i] && d < D ? qrow[i][d] : 0.0f; };
#pragma unroll
    for (int ks = 0; ks < kKs; ++ks) {
      const int d = 16 * ks + fc;
      qf[ks][0] = pack(qv(0, d), qv(0, d + 1));
      qf[ks][1] = pack(qv(1, d), qv(1, d + 1));
      qf[ks][2] = pack(qv(0, d + 8), qv(0, d + 9));
      qf[ks][3] = pack(qv(1, d + 8), qv(1, d + 9));
    }
  }
  const float scale_log2 = a.scale * 1.4426950408889634f;  // scores in log2 units: softmax by exp2
  float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.0f, 0.0f};
  float o[kDn][4];
#pragma unroll
  for (int dn = 0; dn < kDn; ++dn) o[dn][0] = o[dn][1] = o[dn][2] = o[dn][3] = 0.0f;
  // ldmatrix row addresses: lane = 8·(matrix) + (row in matrix).
  const int lm_row = lane % 8, lm_mat = lane / 8;

  for (std::int64_t t = t_begin; t < t_end; ++t) {
    const std::int64_t k0 = t * kKeys;
    const int stage = static_cast<int>((t - t_begin) % 2);
    if (t + 1 < t_end) {
      __half* next = smem + (1 - stage) * 2 * kTile;
      load_tile<kD, F16>(a, head_base, k0 + kKeys, b.key_end, next, next + kTile);
    }
    cp_async_commit();  // possibly empty: keeps "all but the newest group" meaning "tile t"
    cp_async_wait_previous();
    __syncthreads();  // tile t is visible to every warp
    const __half* k_s = smem + stage * 2 * kTile;
    const __half* v_s = k_s + kTile;

    // S = Q·Kᵀ: matrix i of a load is keys 8j..8j+7 × dims 16ks + 8i.., i.e. b0, b1 of k-steps ks, ks+1.
    float s[kJ][4];
#pragma unroll
    for (int j = 0; j < kJ; ++j) {
      s[j][0] = s[j][1] = s[j][2] = s[j][3] = 0.0f;
#pragma unroll
      for (int ks = 0; ks < kKs; ks += 2) {
        std::uint32_t kb[4];
        ldmatrix_x4(kb, k_s + (8 * j + lm_row) * kStride + 16 * ks + 8 * lm_mat);
        mma_16816(s[j], qf[ks], kb[0], kb[1]);
        mma_16816(s[j], qf[ks + 1], kb[2], kb[3]);
      }
    }
    const bool unmasked = k0 + kKeys - 1 <= min_lim;  // the same for the whole block
    float tile_max[2] = {m[0], m[1]};
#pragma unroll
    for (int j = 0; j < kJ; ++j)
#pragma unroll
      for (int e = 0; e < 4; ++e) {
        float x = s[j][e] * scale_log2;
        if (!unmasked && k0 + 8 * j + fc + (e & 1) > lim[e >> 1]) x = -INFINITY;
        s[j][e] = x;
        tile_max[e >> 1] = fmaxf(tile_max[e >> 1], x);
      }
    float corr[2], base[2];
#pragma unroll
    for (int i = 0; i < 2; ++i) {
      tile_max[i] = fmaxf(tile_max[i], __shfl_xor_sync(0xffffffffu, tile_max[i], 1));
      tile_max[i] = fmaxf(tile_max[i], __shfl_xor_sync(0xffffffffu, tile_max[i], 2));
      // A split that starts past a row's position has seen nothing for it yet (max −∞): exponentiate against
      // 0 instead, so every p is 0 and nothing becomes NaN.
      base[i] = tile_max[i] == -INFINITY ? 0.0f : tile_max[i];
      corr[i] = exp2f(m[i] - base[i]);  // 0 after nothing seen (m = −∞)
      m[i] = tile_max[i];
    }
    // Probabilities rounded to f16 once; the same rounded values feed P·V and the sum l, so each output stays
    // an exact weighted average of V rows.
    std::uint32_t pf[kKk][4];
    float tile_sum[2] = {0.0f, 0.0f};
#pragma unroll
    for (int kk = 0; kk < kKk; ++kk)
#pragma unroll
      for (int hi = 0; hi < 2; ++hi) {  // keys 16kk..16kk+7, then 16kk+8..16kk+15
        const float* sj = s[2 * kk + hi];
        const __half2 top = __floats2half2_rn(exp2f(sj[0] - base[0]), exp2f(sj[1] - base[0]));  // row fr
        const __half2 bot = __floats2half2_rn(exp2f(sj[2] - base[1]), exp2f(sj[3] - base[1]));  // row fr + 8
        const float2 tf = __half22float2(top), bf = __half22float2(bot);
        tile_sum[0] += tf.x + tf.y;
        tile_sum[1] += bf.x + bf.y;
        pf[kk][2 * hi] = as_u32(top);
        pf[kk][2 * hi + 1] = as_u32(bot);
      }
#pragma unroll
    for (int i = 0; i < 2; ++i) l[i] = l[i] * corr[i] + tile_sum[i];
#pragma unroll
    for (int dn = 0; dn < kDn; ++dn) {
      o[dn][0] *= corr[0];
      o[dn][1] *= corr[0];
      o[dn][2] *= corr[1];
      o[dn][3] *= corr[1];
    }
    // O += P·V: matrix i of a transposed load is keys 16kk + 8(i%2).. × dims 8dn + 8(i/2)..,
    // i.e. b0, b1 of output tiles dn, dn+1.
#pragma unroll
    for (int kk = 0; kk < kKk; ++kk)
#pragma unroll
      for (int dn = 0; dn < kDn; dn += 2) {
        std::uint32_t vb[4];
        ldmatrix_x4_trans(vb, v_s + (16 * kk + 8 * (lm_mat % 2) + lm_row) * kStride + 8 * dn + 8 * (lm_mat / 2));
        mma_16816(o[dn], pf[kk], vb[0], vb[1]);
        mma_16816(o[dn + 1], pf[kk], vb[2], vb[3]);
      }
    __syncthreads();  // every warp is done with this stage before tile t + 2 lands in it
  }

#pragma unroll
  for (int i = 0; i < 2; ++i) {
    l[i] += __shfl_xor_sync(0xffffffffu, l[i], 1);  // a row's sum is spread over the 4 lanes of its quad
    l[i] += __shfl_xor_sync(0xffffffffu, l[i], 2);
  }
#pragma unroll
  for (int i = 0; i < 2; ++i) {
    if (R[i] >= b.n_rows) continue;
    if (gridDim.z == 1) {
      float* dst = a.out + out_offset(a, G, kvh, R[i]);
      const float inv = 1.0f / l[i];
#pragma unroll
      for (int dn = 0; dn < kDn; ++dn) {
        const int d = 8 * dn + fc;
        if (d < D) *reinterpret_cast<float2*>(dst + d) = make_float2(o[dn][2 * i] * inv, o[dn][2 * i + 1] * inv);
      }
    } else {
      float* rec = a.scratch + split_record(kvh, R[i], blockIdx.z, gridDim.z, gridDim.x, D);
      if (fc == 0) {
        rec[0] = m[i];
        rec[1] = l[i];
      }
#pragma unroll
      for (int dn = 0; dn < kDn; ++dn) {
        const int d = 8 * dn + fc;
        if (d < D) *reinterpret_cast<float2*>(rec + 2 + d) = make_float2(o[dn][2 * i], o[dn][2 * i + 1]);
      }
    }
  }
}

}  // namespace tc

// One block per (row, KV head), one thread per dim: combines the share records of the row.
// out = Σ_z o_z·e^(m_z − M) / Σ_z l_z·e^(m_z − M) with M = max_z m_z (finite: some share holds position 0);
// the tensor-core kernel keeps m in log2 units (kLog2), the precise one in natural units.
template <bool kLog2>
__global__ void merge_kernel(AttentionPrefillArgs a, int G, int splits, unsigned row_blocks) {
  const std::int64_t R = blockIdx.x;
  const int kvh = blockIdx.y, d = threadIdx.x, D = a.head_dim;
  const float* recs = a.scratch + split_record(kvh, R, 0, splits, row_blocks, D);
  float M = -INFINITY;
  for (int z = 0; z < splits; ++z) M = fmaxf(M, recs[z * (D + 2)]);
  float L = 0.0f, O = 0.0f;
  for (int z = 0; z < splits; ++z) {
    const float* rec = recs + z * (D + 2);
    const float w = kLog2 ? exp2f(rec[0] - M) : expf(rec[0] - M);  // 0 for a share that saw nothing of this row
    L += rec[1] * w;
    O += rec[2 + d] * w;
  }
  a.out[out_offset(a, G, kvh, R) + d] = O / L;
}

// Shares per block for a launch of `blocks` blocks: enough to reach kTargetBlocks, at least kMinSplitKeys
// positions each in the longest block, and records within the scratch (blocks · splits < 2 · kTargetBlocks).
unsigned key_splits(const AttentionPrefillArgs& a, std::int64_t blocks) {
  if (!a.scratch || blocks >= kTargetBlocks) return 1;
  std::int64_t splits = (kTargetBlocks + blocks - 1) / blocks;
  const std::int64_t by_length = (a.pos0 + a.n_tokens) / kMinSplitKeys;
  if (splits > by_length) splits = by_length;
  return splits > 1 ? static_cast<unsigned>(splits) : 1;
}

// One launch of `kernel` over (row blocks, KV heads, shares), then the merge when there are several shares.
template <bool kLog2, typename Kernel>
cudaError_t launch_split(Kernel* kernel, int threads, std::size_t smem, const AttentionPrefillArgs& a, int G,
                         cudaStream_t stream) {
  // Above the 48 KiB default at kD = 128; a host-side attribute, legal during graph capture.
  cudaError_t err = cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(smem));
  if (err != cudaSuccess) return err;
  const std::int64_t rows = a.n_tokens * G;
  dim3 grid(static_cast<unsigned>((rows + kBlockRows - 1) / kBlockRows), static_cast<unsigned>(a.n_kv_heads));
  grid.z = key_splits(a, static_cast<std::int64_t>(grid.x) * grid.y);
  kernel<<<grid, threads, smem, stream>>>(a, G);
  err = cudaGetLastError();
  if (err != cudaSuccess || grid.z == 1) return err;
  merge_kernel<kLog2><<<dim3(static_cast<unsigned>(rows), grid.y), a.head_dim, 0, stream>>>(
      a, G, static_cast<int>(grid.z), grid.x);
  return cudaGetLastError();
}

template <int kD, bool F16>
cudaError_t launch(const AttentionPrefillArgs& a, int G, cudaStream_t stream) {
  if (a.precise)
    return launch_split<false>(precise::attention_prefill_fp32_kernel<kD, F16>, precise::kThreads,
                               precise::smem_floats<kD>() * sizeof(float), a, G, stream);
  return launch_split<true>(tc::attention_prefill_mma_kernel<kD, F16>, tc::kThreads, tc::smem_bytes<kD>(), a, G,
                            stream);
}

bool misaligned(const void* p, std::uintptr_t bytes) { return reinterpret_cast<std::uintptr_t>(p) % bytes != 0; }

}  // namespace

std::int64_t attention_prefill_scratch_floats(int head_dim) {
  return std::int64_t{2} * kTargetBlocks * kBlockRows * (head_dim + 2);
}

cudaError_t attention_prefill(const AttentionPrefillArgs& a, cudaStream_t stream) {
  if (!a.q || !a.k || !a.v || !a.out || a.n_tokens < 1 || a.pos0 < 0 || a.capacity < a.pos0 + a.n_tokens ||
      a.n_kv_heads <= 0 || a.n_kv_heads > 65535 || a.n_q_heads <= 0 || a.n_q_heads % a.n_kv_heads != 0 ||
      a.head_dim <= 0 || a.head_dim > kMaxD || a.head_dim % 8 != 0 ||
      a.ld_q < static_cast<std::int64_t>(a.n_q_heads) * a.head_dim)
    return cudaErrorInvalidValue;
  // 16-byte K/V loads and 8-byte output stores.
  if (misaligned(a.k, 16) || misaligned(a.v, 16) || misaligned(a.out, 8) || misaligned(a.scratch, 8))
    return cudaErrorInvalidValue;
  const int G = a.n_q_heads / a.n_kv_heads;
  if (a.n_tokens > (std::int64_t{1} << 36) / G) return cudaErrorInvalidValue;  // ≤ 2³⁰ blocks of 64 rows in grid.x
  if (a.head_dim <= 64) return a.cache_f16 ? launch<64, true>(a, G, stream) : launch<64, false>(a, G, stream);
  return a.cache_f16 ? launch<128, true>(a, G, stream) : launch<128, false>(a, G, stream);
}

}  // namespace hearth::kernels
