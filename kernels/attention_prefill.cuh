// Causal attention of T new tokens over the KV cache (prefill), flash style: no score matrix in memory.
// NoPE, GQA: query head h reads KV head ⌊h / G⌋ with G = n_q_heads / n_kv_heads (Super 32 / 2, G = 16).
// Token i (0 ≤ i < T) sits at position pos0 + i and attends over cache positions [0, pos0 + i]; its own K/V
// must already be in the cache (kv_cache_write). out = softmax(q·Kᵀ·scale)·V per query head.
//
// Work split: for one KV head, the G query heads of every new token form "rows" r = i·G + g (g = head in
// the group), so a block of rows holds a few tokens × all their heads. Each K/V tile is staged in shared
// memory once per block and used by every row of it: that is where GQA saves bandwidth, and small T
// (a chat turn) still fills a block. Each block streams the key tiles its rows can see, in order, keeping an
// online softmax (running max m, sum l, weighted V) per row; tiles past its last row's position are never
// read. When there are too few blocks to fill the GPU (a short prompt over a long cache) and scratch is
// given, each block's tiles are split over several blocks whose partial softmaxes a second kernel merges.
// Every partial result is produced by one block in a fixed order: bits are reproducible run to run.
//
// Two kinds of math:
//  - tensor cores (default): Q, K, V and the probabilities rounded to f16, products on mma.sync with fp32
//    accumulation, softmax in fp32. Against an fp32 reference: ≈ 1e-3 absolute on outputs in [-1, 1].
//  - precise: fp32 on CUDA cores throughout (matches the CPU reference and attention_decode to ≈ 1e-6).
// No host synchronisation, no allocation: safe inside CUDA graph capture.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace hearth::kernels {

struct AttentionPrefillArgs {
  const float* q = nullptr;   // (n_tokens, ld_q): row i holds n_q_heads·head_dim queries, head-major
  std::int64_t ld_q = 0;      // floats between query rows, ≥ n_q_heads·head_dim (a fused QKV buffer is fine)
  const void* k = nullptr;    // cache (n_kv_heads, capacity, head_dim), f16 or f32, as attention_decode reads it
  const void* v = nullptr;    // same layout as k
  bool cache_f16 = true;
  std::int64_t capacity = 0;  // positions the cache can hold; pos0 + n_tokens ≤ capacity
  std::int64_t pos0 = 0;      // position of the first new token (tokens already in the cache before it)
  std::int64_t n_tokens = 0;  // T ≥ 1
  int n_q_heads = 0, n_kv_heads = 0;
  int head_dim = 0;           // multiple of 8, ≤ 128 (128 in every Nemotron model)
  float scale = 0.0f;         // 1/sqrt(head_dim) for Nemotron
  bool precise = false;       // fp32 CUDA-core math instead of f16 tensor cores
  float* out = nullptr;       // (n_tokens, n_q_heads·head_dim), densely packed
  // Optional, attention_prefill_scratch_floats(head_dim) floats of device memory. With it, a launch of few
  // blocks (a short prompt over a long cache: a chat turn) splits each block's keys over several blocks
  // and merges their partial softmaxes in a second kernel (either kind of math); without it, never.
  float* scratch = nullptr;
};

// Scratch for the key split; the same for every n_tokens and context length.
std::int64_t attention_prefill_scratch_floats(int head_dim);

// Launches on `stream`; returns cudaErrorInvalidValue for shapes outside the limits above.
cudaError_t attention_prefill(const AttentionPrefillArgs& args, cudaStream_t stream);

}  // namespace hearth::kernels
