// The arithmetic that decides which token a draw picks, shared by the CPU sampler (engine/runtime/sampler.cpp)
// and the CUDA sampler (kernels/sample.cu) so that both pick the same token for the same logits and the same
// uniform u, bit for bit. Every deciding quantity is an integer or one correctly rounded IEEE operation, so
// neither the order of a parallel sum, nor a library's expf, nor FMA contraction can move a result:
//   x_i  penalised logit: double arithmetic rounded once to float (a product of two floats is exact in
//        double, so a fused multiply-add gives the same result as a separate one);
//   w_i  = round(2^B · exp(−(m − x_i) / T)), m the largest non-NaN x: an integer weight from a fixed-point exp
//        (range reduction by ln 2, then an 18-term Horner series in Q63; error far below one unit);
//   B    = min(46, 63 − ⌈log2 n_vocab⌉), so Σ w_i < 2^63 and every summation order gives the same total S;
//   order: w descending, then token ascending, as one unique 64-bit key (w << index_bits) | (n − 1 − token);
//   top-k: the first k of that order; top-p: the shortest prefix whose weight C has (double)C ≥ top_p · S;
//   min-p: w ≥ min_p · 2^B (the largest weight is exactly 2^B); at least one token is always kept;
//   draw: U = ⌊u · K⌋ (K the kept weight, U < K), the first kept token whose running weight exceeds U, in the
//        order above when a truncation is on, in token order when none is (as the sampler always did).
// A token whose weight rounds to 0 (more than B·ln 2 ≈ 32 below the max after temperature, −inf, NaN) is
// never drawn: that drops at most n·2^-B of probability mass (under 2e-9 at 131072 tokens).
// This header is plain C++ (no CUDA include) so the engine compiles it without a CUDA toolkit.
#pragma once

#include <cstdint>

#if defined(__CUDACC__)
#define HEARTH_SAMPLE_HD __host__ __device__ __forceinline__
#else
#define HEARTH_SAMPLE_HD inline
#endif

namespace hearth::sample_rules {

constexpr int kMaxWeightBits = 46;
constexpr float kFloatMax = 3.40282347e38f;
// round(ln 2 / 16 · 2^58): the range-reduction step of the fixed-point exp.
constexpr std::uint64_t kLn2Over16Q58 = 12486629536330718ull;
constexpr std::uint64_t kOneQ63 = 1ull << 63;
// Terms of the exp(−r) series for r < ln 2 / 16: r^11/11! < 1e-22, far below the Q63 step.
constexpr int kExpTerms = 10;
// Coarse weight classes (used by the CUDA sampler to find a cutoff without sorting): 0 for w = 0, else
// 1 + 32·(bit length − 1) + the next 5 bits, so each class spans about 3 % of weight. Monotone in w.
constexpr int kCoarseBins = 1536;

// ⌈log2 n⌉ for n ≥ 1: the bits a token index needs.
HEARTH_SAMPLE_HD int index_bits(std::int64_t n) {
  int bits = 0;
  while (bits < 62 && (std::int64_t{1} << bits) < n) ++bits;
  return bits;
}

HEARTH_SAMPLE_HD int weight_bits(std::int64_t n) {
  const int b = 63 - index_bits(n);
  return b < kMaxWeightBits ? b : kMaxWeightBits;
}

HEARTH_SAMPLE_HD int bit_length(std::uint64_t v) {
#if defined(__CUDA_ARCH__)
  return 64 - __clzll(static_cast<long long>(v));
#else
  return v == 0 ? 0 : 64 - __builtin_clzll(v);
#endif
}

HEARTH_SAMPLE_HD bool greedy_mode(bool greedy, float temperature) { return greedy || !(temperature > 0.0f); }

HEARTH_SAMPLE_HD bool is_finite(float v) { return v >= -kFloatMax && v <= kFloatMax; }

// A seen token's logit after the repetition penalty r (divide if positive, multiply if not) and the presence
// penalty p, rounded once to float.
HEARTH_SAMPLE_HD float penalised(float logit, float repetition, float presence) {
  double v = logit;
  if (repetition != 1.0f) v = logit > 0.0f ? v / static_cast<double>(repetition) : v * static_cast<double>(repetition);
  return static_cast<float>(v - static_cast<double>(presence));
}

// ⌊a·b / 2^63⌋ for a, b ≤ 2^63, exactly (the same on host and device).
HEARTH_SAMPLE_HD std::uint64_t mul_q63(std::uint64_t a, std::uint64_t b) {
#if defined(__CUDA_ARCH__)
  const std::uint64_t hi = __umul64hi(a, b), lo = a * b;
#elif defined(__SIZEOF_INT128__)
  __extension__ typedef unsigned __int128 u128;  // __extension__: no -Wpedantic warning
  const u128 p = static_cast<u128>(a) * b;
  const std::uint64_t hi = static_cast<std::uint64_t>(p >> 64), lo = static_cast<std::uint64_t>(p);
#else
  // Schoolbook product on 32-bit halves.
  const std::uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32, b_lo = b & 0xffffffffu, b_hi = b >> 32;
  const std::uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
  const std::uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
  const std::uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32), lo = (mid << 32) | (ll & 0xffffffffu);
#endif
  return (hi << 1) | (lo >> 63);
}

// round(2^(−i/16) · 2^63) for i = 0..15.
HEARTH_SAMPLE_HD std::uint64_t pow2_frac_q63(unsigned i) {
  static constexpr std::uint64_t kTable[16] = {
      9223372036854775808ull, 8832331321595618838ull, 8457869449776733335ull, 8099283532826439817ull,
      7755900482342532474ull, 7427075746662858866ull, 7112192101001162095ull, 6810658488877194079ull,
      6521908912666391106ull, 6245401371186603363ull, 5980616842327661685ull, 5727058308814112983ull,
      5484249825272419512ull, 5251735624851448219ull, 5029079263719320435ull, 4815862801830788490ull,
  };
  return kTable[i & 15u];
}

// round(2^63 / j!): the exp(−r) series coefficients (a switch, like pow2_frac_q63).
constexpr std::uint64_t inv_factorial_q63(int j) {
  switch (j) {
    case 0:
    case 1:
      return 9223372036854775808ull;
    case 2:
      return 4611686018427387904ull;
    case 3:
      return 1537228672809129301ull;
    case 4:
      return 384307168202282325ull;
    case 5:
      return 76861433640456465ull;
    case 6:
      return 12810238940076078ull;
    case 7:
      return 1830034134296583ull;
    case 8:
      return 228754266787073ull;
    case 9:
      return 25417140754119ull;
    default:
      return 2541714075412ull;
  }
}

// exp(−r) in Q63 for r < ln 2 / 16 (Q63): Horner c_J − r·(c_{J+1} − r·(…)), c_j = 1/j!, unrolled at compile
// time (constant coefficients, no division). Each step stays non-negative: r·c_{j+1}·(1 + r) < c_j.
template <int J>
HEARTH_SAMPLE_HD std::uint64_t exp_series(std::uint64_t r) {
  if constexpr (J == kExpTerms) {
    return std::uint64_t{inv_factorial_q63(J)};
  } else {
    constexpr std::uint64_t c = inv_factorial_q63(J);
    return c - mul_q63(r, exp_series<J + 1>(r));
  }
}

// round(2^B · exp(−t)) for t ≥ 0 (0 for t ≥ 32, NaN or +inf: below half a unit for every B ≤ 46).
// exp(−t) = 2^−(k/16) · exp(−r) with k = ⌊t / (ln 2 / 16)⌋: a shift, a table entry and a short series.
HEARTH_SAMPLE_HD std::uint64_t exp_weight(double t, int weight_bits) {
  if (!(t < 32.0)) return 0;
  // t ≥ 0 (or −0) below 32: exact scaling, then truncation (through int64_t: one instruction on x86).
  const auto t58 = static_cast<std::uint64_t>(static_cast<std::int64_t>(t * 0x1p58));
  const std::uint64_t k = t58 / kLn2Over16Q58;
  const int shift = 63 - weight_bits + static_cast<int>(k >> 4);
  if (shift >= 64) return 0;
  const std::uint64_t r = (t58 - k * kLn2Over16Q58) << 5;  // Q63
  const std::uint64_t e = mul_q63(pow2_frac_q63(static_cast<unsigned>(k)), exp_series<0>(r));
  return (e + (1ull << (shift - 1))) >> shift;
}

// The weight of a token with penalised logit x, given the largest non-NaN logit m (finite) and temperature T > 0.
HEARTH_SAMPLE_HD std::uint64_t token_weight(float x, float m, float temperature, int weight_bits) {
  if (!(x == x)) return 0;
  const double t = (static_cast<double>(m) - static_cast<double>(x)) / static_cast<double>(temperature);
  return exp_weight(t, weight_bits);
}

HEARTH_SAMPLE_HD std::uint64_t order_key(std::uint64_t w, std::int64_t token, std::int64_t n, int index_bits) {
  return (w << index_bits) | static_cast<std::uint64_t>(n - 1 - token);
}
HEARTH_SAMPLE_HD std::uint64_t key_weight(std::uint64_t key, int index_bits) { return key >> index_bits; }
HEARTH_SAMPLE_HD std::int32_t key_token(std::uint64_t key, std::int64_t n, int index_bits) {
  const std::uint64_t mask = index_bits == 0 ? 0 : (~0ull >> (64 - index_bits));
  return static_cast<std::int32_t>(n - 1 - static_cast<std::int64_t>(key & mask));
}

HEARTH_SAMPLE_HD int coarse_bin(std::uint64_t w) {
  if (w == 0) return 0;
  const int len = bit_length(w);
  const std::uint64_t frac = len - 1 >= 5 ? (w >> (len - 1 - 5)) & 31u : (w << (5 - (len - 1))) & 31u;
  return 1 + ((len - 1) << 5) + static_cast<int>(frac);
}

// Which truncations are on, in the sampler's terms. min_p > 1 keeps exactly the most likely token (the
// sampler always keeps one), which is top-k 1.
struct Truncation {
  bool on = false;         // any truncation: candidates in likelihood order rather than token order
  std::int64_t top_k = 0;  // 0 = off
  bool top_p_on = false;
  double mass_target = 0.0;  // top_p · S, set by with_total()
  bool min_p_on = false;
  double min_weight = 0.0;  // min_p · 2^B
  float top_p = 1.0f;
};

HEARTH_SAMPLE_HD Truncation truncation(std::int32_t top_k, float top_p, float min_p, int weight_bits) {
  Truncation t;
  t.on = top_k > 0 || top_p < 1.0f || min_p > 0.0f;
  t.top_k = top_k > 0 ? top_k : 0;
  t.top_p_on = top_p < 1.0f;
  t.top_p = top_p;
  if (min_p > 1.0f) {
    t.top_k = 1;
  } else if (min_p > 0.0f) {
    t.min_p_on = true;
    t.min_weight = static_cast<double>(min_p) * static_cast<double>(1ull << weight_bits);
  }
  return t;
}

HEARTH_SAMPLE_HD void set_total(Truncation& t, std::uint64_t total) {
  t.mass_target = static_cast<double>(t.top_p) * static_cast<double>(total);
}

// May this weight be kept at all (positive, and above min-p)?
HEARTH_SAMPLE_HD bool eligible(const Truncation& t, std::uint64_t w) {
  return w > 0 && (!t.min_p_on || static_cast<double>(w) >= t.min_weight);
}

// Does the kept prefix end at the element that brings the running count to `count` and weight to `mass`?
HEARTH_SAMPLE_HD bool cut_here(const Truncation& t, std::uint64_t count, std::uint64_t mass) {
  return (t.top_k > 0 && count >= static_cast<std::uint64_t>(t.top_k)) ||
         (t.top_p_on && static_cast<double>(mass) >= t.mass_target);
}

// U = ⌊u · K⌋, below K (K > 0); u outside [0, 1) or NaN is clamped.
HEARTH_SAMPLE_HD std::uint64_t draw_target(double u, std::uint64_t kept) {
  if (!(u > 0.0)) return 0;
  const double p = u * static_cast<double>(kept);
  if (!(p < static_cast<double>(kept))) return kept - 1;
  const std::uint64_t target = static_cast<std::uint64_t>(p);
  return target < kept ? target : kept - 1;
}

}  // namespace hearth::sample_rules
