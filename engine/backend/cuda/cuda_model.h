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

 private:
  friend class CudaModel;
  DeviceBuffer conv_;  // per Mamba layer: (K−1, C) f32
  DeviceBuffer ssm_;   // per Mamba layer: (H, P, N) f32
  DeviceBuffer kv_;    // per attention layer: K then V, each (n_kv, capacity, head_dim), f16 or f32
  std::int64_t capacity_ = 0, n_past_ = 0;
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

  // Device memory a state of `capacity` positions takes.
  std::uint64_t state_bytes(std::int64_t capacity, bool kv_f16) const;
  Result<std::unique_ptr<CudaState>> new_state(std::int64_t capacity, bool kv_f16);

  // Runs tokens at positions state.n_past() … (at most max_batch() per call) and advances the state. Logits
  // (n_vocab floats per row) go to `logits` on the host: of the last token, or of every token when
  // all_logits. Errors: ContextOverflow (naming by how much), InvalidArgument (token id out of range),
  // DeviceError / OutOfMemory from the GPU.
  Status forward(CudaState& state, const std::int32_t* tokens, std::int64_t n_tokens, float* logits,
                 bool all_logits = false);

 private:
  CudaModel() = default;
  Status mamba(const DeviceLayer& layer, float* state_conv, float* state_ssm, std::int64_t n_tokens);
  Status attention(const DeviceLayer& layer, CudaState& state, std::uint8_t* kv, std::int64_t n_tokens);
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
  DeviceBuffer expert_in_;    // (T·k, L)
  DeviceBuffer expert_hidden_;  // (T·k, F)
  DeviceBuffer expert_out_;   // (T·k, L)
  DeviceBuffer attn_scratch_;
  DeviceBuffer logits_;   // (T, n_vocab) when all logits are asked, else (1, n_vocab)
  std::vector<std::int32_t> host_ids_, host_slots_, host_gather_;
};

}  // namespace hearth::cuda
