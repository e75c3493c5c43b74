// The kind of each residual block of a Nemotron-H model. Computed once from the GGUF per-layer arrays
// (nemotron-h.md §1.3) by ModelConfig and read everywhere else; nothing re-derives it from head counts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace hearth::model {

enum class LayerKind {
  Mamba,      // 'M': Mamba-2 mixer (recurrent: conv + SSM state, no KV)
  Attention,  // '*': NoPE GQA self-attention (the only layers with a KV cache)
  MoE,        // 'E': routed experts (latent or not) plus a shared expert
  MLP,        // '-': dense ReLU² MLP (nemotron_h, Nano 4B)
};

// The character NVIDIA's hybrid_override_pattern uses for the kind.
char layer_kind_char(LayerKind kind);
std::string_view layer_kind_name(LayerKind kind);

// "MEM*E…" ↔ kinds. Parsing fails on any other character, naming it and its position.
std::string pattern_string(const std::vector<LayerKind>& kinds);
Result<std::vector<LayerKind>> parse_pattern(std::string_view pattern);

}  // namespace hearth::model
