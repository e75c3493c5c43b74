// Glossary: G = query heads per KV head, D = head_dim (≤ 128; 128 in every Nemotron model), span = positions one block handles,
// tile = 128 positions scored at once (one per thread), m/l/acc = online-softmax max, sum, weighted V.
#include "attention_decode.cuh"

#include <cuda_fp16.h>

#include "common.cuh"

namespace hearth::kernels {
namespace {

constexpr int kD = 128;        // the largest head_dim; one thread per dimension
constexpr int kThreads = 128;  // = kD = tile length
constexpr int kMaxG = 16;
// Positions per block: long enough to amortise the merge, short enough that an 8K context still spreads
// over many SMs (8192 / 256 = 32 spans per KV head).
constexpr int kSpan = 256;

template <bool F16>
__device__ __forceinline__ float load_kv(const void* base, std::int64_t i) {
  if (F16) return __half2float(static_cast<const __half*>(base)[i]);
  return static_cast<const float*>(base)[i];
}

__device__ __forceinline__ float block_max(float v, float* scratch) {
  const int lane = threadIdx.x % kWarpSize, warp = threadIdx.x / kWarpSize;
#pragma unroll
  for (int o = kWarpSize / 2; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  v = lane < kThreads / kWarpSize ? scratch[lane] : -INFINITY;
#pragma unroll
  for (int o = kWarpSize / 2; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  __syncthreads();
  return v;
}

// Block (kv head, span): partial results for its G query heads -> scratch (m, l, acc[D]) per head and span.
template <bool F16>
__global__ void attention_span_kernel(AttentionDecodeArgs a, int n_spans) {
  __shared__ float q_s[kMaxG][kD];
  __shared__ float p_s[kMaxG][kThreads];
  __shared__ float red[kThreads / kWarpSize];
  const int kvh = blockIdx.x, span = blockIdx.y;
  const int G = a.n_q_heads / a.n_kv_heads;
  const int tid = threadIdx.x;
  const int D = a.head_dim;
  for (int j = 0; j < G; ++j) q_s[j][tid] = tid < D ? a.q[(kvh * G + j) * D + tid] * a.scale : 0.0f;
  __syncthreads();

  const std::int64_t n_ctx = a.n_ctx_device ? *a.n_ctx_device : a.n_ctx;
  const std::int64_t t_begin = static_cast<std::int64_t>(span) * kSpan;
  const std::int64_t t_end = n_ctx < t_begin + kSpan ? n_ctx : t_begin + kSpan;
  const std::int64_t head_base = static_cast<std::int64_t>(kvh) * a.capacity * D;
  float m[kMaxG], l[kMaxG], acc[kMaxG];
#pragma unroll
  for (int j = 0; j < kMaxG; ++j) {
    m[j] = -INFINITY;
    l[j] = 0.0f;
    acc[j] = 0.0f;
  }
  for (std::int64_t t0 = t_begin; t0 < t_end; t0 += kThreads) {
    const std::int64_t t = t0 + tid;
    const int n_tile = static_cast<int>(t_end - t0 < kThreads ? t_end - t0 : kThreads);
    // Scores: thread tid takes position t and dots its K row with the G queries.
    float s[kMaxG];
#pragma unroll
    for (int j = 0; j < kMaxG; ++j) s[j] = 0.0f;
    if (tid < n_tile) {
      const std::int64_t row = head_base + t * D;
      for (int d = 0; d < D; ++d) {
        const float kd = load_kv<F16>(a.k, row + d);
#pragma unroll
        for (int j = 0; j < kMaxG; ++j)
          if (j < G) s[j] += q_s[j][d] * kd;
      }
    }
    // G is the same for every thread, so the barriers inside the reductions are reached uniformly.
#pragma unroll
    for (int j = 0; j < kMaxG; ++j) {
      if (j >= G) break;
      const float tile_max = block_max(tid < n_tile ? s[j] : -INFINITY, red);
      const float m_new = fmaxf(m[j], tile_max);
      const float p = tid < n_tile ? __expf(s[j] - m_new) : 0.0f;
      p_s[j][tid] = p;
      const float correction = __expf(m[j] - m_new);  // exp(-inf) = 0 on the first tile
      l[j] = l[j] * correction + block_sum(p, red);
      acc[j] *= correction;
      m[j] = m_new;
    }
    __syncthreads();
    // Weighted V: thread tid owns dimension d = tid.
    for (int i = 0; i < n_tile && tid < D; ++i) {
      const float vd = load_kv<F16>(a.v, head_base + (t0 + i) * D + tid);
#pragma unroll
      for (int j = 0; j < kMaxG; ++j)
        if (j < G) acc[j] += p_s[j][i] * vd;
    }
    __syncthreads();
  }
  // scratch layout per (q head, span): [m, l, acc[0..D)]
#pragma unroll
  for (int j = 0; j < kMaxG; ++j) {
    if (j >= G) break;
    float* rec = a.scratch + (static_cast<std::int64_t>(kvh * G + j) * n_spans + span) * (D + 2);
    if (tid == 0) {
      rec[0] = m[j];
      rec[1] = l[j];
    }
    if (tid < D) rec[2 + tid] = acc[j];
  }
}

__global__ void attention_merge_kernel(AttentionDecodeArgs a, int n_spans) {
  const int h = blockIdx.x, tid = threadIdx.x, D = a.head_dim;
  const float* recs = a.scratch + static_cast<std::int64_t>(h) * n_spans * (D + 2);
  float m = -INFINITY;
  for (int s = 0; s < n_spans; ++s) m = fmaxf(m, recs[s * (D + 2)]);
  float l = 0.0f, acc = 0.0f;
  for (int s = 0; s < n_spans; ++s) {
    const float* rec = recs + s * (D + 2);
    const float w = __expf(rec[0] - m);
    l += rec[1] * w;
    acc += rec[2 + tid] * w;
  }
  a.out[h * D + tid] = acc / l;
}

__global__ void kv_write_kernel(const float* k_new, const float* v_new, std::int64_t n_tokens, void* k_cache,
                                void* v_cache, bool f16, std::int64_t capacity, std::int64_t pos_value,
                                const std::int32_t* pos_device, int n_kv_heads, int head_dim) {
  const std::int64_t pos = pos_device ? *pos_device : pos_value;
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const std::int64_t row_len = static_cast<std::int64_t>(n_kv_heads) * head_dim;
  if (i >= n_tokens * row_len) return;
  const std::int64_t t = i / row_len, hd = i % row_len, h = hd / head_dim, d = hd % head_dim;
  const std::int64_t dst = (h * capacity + pos + t) * head_dim + d;
  if (f16) {
    static_cast<__half*>(k_cache)[dst] = __float2half_rn(k_new[i]);
    static_cast<__half*>(v_cache)[dst] = __float2half_rn(v_new[i]);
  } else {
    static_cast<float*>(k_cache)[dst] = k_new[i];
    static_cast<float*>(v_cache)[dst] = v_new[i];
  }
}

}  // namespace

std::int64_t attention_decode_scratch_floats(int n_q_heads, int head_dim, std::int64_t max_ctx) {
  const std::int64_t spans = (max_ctx + kSpan - 1) / kSpan;
  return static_cast<std::int64_t>(n_q_heads) * spans * (head_dim + 2);
}

cudaError_t attention_decode(const AttentionDecodeArgs& a, cudaStream_t stream) {
  const std::int64_t n_ctx = a.n_ctx_device ? a.max_ctx : a.n_ctx;  // the grid's reach
  if (a.head_dim <= 0 || a.head_dim > kD || a.n_kv_heads <= 0 || a.n_q_heads % a.n_kv_heads != 0 ||
      a.n_q_heads / a.n_kv_heads > kMaxG || n_ctx <= 0 || n_ctx > a.capacity || !a.scratch)
    return cudaErrorInvalidValue;
  const std::int64_t spans = (n_ctx + kSpan - 1) / kSpan;
  if (spans > 65535) return cudaErrorInvalidValue;
  const dim3 grid(static_cast<unsigned>(a.n_kv_heads), static_cast<unsigned>(spans));
  if (a.cache_f16)
    attention_span_kernel<true><<<grid, kThreads, 0, stream>>>(a, static_cast<int>(spans));
  else
    attention_span_kernel<false><<<grid, kThreads, 0, stream>>>(a, static_cast<int>(spans));
  cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess) return err;
  attention_merge_kernel<<<a.n_q_heads, a.head_dim, 0, stream>>>(a, static_cast<int>(spans));
  return cudaGetLastError();
}

cudaError_t kv_cache_write(const float* k_new, const float* v_new, std::int64_t n_tokens, void* k_cache,
                           void* v_cache, bool cache_f16, std::int64_t capacity, std::int64_t pos, int n_kv_heads,
                           int head_dim, cudaStream_t stream) {
  if (n_tokens < 0 || pos < 0 || pos + n_tokens > capacity || n_kv_heads <= 0 || head_dim <= 0)
    return cudaErrorInvalidValue;
  const std::int64_t total = n_tokens * n_kv_heads * head_dim;
  if (total == 0) return cudaSuccess;
  constexpr int kWriteThreads = 256;
  kv_write_kernel<<<static_cast<unsigned>((total + kWriteThreads - 1) / kWriteThreads), kWriteThreads, 0, stream>>>(
      k_new, v_new, n_tokens, k_cache, v_cache, cache_f16, capacity, pos, nullptr, n_kv_heads, head_dim);
  return cudaGetLastError();
}

cudaError_t kv_cache_write_at(const float* k_new, const float* v_new, void* k_cache, void* v_cache, bool cache_f16,
                              std::int64_t capacity, const std::int32_t* pos_device, int n_kv_heads, int head_dim,
                              cudaStream_t stream) {
  if (!pos_device || capacity <= 0 || n_kv_heads <= 0 || head_dim <= 0) return cudaErrorInvalidValue;
  const std::int64_t total = static_cast<std::int64_t>(n_kv_heads) * head_dim;
  constexpr int kWriteThreads = 256;
  kv_write_kernel<<<static_cast<unsigned>((total + kWriteThreads - 1) / kWriteThreads), kWriteThreads, 0, stream>>>(
      k_new, v_new, 1, k_cache, v_cache, cache_f16, capacity, 0, pos_device, n_kv_heads, head_dim);
  return cudaGetLastError();
}

}  // namespace hearth::kernels
