#include "model/loader.h"

#include <algorithm>
#include <vector>

#include "model/hparams_gguf.h"

namespace hearth::model {

namespace {

constexpr std::uint64_t kPage = 4096;

bool cancelled(const LoadOptions& o) { return o.cancel != nullptr && o.cancel->load(std::memory_order_relaxed); }

Status cancel_status() { return Status::error(ErrorCode::Cancelled, "model load cancelled"); }

// Reads one byte per page of each tensor, in file order, so the map is resident when the load returns.
Status make_resident(const gguf::File& file, const LoadOptions& o) {
  std::vector<const gguf::TensorInfo*> order;
  std::uint64_t total = 0;
  for (const gguf::TensorInfo& t : file.tensors()) {
    order.push_back(&t);
    total += t.size_bytes;
  }
  std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->offset < b->offset; });
  const std::uint64_t chunk = std::max<std::uint64_t>(o.chunk_bytes, kPage);
  std::uint64_t done = 0;
  volatile std::uint8_t sink = 0;
  if (o.progress) o.progress(0, total);
  for (const gguf::TensorInfo* t : order) {
    if (o.prefault) file.advise_sequential(file.data_offset() + t->offset, t->size_bytes);
    for (std::uint64_t at = 0; at < t->size_bytes; at += chunk) {
      if (cancelled(o)) return cancel_status();
      const std::uint64_t n = std::min(chunk, t->size_bytes - at);
      if (o.prefault) {
        std::uint8_t acc = 0;
        for (std::uint64_t p = 0; p < n; p += kPage) acc ^= t->data[at + p];
        sink = sink ^ acc;
      }
      done += n;
      if (o.progress) o.progress(done, total);
    }
  }
  if (cancelled(o)) return cancel_status();
  (void)sink;
  return Status::ok();
}

}  // namespace

Result<LoadedModel> bind_model(std::unique_ptr<gguf::File> file) {
  Result<ModelConfig> config = read_config(*file);
  if (!config) return config.status();
  Result<ModelWeights> weights = bind_weights(*file, *config);
  if (!weights) return weights.status();
  LoadedModel m;
  m.file = std::move(file);
  m.config = std::move(config).value();
  m.weights = std::move(weights).value();
  return m;
}

Result<LoadedModel> load_model(const std::string& path, const LoadOptions& options) {
  if (cancelled(options)) return cancel_status();
  Result<std::unique_ptr<gguf::File>> file = gguf::File::open(path);
  if (!file) return file.status();
  Result<LoadedModel> model = bind_model(std::move(file).value());
  if (!model) return model.status();
  HEARTH_TRY(make_resident(*model->file, options));
  return model;
}

}  // namespace hearth::model
