// The table of GGUF tensor types (ggml's type_traits: block size and bytes per block for every id GGUF
// defines) and the dispatch from a type to its block codec. Ids 4, 5 (the removed Q4_2/Q4_3) and 31..33,
// 36..38 (removed in-file repackings) are not defined any more and have no row.
#include "gguf/tensor_types.h"

#include <array>
#include <string>

#include "gguf/block_codecs.h"
#include "gguf/half_float.h"

namespace hearth::gguf {

namespace {

struct TypeRow {
  TensorType type;
  TypeTraits traits;
  detail::DequantizeBlocks dequantize;  // nullptr: no CPU dequantisation
  detail::QuantizeBlocks quantize;      // nullptr: no reference quantiser
};

using namespace detail;  // the codec functions; only in this table

// Stored bytes per block are part of the file format: they must match ggml-common.h exactly.
const TypeRow kTypes[] = {
    {TensorType::F32, {"f32", 1, 4, true, true}, dequantize_f32, quantize_f32},
    {TensorType::F16, {"f16", 1, 2, true, true}, dequantize_f16, quantize_f16},
    {TensorType::Q4_0, {"q4_0", 32, 18, true, false}, dequantize_q4_0, nullptr},
    {TensorType::Q4_1, {"q4_1", 32, 20, true, false}, dequantize_q4_1, nullptr},
    {TensorType::Q5_0, {"q5_0", 32, 22, true, true}, dequantize_q5_0, quantize_q5_0},
    {TensorType::Q5_1, {"q5_1", 32, 24, true, false}, dequantize_q5_1, nullptr},
    {TensorType::Q8_0, {"q8_0", 32, 34, true, true}, dequantize_q8_0, quantize_q8_0},
    {TensorType::Q8_1, {"q8_1", 32, 36, false, false}, nullptr, nullptr},
    {TensorType::Q2_K, {"q2_K", 256, 84, false, false}, nullptr, nullptr},
    {TensorType::Q3_K, {"q3_K", 256, 110, false, false}, nullptr, nullptr},
    {TensorType::Q4_K, {"q4_K", 256, 144, true, true}, dequantize_q4_k, quantize_q4_k},
    {TensorType::Q5_K, {"q5_K", 256, 176, true, false}, dequantize_q5_k, nullptr},
    {TensorType::Q6_K, {"q6_K", 256, 210, true, true}, dequantize_q6_k, quantize_q6_k},
    {TensorType::Q8_K, {"q8_K", 256, 292, false, false}, nullptr, nullptr},
    {TensorType::IQ2_XXS, {"iq2_xxs", 256, 66, false, false}, nullptr, nullptr},
    {TensorType::IQ2_XS, {"iq2_xs", 256, 74, false, false}, nullptr, nullptr},
    {TensorType::IQ3_XXS, {"iq3_xxs", 256, 98, false, false}, nullptr, nullptr},
    {TensorType::IQ1_S, {"iq1_s", 256, 50, false, false}, nullptr, nullptr},
    {TensorType::IQ4_NL, {"iq4_nl", 32, 18, false, false}, nullptr, nullptr},
    {TensorType::IQ3_S, {"iq3_s", 256, 110, false, false}, nullptr, nullptr},
    {TensorType::IQ2_S, {"iq2_s", 256, 82, false, false}, nullptr, nullptr},
    {TensorType::IQ4_XS, {"iq4_xs", 256, 136, false, false}, nullptr, nullptr},
    {TensorType::I8, {"i8", 1, 1, true, false}, dequantize_i8, nullptr},
    {TensorType::I16, {"i16", 1, 2, true, false}, dequantize_i16, nullptr},
    {TensorType::I32, {"i32", 1, 4, true, false}, dequantize_i32, nullptr},
    {TensorType::I64, {"i64", 1, 8, false, false}, nullptr, nullptr},
    {TensorType::F64, {"f64", 1, 8, true, false}, dequantize_f64, nullptr},
    {TensorType::IQ1_M, {"iq1_m", 256, 56, false, false}, nullptr, nullptr},
    {TensorType::BF16, {"bf16", 1, 2, true, true}, dequantize_bf16, quantize_bf16},
    {TensorType::TQ1_0, {"tq1_0", 256, 54, false, false}, nullptr, nullptr},
    {TensorType::TQ2_0, {"tq2_0", 256, 66, false, false}, nullptr, nullptr},
    {TensorType::MXFP4, {"mxfp4", 32, 17, true, false}, dequantize_mxfp4, nullptr},
    {TensorType::NVFP4, {"nvfp4", 64, 36, true, false}, dequantize_nvfp4, nullptr},
};

constexpr std::uint32_t kMaxTypeId = 40;

// Direct index by id, built once from the table above.
const std::array<const TypeRow*, kMaxTypeId + 1>& rows_by_id() {
  static const auto index = [] {
    std::array<const TypeRow*, kMaxTypeId + 1> by_id{};
    for (const TypeRow& row : kTypes) by_id[static_cast<std::uint32_t>(row.type)] = &row;
    return by_id;
  }();
  return index;
}

const TypeRow* row_of(std::uint32_t id) { return id <= kMaxTypeId ? rows_by_id()[id] : nullptr; }

const TypeTraits kUnknown{"unknown", 1, 0, false, false};

Status check_row(const TypeRow* row, std::uint32_t id, std::int64_t n, const char* what) {
  if (row == nullptr) return Status::error(ErrorCode::UnsupportedType, "unknown tensor type id " + std::to_string(id));
  if (n < 0 || n % row->traits.block_size != 0)
    return Status::error(ErrorCode::InvalidArgument, std::string(what) + " of " + std::to_string(n) + " " +
                                                         std::string(row->traits.name) + " elements: not a multiple of the block size " +
                                                         std::to_string(row->traits.block_size));
  return Status::ok();
}

}  // namespace

const TypeTraits* type_traits(std::uint32_t type_id) {
  const TypeRow* row = row_of(type_id);
  return row != nullptr ? &row->traits : nullptr;
}

const TypeTraits& type_traits(TensorType type) {
  const TypeTraits* traits = type_traits(static_cast<std::uint32_t>(type));
  return traits != nullptr ? *traits : kUnknown;
}

std::string_view type_name(TensorType type) { return type_traits(type).name; }

std::uint64_t row_bytes(TensorType type, std::int64_t n) {
  const TypeTraits& t = type_traits(type);
  if (n <= 0) return 0;
  return static_cast<std::uint64_t>(n / t.block_size) * static_cast<std::uint64_t>(t.type_size);
}

Status dequantize_row(TensorType type, const void* src, float* dst, std::int64_t n) {
  const auto id = static_cast<std::uint32_t>(type);
  const TypeRow* row = row_of(id);
  HEARTH_TRY(check_row(row, id, n, "dequantising a row"));
  if (row->dequantize == nullptr)
    return Status::error(ErrorCode::UnsupportedType,
                         "tensor type " + std::string(row->traits.name) + " cannot be dequantised on the CPU",
                         "requantise the model to one of f32, f16, bf16, q4_0, q4_1, q5_0, q5_1, q8_0, q4_K, q5_K, "
                         "q6_K, mxfp4, nvfp4");
  row->dequantize(static_cast<const std::uint8_t*>(src), dst, n / row->traits.block_size);
  return Status::ok();
}

Status quantize_row(TensorType type, const float* src, void* dst, std::int64_t n) {
  const auto id = static_cast<std::uint32_t>(type);
  const TypeRow* row = row_of(id);
  HEARTH_TRY(check_row(row, id, n, "quantising a row"));
  if (row->quantize == nullptr)
    return Status::error(ErrorCode::UnsupportedType,
                         "no reference quantiser for tensor type " + std::string(row->traits.name),
                         "quantise to f32, f16, bf16, q8_0, q5_0, q4_K or q6_K");
  row->quantize(src, static_cast<std::uint8_t*>(dst), n / row->traits.block_size);
  return Status::ok();
}

float fp16_to_f32(std::uint16_t h) { return detail::half_to_float(h); }
std::uint16_t f32_to_fp16(float f) { return detail::float_to_half(f); }
float bf16_to_f32(std::uint16_t b) { return detail::bfloat_to_float(b); }
std::uint16_t f32_to_bf16(float f) { return detail::float_to_bfloat(f); }

}  // namespace hearth::gguf
