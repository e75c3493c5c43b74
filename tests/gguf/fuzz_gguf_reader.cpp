// libFuzzer target for the GGUF reader (built with clang, ASan and UBSan; see CMakeLists.txt). Any input
// must either parse, with every tensor's data inside the input, or fail with MalformedFile or
// UnsupportedType and a message; anything else (a crash, an out-of-bounds read, another code) is a bug.
// Parsed tensors are also dequantised (first row, bounded) to fuzz the block decoders on hostile bytes.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "gguf/gguf_file.h"
#include "gguf/tensor_types.h"

using namespace hearth::gguf;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto file = File::from_memory(data, size);
  if (!file) {
    const hearth::Status& s = file.status();
    if (s.message().empty() ||
        (s.code() != hearth::ErrorCode::MalformedFile && s.code() != hearth::ErrorCode::UnsupportedType))
      std::abort();
    return 0;
  }
  const File& f = **file;
  if (f.data_offset() % f.alignment() != 0) std::abort();
  for (const KeyValue& kv : f.metadata())
    if (f.find(kv.key) == nullptr) std::abort();
  std::vector<float> row;
  for (const TensorInfo& t : f.tensors()) {
    if (f.find_tensor(t.name) != &t) std::abort();
    if (t.data < data || t.data + t.size_bytes > data + size) std::abort();
    volatile std::uint8_t sink = 0;
    if (t.size_bytes > 0) sink = static_cast<std::uint8_t>(t.data[0] ^ t.data[t.size_bytes - 1]);  // ASan checks both ends
    (void)sink;
    if (!type_traits(t.type).dequantizable || t.ne[0] > (1 << 16)) continue;
    row.resize(static_cast<std::size_t>(t.ne[0]));
    if (row_bytes(t.type, t.ne[0]) > t.size_bytes) std::abort();
    if (!dequantize_row(t.type, t.data, row.data(), t.ne[0])) std::abort();
  }
  return 0;
}
