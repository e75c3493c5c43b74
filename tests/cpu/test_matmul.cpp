// matmul over every weight type the CPU backend meets, against a double-precision product of the weights
// as the gguf layer dequantises them; decode (per-row dot) and prefill (tile) paths, expert slices,
// batches of jobs, and the real Super shapes.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "backend/cpu/matmul.h"
#include "random_fill.h"
#include "runtime/thread_pool.h"
#include "support/check.h"
#include "weight_fill.h"

using namespace hearth::cpu;
using hearth::gguf::TensorType;
using hearth::runtime::ThreadPool;
using hearth_test::random_values;
using hearth_test::random_weight;
using hearth_test::reference_matmul;

namespace {

// Largest |y − ref| / Σ|w·x| over all outputs (infinity for NaN).
double scaled_error(const std::vector<float>& y, const std::vector<double>& ref, const std::vector<double>& scale) {
  double worst = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (std::isnan(y[i])) return INFINITY;
    worst = std::max(worst, std::fabs(y[i] - ref[i]) / std::max(scale[i], 1e-30));
  }
  return worst;
}

double check_product(ThreadPool& pool, std::mt19937& rng, TensorType type, std::int64_t n_in, std::int64_t n_out,
                     std::int64_t T) {
  const auto w = random_weight(rng, type, n_in, n_out);
  const auto x = random_values(rng, static_cast<std::size_t>(T * n_in));
  std::vector<float> y(static_cast<std::size_t>(T * n_out));
  matmul(pool, w.view, x.data(), T, y.data());
  std::vector<double> ref, scale;
  reference_matmul(w.values, 0, n_in, n_out, x.data(), T, ref, scale);
  return scaled_error(y, ref, scale);
}

constexpr TensorType kAllTypes[] = {TensorType::F32,  TensorType::F16,  TensorType::BF16, TensorType::Q8_0,
                                    TensorType::Q5_0, TensorType::Q4_K, TensorType::Q6_K, TensorType::Q4_0,
                                    TensorType::Q4_1, TensorType::Q5_1, TensorType::Q5_K};

}  // namespace

TEST_CASE(every_type_decode_and_prefill) {
  std::mt19937 rng(101);
  ThreadPool pool(3);
  for (TensorType type : kAllTypes)
    for (std::int64_t T : {1, 3, 4, 9, 40}) {  // 1-3: per-row dots; 4+: dequantised tiles; 40: two token blocks
      const double err = check_product(pool, rng, type, 512, 37, T);
      if (!(err < 1e-5))
        hearth_ctx.fail(__FILE__, __LINE__,
                        std::string(hearth::gguf::type_name(type)) + " T=" + std::to_string(T) + " error " + std::to_string(err));
    }
}

TEST_CASE(f32_rows_of_any_length) {
  std::mt19937 rng(102);
  ThreadPool pool(2);
  for (std::int64_t n_in : {1, 15, 17, 100})
    for (std::int64_t T : {1, 5}) CHECK(check_product(pool, rng, TensorType::F32, n_in, 6, T) < 1e-5);
}

TEST_CASE(expert_slices_and_batched_jobs) {
  std::mt19937 rng(103);
  ThreadPool pool(3);
  const std::int64_t n_in = 256, n_out = 24, n_expert = 5;
  const auto w = random_weight(rng, TensorType::Q4_K, n_in, n_out, n_expert);
  // Jobs on experts 4, 0, 2 with different token counts (decode and prefill paths in one batch).
  const std::int64_t experts[] = {4, 0, 2}, tokens[] = {1, 6, 2};
  std::vector<std::vector<float>> xs, ys;
  std::vector<MatmulJob> jobs;
  for (int j = 0; j < 3; ++j) {
    xs.push_back(random_values(rng, static_cast<std::size_t>(tokens[j] * n_in)));
    ys.emplace_back(static_cast<std::size_t>(tokens[j] * n_out));
  }
  for (int j = 0; j < 3; ++j) jobs.push_back({w.view.expert(experts[j]), xs[j].data(), tokens[j], ys[j].data()});
  matmul_batch(pool, jobs);
  for (int j = 0; j < 3; ++j) {
    std::vector<double> ref, scale;
    reference_matmul(w.values, experts[j], n_in, n_out, xs[j].data(), tokens[j], ref, scale);
    CHECK(scaled_error(ys[j], ref, scale) < 1e-5);
  }
}

TEST_CASE(super_shapes) {
  std::mt19937 rng(104);
  ThreadPool pool(2);
  // ssm_in of Super, q4_K, one token (decode).
  CHECK(check_product(pool, rng, TensorType::Q4_K, 4096, 18560, 1) < 1e-5);
  // Expert down rows of 2688 (not a multiple of 256) in the fallback types, decode and prefill.
  CHECK(check_product(pool, rng, TensorType::Q5_0, 2688, 1024, 1) < 1e-5);
  CHECK(check_product(pool, rng, TensorType::Q8_0, 2688, 1024, 6) < 1e-5);
  // Output head slice in q6_K over 4096.
  CHECK(check_product(pool, rng, TensorType::Q6_K, 4096, 512, 5) < 1e-5);
}

TEST_CASE(weight_view_validation) {
  std::vector<std::uint8_t> bytes(1024);
  CHECK(!make_weight_view(TensorType::Q4_K, 100, 2, 1, bytes.data()).is_ok());  // 100 is not whole blocks
  CHECK(!make_weight_view(TensorType::Q8_0, 32, 0, 1, bytes.data()).is_ok());
  CHECK(make_weight_view(TensorType::Q8_0, 64, 2, 1, bytes.data()).is_ok());
}
