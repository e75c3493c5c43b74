#include "backend/cuda/cuda_backend.h"

#include <algorithm>
#include <mutex>

#include "backend/device_info.h"
#include "model/model_stats.h"

namespace hearth::cuda {
namespace {

// The model and the lock that makes its single set of scratch buffers safe for several sequences.
struct SharedModel {
  std::unique_ptr<CudaModel> model;
  std::mutex mutex;
  std::string device_name;
};

class CudaSequence final : public runtime::Sequence {
 public:
  CudaSequence(std::shared_ptr<SharedModel> shared, std::unique_ptr<CudaState> state)
      : shared_(std::move(shared)), state_(std::move(state)) {}
  ~CudaSequence() override {
    std::lock_guard lock(shared_->mutex);
    shared_->model->release_graphs(*state_);
  }

  Status run(std::int64_t n_past, std::span<const std::int32_t> tokens, runtime::LogitsFor which,
             std::vector<float>& logits, runtime::ForwardProbe* probe) override {
    if (probe != nullptr)
      return Status::error(ErrorCode::NotAvailable, "per-layer outputs are only recorded by the CPU backend",
                           "run with the CPU backend (--backend cpu) to dump layers");
    std::lock_guard lock(shared_->mutex);
    CudaModel& m = *shared_->model;
    if (n_past != state_->n_past())
      return Status::error(ErrorCode::Internal, "the session and its GPU state disagree on the position");
    const auto T = static_cast<std::int64_t>(tokens.size());
    const std::int64_t V = m.config().n_vocab;
    if (which == runtime::LogitsFor::All)
      logits.resize(static_cast<std::size_t>(T * V));
    else if (which == runtime::LogitsFor::Last)
      logits.resize(static_cast<std::size_t>(V));
    float* out = which == runtime::LogitsFor::None ? nullptr : logits.data();
    if (T == 1) return m.decode(*state_, tokens[0], out);
    return m.forward(*state_, tokens.data(), T, out, which == runtime::LogitsFor::All);
  }
  std::int64_t max_batch() const override { return shared_->model->max_batch(); }

  bool draws_on_device() const override { return true; }
  Result<std::int32_t> decode_and_draw(std::int64_t n_past, std::int32_t token, const runtime::SamplerParams& p,
                                       double u) override {
    std::lock_guard lock(shared_->mutex);
    if (n_past != state_->n_past())
      return Status::error(ErrorCode::Internal, "the session and its GPU state disagree on the position");
    return shared_->model->decode_and_draw(*state_, token, device_sample_params(p), p.penalty_last_n, u);
  }
  Status read_logits(std::vector<float>& logits) override {
    std::lock_guard lock(shared_->mutex);
    logits.resize(static_cast<std::size_t>(shared_->model->config().n_vocab));
    return shared_->model->read_logits(logits.data());
  }
  std::uint64_t host_bytes() const override { return 0; }
  std::uint64_t device_bytes() const override { return state_->bytes(); }

  Status reset() override {
    std::lock_guard lock(shared_->mutex);
    return state_->clear(shared_->model->stream());
  }
  Status save(std::int64_t n_past, runtime::StateSnapshot& out) const override {
    std::lock_guard lock(shared_->mutex);
    const model::AttentionConfig& at = shared_->model->config().attn;
    out.n_past = n_past;
    return state_->save(n_past, out.conv, out.ssm, out.kv, static_cast<int>(at.n_head_kv),
                        static_cast<int>(at.head_dim), shared_->model->stream());
  }
  bool fits(const runtime::StateSnapshot& in) const override {
    return state_->fits(in.n_past, in.conv.size(), in.ssm.size(), in.kv.size());
  }
  Status load(const runtime::StateSnapshot& in) override {
    std::lock_guard lock(shared_->mutex);
    const model::AttentionConfig& at = shared_->model->config().attn;
    return state_->load(in.n_past, in.conv, in.ssm, in.kv, in.tokens, static_cast<int>(at.n_head_kv),
                        static_cast<int>(at.head_dim), shared_->model->stream());
  }

 private:
  std::shared_ptr<SharedModel> shared_;
  std::unique_ptr<CudaState> state_;
};

class CudaBackend final : public runtime::ModelBackend {
 public:
  explicit CudaBackend(std::shared_ptr<SharedModel> shared) : shared_(std::move(shared)) {}

  runtime::BackendKind kind() const override { return runtime::BackendKind::Cuda; }
  std::string device_name() const override { return shared_->device_name; }
  const model::ModelConfig& config() const override { return shared_->model->config(); }
  std::uint64_t weight_bytes() const override { return shared_->model->weight_bytes(); }
  void set_profiling(bool on) override {
    std::lock_guard lock(shared_->mutex);
    shared_->model->profile().set_enabled(on);
    shared_->model->profile().clear();
  }
  std::vector<OpTime> op_times() const override {
    std::lock_guard lock(shared_->mutex);
    std::vector<OpTime> out;
    for (const OpProfile::Row& r : shared_->model->profile().rows()) out.push_back({r.op, r.ms, r.calls});
    return out;
  }
  Result<std::unique_ptr<runtime::Sequence>> new_sequence(const runtime::SequenceOptions& options) override {
    std::lock_guard lock(shared_->mutex);
    Result<std::unique_ptr<CudaState>> state = shared_->model->new_state(options.n_ctx, options.kv_f16);
    if (!state) return state.status();
    return std::unique_ptr<runtime::Sequence>(new CudaSequence(shared_, std::move(state.value())));
  }

 private:
  std::shared_ptr<SharedModel> shared_;
};

}  // namespace

kernels::SampleParams device_sample_params(const runtime::SamplerParams& p) {
  kernels::SampleParams d;
  d.greedy = p.greedy;
  d.temperature = p.temperature;
  d.top_k = p.top_k;
  d.top_p = p.top_p;
  d.min_p = p.min_p;
  d.repetition_penalty = p.repetition_penalty;
  d.presence_penalty = p.presence_penalty;
  return d;
}

std::uint64_t cuda_bytes_needed(const model::LoadedModel& header, std::int64_t n_ctx, bool kv_f16,
                                std::int64_t max_batch) {
  const model::ModelConfig& c = header.config;
  const model::ModelStats stats = model::compute_stats(*header.file, c);
  const std::uint64_t state = stats.conv_state_bytes + stats.ssm_state_bytes +
                              stats.kv_bytes_per_token * static_cast<std::uint64_t>(n_ctx) * (kv_f16 ? 1 : 2);
  // Scratch: activations of a few widths per token, the logits of a batch, and a 64 MiB GEMM tile (cuda_model.cpp).
  const std::uint64_t widest = static_cast<std::uint64_t>(
      std::max({c.ssm.in_proj_dim(), c.attn.q_dim(), c.moe.n_expert, c.moe.n_ff_shexp, c.n_ff, c.n_embd}));
  const std::uint64_t per_token = 4 * (6 * widest + 3 * static_cast<std::uint64_t>(c.moe.n_expert_used) *
                                                          static_cast<std::uint64_t>(std::max<std::int64_t>(c.moe.n_ff_exp, c.n_embd)) +
                                       static_cast<std::uint64_t>(c.n_vocab));
  return device_weight_bytes(c, header.weights) + state + per_token * static_cast<std::uint64_t>(max_batch) + (64ull << 20);
}

Result<std::shared_ptr<runtime::ModelBackend>> load_cuda_backend(const std::string& path, const model::LoadedModel& header,
                                                                 const CudaBackendOptions& options,
                                                                 const UploadOptions& upload, UploadStats* stats) {
  CudaModelOptions mo;
  mo.device = options.device;
  mo.max_batch = options.max_batch;
  mo.precise_prefill = options.precise_prefill;
  mo.upload = upload;
  Result<std::unique_ptr<CudaModel>> model =
      CudaModel::load(path, header.file->data_offset(), header.config, header.weights, mo, stats);
  if (!model) return model.status();
  auto shared = std::make_shared<SharedModel>();
  shared->model = std::move(model.value());
  shared->model->set_graphs(options.graphs);
  const DeviceReport report = query_devices();
  for (const GpuInfo& gpu : report.gpus)
    if (gpu.index == options.device) shared->device_name = gpu.name;
  if (shared->device_name.empty()) shared->device_name = "GPU " + std::to_string(options.device);
  return std::shared_ptr<runtime::ModelBackend>(new CudaBackend(std::move(shared)));
}

}  // namespace hearth::cuda
