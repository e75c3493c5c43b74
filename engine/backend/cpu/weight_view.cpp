#include "backend/cpu/weight_view.h"

#include <string>

namespace hearth::cpu {

Result<WeightView> make_weight_view(gguf::TensorType type, std::int64_t n_in, std::int64_t n_out,
                                    std::int64_t n_expert, const void* data) {
  const gguf::TypeTraits& traits = gguf::type_traits(type);
  if (!traits.dequantizable)
    return Status::error(ErrorCode::UnsupportedType,
                         "weights of type " + std::string(traits.name) + " cannot be computed on the CPU backend");
  if (n_in <= 0 || n_out <= 0 || n_expert <= 0 || data == nullptr)
    return Status::error(ErrorCode::InvalidArgument,
                         "empty weight view {" + std::to_string(n_in) + ", " + std::to_string(n_out) + ", " +
                             std::to_string(n_expert) + "}");
  if (n_in % traits.block_size != 0)
    return Status::error(ErrorCode::ShapeMismatch, "rows of " + std::to_string(n_in) + " elements do not hold whole " +
                                                       std::string(traits.name) + " blocks of " +
                                                       std::to_string(traits.block_size));
  WeightView v;
  v.type = type;
  v.n_in = n_in;
  v.n_out = n_out;
  v.n_expert = n_expert;
  v.row_stride = gguf::row_bytes(type, n_in);
  v.data = data;
  return v;
}

}  // namespace hearth::cpu
