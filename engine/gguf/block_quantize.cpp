// Reference quantisers for the writer and the model synthesiser. Quality comes first, so each picks its
// scales by a small least-squares search instead of plain max/min; but a full-size model is billions of
// weights, so the searches make one pass per trial and call no libm function in their loops. They are pure
// functions of their input: callers may quantise different rows on different threads.
//
//
//  - Q8_0: d = amax/127 (rounded to fp16 first, so the integers are chosen against the scale that is stored).
//  - Q5_0: start from d = x_extreme/−16 (the extreme lands exactly on q = −16), then refit
//    d = Σ x·q / Σ q² for the chosen integers and keep the better of the two (squared error).
//  - Q4_K: per 32-weight sub-block an affine fit x ≈ s·q − m (q in 0..15, m ≥ 0) with importance weights
//    w = rms(x) + |x|: for 21 trial inverse scales around 15/(max−min) the integers are assigned, (s, m) are
//    solved by weighted least squares, and the fit with the least weighted error (in closed form from the
//    same sums) wins. The 8 scales and mins are then quantised to 6 bits against fp16 super-scales
//    d = max s/63, dmin = max m/63, and the weights requantised against the stored values.
//  - Q6_K: per 16-weight sub-block a symmetric fit x ≈ s·q (q in −32..31) with weights x², searching 19
//    trial scales around −32/x_extreme; the 16 scales are int8 against an fp16 d = −s_extreme/128.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "gguf/block_codecs.h"
#include "gguf/half_float.h"

namespace hearth::gguf::detail {

namespace {

void store_u16(std::uint8_t* p, std::uint16_t v) { std::memcpy(p, &v, sizeof v); }
void store_u32(std::uint8_t* p, std::uint32_t v) { std::memcpy(p, &v, sizeof v); }

// Nearest integer (ties to even) clamped to [lo, hi] (|lo|, |hi| < 2^22). The clamp comes first and maps NaN
// to lo (every comparison with NaN is false), so hostile input never reaches an undefined float-to-int
// conversion; adding 1.5·2^23 then leaves the rounded integer in the low mantissa bits (the FPU rounds to
// nearest even). No libm call: this runs 10^10 times when a full-size model is quantised.
int round_clamp(float v, int lo, int hi) {
  const auto flo = static_cast<float>(lo), fhi = static_cast<float>(hi);
  float c = v >= flo ? v : flo;
  c = c <= fhi ? c : fhi;
  const float shifted = c + 12582912.0f;
  std::int32_t bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  return (bits & 0x007FFFFF) - 0x00400000;
}

// The fp16 a scale is stored as, saturated to the largest finite half (a scale of inf would turn the
// whole block into NaN); callers pick their integers against half_to_float of it.
std::uint16_t scale_to_half(float d) { return float_to_half(std::copysign(std::min(std::fabs(d), 65504.0f), d)); }

// x ≈ scale·q − min over n weights with q in [0, nmax], min ≥ 0. Writes q to L, returns the scale.
float fit_affine(const float* x, const float* w, int n, int nmax, std::uint8_t* L, float& min_out) {
  float lo = x[0], hi = x[0];
  for (int i = 1; i < n; ++i) {
    lo = std::min(lo, x[i]);
    hi = std::max(hi, x[i]);
  }
  lo = std::min(lo, 0.0f);  // the offset can only lower values: a block of positives keeps min 0
  if (!(hi > lo)) {
    std::fill(L, L + n, std::uint8_t{0});
    min_out = -lo;
    return 0.0f;
  }
  float sum_w = 0, sum_x = 0, sum_x2 = 0;
  for (int i = 0; i < n; ++i) {
    sum_w += w[i];
    sum_x += w[i] * x[i];
    sum_x2 += w[i] * x[i] * x[i];
  }
  // For integers l assigned with inverse scale `iscale`: the weighted sums of l, l² and x·l, from which
  // both the least-squares fit and its error follow without another pass over the weights.
  struct Sums {
    float l = 0, l2 = 0, xl = 0;
  };
  auto assign = [&](float iscale) {
    Sums s;
    for (int i = 0; i < n; ++i) {
      const auto l = static_cast<float>(round_clamp(iscale * (x[i] - lo), 0, nmax));
      s.l += w[i] * l;
      s.l2 += w[i] * l * l;
      s.xl += w[i] * l * x[i];
    }
    return s;
  };
  // Σw(x − (scale·l + offset))², expanded.
  auto error_of = [&](const Sums& s, double scale, double offset) {
    return sum_x2 - 2 * scale * s.xl - 2 * offset * sum_x + scale * scale * s.l2 + 2 * scale * offset * s.l +
           offset * offset * sum_w;
  };

  const float range = hi - lo;
  float best_scale = range / static_cast<float>(nmax);
  float best_offset = lo;
  double best_err = error_of(assign(static_cast<float>(nmax) / range), best_scale, best_offset);
  for (int step = 0; step <= 20; ++step) {
    const Sums s = assign((static_cast<float>(nmax) - 1.0f + 0.1f * static_cast<float>(step)) / range);
    const float det = sum_w * s.l2 - s.l * s.l;
    if (!(det > 0)) continue;
    float scale = (sum_w * s.xl - s.l * sum_x) / det;
    float offset = (s.l2 * sum_x - s.l * s.xl) / det;
    if (offset > 0) {  // min must stay ≥ 0: refit the scale alone through the origin
      offset = 0;
      scale = s.xl / s.l2;
    }
    if (!(scale > 0)) continue;
    // The error with this step's integers; rounding afresh against the fitted scale can only lower it.
    const double err = error_of(s, scale, offset);
    if (err < best_err) {
      best_err = err;
      best_scale = scale;
      best_offset = offset;
    }
  }
  const float inv = 1.0f / best_scale;
  for (int i = 0; i < n; ++i) L[i] = static_cast<std::uint8_t>(round_clamp((x[i] - best_offset) * inv, 0, nmax));
  min_out = -best_offset;
  return best_scale;
}

// x ≈ scale·q over n weights with q in [−nmax, nmax−1], weighted by x². Returns the scale (may be negative).
float fit_symmetric(const float* x, int n, int nmax) {
  float amax = 0, extreme = 0;
  for (int i = 0; i < n; ++i) {
    if (std::fabs(x[i]) > amax) {
      amax = std::fabs(x[i]);
      extreme = x[i];
    }
  }
  if (!(amax > 1e-30f)) return 0.0f;
  float best_scale = -extreme / static_cast<float>(nmax);
  float best_score = -1;  // Σwxq² / Σwq²: larger means smaller weighted error at the optimal scale
  for (int step = -9; step <= 9; ++step) {
    const float iscale = -(static_cast<float>(nmax) + 0.1f * static_cast<float>(step)) / extreme;
    float sum_xl = 0, sum_l2 = 0;
    for (int i = 0; i < n; ++i) {
      const float l = static_cast<float>(round_clamp(iscale * x[i], -nmax, nmax - 1));
      const float w = x[i] * x[i];
      sum_xl += w * x[i] * l;
      sum_l2 += w * l * l;
    }
    if (sum_l2 > 0 && sum_xl * sum_xl > best_score * sum_l2) {
      best_score = sum_xl * sum_xl / sum_l2;
      best_scale = sum_xl / sum_l2;
    }
  }
  return best_scale;
}

}  // namespace

void quantize_f32(const float* src, std::uint8_t* dst, std::int64_t nb) {
  std::memcpy(dst, src, static_cast<std::size_t>(nb) * sizeof(float));
}

void quantize_f16(const float* src, std::uint8_t* dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i) store_u16(dst + 2 * i, float_to_half(src[i]));
}

void quantize_bf16(const float* src, std::uint8_t* dst, std::int64_t nb) {
  for (std::int64_t i = 0; i < nb; ++i) store_u16(dst + 2 * i, float_to_bfloat(src[i]));
}

void quantize_q8_0(const float* src, std::uint8_t* dst, std::int64_t nb) {
  for (std::int64_t b = 0; b < nb; ++b, src += 32, dst += 34) {
    float amax = 0;
    for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(src[j]));
    const std::uint16_t h = scale_to_half(amax / 127.0f);
    const float d = half_to_float(h);
    store_u16(dst, h);
    const float id = d != 0 ? 1.0f / d : 0.0f;
    for (int j = 0; j < 32; ++j)
      dst[2 + j] = static_cast<std::uint8_t>(static_cast<std::int8_t>(round_clamp(src[j] * id, -127, 127)));
  }
}

void quantize_q5_0(const float* src, std::uint8_t* dst, std::int64_t nb) {
  for (std::int64_t b = 0; b < nb; ++b, src += 32, dst += 22) {
    float amax = 0, extreme = 0;
    for (int j = 0; j < 32; ++j) {
      if (std::fabs(src[j]) > amax) {
        amax = std::fabs(src[j]);
        extreme = src[j];
      }
    }
    // Chooses the integers for the stored fp16 scale h and returns their squared error.
    int q[32];
    auto assign = [&](std::uint16_t h) {
      const float d = half_to_float(h);
      const float id = d != 0 ? 1.0f / d : 0.0f;
      float err = 0;
      for (int j = 0; j < 32; ++j) {
        q[j] = round_clamp(src[j] * id, -16, 15);
        const float diff = d * static_cast<float>(q[j]) - src[j];
        err += diff * diff;
      }
      return err;
    };
    std::uint16_t h_best = scale_to_half(extreme / -16.0f);
    const float err0 = assign(h_best);
    float sum_xq = 0, sum_q2 = 0;
    for (int j = 0; j < 32; ++j) {
      sum_xq += src[j] * static_cast<float>(q[j]);
      sum_q2 += static_cast<float>(q[j] * q[j]);
    }
    if (sum_q2 > 0) {
      const std::uint16_t refit = scale_to_half(sum_xq / sum_q2);
      if (assign(refit) < err0) h_best = refit;
    }
    assign(h_best);
    store_u16(dst, h_best);
    std::uint32_t qh = 0;
    for (int j = 0; j < 16; ++j) {
      const auto lo = static_cast<std::uint32_t>(q[j] + 16);
      const auto hi = static_cast<std::uint32_t>(q[j + 16] + 16);
      dst[6 + j] = static_cast<std::uint8_t>((lo & 0xF) | ((hi & 0xF) << 4));
      qh |= ((lo >> 4) & 1u) << j;
      qh |= ((hi >> 4) & 1u) << (j + 16);
    }
    store_u32(dst + 2, qh);
  }
}

void quantize_q4_k(const float* src, std::uint8_t* dst, std::int64_t nb) {
  for (std::int64_t b = 0; b < nb; ++b, src += 256, dst += 144) {
    float scales[8], mins[8], w[32];
    std::uint8_t L[256];
    for (int j = 0; j < 8; ++j) {
      const float* x = src + 32 * j;
      float sum_x2 = 0;
      for (int l = 0; l < 32; ++l) sum_x2 += x[l] * x[l];
      const float rms = std::sqrt(sum_x2 / 32.0f);
      for (int l = 0; l < 32; ++l) w[l] = rms + std::fabs(x[l]);
      scales[j] = fit_affine(x, w, 32, 15, L + 32 * j, mins[j]);
    }
    const float max_scale = *std::max_element(scales, scales + 8);
    const float max_min = *std::max_element(mins, mins + 8);
    const std::uint16_t dh = scale_to_half(max_scale / 63.0f), dminh = scale_to_half(max_min / 63.0f);
    const float d = half_to_float(dh), dmin = half_to_float(dminh);
    store_u16(dst, dh);
    store_u16(dst + 2, dminh);
    std::uint8_t* packed = dst + 4;
    std::memset(packed, 0, 12);
    int ls[8], lm[8];
    for (int j = 0; j < 8; ++j) {
      ls[j] = d > 0 ? round_clamp(scales[j] / d, 0, 63) : 0;
      lm[j] = dmin > 0 ? round_clamp(mins[j] / dmin, 0, 63) : 0;
      if (j < 4) {
        packed[j] = static_cast<std::uint8_t>(packed[j] | ls[j]);
        packed[j + 4] = static_cast<std::uint8_t>(packed[j + 4] | lm[j]);
      } else {
        packed[j + 4] = static_cast<std::uint8_t>((ls[j] & 0xF) | ((lm[j] & 0xF) << 4));
        packed[j - 4] = static_cast<std::uint8_t>(packed[j - 4] | ((ls[j] >> 4) << 6));
        packed[j] = static_cast<std::uint8_t>(packed[j] | ((lm[j] >> 4) << 6));
      }
    }
    // Requantise against the scales as stored.
    for (int j = 0; j < 8; ++j) {
      const float dl = d * static_cast<float>(ls[j]);
      const float ml = dmin * static_cast<float>(lm[j]);
      const float idl = dl > 0 ? 1.0f / dl : 0.0f;  // dl = 0: every weight is −ml, q = 0
      for (int l = 0; l < 32; ++l)
        L[32 * j + l] = static_cast<std::uint8_t>(round_clamp((src[32 * j + l] + ml) * idl, 0, 15));
    }
    std::uint8_t* qs = dst + 16;
    for (int c = 0; c < 4; ++c)
      for (int l = 0; l < 32; ++l)
        qs[32 * c + l] = static_cast<std::uint8_t>(L[64 * c + l] | (L[64 * c + 32 + l] << 4));
  }
}

void quantize_q6_k(const float* src, std::uint8_t* dst, std::int64_t nb) {
  for (std::int64_t b = 0; b < nb; ++b, src += 256, dst += 210) {
    float scales[16];
    float amax = 0, extreme = 0;
    for (int j = 0; j < 16; ++j) {
      scales[j] = fit_symmetric(src + 16 * j, 16, 32);
      if (std::fabs(scales[j]) > amax) {
        amax = std::fabs(scales[j]);
        extreme = scales[j];
      }
    }
    const std::uint16_t dh = amax > 0 ? scale_to_half(extreme / -128.0f) : std::uint16_t{0};
    const float d = half_to_float(dh);
    std::int8_t sc[16];
    std::uint8_t L[256];
    for (int j = 0; j < 16; ++j) {
      sc[j] = static_cast<std::int8_t>(d != 0 ? round_clamp(scales[j] / d, -128, 127) : 0);
      const float dl = d * static_cast<float>(sc[j]);
      const float idl = dl != 0 ? 1.0f / dl : 0.0f;
      for (int l = 0; l < 16; ++l)
        L[16 * j + l] = static_cast<std::uint8_t>(round_clamp(src[16 * j + l] * idl, -32, 31) + 32);
    }
    std::uint8_t* ql = dst;
    std::uint8_t* qh = dst + 128;
    for (int n = 0; n < 2; ++n) {
      for (int l = 0; l < 32; ++l) {
        const int q1 = L[128 * n + l], q2 = L[128 * n + l + 32], q3 = L[128 * n + l + 64], q4 = L[128 * n + l + 96];
        ql[64 * n + l] = static_cast<std::uint8_t>((q1 & 0xF) | ((q3 & 0xF) << 4));
        ql[64 * n + l + 32] = static_cast<std::uint8_t>((q2 & 0xF) | ((q4 & 0xF) << 4));
        qh[32 * n + l] = static_cast<std::uint8_t>((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
      }
    }
    std::memcpy(dst + 192, sc, 16);
    store_u16(dst + 208, dh);
  }
}

}  // namespace hearth::gguf::detail
