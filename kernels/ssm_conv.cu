// One thread per channel walks the tokens in order with the window in registers: channels are independent,
// and 10240 of them (Super) fill the GPU for decode and prefill alike.
#include "ssm_conv.cuh"

namespace hearth::kernels {
namespace {

constexpr int kThreads = 256;

template <int K>
__global__ void ssm_conv_kernel(const float* __restrict__ in, std::int64_t ld_in, std::int64_t n_tokens,
                                std::int64_t n_channels, const float* __restrict__ weight,
                                const float* __restrict__ bias, float* state, float* out) {
  const std::int64_t c = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (c >= n_channels) return;
  float w[K], win[K];
#pragma unroll
  for (int k = 0; k < K; ++k) w[k] = weight[c * K + k];
#pragma unroll
  for (int k = 0; k < K - 1; ++k) win[k] = state[k * n_channels + c];
  const float b = bias[c];
  for (std::int64_t t = 0; t < n_tokens; ++t) {
    win[K - 1] = in[t * ld_in + c];
    float acc = b;
#pragma unroll
    for (int k = 0; k < K; ++k) acc += w[k] * win[k];
    out[t * n_channels + c] = acc / (1.0f + __expf(-acc));
#pragma unroll
    for (int k = 0; k < K - 1; ++k) win[k] = win[k + 1];
  }
#pragma unroll
  for (int k = 0; k < K - 1; ++k) state[k * n_channels + c] = win[k];
}

template <int K>
cudaError_t launch(const float* in, std::int64_t ld_in, std::int64_t n_tokens, std::int64_t n_channels,
                   const float* weight, const float* bias, float* state, float* out, cudaStream_t stream) {
  const std::int64_t grid = (n_channels + kThreads - 1) / kThreads;
  ssm_conv_kernel<K><<<static_cast<unsigned>(grid), kThreads, 0, stream>>>(in, ld_in, n_tokens, n_channels, weight,
                                                                           bias, state, out);
  return cudaGetLastError();
}

}  // namespace

cudaError_t ssm_conv(const float* in, std::int64_t ld_in, std::int64_t n_tokens, std::int64_t n_channels, int kernel,
                     const float* weight, const float* bias, float* state, float* out, cudaStream_t stream) {
  if (n_tokens < 0 || n_channels <= 0 || ld_in < n_channels) return cudaErrorInvalidValue;
  if (n_tokens == 0) return cudaSuccess;
  switch (kernel) {
    case 2: return launch<2>(in, ld_in, n_tokens, n_channels, weight, bias, state, out, stream);
    case 3: return launch<3>(in, ld_in, n_tokens, n_channels, weight, bias, state, out, stream);
    case 4: return launch<4>(in, ld_in, n_tokens, n_channels, weight, bias, state, out, stream);
    case 5: return launch<5>(in, ld_in, n_tokens, n_channels, weight, bias, state, out, stream);
    case 6: return launch<6>(in, ld_in, n_tokens, n_channels, weight, bias, state, out, stream);
    case 7: return launch<7>(in, ld_in, n_tokens, n_channels, weight, bias, state, out, stream);
    case 8: return launch<8>(in, ld_in, n_tokens, n_channels, weight, bias, state, out, stream);
    default: return cudaErrorInvalidValue;
  }
}

}  // namespace hearth::kernels
