#include "model/layer_kind.h"

namespace hearth::model {

namespace {

struct KindRow {
  LayerKind kind;
  char symbol;
  std::string_view name;
};

constexpr KindRow kKinds[] = {
    {LayerKind::Mamba, 'M', "mamba"},
    {LayerKind::Attention, '*', "attention"},
    {LayerKind::MoE, 'E', "moe"},
    {LayerKind::MLP, '-', "mlp"},
};

const KindRow& row(LayerKind kind) {
  for (const KindRow& r : kKinds)
    if (r.kind == kind) return r;
  return kKinds[0];
}

}  // namespace

char layer_kind_char(LayerKind kind) { return row(kind).symbol; }
std::string_view layer_kind_name(LayerKind kind) { return row(kind).name; }

std::string pattern_string(const std::vector<LayerKind>& kinds) {
  std::string s;
  s.reserve(kinds.size());
  for (LayerKind k : kinds) s.push_back(layer_kind_char(k));
  return s;
}

Result<std::vector<LayerKind>> parse_pattern(std::string_view pattern) {
  std::vector<LayerKind> kinds;
  kinds.reserve(pattern.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const KindRow* found = nullptr;
    for (const KindRow& r : kKinds)
      if (r.symbol == pattern[i]) found = &r;
    if (found == nullptr)
      return Status::error(ErrorCode::InvalidArgument, "layer pattern has '" + std::string(1, pattern[i]) +
                                                           "' at position " + std::to_string(i) +
                                                           "; expected one of M * E -");
    kinds.push_back(found->kind);
  }
  return kinds;
}

}  // namespace hearth::model
