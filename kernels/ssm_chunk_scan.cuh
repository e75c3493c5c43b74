// The Mamba-2 selective scan in its chunked SSD form for prefill, fp32 throughout. Same semantics and arguments
// as ssm_scan (ssm_scan.cuh): dt = softplus(dt_raw + dt_bias) (no clamp; dt used as given when dt_bias is
// null), S_h ← exp(dt·A_h)·S_h + dt·x_h ⊗ B_g, y_h = S_h·C_g + D_h·x_h, head h reading group g = ⌊h / (H/G)⌋,
// starting from and updating args.state, so a prompt may be fed in several calls.
//
// The tokens are cut into chunks of kSsmChunkLength. Within a chunk, per head, with the cumulative log-decay
// cs_i = Σ_{j≤i} dt_j·A (from the chunk's start) and the state S_prev carried in from the chunks before:
//   y_i   = Σ_{j≤i} exp(cs_i − cs_j)·(C_i·B_j)·dt_j·x_j  +  exp(cs_i)·(S_prev·C_i)  +  D·x_i
//   S_new = exp(cs_last)·S_prev + Σ_j exp(cs_last − cs_j)·dt_j·x_j ⊗ B_j
// which is the per-token recurrence regrouped (nemotron-h.md §2.1, "Chunked SSD"): the intra-chunk part is
// small matrix products that run in parallel over (chunk, head), and the state is touched once per chunk
// instead of once per token. The two forms agree to fp32 rounding.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

#include "ssm_scan.cuh"

namespace hearth::kernels {

// Tokens per chunk. Shorter chunks cost less intra-chunk work (∝ length per token), longer ones fewer passes
// over the state; 64 keeps a chunk's C or B block (64 × 128 floats) in shared memory beside a state slice.
constexpr std::int64_t kSsmChunkLength = 64;
// The chunked path holds a state row of up to this many floats in shared memory; larger state_size is handed
// to the sequential ssm_scan (Nemotron-H uses 128 everywhere).
constexpr std::int64_t kSsmChunkMaxState = 128;

// Floats of device scratch ssm_chunk_scan needs for calls of up to max_tokens tokens:
// 3·T·H (dt and its cumulative sum in double, per token and head) + ⌈T/64⌉·G·64² (C·Bᵀ per chunk and group).
// Super (H = 128, G = 8) at T = 2048: 1.8 M floats, 7.3 MB. Allocate once at the engine's max batch.
std::int64_t ssm_chunk_scan_scratch_floats(std::int64_t n_heads, std::int64_t n_groups, std::int64_t max_tokens);

// args as for ssm_scan (y must not overlap x, B, C or dt). scratch: at least
// ssm_chunk_scan_scratch_floats(H, G, n_tokens) floats, 8-byte aligned (cudaMalloc's are); its contents are
// not needed between calls. Four kernel launches on `stream`, no allocation, no host synchronisation, so it
// can be captured in a CUDA graph. Deterministic: the same inputs give bit-identical outputs.
// Returns cudaErrorInvalidValue for bad shapes (as ssm_scan) or a null scratch. Meant for prefill: a single
// decode token costs four launches here against one in ssm_scan, which stays the decode path.
cudaError_t ssm_chunk_scan(const SsmScanArgs& args, float* scratch, cudaStream_t stream);

}  // namespace hearth::kernels
