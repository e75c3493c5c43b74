// The Mamba-2 kernels (conv with carried state, selective scan, gated grouped RMSNorm) against the CPU
// reference backend on the Super, Nano 30B and Nano 4B shapes, decode (1 token, several steps) and prefill
// (hundreds of tokens, split across calls so the carried state is exercised). Fresh random inputs, outputs
// poisoned with NaN before each launch.
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "backend/cpu/norm.h"
#include "backend/cpu/ssm_conv.h"
#include "backend/cpu/ssm_scan.h"
#include "device_buffer.h"
#include "gpu_check.h"
#include "kernels/gated_norm.cuh"
#include "kernels/ssm_conv.cuh"
#include "kernels/ssm_scan.cuh"
#include "runtime/thread_pool.h"
#include "support/check.h"

namespace {

namespace hk = hearth::kernels;
using hearth_test::count_mismatches;
using hearth_test::signed_values;

struct MambaShape {
  const char* name;
  long H, P, G, N;
};
// nemotron-h.md §1.2
const MambaShape kShapes[] = {{"super", 128, 64, 8, 128}, {"nano30b", 64, 64, 8, 128}, {"nano4b", 96, 80, 8, 128},
                              {"tiny", 8, 32, 2, 16}};

// dt = softplus(dt_raw + dt_bias), identity above 20, no clamp (nemotron-h.md §2.1 step 4): the CPU scan
// takes dt already transformed, the GPU scan transforms it itself.
float softplus(float v) { return v > 20.0f ? v : std::log1p(std::exp(v)); }

hearth::runtime::ThreadPool& pool() { return hearth_test::test_pool(); }

}  // namespace

TEST_CASE(ssm_conv_matches_cpu_with_carried_state) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  const int K = 4;
  for (const MambaShape& s : kShapes) {
    const long C = s.H * s.P + 2 * s.G * s.N;
    const long ld = C + 37;  // the conv input is a column range of the in_proj output
    const std::vector<float> w = signed_values(C * K, 0.05f, 0.5f), b = signed_values(C, 0.01f, 0.2f);
    std::vector<float> cpu_state = signed_values((K - 1) * C, 0.1f, 1.0f);
    hearth_test::DeviceBuffer<float> dw(w.size()), db(b.size()), dstate(cpu_state.size());
    REQUIRE(dw.upload(w) && db.upload(b) && dstate.upload(cpu_state));
    // A prefill of 300 tokens then three decode steps: each call continues from the state the last left.
    for (long T : {300L, 1L, 1L, 1L}) {
      const std::vector<float> in = signed_values(T * ld, 0.1f, 2.0f);
      std::vector<float> want(T * C);
      hearth::cpu::ssm_conv(pool(), in.data(), ld, T, C, K, w.data(), b.data(), cpu_state.data(), want.data());
      hearth_test::DeviceBuffer<float> din(in.size()), dout(want.size());
      REQUIRE(din.upload(in) && dout.poison());
      REQUIRE(hk::ssm_conv(din.get(), ld, T, C, K, dw.get(), db.get(), dstate.get(), dout.get(), nullptr) ==
              cudaSuccess);
      REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
      std::vector<float> got, got_state;
      REQUIRE(dout.download(got) && dstate.download(got_state));
      CHECK_EQ(count_mismatches(got, want, 1e-5, 1e-6, s.name), 0);
      CHECK_EQ(count_mismatches(got_state, cpu_state, 0.0, 0.0, "conv state"), 0);  // copied values: exact
    }
  }
}

TEST_CASE(ssm_scan_matches_cpu_step_for_decode_and_prefill) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (const MambaShape& s : kShapes) {
    const long HP = s.H * s.P, GN = s.G * s.N;
    const std::vector<float> a = hearth_test::uniform_values(s.H, -4.0f, -0.2f), d = signed_values(s.H, 0.1f, 1.0f);
    const std::vector<float> dt_bias = hearth_test::uniform_values(s.H, -3.0f, 0.5f);
    std::vector<float> cpu_state = signed_values(HP * s.N, 0.01f, 0.5f);
    hearth_test::DeviceBuffer<float> da(a.size()), dd(d.size()), dbias(dt_bias.size()), dstate(cpu_state.size());
    REQUIRE(da.upload(a) && dd.upload(d) && dbias.upload(dt_bias) && dstate.upload(cpu_state));
    for (long T : {1L, 200L, 1L, 1L}) {
      const long ld_x = HP + 11, ld_bc = GN + 5;
      const std::vector<float> x = signed_values(T * ld_x, 0.05f, 1.0f);
      const std::vector<float> bmat = signed_values(T * ld_bc, 0.05f, 1.0f), cmat = signed_values(T * ld_bc, 0.05f, 1.0f);
      const std::vector<float> dt_raw = hearth_test::uniform_values(T * s.H, -2.0f, 2.0f);
      std::vector<float> dt(dt_raw.size());
      for (long t = 0; t < T; ++t)
        for (long h = 0; h < s.H; ++h) dt[t * s.H + h] = softplus(dt_raw[t * s.H + h] + dt_bias[h]);
      hearth::cpu::SsmShape shape{s.H, s.P, s.G, s.N};
      hearth::cpu::SsmInputs in{T, x.data(), ld_x, bmat.data(), cmat.data(), ld_bc, dt.data(), a.data(), d.data()};
      std::vector<float> want(T * HP);
      hearth::cpu::ssm_scan_step(pool(), shape, in, cpu_state.data(), want.data());

      hearth_test::DeviceBuffer<float> dx(x.size()), dbm(bmat.size()), dcm(cmat.size()), ddt(dt_raw.size()),
          dy(want.size());
      REQUIRE(dx.upload(x) && dbm.upload(bmat) && dcm.upload(cmat) && ddt.upload(dt_raw) && dy.poison());
      hk::SsmScanArgs args;
      args.n_heads = s.H;
      args.head_dim = s.P;
      args.n_groups = s.G;
      args.state_size = s.N;
      args.n_tokens = T;
      args.x = dx.get();
      args.ld_x = ld_x;
      args.b = dbm.get();
      args.c = dcm.get();
      args.ld_bc = ld_bc;
      args.dt = ddt.get();
      args.ld_dt = s.H;
      args.dt_bias = dbias.get();
      args.a = da.get();
      args.d = dd.get();
      args.state = dstate.get();
      args.y = dy.get();
      REQUIRE(hk::ssm_scan(args, nullptr) == cudaSuccess);
      REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
      std::vector<float> got, got_state;
      REQUIRE(dy.download(got) && dstate.download(got_state));
      CHECK_EQ(count_mismatches(got, want, 1e-4, 1e-5, s.name), 0);
      CHECK_EQ(count_mismatches(got_state, cpu_state, 1e-4, 1e-6, "ssm state"), 0);
    }
  }
}

TEST_CASE(gated_group_norm_matches_cpu) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (const MambaShape& s : kShapes) {
    const long n = s.H * s.P, group = n / s.G;
    for (long rows : {1L, 64L}) {
      const long ld_z = n + 3;
      const std::vector<float> y = signed_values(rows * n, 0.01f, 2.0f), z = signed_values(rows * ld_z, 0.05f, 3.0f);
      const std::vector<float> w = hearth_test::uniform_values(n, 0.5f, 1.5f);
      std::vector<float> want(y.size());
      hearth::cpu::gated_group_rms_norm(y.data(), z.data(), ld_z, w.data(), want.data(), rows, n, group, 1e-5f);
      hearth_test::DeviceBuffer<float> dy(y.size()), dz(z.size()), dw(w.size()), dout(y.size());
      REQUIRE(dy.upload(y) && dz.upload(z) && dw.upload(w) && dout.poison());
      REQUIRE(hk::gated_group_rms_norm(dy.get(), dz.get(), ld_z, dw.get(), dout.get(), rows, n, group, 1e-5f,
                                       nullptr) == cudaSuccess);
      REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
      std::vector<float> got;
      REQUIRE(dout.download(got));
      CHECK_EQ(count_mismatches(got, want, 1e-4, 1e-6, s.name), 0);
    }
  }
}
