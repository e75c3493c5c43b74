// One warp per (head, channel p): the P×N state of a head is split across warps by p, and each lane keeps
// N/32 state elements in registers for the whole token loop, so the state is read and written once per call.
#include "ssm_scan.cuh"

#include "common.cuh"

namespace hearth::kernels {
namespace {

constexpr int kWarpsPerBlock = 4;

template <int PerLane>
__global__ void ssm_scan_kernel(SsmScanArgs a) {
  const int lane = threadIdx.x % kWarpSize;
  const std::int64_t hp = static_cast<std::int64_t>(blockIdx.x) * kWarpsPerBlock + threadIdx.x / kWarpSize;
  if (hp >= a.n_heads * a.head_dim) return;
  const std::int64_t h = hp / a.head_dim;
  const std::int64_t g = h / (a.n_heads / a.n_groups);
  const std::int64_t n_state = a.state_size;
  float* s_ptr = a.state + hp * n_state;
  float s[PerLane];
#pragma unroll
  for (int i = 0; i < PerLane; ++i) s[i] = lane + kWarpSize * i < n_state ? s_ptr[lane + kWarpSize * i] : 0.0f;
  const float A = a.a[h], D = a.d[h], bias = a.dt_bias ? a.dt_bias[h] : 0.0f;
  for (std::int64_t t = 0; t < a.n_tokens; ++t) {
    float dt = a.dt[t * a.ld_dt + h];
    if (a.dt_bias) {
      dt += bias;
      dt = dt > 20.0f ? dt : log1pf(expf(dt));
    }
    const float decay = expf(dt * A);
    const float xv = a.x[t * a.ld_x + hp];
    const float* bt = a.b + t * a.ld_bc + g * n_state;
    const float* ct = a.c + t * a.ld_bc + g * n_state;
    float yv = 0.0f;
#pragma unroll
    for (int i = 0; i < PerLane; ++i) {
      const int n = lane + kWarpSize * i;
      if (n < n_state) {
        s[i] = decay * s[i] + dt * xv * bt[n];
        yv += s[i] * ct[n];
      }
    }
    yv = warp_sum(yv);
    if (lane == 0) a.y[t * a.n_heads * a.head_dim + hp] = yv + D * xv;
  }
#pragma unroll
  for (int i = 0; i < PerLane; ++i)
    if (lane + kWarpSize * i < n_state) s_ptr[lane + kWarpSize * i] = s[i];
}

template <int PerLane>
cudaError_t launch(const SsmScanArgs& a, cudaStream_t stream) {
  const std::int64_t warps = a.n_heads * a.head_dim;
  const std::int64_t grid = (warps + kWarpsPerBlock - 1) / kWarpsPerBlock;
  ssm_scan_kernel<PerLane><<<static_cast<unsigned>(grid), kWarpsPerBlock * kWarpSize, 0, stream>>>(a);
  return cudaGetLastError();
}

}  // namespace

cudaError_t ssm_scan(const SsmScanArgs& a, cudaStream_t stream) {
  if (a.n_heads <= 0 || a.head_dim <= 0 || a.n_groups <= 0 || a.n_heads % a.n_groups != 0 || a.n_tokens < 0)
    return cudaErrorInvalidValue;
  if (a.n_tokens == 0) return cudaSuccess;
  // Each lane keeps ceil(N / 32) state elements; Nemotron's N = 128 gives 4.
  if (a.state_size <= 0 || a.state_size > 256) return cudaErrorInvalidValue;
  if (a.state_size <= 32) return launch<1>(a, stream);
  if (a.state_size <= 64) return launch<2>(a, stream);
  if (a.state_size <= 128) return launch<4>(a, stream);
  return launch<8>(a, stream);
}

}  // namespace hearth::kernels
