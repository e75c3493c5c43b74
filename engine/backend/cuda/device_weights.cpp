#include "backend/cuda/device_weights.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

#include "backend/cuda/cuda_check.h"
#include "core/memory_usage.h"
#include "gguf/tensor_types.h"
#include "kernels/repack.cuh"

namespace hearth::cuda {
namespace {

using model::Tensor;
constexpr std::uint64_t kAlign = 256;  // cudaMalloc's own alignment: every plane starts on it

std::uint64_t align_up(std::uint64_t v) { return (v + kAlign - 1) / kAlign * kAlign; }

// One tensor and where it goes on the device.
struct Slot {
  Tensor tensor = nullptr;
  DeviceMatrix* matrix = nullptr;  // a matrix (repacked) ...
  const float** vector = nullptr;  // ... or an f32 vector (copied)
  std::uint64_t quant_offset = 0, meta_offset = 0;  // arena offsets
};

std::int64_t dim(Tensor t, std::size_t i) { return i < t->ne.size() ? t->ne[i] : 1; }

// Every tensor of the bound model with its destination, in no particular order.
std::vector<Slot> collect_slots(const model::ModelWeights& w, DeviceWeights& dw) {
  std::vector<Slot> slots;
  auto matrix = [&](Tensor t, DeviceMatrix& m) {
    if (t) slots.push_back({t, &m, nullptr});
  };
  auto vector = [&](Tensor t, const float*& v) {
    if (t) slots.push_back({t, nullptr, &v});
  };
  matrix(w.token_embd, dw.token_embd);
  vector(w.output_norm, dw.output_norm);
  matrix(w.output, dw.output);
  dw.layers.resize(w.layers.size());
  for (std::size_t i = 0; i < w.layers.size(); ++i) {
    const model::LayerWeights& l = w.layers[i];
    DeviceLayer& d = dw.layers[i];
    d.kind = l.kind;
    vector(l.attn_norm, d.attn_norm);
    matrix(l.mamba.ssm_in, d.mamba.in);
    matrix(l.mamba.out, d.mamba.out);
    vector(l.mamba.conv1d, d.mamba.conv);
    vector(l.mamba.conv1d_bias, d.mamba.conv_bias);
    vector(l.mamba.dt_bias, d.mamba.dt_bias);
    vector(l.mamba.a, d.mamba.a);
    vector(l.mamba.d, d.mamba.d);
    vector(l.mamba.norm, d.mamba.norm);
    matrix(l.attn.q, d.attn.q);
    matrix(l.attn.k, d.attn.k);
    matrix(l.attn.v, d.attn.v);
    matrix(l.attn.o, d.attn.o);
    matrix(l.moe.gate_inp, d.moe.gate);
    vector(l.moe.exp_probs_b, d.moe.probs_bias);
    matrix(l.moe.latent_down, d.moe.latent_down);
    matrix(l.moe.latent_up, d.moe.latent_up);
    matrix(l.moe.up_exps, d.moe.up_exps);
    matrix(l.moe.down_exps, d.moe.down_exps);
    matrix(l.moe.up_shexp, d.moe.up_shexp);
    matrix(l.moe.down_shexp, d.moe.down_shexp);
    matrix(l.mlp.up, d.mlp.up);
    matrix(l.mlp.down, d.mlp.down);
  }
  return slots;
}

Status check_matrix_type(Tensor t) {
  const auto wt = static_cast<kernels::WeightType>(t->type);
  if (!kernels::is_supported(wt))
    return Status::error(ErrorCode::UnsupportedType,
                         "tensor '" + t->name + "' has type " + std::string(gguf::type_name(t->type)) +
                             ", which the CUDA backend cannot read",
                         "use a file quantised with q4_K, q5_K, q6_K, q8_0, q4_0, q4_1, q5_0, q5_1, mxfp4, bf16, f16 or f32, "
                         "or run this model on the CPU backend");
  if (t->ne[0] % kernels::layout_info(wt).unit_weights != 0)
    return Status::error(ErrorCode::UnsupportedType, "tensor '" + t->name + "' has rows of " +
                                                         std::to_string(t->ne[0]) + " weights, which the CUDA kernels cannot split");
  return Status::ok();
}

// Assigns arena offsets; returns the arena size.
Result<std::uint64_t> plan(std::vector<Slot>& slots) {
  std::uint64_t offset = 0;
  for (Slot& s : slots) {
    if (s.matrix) {
      HEARTH_TRY(check_matrix_type(s.tensor));
      const auto wt = static_cast<kernels::WeightType>(s.tensor->type);
      const std::int64_t rows = dim(s.tensor, 1) * dim(s.tensor, 2);
      s.quant_offset = offset;
      offset = align_up(offset + static_cast<std::uint64_t>(kernels::quant_pitch_for(wt, s.tensor->ne[0]) * rows));
      s.meta_offset = offset;
      offset = align_up(offset + static_cast<std::uint64_t>(kernels::meta_pitch_for(wt, s.tensor->ne[0]) * rows));
    } else {
      if (s.tensor->type != gguf::TensorType::F32)
        return Status::error(ErrorCode::UnsupportedType, "tensor '" + s.tensor->name + "' must be F32");
      s.quant_offset = offset;
      offset = align_up(offset + s.tensor->size_bytes);
    }
  }
  return offset;
}

// Reads exactly `size` bytes at `offset` (pread may return less).
Status read_exact(int fd, void* dst, std::uint64_t size, std::uint64_t offset, const std::string& path) {
  auto* p = static_cast<std::uint8_t*>(dst);
  while (size > 0) {
    const ssize_t n = ::pread(fd, p, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      return Status::error(ErrorCode::IoError, "reading " + path + " at byte " + std::to_string(offset) + " failed: " +
                                                   (n == 0 ? std::string("unexpected end of file") : std::strerror(errno)));
    p += n;
    size -= static_cast<std::uint64_t>(n);
    offset += static_cast<std::uint64_t>(n);
  }
  return Status::ok();
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

class Event {
 public:
  Event() { cudaEventCreateWithFlags(&event_, cudaEventDisableTiming); }
  ~Event() {
    if (event_) cudaEventDestroy(event_);
  }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  cudaEvent_t get() const { return event_; }

 private:
  cudaEvent_t event_ = nullptr;
};

}  // namespace

std::uint64_t device_weight_bytes(const model::ModelConfig&, const model::ModelWeights& weights) {
  DeviceWeights scratch;
  std::vector<Slot> slots = collect_slots(weights, scratch);
  Result<std::uint64_t> size = plan(slots);
  return size.is_ok() ? size.value() : 0;
}

Result<DeviceWeights> upload_weights(const std::string& path, std::uint64_t data_offset,
                                     const model::ModelConfig& config, const model::ModelWeights& weights,
                                     const UploadOptions& options, UploadStats* stats) {
  (void)config;
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t rss_before = resident_bytes();
  DeviceWeights dw;
  std::vector<Slot> slots = collect_slots(weights, dw);
  Result<std::uint64_t> arena_size = plan(slots);
  if (!arena_size) return arena_size.status();
  Result<DeviceBuffer> arena = DeviceBuffer::allocate(arena_size.value(), "the model's weights");
  if (!arena) return arena.status();
  dw.arena = std::move(arena.value());
  auto* base = dw.arena.as<std::uint8_t>();

  // Pointers into the arena, before any data arrives.
  std::uint64_t total_bytes = 0;
  std::uint64_t largest_row = 0;
  for (Slot& s : slots) {
    total_bytes += s.tensor->size_bytes;
    if (s.matrix) {
      DeviceMatrix& m = *s.matrix;
      m.type = static_cast<kernels::WeightType>(s.tensor->type);
      m.n_in = s.tensor->ne[0];
      m.n_out = dim(s.tensor, 1);
      m.n_mat = dim(s.tensor, 2);
      m.quant_pitch = kernels::quant_pitch_for(m.type, m.n_in);
      m.meta_pitch = kernels::meta_pitch_for(m.type, m.n_in);
      m.quants = base + s.quant_offset;
      m.meta = base + s.meta_offset;
      largest_row = std::max<std::uint64_t>(largest_row, gguf::row_bytes(s.tensor->type, m.n_in));
    } else {
      *s.vector = reinterpret_cast<const float*>(base + s.quant_offset);
      largest_row = std::max(largest_row, s.tensor->size_bytes);
    }
  }
  // File order: one sequential pass over the disk.
  std::sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) { return a.tensor->offset < b.tensor->offset; });

  const std::uint64_t chunk = std::max(options.chunk_bytes, largest_row);
  Result<PinnedBuffer> pinned[2] = {PinnedBuffer::allocate(chunk), PinnedBuffer::allocate(chunk)};
  for (auto& p : pinned)
    if (!p) return p.status();
  Result<DeviceBuffer> staging[2] = {DeviceBuffer::allocate(chunk, "the load staging buffer"),
                                     DeviceBuffer::allocate(chunk, "the load staging buffer")};
  for (auto& s : staging)
    if (!s) return s.status();
  cudaStream_t stream = nullptr;
  HEARTH_CUDA_CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  struct StreamGuard {
    cudaStream_t s;
    ~StreamGuard() {
      cudaStreamSynchronize(s);
      cudaStreamDestroy(s);
    }
  } guard{stream};
  Event done[2];

  const int fd_raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_raw < 0)
    return Status::error(ErrorCode::IoError, "cannot open " + path + ": " + std::strerror(errno));
  FileDescriptor fd(fd_raw);
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);

  std::uint64_t bytes_done = 0;
  int buffer = 0;
  for (const Slot& s : slots) {
    const std::uint64_t file_base = data_offset + s.tensor->offset;
    const std::uint64_t row_bytes =
        s.matrix ? gguf::row_bytes(s.tensor->type, s.tensor->ne[0]) : s.tensor->size_bytes;
    const std::uint64_t rows_total = s.matrix ? static_cast<std::uint64_t>(s.matrix->n_out * s.matrix->n_mat) : 1;
    const std::uint64_t rows_per_chunk = std::max<std::uint64_t>(1, chunk / row_bytes);
    for (std::uint64_t row = 0; row < rows_total; row += rows_per_chunk) {
      if (options.cancel && options.cancel->load(std::memory_order_relaxed))
        return Status::error(ErrorCode::Cancelled, "loading was cancelled");
      const std::uint64_t rows = std::min(rows_per_chunk, rows_total - row);
      const std::uint64_t bytes = rows * row_bytes;
      // The GPU may still be reading this pinned buffer from two chunks ago.
      HEARTH_CUDA_CHECK(cudaEventSynchronize(done[buffer].get()));
      HEARTH_TRY(read_exact(fd.get(), pinned[buffer]->get(), bytes, file_base + row * row_bytes, path));
      auto* stage = staging[buffer]->as<std::uint8_t>();
      if (s.matrix) {
        HEARTH_CUDA_CHECK(cudaMemcpyAsync(stage, pinned[buffer]->get(), bytes, cudaMemcpyHostToDevice, stream));
        HEARTH_CUDA_CHECK(kernels::repack_rows(stage, static_cast<std::int64_t>(rows), *s.matrix,
                                               static_cast<std::int64_t>(row), stream));
      } else {
        HEARTH_CUDA_CHECK(cudaMemcpyAsync(base + s.quant_offset, pinned[buffer]->get(), bytes,
                                          cudaMemcpyHostToDevice, stream));
      }
      HEARTH_CUDA_CHECK(cudaEventRecord(done[buffer].get(), stream));
      // What was read is on its way to the GPU: the kernel may drop those pages from its cache.
      ::posix_fadvise(fd.get(), static_cast<off_t>(file_base + row * row_bytes), static_cast<off_t>(bytes),
                      POSIX_FADV_DONTNEED);
      bytes_done += bytes;
      buffer ^= 1;
      if (options.progress) options.progress(bytes_done, total_bytes);
    }
  }
  HEARTH_CUDA_CHECK(cudaStreamSynchronize(stream));
  if (stats) {
    stats->file_bytes = bytes_done;
    stats->device_bytes = dw.arena.size();
    stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    stats->peak_rss_bytes = peak_resident_bytes();
    stats->rss_before_bytes = rss_before;
  }
  return dw;
}

}  // namespace hearth::cuda
