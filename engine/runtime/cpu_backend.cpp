#include "runtime/cpu_backend.h"

#include <fstream>
#include <string>

namespace hearth::runtime {
namespace {

std::string cpu_model_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  return "CPU";
}

class CpuSequence final : public Sequence {
 public:
  CpuSequence(std::shared_ptr<const CpuModel> model, SessionState state, std::int64_t ssd_chunk)
      : model_(std::move(model)), state_(std::move(state)) {
    forward_.ssd_chunk = ssd_chunk;
  }

  Status run(std::int64_t n_past, std::span<const std::int32_t> tokens, LogitsFor which, std::vector<float>& logits,
             ForwardProbe* probe) override {
    return forward_.run(*model_, state_, n_past, tokens, which, logits, probe);
  }
  std::int64_t max_batch() const override { return state_.capacity(); }
  std::uint64_t host_bytes() const override { return state_.bytes() + forward_.workspace_bytes(); }
  std::uint64_t device_bytes() const override { return 0; }
  Status reset() override {
    state_.reset();
    return Status::ok();
  }
  Status save(std::int64_t n_past, StateSnapshot& out) const override {
    state_.save(n_past, out);
    return Status::ok();
  }
  bool fits(const StateSnapshot& in) const override { return state_.fits(in); }
  Status load(const StateSnapshot& in) override {
    state_.load(in);
    return Status::ok();
  }

 private:
  std::shared_ptr<const CpuModel> model_;
  SessionState state_;
  Forward forward_;
};

class CpuBackend final : public ModelBackend {
 public:
  explicit CpuBackend(std::shared_ptr<const CpuModel> model) : model_(std::move(model)), name_(cpu_model_name()) {}

  BackendKind kind() const override { return BackendKind::Cpu; }
  std::string device_name() const override { return name_; }
  const model::ModelConfig& config() const override { return *model_->config; }
  std::uint64_t weight_bytes() const override { const gguf::File& file = *model_->source->file;
    return file.file_size() - file.data_offset(); }
  Result<std::unique_ptr<Sequence>> new_sequence(const SequenceOptions& options) override {
    Result<SessionState> state =
        SessionState::create(*model_, options.n_ctx, options.kv_f16 ? cpu::KvType::F16 : cpu::KvType::F32);
    if (!state) return state.status();
    return std::unique_ptr<Sequence>(new CpuSequence(model_, std::move(state.value()), options.ssd_chunk));
  }

 private:
  std::shared_ptr<const CpuModel> model_;
  std::string name_;
};

}  // namespace

std::string_view backend_kind_name(BackendKind kind) { return kind == BackendKind::Cuda ? "CUDA" : "CPU"; }

std::shared_ptr<ModelBackend> make_cpu_backend(std::shared_ptr<const CpuModel> model) {
  return std::make_shared<CpuBackend>(std::move(model));
}

}  // namespace hearth::runtime
