#include "runtime/model_bundle.h"

#include <chrono>

#include "backend/device_info.h"
#include "core/build_info.h"
#include "core/memory_usage.h"
#include "runtime/cpu_backend.h"
#include "tokenizer/tokenizer_gguf.h"
#if HEARTH_HAVE_CUDA
#include "backend/cuda/cuda_backend.h"
#endif

namespace hearth::runtime {
namespace {

// Room left on the GPU beyond the estimate: cuBLAS handles, the CUDA context's own allocations, graphs.
constexpr std::uint64_t kGpuMarginBytes = 768ull << 20;

struct Header {
  model::LoadedModel model;
  std::shared_ptr<const tokenizer::Tokenizer> tokenizer;
  chat::ChatTemplate chat_template;
  bool has_own_template = false;
};

Result<Header> read_header(const std::string& path) {
  Result<std::unique_ptr<gguf::File>> file = gguf::File::open(path);
  if (!file) return file.status();
  Result<model::LoadedModel> bound = model::bind_model(std::move(file.value()));
  if (!bound) return bound.status();
  const gguf::File& f = *bound->file;
  Result<tokenizer::TokenizerData> data = tokenizer::load_tokenizer_gguf(f);
  if (!data) return data.status();
  Result<std::unique_ptr<tokenizer::Tokenizer>> tok = tokenizer::Tokenizer::create(std::move(data.value()));
  if (!tok) return tok.status();
  std::string source;
  const bool has_template = f.get_string("tokenizer.chat_template", source);
  Result<chat::ChatTemplate> tmpl = chat::ChatTemplate::create(source);
  if (!tmpl) return tmpl.status();
  if (tok.value()->vocab_size() > static_cast<std::size_t>(bound->config.n_vocab))
    return Status::error(ErrorCode::MalformedFile,
                         "the tokenizer has " + std::to_string(tok.value()->vocab_size()) + " tokens but the model only " +
                             std::to_string(bound->config.n_vocab) + " output rows");
  return Header{std::move(bound.value()), std::move(tok.value()), std::move(tmpl.value()), has_template};
}

Status load_on_cpu(const std::string& path, const BundleOptions& options, ModelBundle& bundle) {
  Result<std::shared_ptr<CpuModel>> model = load_cpu_model(path, options.load, options.n_threads);
  if (!model) return model.status();
  bundle.model = std::move(model.value());
  bundle.backend = make_cpu_backend(bundle.model);
  bundle.choice.kind = BackendKind::Cpu;
  bundle.choice.device = bundle.backend->device_name();
  return Status::ok();
}

#if HEARTH_HAVE_CUDA
// Tries the GPU. Returns ok with bundle.backend set, ok with it unset and `why_not` filled (use the CPU), or an
// error the caller must report (cancelled, a broken file, CUDA asked for and impossible).
Status load_on_gpu(const std::string& path, const BundleOptions& options, const Header& header, ModelBundle& bundle,
                   BackendReason& why_not) {
  const bool required = options.backend == BackendPreference::Cuda;
  const DeviceReport report = query_devices();
  if (report.gpus.empty()) {
    why_not = BackendReason{};
    why_not.kind = BackendReasonKind::NoUsableGpu;
    why_not.no_gpu = report.no_gpu;
    why_not.detail = report.cuda_error;
    return required ? Status::error(ErrorCode::NotAvailable,
                                    "no CUDA device can be used: " + describe_backend_reason(why_not))
                    : Status::ok();
  }
  const GpuInfo& gpu = report.gpus.front();
  BackendReason sizes;
  sizes.bytes_needed = cuda::cuda_bytes_needed(header.model, options.n_ctx, options.kv_f16, options.max_batch) +
                       kGpuMarginBytes;
  sizes.bytes_free = gpu.free_bytes;
  sizes.context_tokens = options.n_ctx;
  sizes.gpu = gpu.name;
  if (sizes.bytes_needed > gpu.free_bytes) {
    why_not = sizes;
    why_not.kind = BackendReasonKind::DoesNotFitOnGpu;
    return required ? Status::error(ErrorCode::OutOfMemory,
                                    "the model does not fit on the GPU: " + describe_backend_reason(why_not),
                                    "use a smaller quantisation or context, or the CPU backend")
                    : Status::ok();
  }
  cuda::CudaBackendOptions co;
  co.device = gpu.index;
  co.max_batch = options.max_batch;
  co.precise_prefill = options.precise_prefill;
  co.graphs = options.cuda_graphs;
  cuda::UploadOptions upload;
  upload.progress = options.load.progress;
  upload.cancel = options.load.cancel;
  cuda::UploadStats stats;
  Result<std::shared_ptr<ModelBackend>> backend = cuda::load_cuda_backend(path, header.model, co, upload, &stats);
  if (!backend) {
    const ErrorCode code = backend.status().code();
    const bool device_trouble = code == ErrorCode::OutOfMemory || code == ErrorCode::DeviceError;
    if (required || !device_trouble) return backend.status();
    why_not = BackendReason{};
    why_not.kind = BackendReasonKind::GpuLoadFailed;
    why_not.gpu = gpu.name;
    why_not.detail = backend.status().message();
    return Status::ok();
  }
  bundle.backend = std::move(backend.value());
  bundle.choice.kind = BackendKind::Cuda;
  bundle.choice.device = gpu.name;
  bundle.choice.why = sizes;
  bundle.choice.why.kind = BackendReasonKind::FitsOnGpu;
  bundle.load_stats.bytes = stats.file_bytes;
  bundle.load_stats.rss_before_bytes = stats.rss_before_bytes;
  bundle.load_stats.peak_rss_bytes = stats.peak_rss_bytes;
  return Status::ok();
}
#endif

}  // namespace

std::vector<std::int32_t> ModelBundle::eog_tokens() const {
  return {tokenizer->eog().begin(), tokenizer->eog().end()};
}

std::function<std::string(std::int32_t)> ModelBundle::piece_function() const {
  std::shared_ptr<const tokenizer::Tokenizer> tok = tokenizer;
  return [tok](std::int32_t id) { return tok->valid(id) ? std::string(tok->piece(id)) : std::string(); };
}

Result<ModelBundle> load_model_bundle(const std::string& path, const BundleOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Result<Header> header = read_header(path);
  if (!header) return header.status();
  ModelBundle bundle;
  bundle.tokenizer = header->tokenizer;
  bundle.chat_template = header->chat_template;
  bundle.has_own_template = header->has_own_template;
  bundle.load_stats.rss_before_bytes = resident_bytes();

  BackendReason why_cpu;
  why_cpu.kind = BackendReasonKind::CpuRequested;
  if (options.backend != BackendPreference::Cpu) {
#if HEARTH_HAVE_CUDA
    HEARTH_TRY(load_on_gpu(path, options, *header, bundle, why_cpu));
#else
    why_cpu.kind = BackendReasonKind::NoUsableGpu;
    why_cpu.no_gpu = NoGpuCause::NoCudaInBuild;
    if (options.backend == BackendPreference::Cuda)
      return Status::error(ErrorCode::NotAvailable, describe_backend_reason(why_cpu));
#endif
  }
  if (!bundle.backend) {
    HEARTH_TRY(load_on_cpu(path, options, bundle));
    bundle.source = bundle.model->source;
    bundle.choice.why = why_cpu;
    const gguf::File& file = *bundle.model->source->file;
    bundle.load_stats.bytes = file.file_size() - file.data_offset();
    bundle.load_stats.peak_rss_bytes = peak_resident_bytes();
  }
  if (!bundle.source) bundle.source = std::make_shared<const model::LoadedModel>(std::move(header->model));
  bundle.load_stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return bundle;
}

Result<ModelBundle> load_model_bundle(const std::string& path, const model::LoadOptions& options, int n_threads) {
  BundleOptions o;
  o.load = options;
  o.n_threads = n_threads;
  return load_model_bundle(path, o);
}

}  // namespace hearth::runtime
