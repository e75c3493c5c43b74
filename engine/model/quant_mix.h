// Per-tensor types of the file types the synthesiser writes. q4_k_m reproduces llama-quantize's stock
// Q4_K_M choice for this architecture (nemotron-h.md §3.3): q4_K by default, q6_K for output, for attn_v at
// use_more_bits(i, n) over the attention layers and for every ffn_down* at use_more_bits(block, n_block);
// rows whose length is not a multiple of 256 fall back (q4_K → q5_0, q6_K → q8_0), which is what puts
// q5_0/q8_0 on Super's 2688-wide ffn_down_exps. Tensors converters keep in F32 are never quantised.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "gguf/tensor_types.h"
#include "model/model_config.h"
#include "model/tensor_list.h"

namespace hearth::model {

enum class QuantMix { F32, BF16, Q8_0, Q4_K_M };

std::string_view quant_mix_name(QuantMix mix);  // "f32", "bf16", "q8_0", "q4_k_m"
std::optional<QuantMix> quant_mix_from_name(std::string_view name);
// llama.cpp's llama_ftype value for general.file_type (ALL_F32 0, MOSTLY_Q8_0 7, MOSTLY_Q4_K_M 15, MOSTLY_BF16 32).
std::uint32_t quant_mix_file_type(QuantMix mix);
// The name of a general.file_type value ("Q4_K_M"), or empty for values Hearth does not name.
std::string_view file_type_name(std::uint32_t file_type);

// Types for every expected tensor, in the same order.
std::vector<gguf::TensorType> choose_types(QuantMix mix, const ModelConfig& config,
                                           const std::vector<ExpectedTensor>& tensors);

// llama-quantize's "more bits" layer rule: the first and last eighth, and every third layer between.
bool use_more_bits(std::int64_t i, std::int64_t n);

}  // namespace hearth::model
