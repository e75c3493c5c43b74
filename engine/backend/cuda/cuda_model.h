// The whole Nemotron-H forward on the GPU: weights uploaded once (device_weights.h), per-sequence state on the
// device (CudaState), and a forward pass over a batch of tokens that leaves everything on the device except
// the logits it is asked for. Decode (1 token) uses the GEMV kernels; prefill batches use cuBLAS GEMMs with
// tokens grouped by expert for the MoE. All scratch is allocated when the model is created: no allocation
// happens per token or per op.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <cuda_runtime_api.h>

#include "backend/cuda/cuda_matmul.h"
#include "backend/cuda/device_buffer.h"
#include "backend/cuda/device_weights.h"
#include "backend/cuda/op_profile.h"
#include "kernels/sample.cuh"
#include "core/status.h"
#include "model/model_config.h"
#include "model/weights.h"

namespace hearth::cuda {

// One sequence's recurrent state and KV cache, in device memory.
class CudaState {
 public:
  std::int64_t capacity() const { return capacity_; }
  std::int64_t n_past() const { return n_past_; }
  bool kv_f16() const { return kv_f16_; }
  std::uint64_t bytes() const;

  // A copy of the whole state on the device (regenerate, branching, speculative decoding).
  Result<std::unique_ptr<CudaState>> snapshot(cudaStream_t stream) const;
  Status restore(const CudaState& from, cudaStream_t stream);
  // Resets to the empty sequence (zeroed conv/SSM state; the KV cache is overwritten as tokens arrive).
  Status clear(cudaStream_t stream);

  // Host copies in the backend-neutral snapshot layout (runtime::StateSnapshot): conv and SSM state per Mamba
  // layer as they are, and per attention layer K rows [0, n_past) then V rows, each row all KV heads of one
  // position (the device keeps heads apart: (n_kv_heads, capacity, head_dim)). So a snapshot taken on the GPU
  // restores on the CPU and back.
  Status save(std::int64_t n_past, std::vector<float>& conv, std::vector<float>& ssm, std::vector<std::uint8_t>& kv,
              int n_kv_heads, int head_dim, cudaStream_t stream) const;
  Status load(std::int64_t n_past, const std::vector<float>& conv, const std::vector<float>& ssm,
              const std::vector<std::uint8_t>& kv, const std::vector<std::int32_t>& tokens, int n_kv_heads,
              int head_dim, cudaStream_t stream);
  // Whether host copies of these sizes fit this state.
  bool fits(std::int64_t n_past, std::size_t conv_floats, std::size_t ssm_floats, std::size_t kv_bytes) const;

 private:
  friend class CudaModel;
  Status copy_kv(std::uint8_t* device, std::uint8_t* host, bool to_host, std::int64_t n_past, int n_kv_heads,
                 int head_dim, cudaStream_t stream) const;

  DeviceBuffer conv_;  // per Mamba layer: (K−1, C) f32
  DeviceBuffer ssm_;   // per Mamba layer: (H, P, N) f32
  DeviceBuffer kv_;    // per attention layer: K then V, each (n_kv, capacity, head_dim), f16 or f32
  DeviceBuffer history_;  // int32 (capacity): the token at each position, for the device sampler's penalties
  std::int64_t capacity_ = 0, n_past_ = 0;
  std::uint64_t id_ = 0;  // unique per state: the decode graphs captured over its buffers are keyed by it
  bool kv_f16_ = true;
  std::uint64_t conv_layer_floats_ = 0, ssm_layer_floats_ = 0, kv_layer_bytes_ = 0;
};

struct CudaModelOptions {
  int device = 0;
  std::int64_t max_batch = 256;  // prefill chunk: tokens per forward call
  bool precise_prefill = false;  // fp32 SGEMM for batches instead of half tensor cores (Matmul::set_precise)
  UploadOptions upload;
};

class CudaModel {
 public:
  // Uploads the weights of a bound model (the header of `path` was read into config/weights).
  static Result<std::unique_ptr<CudaModel>> load(const std::string& path, std::uint64_t data_offset,
                                                 const model::ModelConfig& config, const model::ModelWeights& weights,
                                                 const CudaModelOptions& options, UploadStats* stats = nullptr);
  ~CudaModel();
  CudaModel(const CudaModel&) = delete;
  CudaModel& operator=(const CudaModel&) = delete;

  const model::ModelConfig& config() const { return config_; }
  std::int64_t max_batch() const { return max_batch_; }
  cudaStream_t stream() const { return stream_; }

  Result<std::unique_ptr<CudaState>> new_state(std::int64_t capacity, bool kv_f16);

  // Runs tokens at positions state.n_past() … (at most max_batch() per call) and advances the state. Logits
  // (n_vocab floats per row) go to `logits` on the host: of the last token, or of every token when
  // all_logits; with logits null they stay on the device (device_logits()). Errors: ContextOverflow (naming
  // by how much), InvalidArgument (token id out of range), DeviceError / OutOfMemory from the GPU.
  Status forward(CudaState& state, const std::int32_t* tokens, std::int64_t n_tokens, float* logits,
                 bool all_logits = false);

  // One decode step (forward of a single token) replayed from a CUDA graph: the whole step is one launch,
  // with the token and position read from device memory, so the host neither re-issues ~20 launches per
  // layer nor waits between them. A graph is captured per state and context bucket (a power of two of
  // attention spans) on first use; later steps only copy three integers in. Same results as forward().
  Status decode(CudaState& state, std::int32_t token, float* logits, bool wait = true);

  // A decode step followed by a draw of the next token on the device (kernels/sample.cuh) from the step's
  // logits, which stay on the device: one host wait per token, for the drawn id. u: the host generator's
  // uniform for this draw; penalty_last_n: how many recent positions count as seen (-1: all).
  Result<std::int32_t> decode_and_draw(CudaState& state, std::int32_t token, const kernels::SampleParams& params,
                                       std::int32_t penalty_last_n, double u);
  void set_graphs(bool enabled) { graphs_enabled_ = enabled; }
  bool graphs() const { return graphs_enabled_; }
  // Forgets the graphs captured over a state (call before destroying it).
  void release_graphs(const CudaState& state);

  // Per-op timings of forward passes (decode steps then bypass graphs); see op_profile.h.
  OpProfile& profile() { return profile_; }

  // The last row of logits of the last forward/decode, on the device (n_vocab floats).
  const float* device_logits() const { return logits_.as<float>() + last_rows_offset_; }
  // Copies it to the host.
  Status read_logits(float* logits);
  // Device memory the weights take.
  std::uint64_t weight_bytes() const { return weights_.arena.size(); }

 private:
  struct DecodeGraph {
    std::uint64_t state_id = 0;
    std::int64_t max_ctx = 0;
    cudaGraphExec_t exec = nullptr;
  };

  CudaModel() = default;
  Status check_batch(const CudaState& state, const std::int32_t* tokens, std::int64_t n_tokens) const;
  // Everything from the embedding lookup to the logits, enqueued on stream_ for T tokens already in tokens_.
  // step: null, or (graph form) device ints {token, position, position + 1} with T = 1 and attention reaching
  // at most max_ctx positions.
  Status enqueue(CudaState& state, std::int64_t T, std::int64_t logit_rows, const std::int32_t* step,
                 std::int64_t max_ctx);
  Status capture(CudaState& state, std::int64_t max_ctx, cudaGraphExec_t* exec);
  Status mamba(const DeviceLayer& layer, float* state_conv, float* state_ssm, std::int64_t n_tokens);
  Status attention(const DeviceLayer& layer, CudaState& state, std::uint8_t* kv, std::int64_t n_tokens,
                   const std::int32_t* step, std::int64_t max_ctx);
  Status moe(const DeviceLayer& layer, std::int64_t n_tokens);
  Status mlp(const DeviceLayer& layer, std::int64_t n_tokens);

  model::ModelConfig config_;
  DeviceWeights weights_;
  Matmul matmul_;
  cudaStream_t stream_ = nullptr;
  std::int64_t max_batch_ = 0;

  // Scratch, sized for max_batch tokens (f32 unless noted).
  DeviceBuffer tokens_;   // int32 (T)
  DeviceBuffer x_;        // (T, E) residual stream
  DeviceBuffer h_;        // (T, E) normalised
  DeviceBuffer big_;      // (T, max(in_proj, q+2kv, n_ff, X…)): per-block projections
  DeviceBuffer mid_;      // (T, max(C, q_dim, S, n_ff, L))
  DeviceBuffer y_;        // (T, max(d_inner, q_dim, L))
  DeviceBuffer out_;      // (T, E) block output
  DeviceBuffer ids_;      // int32 (T, k) chosen experts
  DeviceBuffer weights_sel_;  // (T, k) their weights
  DeviceBuffer slots_;    // int32 (T, k) row of each choice in the grouped buffers
  DeviceBuffer gather_idx_;   // int32 (T·k) token of each grouped row
  DeviceBuffer expert_offsets_;   // int32 (n_expert + 1) first grouped row of each expert
  DeviceBuffer expert_counters_;  // int32 (n_expert) scratch of the grouping
  DeviceBuffer expert_in_;    // (T·k, L)
  DeviceBuffer expert_hidden_;  // (T·k, F)
  DeviceBuffer expert_out_;   // (T·k, L)
  DeviceBuffer attn_scratch_;     // split-K decode merge, sized for the longest state
  DeviceBuffer prefill_scratch_;  // key-split merge of the prefill attention
  DeviceBuffer ssd_scratch_;      // chunked SSD scan of a batch
  bool precise_prefill_ = false;
  DeviceBuffer logits_;   // (T, n_vocab) when all logits are asked, else (1, n_vocab)
  std::int64_t last_rows_offset_ = 0;  // floats to the last row of logits_

  // Decode graphs: their inputs (token, position, position + 1) in pinned host memory and on the device.
  bool graphs_enabled_ = true;
  std::vector<DecodeGraph> graphs_;
  DeviceBuffer step_;
  PinnedBuffer step_host_;

  OpProfile profile_;

  // The device sampler's scratch and its result.
  DeviceBuffer sample_scratch_;
  DeviceBuffer drawn_;
  PinnedBuffer drawn_host_;
};

}  // namespace hearth::cuda
