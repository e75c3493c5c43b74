#include "backend/cuda/cuda_model.h"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "backend/cuda/cuda_check.h"
#include "kernels/attention_decode.cuh"
#include "kernels/attention_prefill.cuh"
#include "kernels/dequantize.cuh"
#include "kernels/elementwise.cuh"
#include "kernels/gated_norm.cuh"
#include "kernels/gather.cuh"
#include "kernels/gemv.cuh"
#include "kernels/moe_gemm.cuh"
#include "kernels/moe_group.cuh"
#include "kernels/moe_route.cuh"
#include "kernels/rms_norm.cuh"
#include "kernels/sample.cuh"
#include "kernels/ssm_chunk_scan.cuh"
#include "kernels/ssm_conv.cuh"
#include "kernels/ssm_scan.cuh"

namespace hearth::cuda {
namespace {

using model::LayerKind;

constexpr std::size_t kTileBytes = 64u << 20;  // one dequantised half-precision weight tile for the prefill GEMMs

std::int64_t count_kind(const model::ModelConfig& c, LayerKind kind) {
  return std::count(c.layers.begin(), c.layers.end(), kind);
}

Status alloc(DeviceBuffer& buffer, std::uint64_t bytes, const char* what) {
  Result<DeviceBuffer> b = DeviceBuffer::allocate(std::max<std::uint64_t>(bytes, 16), what);
  if (!b) return b.status();
  buffer = std::move(b.value());
  return Status::ok();
}


std::uint64_t next_state_id() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

}  // namespace

std::uint64_t CudaState::bytes() const { return conv_.size() + ssm_.size() + kv_.size() + history_.size(); }

bool CudaState::fits(std::int64_t n_past, std::size_t conv_floats, std::size_t ssm_floats, std::size_t kv_bytes) const {
  const std::uint64_t row = kv_layer_bytes_ / 2 / static_cast<std::uint64_t>(std::max<std::int64_t>(capacity_, 1));
  const std::uint64_t layers = kv_layer_bytes_ > 0 ? kv_.size() / kv_layer_bytes_ : 0;
  return n_past >= 0 && n_past <= capacity_ && conv_floats * sizeof(float) == conv_.size() &&
         ssm_floats * sizeof(float) == ssm_.size() && kv_bytes == layers * 2 * static_cast<std::uint64_t>(n_past) * row;
}

// K (or V) of one attention layer is (n_kv_heads, capacity, head_dim) on the device and (n_past, n_kv_heads·head_dim)
// in the snapshot: one strided 2-D copy per head moves head h's rows between its device block and its column block.
// `device` is the cache's first byte, `host` the snapshot's; to_host picks which side is the source.
Status CudaState::copy_kv(std::uint8_t* device, std::uint8_t* host, bool to_host, std::int64_t n_past, int n_kv_heads,
                          int head_dim, cudaStream_t stream) const {
  if (n_past <= 0) return Status::ok();
  const std::uint64_t layers = kv_layer_bytes_ > 0 ? kv_.size() / kv_layer_bytes_ : 0;
  const std::size_t es = kv_f16_ ? 2 : 4, head_row = static_cast<std::size_t>(head_dim) * es;
  const std::size_t row = head_row * static_cast<std::size_t>(n_kv_heads);
  const auto rows = static_cast<std::size_t>(n_past);
  for (std::uint64_t half = 0; half < layers * 2; ++half)
    for (int h = 0; h < n_kv_heads; ++h) {
      std::uint8_t* d = device + half * (kv_layer_bytes_ / 2) + h * capacity_ * head_row;
      std::uint8_t* c = host + half * rows * row + h * head_row;
      if (to_host)
        HEARTH_CUDA_CHECK(cudaMemcpy2DAsync(c, row, d, head_row, head_row, rows, cudaMemcpyDeviceToHost, stream));
      else
        HEARTH_CUDA_CHECK(cudaMemcpy2DAsync(d, head_row, c, row, head_row, rows, cudaMemcpyHostToDevice, stream));
    }
  return Status::ok();
}

Status CudaState::save(std::int64_t n_past, std::vector<float>& conv, std::vector<float>& ssm,
                       std::vector<std::uint8_t>& kv, int n_kv_heads, int head_dim, cudaStream_t stream) const {
  conv.resize(conv_.size() / sizeof(float));
  ssm.resize(ssm_.size() / sizeof(float));
  const std::uint64_t layers = kv_layer_bytes_ > 0 ? kv_.size() / kv_layer_bytes_ : 0;
  const std::size_t row = static_cast<std::size_t>(head_dim) * (kv_f16_ ? 2 : 4) * static_cast<std::size_t>(n_kv_heads);
  kv.resize(layers * 2 * static_cast<std::size_t>(std::max<std::int64_t>(n_past, 0)) * row);
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(conv.data(), conv_.get(), conv_.size(), cudaMemcpyDeviceToHost, stream));
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(ssm.data(), ssm_.get(), ssm_.size(), cudaMemcpyDeviceToHost, stream));
  HEARTH_TRY(copy_kv(kv_.as<std::uint8_t>(), kv.data(), true, n_past, n_kv_heads, head_dim, stream));
  HEARTH_CUDA_CHECK(cudaStreamSynchronize(stream));
  return Status::ok();
}

Status CudaState::load(std::int64_t n_past, const std::vector<float>& conv, const std::vector<float>& ssm,
                       const std::vector<std::uint8_t>& kv, const std::vector<std::int32_t>& tokens, int n_kv_heads,
                       int head_dim, cudaStream_t stream) {
  if (!fits(n_past, conv.size(), ssm.size(), kv.size()) || tokens.size() != static_cast<std::size_t>(n_past))
    return Status::error(ErrorCode::InvalidArgument, "the snapshot does not match this state's shape");
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(conv_.get(), conv.data(), conv_.size(), cudaMemcpyHostToDevice, stream));
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(ssm_.get(), ssm.data(), ssm_.size(), cudaMemcpyHostToDevice, stream));
  if (n_past > 0)
    HEARTH_CUDA_CHECK(cudaMemcpyAsync(history_.get(), tokens.data(), tokens.size() * sizeof(std::int32_t),
                                      cudaMemcpyHostToDevice, stream));
  // The host side is only read here; copy_kv takes one mutable pointer for both directions.
  HEARTH_TRY(copy_kv(kv_.as<std::uint8_t>(), const_cast<std::uint8_t*>(kv.data()), false, n_past, n_kv_heads, head_dim,
                     stream));
  HEARTH_CUDA_CHECK(cudaStreamSynchronize(stream));
  n_past_ = n_past;
  return Status::ok();
}

Result<std::unique_ptr<CudaState>> CudaState::snapshot(cudaStream_t stream) const {
  auto copy = std::unique_ptr<CudaState>(new CudaState);
  copy->id_ = next_state_id();
  copy->capacity_ = capacity_;
  copy->n_past_ = n_past_;
  copy->kv_f16_ = kv_f16_;
  copy->conv_layer_floats_ = conv_layer_floats_;
  copy->ssm_layer_floats_ = ssm_layer_floats_;
  copy->kv_layer_bytes_ = kv_layer_bytes_;
  HEARTH_TRY(alloc(copy->conv_, conv_.size(), "a state snapshot"));
  HEARTH_TRY(alloc(copy->ssm_, ssm_.size(), "a state snapshot"));
  HEARTH_TRY(alloc(copy->kv_, kv_.size(), "a state snapshot"));
  HEARTH_TRY(alloc(copy->history_, history_.size(), "a state snapshot"));
  HEARTH_TRY(copy->restore(*this, stream));
  return copy;
}

Status CudaState::restore(const CudaState& from, cudaStream_t stream) {
  if (from.conv_.size() > conv_.size() || from.ssm_.size() > ssm_.size() || from.kv_.size() > kv_.size() ||
      from.history_.size() > history_.size() || from.kv_f16_ != kv_f16_ || from.capacity_ != capacity_)
    return Status::error(ErrorCode::InvalidArgument, "a state can only be restored from one of the same shape");
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(conv_.get(), from.conv_.get(), from.conv_.size(), cudaMemcpyDeviceToDevice, stream));
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(ssm_.get(), from.ssm_.get(), from.ssm_.size(), cudaMemcpyDeviceToDevice, stream));
  // Only the filled part of each layer's K and V matters, but a state is one contiguous buffer: copy it all.
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(kv_.get(), from.kv_.get(), from.kv_.size(), cudaMemcpyDeviceToDevice, stream));
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(history_.get(), from.history_.get(), from.history_.size(), cudaMemcpyDeviceToDevice, stream));
  HEARTH_CUDA_CHECK(cudaStreamSynchronize(stream));
  n_past_ = from.n_past_;
  return Status::ok();
}

Status CudaState::clear(cudaStream_t stream) {
  HEARTH_CUDA_CHECK(cudaMemsetAsync(conv_.get(), 0, conv_.size(), stream));
  HEARTH_CUDA_CHECK(cudaMemsetAsync(ssm_.get(), 0, ssm_.size(), stream));
  HEARTH_CUDA_CHECK(cudaStreamSynchronize(stream));
  n_past_ = 0;
  return Status::ok();
}

CudaModel::~CudaModel() {
  for (DecodeGraph& g : graphs_) cudaGraphExecDestroy(g.exec);
  if (stream_) {
    cudaStreamSynchronize(stream_);
    cudaStreamDestroy(stream_);
  }
}

Result<std::unique_ptr<CudaModel>> CudaModel::load(const std::string& path, std::uint64_t data_offset,
                                                   const model::ModelConfig& config,
                                                   const model::ModelWeights& weights,
                                                   const CudaModelOptions& options, UploadStats* stats) {
  HEARTH_CUDA_CHECK(cudaSetDevice(options.device));
  auto m = std::unique_ptr<CudaModel>(new CudaModel);
  m->config_ = config;
  m->max_batch_ = std::max<std::int64_t>(1, options.max_batch);
  Result<DeviceWeights> dw = upload_weights(path, data_offset, config, weights, options.upload, stats);
  if (!dw) return dw.status();
  m->weights_ = std::move(dw.value());
  HEARTH_CUDA_CHECK(cudaStreamCreateWithFlags(&m->stream_, cudaStreamNonBlocking));

  const model::ModelConfig& c = config;
  const std::int64_t T = m->max_batch_, E = c.n_embd, k = std::max<std::int64_t>(1, c.moe.n_expert_used);
  const std::int64_t L = c.moe.latent_size > 0 ? c.moe.latent_size : E;
  const std::int64_t q_dim = c.attn.q_dim(), kv_dim = c.attn.kv_dim();
  const std::int64_t big = std::max({c.ssm.in_proj_dim(), q_dim, c.moe.n_expert, c.moe.n_ff_shexp, c.n_ff, E});
  const std::int64_t mid = std::max({c.ssm.conv_dim(), 2 * kv_dim, L, E});
  const std::int64_t ymax = std::max({c.ssm.d_inner, q_dim, L, E});
  const std::int64_t max_n_in = std::max({E, c.ssm.d_inner, q_dim, c.moe.n_ff_shexp, c.n_ff, L, c.moe.n_ff_exp});
  Result<Matmul> mm = Matmul::create(T, max_n_in, kTileBytes);
  if (!mm) return mm.status();
  m->matmul_ = std::move(mm.value());
  m->matmul_.set_precise(options.precise_prefill);
  m->precise_prefill_ = options.precise_prefill;
  const std::uint64_t f = sizeof(float);
  HEARTH_TRY(alloc(m->tokens_, T * sizeof(std::int32_t), "token ids"));
  HEARTH_TRY(alloc(m->x_, T * E * f, "activations"));
  HEARTH_TRY(alloc(m->h_, T * E * f, "activations"));
  HEARTH_TRY(alloc(m->big_, T * big * f, "activations"));
  HEARTH_TRY(alloc(m->mid_, T * mid * f, "activations"));
  HEARTH_TRY(alloc(m->y_, T * ymax * f, "activations"));
  HEARTH_TRY(alloc(m->out_, T * E * f, "activations"));
  HEARTH_TRY(alloc(m->ids_, T * k * sizeof(std::int32_t), "expert choices"));
  HEARTH_TRY(alloc(m->weights_sel_, T * k * f, "expert weights"));
  HEARTH_TRY(alloc(m->slots_, T * k * sizeof(std::int32_t), "expert slots"));
  HEARTH_TRY(alloc(m->gather_idx_, T * k * sizeof(std::int32_t), "expert slots"));
  HEARTH_TRY(alloc(m->expert_offsets_, (c.moe.n_expert + 1) * sizeof(std::int32_t), "expert offsets"));
  HEARTH_TRY(alloc(m->expert_counters_, std::max<std::int64_t>(1, c.moe.n_expert) * sizeof(std::int32_t), "expert counters"));
  HEARTH_TRY(alloc(m->expert_in_, T * k * L * f, "expert activations"));
  HEARTH_TRY(alloc(m->expert_hidden_, T * k * std::max<std::int64_t>(1, c.moe.n_ff_exp) * f, "expert activations"));
  HEARTH_TRY(alloc(m->expert_out_, T * k * L * f, "expert activations"));
  HEARTH_TRY(alloc(m->logits_, T * c.n_vocab * f, "logits"));
  HEARTH_TRY(alloc(m->step_, 4 * sizeof(std::int32_t), "decode step inputs"));
  HEARTH_TRY(alloc(m->ssd_scratch_, kernels::ssm_chunk_scan_scratch_floats(c.ssm.n_head, c.ssm.n_group, T) * f, "Mamba scan scratch"));
  HEARTH_TRY(alloc(m->prefill_scratch_,
                   kernels::attention_prefill_scratch_floats(static_cast<int>(std::max<std::int64_t>(c.attn.head_dim, 8))) * f,
                   "attention scratch"));
  Result<PinnedBuffer> step_host = PinnedBuffer::allocate(4 * sizeof(std::int32_t));
  if (!step_host) return step_host.status();
  m->step_host_ = std::move(step_host.value());
  HEARTH_TRY(alloc(m->sample_scratch_, kernels::sample_scratch_bytes(c.n_vocab), "the sampler"));
  HEARTH_TRY(alloc(m->drawn_, sizeof(std::int32_t), "the sampler"));
  Result<PinnedBuffer> drawn_host = PinnedBuffer::allocate(sizeof(std::int32_t));
  if (!drawn_host) return drawn_host.status();
  m->drawn_host_ = std::move(drawn_host.value());
  return m;
}

Result<std::unique_ptr<CudaState>> CudaModel::new_state(std::int64_t capacity, bool kv_f16) {
  if (capacity <= 0) return Status::error(ErrorCode::InvalidArgument, "a context must hold at least one token");
  const model::ModelConfig& c = config_;
  auto s = std::unique_ptr<CudaState>(new CudaState);
  s->id_ = next_state_id();
  s->capacity_ = capacity;
  s->kv_f16_ = kv_f16;
  s->conv_layer_floats_ = static_cast<std::uint64_t>((c.ssm.d_conv - 1) * c.ssm.conv_dim());
  s->ssm_layer_floats_ = static_cast<std::uint64_t>(c.ssm.d_inner * c.ssm.d_state);
  s->kv_layer_bytes_ = 2ull * c.attn.kv_dim() * capacity * (kv_f16 ? 2 : 4);
  const std::uint64_t n_mamba = count_kind(c, LayerKind::Mamba), n_attn = count_kind(c, LayerKind::Attention);
  HEARTH_TRY(alloc(s->conv_, n_mamba * s->conv_layer_floats_ * sizeof(float), "the Mamba conv state"));
  HEARTH_TRY(alloc(s->ssm_, n_mamba * s->ssm_layer_floats_ * sizeof(float), "the Mamba SSM state"));
  HEARTH_TRY(alloc(s->kv_, n_attn * s->kv_layer_bytes_, "the KV cache"));
  HEARTH_TRY(alloc(s->history_, static_cast<std::uint64_t>(capacity) * sizeof(std::int32_t), "the token history"));
  // The split-K attention merge needs room per span of the longest context a state can reach.
  const std::int64_t scratch =
      kernels::attention_decode_scratch_floats(static_cast<int>(c.attn.n_head), static_cast<int>(c.attn.head_dim), capacity);
  if (static_cast<std::uint64_t>(scratch) * sizeof(float) > attn_scratch_.size())
    HEARTH_TRY(alloc(attn_scratch_, static_cast<std::uint64_t>(scratch) * sizeof(float), "attention scratch"));
  HEARTH_TRY(s->clear(stream_));
  return s;
}

Status CudaModel::check_batch(const CudaState& state, const std::int32_t* tokens, std::int64_t n_tokens) const {
  const model::ModelConfig& c = config_;
  if (n_tokens <= 0) return Status::error(ErrorCode::InvalidArgument, "no tokens to process");
  if (n_tokens > max_batch_)
    return Status::error(ErrorCode::InvalidArgument, std::to_string(n_tokens) + " tokens in one call; the limit is " +
                                                         std::to_string(max_batch_), "split the prompt into chunks");
  if (state.n_past_ + n_tokens > state.capacity_)
    return Status::error(ErrorCode::ContextOverflow,
                         "the context holds " + std::to_string(state.capacity_) + " tokens; this needs " +
                             std::to_string(state.n_past_ + n_tokens) + " (" +
                             std::to_string(state.n_past_ + n_tokens - state.capacity_) + " too many)",
                         "start a new conversation or raise the context length");
  for (std::int64_t t = 0; t < n_tokens; ++t)
    if (tokens[t] < 0 || tokens[t] >= c.n_vocab)
      return Status::error(ErrorCode::InvalidArgument, "token id " + std::to_string(tokens[t]) +
                                                           " is outside the vocabulary of " + std::to_string(c.n_vocab));
  return Status::ok();
}

Status CudaModel::forward(CudaState& state, const std::int32_t* tokens, std::int64_t n_tokens, float* logits,
                          bool all_logits) {
  HEARTH_TRY(check_batch(state, tokens, n_tokens));
  const std::int64_t T = n_tokens, rows = all_logits ? T : 1;
  profile_.start(stream_);
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(tokens_.get(), tokens, T * sizeof(std::int32_t), cudaMemcpyHostToDevice, stream_));
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(state.history_.as<std::int32_t>() + state.n_past_, tokens_.get(),
                                    T * sizeof(std::int32_t), cudaMemcpyDeviceToDevice, stream_));
  HEARTH_TRY(enqueue(state, T, rows, nullptr, 0));
  if (logits != nullptr)
    HEARTH_CUDA_CHECK(cudaMemcpyAsync(logits, logits_.get(), rows * config_.n_vocab * sizeof(float),
                                      cudaMemcpyDeviceToHost, stream_));
  HEARTH_CUDA_CHECK(cudaStreamSynchronize(stream_));
  HEARTH_TRY(profile_.finish());
  state.n_past_ += T;
  last_rows_offset_ = (rows - 1) * config_.n_vocab;
  return Status::ok();
}

Status CudaModel::enqueue(CudaState& state, std::int64_t T, std::int64_t logit_rows, const std::int32_t* step,
                          std::int64_t max_ctx) {
  const model::ModelConfig& c = config_;
  const std::int64_t E = c.n_embd;
  float* x = x_.as<float>();
  float* h = h_.as<float>();
  const std::int32_t* ids = step != nullptr ? step : tokens_.as<std::int32_t>();
  HEARTH_CUDA_CHECK(kernels::get_rows_f32(weights_.token_embd, ids, T, x, stream_));
  profile_.mark("embedding");

  std::int64_t mamba_index = 0, attn_index = 0;
  for (std::size_t l = 0; l < weights_.layers.size(); ++l) {
    const DeviceLayer& layer = weights_.layers[l];
    HEARTH_CUDA_CHECK(kernels::rms_norm(x, layer.attn_norm, h, T, E, c.rms_eps, stream_));
    profile_.mark("block norm");
    switch (layer.kind) {
      case LayerKind::Mamba: {
        float* conv = state.conv_.as<float>() + mamba_index * state.conv_layer_floats_;
        float* ssm = state.ssm_.as<float>() + mamba_index * state.ssm_layer_floats_;
        HEARTH_TRY(mamba(layer, conv, ssm, T));
        ++mamba_index;
        break;
      }
      case LayerKind::Attention:
        HEARTH_TRY(attention(layer, state, state.kv_.as<std::uint8_t>() + attn_index * state.kv_layer_bytes_, T, step,
                             max_ctx));
        ++attn_index;
        break;
      case LayerKind::MoE: HEARTH_TRY(moe(layer, T)); break;
      case LayerKind::MLP: HEARTH_TRY(mlp(layer, T)); break;
    }
    HEARTH_CUDA_CHECK(kernels::add_inplace(x, out_.as<float>(), T * E, stream_));
    profile_.mark("residual add");
  }

  const float* last = x + (T - logit_rows) * E;
  HEARTH_CUDA_CHECK(kernels::rms_norm(last, weights_.output_norm, h, logit_rows, E, c.rms_eps, stream_));
  HEARTH_TRY(matmul_.run(weights_.output, h, logit_rows, logits_.as<float>(), stream_));
  profile_.mark("output norm + lm head");
  return Status::ok();
}

Status CudaModel::capture(CudaState& state, std::int64_t max_ctx, cudaGraphExec_t* exec) {
  HEARTH_CUDA_CHECK(cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal));
  const auto* step = step_.as<std::int32_t>();
  Status enqueued = Status::ok();
  const cudaError_t copied =
      cudaMemcpyAsync(step_.get(), step_host_.get(), 3 * sizeof(std::int32_t), cudaMemcpyHostToDevice, stream_);
  if (copied == cudaSuccess) enqueued = enqueue(state, 1, 1, step, max_ctx);
  cudaGraph_t graph = nullptr;
  const cudaError_t ended = cudaStreamEndCapture(stream_, &graph);  // always: the stream must leave capture mode
  if (copied != cudaSuccess) {
    if (graph) cudaGraphDestroy(graph);
    return cuda_error(copied, "cudaMemcpyAsync(step)", __FILE__, __LINE__);
  }
  if (!enqueued.is_ok()) {
    if (graph) cudaGraphDestroy(graph);
    return enqueued;
  }
  HEARTH_CUDA_CHECK(ended);
  const cudaError_t made = cudaGraphInstantiate(exec, graph, 0);
  cudaGraphDestroy(graph);
  HEARTH_CUDA_CHECK(made);
  return Status::ok();
}

Status CudaModel::decode(CudaState& state, std::int32_t token, float* logits, bool wait) {
  if (!graphs_enabled_ || profile_.enabled()) return forward(state, &token, 1, logits);
  HEARTH_TRY(check_batch(state, &token, 1));
  // Attention's grid covers a power-of-two number of 256-position spans, so a 1M context needs ~13 graphs.
  std::int64_t max_ctx = 256;
  while (max_ctx < state.n_past_ + 1) max_ctx *= 2;
  max_ctx = std::min(max_ctx, state.capacity_);
  auto it = std::find_if(graphs_.begin(), graphs_.end(),
                         [&](const DecodeGraph& g) { return g.state_id == state.id_ && g.max_ctx == max_ctx; });
  if (it == graphs_.end()) {
    DecodeGraph g{state.id_, max_ctx, nullptr};
    HEARTH_TRY(capture(state, max_ctx, &g.exec));
    graphs_.push_back(g);
    it = graphs_.end() - 1;
  }
  // The pinned inputs are read by the graph's first node; the previous step finished (synchronised below).
  auto* in = static_cast<std::int32_t*>(step_host_.get());
  in[0] = token;
  in[1] = static_cast<std::int32_t>(state.n_past_);
  in[2] = static_cast<std::int32_t>(state.n_past_ + 1);
  HEARTH_CUDA_CHECK(cudaGraphLaunch(it->exec, stream_));
  // The token's place in the history (not in the graph: its address moves with the position).
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(state.history_.as<std::int32_t>() + state.n_past_, step_host_.get(),
                                    sizeof(std::int32_t), cudaMemcpyHostToDevice, stream_));
  if (logits != nullptr)
    HEARTH_CUDA_CHECK(cudaMemcpyAsync(logits, logits_.get(), config_.n_vocab * sizeof(float), cudaMemcpyDeviceToHost,
                                      stream_));
  if (wait) HEARTH_CUDA_CHECK(cudaStreamSynchronize(stream_));
  state.n_past_ += 1;
  last_rows_offset_ = 0;
  return Status::ok();
}

Result<std::int32_t> CudaModel::decode_and_draw(CudaState& state, std::int32_t token, const kernels::SampleParams& params,
                                                std::int32_t penalty_last_n, double u) {
  HEARTH_TRY(decode(state, token, nullptr, /*wait=*/false));
  const std::int64_t seen = penalty_last_n < 0 ? state.n_past_ : std::min<std::int64_t>(penalty_last_n, state.n_past_);
  kernels::SampleArgs a;
  a.logits = device_logits();
  a.n_vocab = config_.n_vocab;
  a.params = params;
  a.history = state.history_.as<std::int32_t>() + (state.n_past_ - seen);
  a.history_len = static_cast<std::int32_t>(seen);
  a.u = u;
  a.scratch = sample_scratch_.get();
  a.token = drawn_.as<std::int32_t>();
  HEARTH_CUDA_CHECK(kernels::sample(a, stream_));
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(drawn_host_.get(), drawn_.get(), sizeof(std::int32_t), cudaMemcpyDeviceToHost, stream_));
  HEARTH_CUDA_CHECK(cudaStreamSynchronize(stream_));
  return *static_cast<const std::int32_t*>(drawn_host_.get());
}

void CudaModel::release_graphs(const CudaState& state) {
  for (DecodeGraph& g : graphs_)
    if (g.state_id == state.id_) cudaGraphExecDestroy(g.exec);
  std::erase_if(graphs_, [&](const DecodeGraph& g) { return g.state_id == state.id_; });
}

Status CudaModel::read_logits(float* logits) {
  HEARTH_CUDA_CHECK(cudaMemcpyAsync(logits, device_logits(), config_.n_vocab * sizeof(float), cudaMemcpyDeviceToHost,
                                    stream_));
  HEARTH_CUDA_CHECK(cudaStreamSynchronize(stream_));
  return Status::ok();
}

// Mamba-2 mixer (nemotron-h.md §2.1): in_proj → z | xBC | dt; conv + SiLU over xBC; scan; gate then grouped
// norm; out_proj. The block output lands in out_.
Status CudaModel::mamba(const DeviceLayer& layer, float* state_conv, float* state_ssm, std::int64_t T) {
  const model::SsmConfig& s = config_.ssm;
  const std::int64_t in_dim = s.in_proj_dim(), C = s.conv_dim(), GN = s.n_group * s.d_state;
  float* zxbcdt = big_.as<float>();
  float* xbc = mid_.as<float>();
  float* y = y_.as<float>();
  HEARTH_TRY(matmul_.run(layer.mamba.in, h_.as<float>(), T, zxbcdt, stream_));
  profile_.mark("mamba in_proj");
  HEARTH_CUDA_CHECK(kernels::ssm_conv(zxbcdt + s.d_inner, in_dim, T, C, static_cast<int>(s.d_conv), layer.mamba.conv,
                                      layer.mamba.conv_bias, state_conv, xbc, stream_));
  profile_.mark("mamba conv");
  kernels::SsmScanArgs a;
  a.n_heads = s.n_head;
  a.head_dim = s.head_dim();
  a.n_groups = s.n_group;
  a.state_size = s.d_state;
  a.n_tokens = T;
  a.x = xbc;
  a.ld_x = C;
  a.b = xbc + s.d_inner;
  a.c = xbc + s.d_inner + GN;
  a.ld_bc = C;
  a.dt = zxbcdt + s.d_inner + C;
  a.ld_dt = in_dim;
  a.dt_bias = layer.mamba.dt_bias;
  a.a = layer.mamba.a;
  a.d = layer.mamba.d;
  a.state = state_ssm;
  a.y = y;
  // A batch takes the chunked SSD form (matrix products within chunks, the state touched once per chunk);
  // a single token the step form.
  if (T > 1)
    HEARTH_CUDA_CHECK(kernels::ssm_chunk_scan(a, ssd_scratch_.as<float>(), stream_));
  else
    HEARTH_CUDA_CHECK(kernels::ssm_scan(a, stream_));
  profile_.mark("mamba scan");
  HEARTH_CUDA_CHECK(kernels::gated_group_rms_norm(y, zxbcdt, in_dim, layer.mamba.norm, y, T, s.d_inner,
                                                  s.group_size(), config_.rms_eps, stream_));
  profile_.mark("mamba gated norm");
  HEARTH_TRY(matmul_.run(layer.mamba.out, y, T, out_.as<float>(), stream_));
  profile_.mark("mamba out_proj");
  return Status::ok();
}

// NoPE GQA attention (§2.2): the split-K decode kernel for one token, flash-style prefill for a batch.
Status CudaModel::attention(const DeviceLayer& layer, CudaState& state, std::uint8_t* kv, std::int64_t T,
                            const std::int32_t* step, std::int64_t max_ctx) {
  const model::AttentionConfig& at = config_.attn;
  const std::int64_t q_dim = at.q_dim(), kv_dim = at.kv_dim();
  float* q = big_.as<float>();
  float* k = mid_.as<float>();
  float* v = k + T * kv_dim;
  float* heads = y_.as<float>();
  const float* h = h_.as<float>();
  HEARTH_TRY(matmul_.run(layer.attn.q, h, T, q, stream_));
  HEARTH_TRY(matmul_.run(layer.attn.k, h, T, k, stream_));
  HEARTH_TRY(matmul_.run(layer.attn.v, h, T, v, stream_));
  profile_.mark("attention qkv");
  std::uint8_t* k_cache = kv;
  std::uint8_t* v_cache = kv + state.kv_layer_bytes_ / 2;
  if (step != nullptr)
    HEARTH_CUDA_CHECK(kernels::kv_cache_write_at(k, v, k_cache, v_cache, state.kv_f16_, state.capacity_, step + 1,
                                                 static_cast<int>(at.n_head_kv), static_cast<int>(at.head_dim), stream_));
  else
    HEARTH_CUDA_CHECK(kernels::kv_cache_write(k, v, T, k_cache, v_cache, state.kv_f16_, state.capacity_, state.n_past_,
                                              static_cast<int>(at.n_head_kv), static_cast<int>(at.head_dim), stream_));
  kernels::AttentionDecodeArgs a;
  a.k = k_cache;
  a.v = v_cache;
  a.cache_f16 = state.kv_f16_;
  a.capacity = state.capacity_;
  a.n_q_heads = static_cast<int>(at.n_head);
  a.n_kv_heads = static_cast<int>(at.n_head_kv);
  a.head_dim = static_cast<int>(at.head_dim);
  a.scale = 1.0f / std::sqrt(static_cast<float>(at.head_dim));
  a.scratch = attn_scratch_.as<float>();
  if (step != nullptr) {  // graph form: one token, its context length read on the device
    a.q = q;
    a.out = heads;
    a.n_ctx_device = step + 2;
    a.max_ctx = max_ctx;
    HEARTH_CUDA_CHECK(kernels::attention_decode(a, stream_));
    return matmul_.run(layer.attn.o, heads, T, out_.as<float>(), stream_);
  }
  if (T == 1) {
    a.q = q;
    a.out = heads;
    a.n_ctx = state.n_past_ + 1;
    HEARTH_CUDA_CHECK(kernels::attention_decode(a, stream_));
  } else {
    // Flash-style prefill: every new token over its causal prefix in one launch. An f32 KV cache (or the
    // precise prefill) asks for exactness, so it gets fp32 math; an f16 cache has rounded K and V already
    // and gets f16 tensor cores.
    kernels::AttentionPrefillArgs p;
    p.q = q;
    p.ld_q = q_dim;
    p.k = k_cache;
    p.v = v_cache;
    p.cache_f16 = state.kv_f16_;
    p.capacity = state.capacity_;
    p.pos0 = state.n_past_;
    p.n_tokens = T;
    p.n_q_heads = a.n_q_heads;
    p.n_kv_heads = a.n_kv_heads;
    p.head_dim = a.head_dim;
    p.scale = a.scale;
    p.precise = precise_prefill_ || !state.kv_f16_;
    p.out = heads;
    p.scratch = prefill_scratch_.as<float>();
    HEARTH_CUDA_CHECK(kernels::attention_prefill(p, stream_));
  }
  profile_.mark("attention");
  HEARTH_TRY(matmul_.run(layer.attn.o, heads, T, out_.as<float>(), stream_));
  profile_.mark("attention out");
  return Status::ok();
}

// Latent MoE (§2.3): route on the full h in fp32, experts in the latent space, shared expert on h.
Status CudaModel::moe(const DeviceLayer& layer, std::int64_t T) {
  const model::MoeConfig& mc = config_.moe;
  const std::int64_t E = config_.n_embd, k = mc.n_expert_used, F = mc.n_ff_exp;
  const bool latent = mc.latent_size > 0;
  const std::int64_t L = latent ? mc.latent_size : E;
  const float* h = h_.as<float>();
  float* router = big_.as<float>();
  auto* ids = ids_.as<std::int32_t>();
  float* w = weights_sel_.as<float>();
  HEARTH_TRY(matmul_.run(layer.moe.gate, h, T, router, stream_));
  profile_.mark("moe router");
  HEARTH_CUDA_CHECK(kernels::moe_route(router, layer.moe.probs_bias, T, static_cast<int>(mc.n_expert),
                                       static_cast<int>(k), mc.weights_norm, mc.weights_scale, ids, w, stream_));
  profile_.mark("moe route");
  const float* lat = h;
  if (latent) {
    HEARTH_TRY(matmul_.run(layer.moe.latent_down, h, T, mid_.as<float>(), stream_));
    lat = mid_.as<float>();
    profile_.mark("moe latent down");
  }
  float* combined = y_.as<float>();  // (T, L)
  float* hidden = expert_hidden_.as<float>();
  float* eout = expert_out_.as<float>();
  if (T == 1) {
    // Decode: the k experts' GEMVs read their ids on the device; nothing returns to the host.
    HEARTH_CUDA_CHECK(kernels::gemv_experts(layer.moe.up_exps, ids, static_cast<int>(k), lat, 0, hidden, stream_));
    profile_.mark("experts up");
    HEARTH_CUDA_CHECK(kernels::relu_squared(hidden, k * F, stream_));
    profile_.mark("experts relu2");
    HEARTH_CUDA_CHECK(kernels::gemv_experts(layer.moe.down_exps, ids, static_cast<int>(k), hidden, F, eout, stream_));
    profile_.mark("experts down");
    HEARTH_CUDA_CHECK(kernels::moe_combine(eout, w, static_cast<int>(k), L, combined, false, stream_));
    profile_.mark("experts combine");
  } else {
    // Prefill: group the T·k choices by expert on the device, run every expert over its rows in one launch
    // per stack reading the quantised weights directly (each expert's weights once), then combine per token
    // in a fixed order. Nothing returns to the host.
    const std::int64_t n = T * k;
    const auto* offsets = expert_offsets_.as<std::int32_t>();
    HEARTH_CUDA_CHECK(kernels::moe_group(ids, T, static_cast<int>(k), static_cast<int>(mc.n_expert),
                                         expert_offsets_.as<std::int32_t>(), slots_.as<std::int32_t>(),
                                         gather_idx_.as<std::int32_t>(), expert_counters_.as<std::int32_t>(), stream_));
    profile_.mark("experts group");
    float* ein = expert_in_.as<float>();
    HEARTH_CUDA_CHECK(kernels::gather_rows(lat, L, gather_idx_.as<std::int32_t>(), n, L, ein, stream_));
    profile_.mark("experts gather");
    // The dense matmuls' precision rule (cuda_matmul.h) holds for the expert stacks too.
    HEARTH_CUDA_CHECK(kernels::moe_grouped_matmul(layer.moe.up_exps, ein, n, offsets, hidden, stream_,
                                                  matmul_.precision_for(layer.moe.up_exps)));
    profile_.mark("experts up");
    HEARTH_CUDA_CHECK(kernels::relu_squared(hidden, n * F, stream_));
    profile_.mark("experts relu2");
    HEARTH_CUDA_CHECK(kernels::moe_grouped_matmul(layer.moe.down_exps, hidden, n, offsets, eout, stream_,
                                                  matmul_.precision_for(layer.moe.down_exps)));
    profile_.mark("experts down");
    HEARTH_CUDA_CHECK(kernels::moe_combine_rows(eout, slots_.as<std::int32_t>(), w, T, static_cast<int>(k), L, combined,
                                                stream_));
    profile_.mark("experts combine");
  }
  float* out = out_.as<float>();
  if (latent)
    HEARTH_TRY(matmul_.run(layer.moe.latent_up, combined, T, out, stream_));
  else
    HEARTH_CUDA_CHECK(cudaMemcpyAsync(out, combined, T * E * sizeof(float), cudaMemcpyDeviceToDevice, stream_));
  profile_.mark("moe latent up");
  if (layer.moe.up_shexp.n_in == 0) return Status::ok();  // no shared expert
  // The shared expert on the full h, added to the same block output.
  float* shared_hidden = big_.as<float>();
  float* shared_out = mid_.as<float>();
  HEARTH_TRY(matmul_.run(layer.moe.up_shexp, h, T, shared_hidden, stream_));
  profile_.mark("shared expert up");
  HEARTH_CUDA_CHECK(kernels::relu_squared(shared_hidden, T * mc.n_ff_shexp, stream_));
  HEARTH_TRY(matmul_.run(layer.moe.down_shexp, shared_hidden, T, shared_out, stream_));
  profile_.mark("shared expert down");
  HEARTH_CUDA_CHECK(kernels::add_inplace(out, shared_out, T * E, stream_));
  return Status::ok();
}

// Dense ReLU² MLP (§2.4, Nano 4B).
Status CudaModel::mlp(const DeviceLayer& layer, std::int64_t T) {
  float* up = big_.as<float>();
  HEARTH_TRY(matmul_.run(layer.mlp.up, h_.as<float>(), T, up, stream_));
  HEARTH_CUDA_CHECK(kernels::relu_squared(up, T * config_.n_ff, stream_));
  HEARTH_TRY(matmul_.run(layer.mlp.down, up, T, out_.as<float>(), stream_));
  profile_.mark("mlp");
  return Status::ok();
}

}  // namespace hearth::cuda
