// A Nemotron-H model's weights in GPU memory: every matrix repacked into the two-plane layout the kernels
// read (kernels/weight_layout.cuh), every vector (norms, biases, SSM parameters) as plain f32. One device
// allocation holds everything, sized before the first byte is read, so "does not fit" is known at once.
//
// Loading streams the file in its own order through a small pinned buffer: pread → copy to a device staging
// buffer → repack into place, and the page cache behind the reader is released, so no second host copy of
// the model stays resident (on a DGX Spark host and GPU share the same 128 GB).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "backend/cuda/device_buffer.h"
#include "core/status.h"
#include "kernels/weight_layout.cuh"
#include "model/model_config.h"
#include "model/weights.h"

namespace hearth::cuda {

using kernels::DeviceMatrix;

struct DeviceMamba {
  DeviceMatrix in;                  // (E, 2·d_inner + 2·G·N + H)
  DeviceMatrix out;                 // (d_inner, E)
  const float* conv = nullptr;      // (C, K): GGUF {K, C}
  const float* conv_bias = nullptr; // (C)
  const float* dt_bias = nullptr;   // (H)
  const float* a = nullptr;         // (H), negative
  const float* d = nullptr;         // (H)
  const float* norm = nullptr;      // (d_inner)
};

struct DeviceAttention {
  DeviceMatrix q, k, v, o;  // (E, q_dim), (E, kv_dim), (E, kv_dim), (q_dim, E)
};

struct DeviceMoe {
  DeviceMatrix gate;                // (E, X) F32 router
  const float* probs_bias = nullptr;  // (X)
  DeviceMatrix latent_down, latent_up;  // (E, L), (L, E); n_in == 0 without latent
  DeviceMatrix up_exps, down_exps;  // (L, F, X), (F, L, X)
  DeviceMatrix up_shexp, down_shexp;  // (E, S), (S, E)
};

struct DeviceMlp {
  DeviceMatrix up, down;  // (E, n_ff), (n_ff, E)
};

struct DeviceLayer {
  model::LayerKind kind = model::LayerKind::Mamba;
  const float* attn_norm = nullptr;  // (E)
  DeviceMamba mamba;
  DeviceAttention attn;
  DeviceMoe moe;
  DeviceMlp mlp;
};

struct DeviceWeights {
  DeviceBuffer arena;
  DeviceMatrix token_embd;             // (E, n_vocab)
  const float* output_norm = nullptr;  // (E)
  DeviceMatrix output;                 // (E, n_vocab)
  std::vector<DeviceLayer> layers;
};

struct UploadOptions {
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  const std::atomic<bool>* cancel = nullptr;
  std::uint64_t chunk_bytes = 64ull << 20;  // pinned and staging buffer size: large reads, small footprint
};

struct UploadStats {
  std::uint64_t file_bytes = 0;    // tensor bytes read from the file
  std::uint64_t device_bytes = 0;  // arena size
  double seconds = 0.0;
  std::uint64_t peak_rss_bytes = 0;      // process high-water mark after the load (VmHWM)
  std::uint64_t rss_before_bytes = 0;    // resident set before the load
};

// Device bytes the weights of this model take (the arena size), for the "does it fit" decision.
std::uint64_t device_weight_bytes(const model::ModelConfig& config, const model::ModelWeights& weights);

// Uploads every bound tensor of the file at `path`. Errors: OutOfMemory (naming sizes), IoError, Cancelled,
// UnsupportedType (a type the kernels cannot read), DeviceError.
Result<DeviceWeights> upload_weights(const std::string& path, std::uint64_t data_offset,
                                     const model::ModelConfig& config, const model::ModelWeights& weights,
                                     const UploadOptions& options, UploadStats* stats = nullptr);

}  // namespace hearth::cuda
