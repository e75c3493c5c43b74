#include "runtime/roofline.h"

namespace hearth::runtime {

DecodeTraffic decode_traffic(const model::ModelStats& s) {
  DecodeTraffic d;
  d.weights = static_cast<std::uint64_t>(s.weight_bytes_per_token);
  d.state = 2 * (s.conv_state_bytes + s.ssm_state_bytes);
  d.kv_per_position = s.kv_bytes_per_token;
  return d;
}

double prefill_flops_per_token(const model::ModelStats& s, const model::ModelConfig& c, std::int64_t depth) {
  // q·k and p·v: 2 · n_head · head_dim multiply-adds per cached position per attention layer.
  const double attention = static_cast<double>(c.count(model::LayerKind::Attention)) * 2.0 *
                           static_cast<double>(c.attn.n_head * c.attn.head_dim) * static_cast<double>(depth);
  return 2.0 * (s.active_params + attention);
}

}  // namespace hearth::runtime
