#include "runtime/session_state.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <string>

namespace hearth::runtime {

std::uint64_t StateSnapshot::bytes() const {
  return (conv.size() + ssm.size() + logits.size()) * sizeof(float) + kv.size() + tokens.size() * sizeof(std::int32_t);
}

Result<SessionState> SessionState::create(const CpuModel& model, std::int64_t capacity, cpu::KvType kv_type) {
  SessionState s;
  s.capacity_ = capacity;
  s.kv_type_ = kv_type;
  const cpu::Mamba2Shape& m = model.mamba_shape;
  const std::int64_t n_mamba = model.count(model::LayerKind::Mamba);
  const std::int64_t n_attn = model.count(model::LayerKind::Attention);
  s.conv_per_layer_ = n_mamba > 0 ? (m.conv_kernel - 1) * m.conv_channels() : 0;
  s.ssm_per_layer_ = n_mamba > 0 ? m.n_heads * m.head_dim() * m.state_size : 0;
  s.kv_row_bytes_ = model.attn_shape.kv_dim() * (kv_type == cpu::KvType::F16 ? 2 : 4);
  const std::uint64_t kv_bytes = static_cast<std::uint64_t>(n_attn) * 2 * static_cast<std::uint64_t>(capacity) *
                                 static_cast<std::uint64_t>(s.kv_row_bytes_);
  try {
    s.conv_.assign(static_cast<std::size_t>(n_mamba * s.conv_per_layer_), 0.0f);
    s.ssm_.assign(static_cast<std::size_t>(n_mamba * s.ssm_per_layer_), 0.0f);
    s.kv_.resize(kv_bytes);
  } catch (const std::bad_alloc&) {
    return Status::error(ErrorCode::OutOfMemory,
                         "the session state needs " + std::to_string((kv_bytes >> 20) + 1) + " MiB of KV cache for " +
                             std::to_string(capacity) + " positions",
                         "use a shorter context or the f16 KV cache");
  }
  return s;
}

cpu::Mamba2State SessionState::mamba(std::int64_t index) {
  return {conv_.data() + index * conv_per_layer_, ssm_.data() + index * ssm_per_layer_};
}

cpu::KvLayerView SessionState::kv(std::int64_t index) {
  const std::int64_t layer_bytes = capacity_ * kv_row_bytes_;
  cpu::KvLayerView v;
  v.type = kv_type_;
  v.k = kv_.data() + 2 * index * layer_bytes;
  v.v = kv_.data() + (2 * index + 1) * layer_bytes;
  v.capacity = capacity_;
  return v;
}

std::uint64_t SessionState::bytes() const { return (conv_.size() + ssm_.size()) * sizeof(float) + kv_.size(); }

void SessionState::reset() {
  std::fill(conv_.begin(), conv_.end(), 0.0f);
  std::fill(ssm_.begin(), ssm_.end(), 0.0f);
}

void SessionState::save(std::int64_t n_past, StateSnapshot& out) const {
  out.n_past = n_past;
  out.conv = conv_;
  out.ssm = ssm_;
  const std::int64_t layer_bytes = capacity_ * kv_row_bytes_;
  const std::int64_t filled = n_past * kv_row_bytes_;
  const std::int64_t halves = layer_bytes > 0 ? static_cast<std::int64_t>(kv_.size()) / layer_bytes : 0;
  out.kv.resize(static_cast<std::size_t>(halves * filled));
  for (std::int64_t h = 0; h < halves; ++h)
    std::memcpy(out.kv.data() + h * filled, kv_.data() + h * layer_bytes, static_cast<std::size_t>(filled));
}

bool SessionState::fits(const StateSnapshot& in) const {
  const std::int64_t layer_bytes = capacity_ * kv_row_bytes_;
  const std::int64_t halves = layer_bytes > 0 ? static_cast<std::int64_t>(kv_.size()) / layer_bytes : 0;
  return in.conv.size() == conv_.size() && in.ssm.size() == ssm_.size() && in.n_past >= 0 && in.n_past <= capacity_ &&
         static_cast<std::int64_t>(in.kv.size()) == halves * in.n_past * kv_row_bytes_;
}

void SessionState::load(const StateSnapshot& in) {
  conv_ = in.conv;
  ssm_ = in.ssm;
  const std::int64_t layer_bytes = capacity_ * kv_row_bytes_;
  const std::int64_t filled = in.n_past * kv_row_bytes_;
  const std::int64_t halves = layer_bytes > 0 ? static_cast<std::int64_t>(kv_.size()) / layer_bytes : 0;
  for (std::int64_t h = 0; h < halves; ++h)
    std::memcpy(kv_.data() + h * layer_bytes, in.kv.data() + h * filled, static_cast<std::size_t>(filled));
}

}  // namespace hearth::runtime
