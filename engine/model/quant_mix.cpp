#include "model/quant_mix.h"

namespace hearth::model {

namespace {

using T = gguf::TensorType;

struct MixRow {
  QuantMix mix;
  std::string_view name;
  std::uint32_t file_type;
  T base;  // the type of an ordinary quantisable weight
};

constexpr MixRow kMixes[] = {
    {QuantMix::F32, "f32", 0, T::F32},
    {QuantMix::BF16, "bf16", 32, T::BF16},
    {QuantMix::Q8_0, "q8_0", 7, T::Q8_0},
    {QuantMix::Q4_K_M, "q4_k_m", 15, T::Q4_K},
};

// llama_ftype names for the values users meet (general.file_type), for inspect and discovery.
struct FileTypeRow {
  std::uint32_t value;
  std::string_view name;
};
constexpr FileTypeRow kFileTypes[] = {
    {0, "F32"},     {1, "F16"},     {2, "Q4_0"},    {3, "Q4_1"},    {7, "Q8_0"},      {8, "Q5_0"},
    {9, "Q5_1"},    {10, "Q2_K"},   {11, "Q3_K_S"}, {12, "Q3_K_M"}, {13, "Q3_K_L"},   {14, "Q4_K_S"},
    {15, "Q4_K_M"}, {16, "Q5_K_S"}, {17, "Q5_K_M"}, {18, "Q6_K"},   {19, "IQ2_XXS"},  {20, "IQ2_XS"},
    {23, "IQ3_XXS"}, {24, "IQ1_S"}, {25, "IQ4_NL"}, {26, "IQ3_S"},  {27, "IQ3_M"},    {28, "IQ2_S"},
    {29, "IQ2_M"},  {30, "IQ4_XS"}, {31, "IQ1_M"},  {32, "BF16"},   {36, "TQ1_0"},    {37, "TQ2_0"},
    {38, "MXFP4_MOE"},
};

const MixRow& row(QuantMix mix) {
  for (const MixRow& r : kMixes)
    if (r.mix == mix) return r;
  return kMixes[0];
}

bool is_ffn_down(TensorRole role) {
  return role == TensorRole::FfnDown || role == TensorRole::FfnDownExps || role == TensorRole::FfnDownShexp;
}

// llama-quant's tensor_type_fallback for rows that do not fill whole blocks.
T fallback(T type, std::int64_t row) {
  const std::int64_t block = gguf::type_traits(type).block_size;
  if (row % block == 0) return type;
  T next = T::F16;
  switch (type) {
    case T::Q4_K: next = T::Q5_0; break;
    case T::Q6_K: next = T::Q8_0; break;
    default: break;
  }
  return row % gguf::type_traits(next).block_size == 0 ? next : T::F16;
}

}  // namespace

std::string_view quant_mix_name(QuantMix mix) { return row(mix).name; }

std::optional<QuantMix> quant_mix_from_name(std::string_view name) {
  for (const MixRow& r : kMixes)
    if (r.name == name) return r.mix;
  return std::nullopt;
}

std::uint32_t quant_mix_file_type(QuantMix mix) { return row(mix).file_type; }

std::string_view file_type_name(std::uint32_t file_type) {
  for (const FileTypeRow& r : kFileTypes)
    if (r.value == file_type) return r.name;
  return {};
}

bool use_more_bits(std::int64_t i, std::int64_t n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; }

std::vector<gguf::TensorType> choose_types(QuantMix mix, const ModelConfig& c, const std::vector<ExpectedTensor>& tensors) {
  // llama-quant counts attn_v tensors in file order; ffn_down of an MoE model is located by its block index
  // over all blocks (the MTP block included), of a dense model by its position among the ffn_down tensors.
  std::int64_t n_attn_v = 0, n_ffn_down = 0;
  for (const ExpectedTensor& e : tensors) {
    n_attn_v += e.role == TensorRole::AttnV;
    n_ffn_down += is_ffn_down(e.role);
  }
  const std::int64_t n_block = c.n_layer + c.n_nextn;
  std::int64_t i_attn_v = 0, i_ffn_down = 0;

  std::vector<gguf::TensorType> types;
  types.reserve(tensors.size());
  for (const ExpectedTensor& e : tensors) {
    T type = row(mix).base;
    if (e.f32_only || mix == QuantMix::F32) {
      types.push_back(T::F32);
      continue;
    }
    if (mix == QuantMix::Q4_K_M) {
      if (e.role == TensorRole::Output) {
        type = T::Q6_K;
      } else if (e.role == TensorRole::AttnV) {
        if (use_more_bits(i_attn_v, n_attn_v)) type = T::Q6_K;
        ++i_attn_v;
      } else if (is_ffn_down(e.role)) {
        const bool more = c.moe.n_expert > 1 ? use_more_bits(e.layer, n_block) : use_more_bits(i_ffn_down, n_ffn_down);
        if (more) type = T::Q6_K;
        ++i_ffn_down;
      }
    }
    types.push_back(fallback(type, e.ne[0]));
  }
  return types;
}

}  // namespace hearth::model
