#include "backend/cpu/mamba2.h"

#include "backend/cpu/matmul.h"
#include "backend/cpu/norm.h"
#include "backend/cpu/scratch.h"
#include "backend/cpu/ssm_conv.h"
#include "backend/cpu/vector_math.h"

namespace hearth::cpu {

void mamba2_forward(runtime::ThreadPool& pool, const Mamba2Shape& shape, const Mamba2Weights& w, Mamba2State state,
                    const float* u, std::int64_t n_tokens, float* out, Mamba2Scratch& scratch,
                    Mamba2Options options) {
  const std::int64_t T = n_tokens, H = shape.n_heads, GN = shape.n_groups * shape.state_size;
  const std::int64_t rows = shape.in_proj_rows(), channels = shape.conv_channels(), d_inner = shape.d_inner;
  float* proj = grown(scratch.proj, T * rows);
  float* xbc = grown(scratch.xbc, T * channels);
  float* dt = grown(scratch.dt, T * H);
  float* y = grown(scratch.y, T * d_inner);

  matmul(pool, w.in_proj, u, T, proj);
  // Row layout of proj: z [0, d_inner) | xBC [d_inner, d_inner + channels) | dt_raw [.., + H).
  const float* z = proj;
  ssm_conv(pool, proj + d_inner, rows, T, channels, shape.conv_kernel, w.conv_w, w.conv_b, state.conv, xbc);
  for (std::int64_t t = 0; t < T; ++t) {
    const float* raw = proj + t * rows + d_inner + channels;
    for (std::int64_t h = 0; h < H; ++h) dt[t * H + h] = softplus(raw[h] + w.dt_bias[h]);
  }

  const SsmShape ssm{H, shape.head_dim(), shape.n_groups, shape.state_size};
  SsmInputs in;
  in.n_tokens = T;
  in.x = xbc;
  in.ld_x = channels;
  in.b = xbc + d_inner;
  in.c = xbc + d_inner + GN;
  in.ld_bc = channels;
  in.dt = dt;
  in.a = w.a;
  in.d = w.d;
  if (T == 1 || options.ssd_chunk <= 0)
    ssm_scan_step(pool, ssm, in, state.ssm, y);
  else
    ssm_scan_chunked(pool, ssm, in, options.ssd_chunk, state.ssm, y, scratch.chunk);

  gated_group_rms_norm(y, z, rows, w.norm_w, y, T, d_inner, d_inner / shape.n_groups, shape.eps);
  matmul(pool, w.out_proj, y, T, out);
}

}  // namespace hearth::cpu
