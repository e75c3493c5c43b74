// The RMSNorm kernel against the CPU reference on the Nemotron shapes (Super 4096, Nano 30B 2688,
// Nano 4B 3136, the Mamba grouped norm 1024 and the odd 8192+3 tail), decode (1 row) and prefill rows.
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "backend/cpu/norm.h"
#include "device_buffer.h"
#include "gpu_check.h"
#include "kernels/rms_norm.cuh"
#include "support/check.h"

TEST_CASE(rms_norm_kernel_matches_cpu_reference) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  std::mt19937& rng = hearth_test::gpu_rng();
  std::normal_distribution<float> normal(0.0f, 1.0f);

  const long widths[] = {4096, 2688, 3136, 1024, 8195};
  const long row_counts[] = {1, 3, 512};
  for (long n : widths) {
    for (long rows : row_counts) {
      std::vector<float> x(static_cast<size_t>(rows * n)), w(static_cast<size_t>(n));
      const float spread = 0.1f + 10.0f * std::uniform_real_distribution<float>(0, 1)(rng);
      for (float& v : x) v = normal(rng) * spread;
      for (float& v : w) v = 1.0f + 0.2f * normal(rng);
      std::vector<float> expected(x.size());
      hearth::cpu::rms_norm(x.data(), w.data(), expected.data(), rows, n, 1e-5f);

      hearth_test::DeviceBuffer<float> dx(x.size()), dw(w.size()), dy(x.size());
      REQUIRE(dx.ok() && dw.ok() && dy.ok());
      REQUIRE(dx.upload(x) && dw.upload(w) && dy.poison());
      REQUIRE(hearth::kernels::rms_norm(dx.get(), dw.get(), dy.get(), rows, n, 1e-5f, nullptr) == cudaSuccess);
      REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
      std::vector<float> got;
      REQUIRE(dy.download(got));

      int mismatches = 0;
      for (size_t i = 0; i < got.size(); ++i) {
        const double tol = 1e-5 * std::fabs(expected[i]) + 1e-6;
        if (!(std::fabs(static_cast<double>(got[i]) - expected[i]) <= tol)) {  // NaN fails too
          if (mismatches < 5)
            std::fprintf(stderr, "  rows=%ld n=%ld at [%zu,%zu]: gpu %.9g cpu %.9g\n", rows, n, i / n, i % n,
                         static_cast<double>(got[i]), static_cast<double>(expected[i]));
          ++mismatches;
        }
      }
      CHECK_EQ(mismatches, 0);
    }
  }
}

TEST_CASE(rms_norm_kernel_in_place_is_identical_to_out_of_place) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const long rows = 64, n = 4096;
  std::mt19937& rng = hearth_test::gpu_rng();
  std::normal_distribution<float> normal(0.0f, 3.0f);
  std::vector<float> x(rows * n), w(n);
  for (float& v : x) v = normal(rng);
  for (float& v : w) v = normal(rng);
  hearth_test::DeviceBuffer<float> dx(x.size()), dw(w.size()), dy(x.size());
  REQUIRE(dx.ok() && dw.ok() && dy.ok());
  REQUIRE(dx.upload(x) && dw.upload(w) && dy.poison());
  REQUIRE(hearth::kernels::rms_norm(dx.get(), dw.get(), dy.get(), rows, n, 1e-5f, nullptr) == cudaSuccess);
  REQUIRE(hearth::kernels::rms_norm(dx.get(), dw.get(), dx.get(), rows, n, 1e-5f, nullptr) == cudaSuccess);
  REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
  std::vector<float> a, b;
  REQUIRE(dy.download(a) && dx.download(b));
  CHECK(a == b);  // bit-identical: same reduction order either way
}
