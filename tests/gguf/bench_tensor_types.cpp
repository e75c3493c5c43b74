// Throughput of the dequantisers (the CPU backend's hot path) and of the reference quantisers (the model
// synthesiser's), per type, on one thread: `bench_tensor_types [elements]`. A row that fits in L2 shows the
// decoder's own speed; a large one (e.g. 16777216) adds memory traffic. Not a test: numbers, not verdicts.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "gguf/tensor_types.h"

using namespace hearth::gguf;

namespace {

template <typename F>
double seconds_per_call(F&& f, double budget_s) {
  using clock = std::chrono::steady_clock;
  f();  // warm up caches and the ifunc resolvers
  int calls = 0;
  const auto start = clock::now();
  double elapsed = 0;
  do {
    f();
    ++calls;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < budget_s);
  return elapsed / calls;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 65536;
  if (n <= 0 || n % 256 != 0) {
    std::fprintf(stderr, "elements must be a positive multiple of 256\n");
    return 2;
  }
  std::mt19937 rng(1);
  std::vector<float> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
  for (float& v : x) v = std::normal_distribution<float>(0, 1)(rng);
  std::printf("%lld elements per row\n%-6s %18s %18s\n", static_cast<long long>(n), "type", "dequantise", "quantise");
  const TensorType types[] = {TensorType::F16,  TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1,
                              TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0, TensorType::Q4_K,
                              TensorType::Q5_K, TensorType::Q6_K, TensorType::MXFP4, TensorType::NVFP4};
  for (TensorType type : types) {
    std::vector<std::uint8_t> q(row_bytes(type, n));
    for (auto& b : q) b = static_cast<std::uint8_t>(rng());
    std::string quant = "-";
    if (type_traits(type).quantizable) {
      const double s = seconds_per_call([&] { (void)quantize_row(type, x.data(), q.data(), n); }, 0.3);
      quant = std::to_string(static_cast<int>(static_cast<double>(n) / s / 1e6)) + " Melem/s";
    }
    const double s = seconds_per_call([&] { (void)dequantize_row(type, q.data(), y.data(), n); }, 0.3);
    std::printf("%-6s %11.2f Gelem/s %18s\n", std::string(type_name(type)).c_str(), static_cast<double>(n) / s / 1e9,
                quant.c_str());
  }
  return 0;
}
