// The CUDA backend behind runtime::ModelBackend: the weights uploaded once (CudaModel), and per sequence a
// CudaState in device memory. Prefill batches go through CudaModel::forward; single decode steps replay a
// captured CUDA graph. Snapshots come back to the host in the backend-neutral layout, so a conversation can
// move between the GPU and the CPU.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backend/cuda/cuda_model.h"
#include "core/status.h"
#include "model/loader.h"
#include "kernels/sample.cuh"
#include "runtime/model_backend.h"

namespace hearth::cuda {

struct CudaBackendOptions {
  int device = 0;
  std::int64_t max_batch = 512;  // tokens per prefill forward
  bool precise_prefill = false;  // fp32 SGEMM prefill (Matmul::set_precise)
  bool graphs = true;            // decode steps from captured CUDA graphs
};

// The device sampler's parameters for a host sampler's (all but the generator and the history length).
kernels::SampleParams device_sample_params(const runtime::SamplerParams& params);

// Device memory a model and one sequence of n_ctx positions would take: weights, the model's scratch for
// max_batch tokens, the state and KV cache.
std::uint64_t cuda_bytes_needed(const model::LoadedModel& header, std::int64_t n_ctx, bool kv_f16,
                                std::int64_t max_batch);

// Uploads the bound model (header read into `header`; its file at `path`). Errors: those of
// CudaModel::load (OutOfMemory naming sizes, IoError, Cancelled, UnsupportedType, DeviceError).
Result<std::shared_ptr<runtime::ModelBackend>> load_cuda_backend(const std::string& path, const model::LoadedModel& header,
                                                                 const CudaBackendOptions& options,
                                                                 const UploadOptions& upload, UploadStats* stats = nullptr);

}  // namespace hearth::cuda
