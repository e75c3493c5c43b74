// Device sampling without sorting the vocabulary. The rules (kernels/sample_rules.h) turn every token into an
// integer weight w and a unique 64-bit key ordered like the CPU sampler's candidates, so a cut (top-k / top-p)
// or a draw is "the first key, from the largest, at which a running count or weight passes a threshold":
// a weighted selection, found by narrowing ranges of keys, never by ordering them. Integer sums make every
// partial sum exact, so the parallel order of the additions cannot change the result.
//
// Passes (kernel, grid):
//   1 penalise  (a block per 1024 tokens) penalties from a per-block bitmap of the history; logits → x;
//               the block's arg-max key; block 0 clears the class histogram and the state.
//   2 weigh     (per 1024 tokens) the global max from the block maxima; greedy (or a non-finite max) ends
//               here. Else w and the order key per token, per-block weight sums, and a histogram of eligible
//               tokens over ~3 %-wide coarse weight classes (count and weight).
//   3 plan      (one block) S from the block sums. No truncation: the draw walks the block sums, then one
//               block of tokens, and ends. Else the class holding the cut (scanning classes from the heaviest).
//   4 collect   (per 1024 tokens) the keys of that class into a list.
//   5 select    (one block) a radix selection over the list (8-bit digits from the highest bit in which the
//               keys differ; the surviving keys compacted after every digit) finds the cut key; K, U = ⌊u·K⌋;
//               when the draw falls in the same class the same selection finds the token, else the class
//               holding it is planned.
//   6, 7        collect and select again for that class (a no-op when the token is already chosen).
// Cost: four passes over the vocabulary on the whole GPU plus single-block work proportional to the tokens in
// one or two coarse classes (usually tens to hundreds). Worst case, every token in one class (logits all
// equal, or a flat tail at the cut): each selection reads that list about four times and writes it compacted
// about twice, through one SM (roughly 100 µs at 131072 tokens, estimated, not measured). Nothing sorts.
//
// Shared-memory races are excluded by construction: every shared array is written in one phase and read in a
// later one with a __syncthreads() between (histogram clear | fill | scan | compact | read count), the
// block-wide scans double-buffer their per-warp totals, and the "done" flag is read into shared memory once
// per kernel so every thread of a block takes the same early exit.
//
// Glossary: n = vocabulary size, w = integer weight, key = order key (w << ib | n−1−token), ib = index bits,
// S = total weight, K = kept weight, U = draw target, class = coarse weight bin.
#include "sample.cuh"

#include <climits>

#include "common.cuh"
#include "sample_rules.h"

namespace hearth::kernels {
namespace {

namespace rules = hearth::sample_rules;
using u64 = unsigned long long;  // the type CUDA's 64-bit atomics and shuffles take

constexpr int kChunk = 1024;        // tokens per block in the grid passes
constexpr int kGridThreads = 256;   // 4 tokens per thread, coalesced
constexpr int kBlockThreads = 512;  // the single-block stages (scans and selection)
constexpr int kRadixBins = 256;     // 8-bit digits: 8 levels cover a 64-bit key
constexpr unsigned kFull = 0xffffffffu;

enum Phase : int { kPhaseCut = 0, kPhaseDraw = 1 };

struct State {
  int done;             // the token is written
  int phase;            // what the next select does with its list
  int bin;              // the class the next collect gathers
  int fallback_token;   // the arg-max: an in-range answer should a list ever come up empty
  unsigned list_count;  // keys the last collect gathered
  unsigned pad;
  u64 count_above;  // eligible tokens in classes heavier than `bin`
  u64 mass_above;   // their weight
  u64 target;       // draw phase: U
  u64 total;        // S
};

struct Layout {
  State* state;
  u64* block_max;         // (n_chunks) arg-max keys
  u64* block_sum;         // (n_chunks) weight sums, token order
  unsigned* class_count;  // (kCoarseBins)
  u64* class_mass;        // (kCoarseBins)
  float* x;               // (n) penalised logits
  u64* keys;              // (n) order keys; 0 = not eligible
  u64* list;              // (n) one class's keys
  u64* buf_a;             // (n) selection ping-pong
  u64* buf_b;             // (n)
};

constexpr std::size_t align16(std::size_t v) { return (v + 15) / 16 * 16; }

std::int64_t chunks(std::int64_t n) { return (n + kChunk - 1) / kChunk; }

// The scratch carve-up; with base == nullptr it only measures.
Layout carve(void* base, std::int64_t n, std::size_t* bytes) {
  char* p = static_cast<char*>(base);
  std::size_t off = 0;
  const auto take = [&](std::size_t size) {
    char* at = p ? p + off : nullptr;
    off += align16(size);
    return at;
  };
  const auto n_chunks = static_cast<std::size_t>(chunks(n)), un = static_cast<std::size_t>(n);
  Layout l;
  l.state = reinterpret_cast<State*>(take(sizeof(State)));
  l.block_max = reinterpret_cast<u64*>(take(n_chunks * sizeof(u64)));
  l.block_sum = reinterpret_cast<u64*>(take(n_chunks * sizeof(u64)));
  l.class_count = reinterpret_cast<unsigned*>(take(rules::kCoarseBins * sizeof(unsigned)));
  l.class_mass = reinterpret_cast<u64*>(take(rules::kCoarseBins * sizeof(u64)));
  l.x = reinterpret_cast<float*>(take(un * sizeof(float)));
  l.keys = reinterpret_cast<u64*>(take(un * sizeof(u64)));
  l.list = reinterpret_cast<u64*>(take(un * sizeof(u64)));
  l.buf_a = reinterpret_cast<u64*>(take(un * sizeof(u64)));
  l.buf_b = reinterpret_cast<u64*>(take(un * sizeof(u64)));
  if (bytes) *bytes = off;
  return l;
}

// What every kernel needs to know, fixed per call (host values only: a captured graph replays it unchanged).
struct Plan {
  std::int64_t n;
  int n_chunks;
  int weight_bits, index_bits;
  bool greedy;
  bool penalties;
  float temperature, repetition, presence;
  rules::Truncation trunc;  // mass_target set on the device once S is known
};

// Arg-max key: the float's order-preserving bits above the complemented index, so the unsigned maximum is the
// largest value at the lowest index. NaN sorts below −inf with its plain index (all NaN: the last token, as
// the CPU's first-maximum loop gives). −0 counts as +0 (the CPU compares with >).
__device__ __forceinline__ u64 argmax_key(float v, std::int64_t i) {
  if (v != v) return static_cast<u64>(i);
  if (v == 0.0f) v = 0.0f;
  const unsigned bits = __float_as_uint(v);
  const unsigned ordered = (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
  return (static_cast<u64>(ordered) << 32) | (0xffffffffu - static_cast<unsigned>(i));
}

__device__ __forceinline__ std::int32_t argmax_token(u64 key) {
  const auto low = static_cast<unsigned>(key & 0xffffffffu);
  return static_cast<std::int32_t>((key >> 32) == 0 ? low : 0xffffffffu - low);
}

__device__ __forceinline__ float argmax_value(u64 key) {
  const auto ordered = static_cast<unsigned>(key >> 32);
  if (ordered == 0) return __int_as_float(0x7fc00000);  // every logit NaN
  return __uint_as_float((ordered & 0x80000000u) ? (ordered & 0x7fffffffu) : ~ordered);
}

// Reductions of u64, each with its identity.
struct MaxOp {
  static constexpr u64 kIdentity = 0;
  __device__ u64 operator()(u64 a, u64 b) const { return max(a, b); }
};
struct SumOp {
  static constexpr u64 kIdentity = 0;
  __device__ u64 operator()(u64 a, u64 b) const { return a + b; }
};
struct OrOp {
  static constexpr u64 kIdentity = 0;
  __device__ u64 operator()(u64 a, u64 b) const { return a | b; }
};
struct AndOp {
  static constexpr u64 kIdentity = ~0ull;
  __device__ u64 operator()(u64 a, u64 b) const { return a & b; }
};

template <typename Op>
__device__ __forceinline__ u64 warp_reduce_u64(u64 v, Op op) {
#pragma unroll
  for (int o = kWarpSize / 2; o > 0; o >>= 1) v = op(v, __shfl_xor_sync(kFull, v, o));
  return v;
}

__device__ __forceinline__ u64 warp_sum_u64(u64 v) { return warp_reduce_u64(v, SumOp{}); }

// Block-wide reduction of u64; every thread gets the result. `scratch` holds one u64 per warp.
template <typename Op>
__device__ u64 block_reduce_u64(u64 v, u64* scratch, Op op) {
  const int lane = threadIdx.x % kWarpSize, warp = threadIdx.x / kWarpSize;
  const int n_warps = (blockDim.x + kWarpSize - 1) / kWarpSize;
  v = warp_reduce_u64(v, op);
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  v = warp_reduce_u64(lane < n_warps ? scratch[lane] : Op::kIdentity, op);
  __syncthreads();  // scratch may be reused right after
  return v;
}

// Appends `key` to list[*count] for every lane with `take`, one atomic per warp. All lanes must call it.
__device__ __forceinline__ void warp_append(bool take, u64 key, unsigned* count, u64* list) {
  const unsigned mask = __ballot_sync(kFull, take);
  if (mask == 0) return;
  const int lane = threadIdx.x % kWarpSize, leader = __ffs(mask) - 1;
  unsigned base = 0;
  if (lane == leader) base = atomicAdd(count, static_cast<unsigned>(__popc(mask)));
  base = __shfl_sync(kFull, base, leader);
  if (take) list[base + __popc(mask & ((1u << lane) - 1u))] = key;
}

struct Bin {
  u64 count, mass;
};

// Inclusive prefix sums of two values across the warp.
__device__ __forceinline__ void warp_inclusive_scan2(u64& a, u64& b) {
  const int lane = threadIdx.x % kWarpSize;
#pragma unroll
  for (int o = 1; o < kWarpSize; o <<= 1) {
    const u64 oa = __shfl_up_sync(kFull, a, o), ob = __shfl_up_sync(kFull, b, o);
    if (lane >= o) {
      a += oa;
      b += ob;
    }
  }
}

struct FindShared {
  u64 warp_count[2][kWarpSize], warp_mass[2][kWarpSize];
  int first, last;
  u64 count_above, mass_above, total_mass;
};

struct Found {
  int pos;  // position in scan order
  bool found;
  u64 count_above, mass_above;  // of the positions before pos
  u64 total_mass;               // of every position
};

// Scans positions 0..n−1 (get(j) → Bin) with running inclusive sums and returns the first non-empty position
// where trig(count, mass) holds (trig is monotone), with the sums before it. Falls back to the last non-empty
// position when none triggers (never for lists built by this file; it keeps every answer in range). Each
// thread owns a contiguous run of positions; a block scan of the run totals gives every run its start.
template <typename Get, typename Trig>
__device__ Found block_find_first(int n, Get get, Trig trig, FindShared& sh) {
  const int tid = threadIdx.x, lane = tid % kWarpSize, warp = tid / kWarpSize;
  const int n_warps = (blockDim.x + kWarpSize - 1) / kWarpSize;
  const int per = (n + blockDim.x - 1) / blockDim.x;
  const int begin = min(n, tid * per), end = min(n, begin + per);
  u64 c = 0, m = 0;
  for (int j = begin; j < end; ++j) {
    const Bin b = get(j);
    c += b.count;
    m += b.mass;
  }
  // Exclusive scan of (c, m) over threads.
  u64 ic = c, im = m;
  warp_inclusive_scan2(ic, im);
  if (lane == kWarpSize - 1) {
    sh.warp_count[0][warp] = ic;
    sh.warp_mass[0][warp] = im;
  }
  if (tid == 0) {
    sh.first = INT_MAX;
    sh.last = -1;
  }
  __syncthreads();
  if (warp == 0) {
    u64 wc = lane < n_warps ? sh.warp_count[0][lane] : 0, wm = lane < n_warps ? sh.warp_mass[0][lane] : 0;
    warp_inclusive_scan2(wc, wm);
    sh.warp_count[1][lane] = wc;  // inclusive over warps
    sh.warp_mass[1][lane] = wm;
  }
  __syncthreads();
  const u64 warp_c = warp > 0 ? sh.warp_count[1][warp - 1] : 0, warp_m = warp > 0 ? sh.warp_mass[1][warp - 1] : 0;
  u64 rc = warp_c + ic - c, rm = warp_m + im - m;  // sums before this thread's run
  int first = INT_MAX, last = -1;
  for (int j = begin; j < end; ++j) {
    const Bin b = get(j);
    if (b.count == 0 && b.mass == 0) continue;
    last = j;
    if (trig(rc + b.count, rm + b.mass)) {
      first = j;
      break;
    }
    rc += b.count;
    rm += b.mass;
  }
  if (first != INT_MAX) atomicMin(&sh.first, first);
  if (last >= 0) atomicMax(&sh.last, last);
  __syncthreads();
  const bool found = sh.first != INT_MAX;
  const int pos = found ? sh.first : sh.last;
  // The owner of pos recomputes the sums before it.
  if (pos >= begin && pos < end) {
    u64 oc = warp_c + ic - c, om = warp_m + im - m;
    for (int j = begin; j < pos; ++j) {
      const Bin b = get(j);
      oc += b.count;
      om += b.mass;
    }
    sh.count_above = oc;
    sh.mass_above = om;
  }
  if (tid == 0) sh.total_mass = sh.warp_mass[1][n_warps - 1];
  __syncthreads();
  Found f{pos < 0 ? 0 : pos, found, pos < 0 ? 0 : sh.count_above, pos < 0 ? 0 : sh.mass_above, sh.total_mass};
  __syncthreads();  // sh may be reused right after
  return f;
}

struct SelectShared {
  unsigned count[kRadixBins];
  u64 mass[kRadixBins];
  unsigned next_count;
  u64 red[kBlockThreads / kWarpSize];
  FindShared find;
};

struct Selected {
  u64 key;
  u64 count_above, mass_above;  // of the list's keys above `key`
  bool ok;                      // false only for an empty list
};

// The first key of `list` (largest first) at which trig(count, mass) over the keys so far, inclusive, holds.
// Keys are unique, so 8-bit digits always narrow the list to one key. Digits above the highest bit in which
// the keys differ are skipped (a class shares its top bits; ties share all the weight bits); after each digit
// the survivors are compacted (a, b ping-pong) unless every key survived. `list` is left as it was.
template <typename Trig>
__device__ Selected block_select(const u64* list, unsigned count, u64* a, u64* b, int index_bits, Trig trig,
                                 SelectShared& sh) {
  const int tid = threadIdx.x, lane = tid % kWarpSize;
  const u64* cur = list;
  u64* next = a;
  unsigned n = count;
  u64 count_above = 0, mass_above = 0;
  u64 any = OrOp::kIdentity, all = AndOp::kIdentity;
  for (unsigned i = tid; i < n; i += blockDim.x) {
    any |= list[i];
    all &= list[i];
  }
  any = block_reduce_u64(any, sh.red, OrOp{});
  all = block_reduce_u64(all, sh.red, AndOp{});
  const u64 differ = any ^ all;
  const int top_digit = differ == 0 ? 0 : (63 - __clzll(static_cast<long long>(differ))) / 8;
  for (int shift = top_digit * 8; shift >= 0 && n > 1; shift -= 8) {
    for (int j = tid; j < kRadixBins; j += blockDim.x) {
      sh.count[j] = 0;
      sh.mass[j] = 0;
    }
    if (tid == 0) sh.next_count = 0;
    __syncthreads();
    for (unsigned base = 0; base < n; base += blockDim.x) {  // uniform trip count: warp collectives inside
      const unsigned i = base + tid;
      const bool valid = i < n;
      const u64 key = valid ? cur[i] : 0;
      const int digit = valid ? static_cast<int>((key >> shift) & 0xffu) : -1;
      const u64 w = rules::key_weight(key, index_bits);
      if (__match_any_sync(kFull, digit) == kFull) {  // one digit for the whole warp (ties): one atomic pair
        const u64 s = warp_sum_u64(w);
        if (digit >= 0 && lane == 0) {
          atomicAdd(&sh.count[digit], 32u);
          atomicAdd(&sh.mass[digit], s);
        }
      } else if (valid) {
        atomicAdd(&sh.count[digit], 1u);
        atomicAdd(&sh.mass[digit], w);
      }
    }
    __syncthreads();
    const Found f = block_find_first(
        kRadixBins,
        [&](int j) {
          return Bin{sh.count[kRadixBins - 1 - j], sh.mass[kRadixBins - 1 - j]};
        },
        [&](u64 c, u64 m) { return trig(count_above + c, mass_above + m); }, sh.find);
    const int digit = kRadixBins - 1 - f.pos;
    count_above += f.count_above;
    mass_above += f.mass_above;
    const unsigned survivors = sh.count[digit];  // read before the barrier below; cleared after the next one
    if (survivors != n) {
      for (unsigned base = 0; base < n; base += blockDim.x) {
        const unsigned i = base + tid;
        const u64 key = i < n ? cur[i] : 0;
        warp_append(i < n && static_cast<int>((key >> shift) & 0xffu) == digit, key, &sh.next_count, next);
      }
    }
    __syncthreads();
    if (survivors != n) {
      n = sh.next_count;
      cur = next;
      next = next == a ? b : a;
    }
    __syncthreads();  // count and next_count are cleared at the top of the next digit
  }
  if (n == 0) return Selected{0, 0, 0, false};
  return Selected{cur[0], count_above, mass_above, true};
}

__device__ void finish(State* state, std::int32_t token, std::int32_t* out, std::int32_t* out_host) {
  state->done = 1;
  *out = token;
  if (out_host) *out_host = token;
}

// Every thread of the block learns whether the token is already chosen.
__device__ bool already_done(const State* state, int* flag) {
  if (threadIdx.x == 0) *flag = state->done;
  __syncthreads();
  return *flag != 0;
}

__global__ void __launch_bounds__(kGridThreads)
    penalise_kernel(const float* logits, Plan plan, const std::int32_t* history, std::int32_t history_len,
                    const std::int32_t* history_len_device, Layout l) {
  __shared__ unsigned seen[kChunk / 32];
  __shared__ u64 red[kGridThreads / kWarpSize];
  const std::int64_t base = static_cast<std::int64_t>(blockIdx.x) * kChunk;
  if (blockIdx.x == 0) {
    for (int j = threadIdx.x; j < rules::kCoarseBins; j += blockDim.x) {
      l.class_count[j] = 0;
      l.class_mass[j] = 0;
    }
    if (threadIdx.x == 0) *l.state = State{0, kPhaseCut, -1, 0, 0, 0, 0, 0, 0, 0};
  }
  if (plan.penalties) {
    for (int j = threadIdx.x; j < kChunk / 32; j += blockDim.x) seen[j] = 0;
    __syncthreads();
    const std::int32_t len = history_len_device ? *history_len_device : history_len;
    for (std::int32_t j = threadIdx.x; j < len; j += blockDim.x) {
      const std::int32_t token = history[j];
      const std::int64_t local = static_cast<std::int64_t>(token) - base;
      if (token >= 0 && token < plan.n && local >= 0 && local < kChunk) atomicOr(&seen[local >> 5], 1u << (local & 31));
    }
    __syncthreads();
  }
  u64 best = 0;
#pragma unroll
  for (int r = 0; r < kChunk / kGridThreads; ++r) {
    const int local = r * kGridThreads + static_cast<int>(threadIdx.x);
    const std::int64_t i = base + local;
    if (i < plan.n) {
      float v = logits[i];
      if (plan.penalties && ((seen[local >> 5] >> (local & 31)) & 1u))
        v = rules::penalised(v, plan.repetition, plan.presence);
      l.x[i] = v;
      best = max(best, argmax_key(v, i));
    }
  }
  best = block_reduce_u64(best, red, MaxOp{});
  if (threadIdx.x == 0) l.block_max[blockIdx.x] = best;
}

__global__ void __launch_bounds__(kGridThreads)
    weigh_kernel(Plan plan, std::int32_t* out, std::int32_t* out_host, Layout l) {
  __shared__ u64 red[kGridThreads / kWarpSize];
  __shared__ unsigned class_count[rules::kCoarseBins];
  __shared__ u64 class_mass[rules::kCoarseBins];
  u64 best = 0;
  for (int j = threadIdx.x; j < plan.n_chunks; j += blockDim.x) best = max(best, l.block_max[j]);
  best = block_reduce_u64(best, red, MaxOp{});
  const float max_logit = argmax_value(best);
  if (plan.greedy || !rules::is_finite(max_logit)) {
    if (blockIdx.x == 0 && threadIdx.x == 0) finish(l.state, argmax_token(best), out, out_host);
    return;
  }
  if (blockIdx.x == 0 && threadIdx.x == 0) l.state->fallback_token = argmax_token(best);
  const bool classes = plan.trunc.on;
  if (classes) {
    for (int j = threadIdx.x; j < rules::kCoarseBins; j += blockDim.x) {
      class_count[j] = 0;
      class_mass[j] = 0;
    }
    __syncthreads();
  }
  const std::int64_t base = static_cast<std::int64_t>(blockIdx.x) * kChunk;
  const int lane = threadIdx.x % kWarpSize;
  u64 sum = 0;
#pragma unroll
  for (int r = 0; r < kChunk / kGridThreads; ++r) {
    const std::int64_t i = base + r * kGridThreads + threadIdx.x;
    u64 w = 0;
    int cls = -1;
    if (i < plan.n) {
      w = rules::token_weight(l.x[i], max_logit, plan.temperature, plan.weight_bits);
      const bool keep = rules::eligible(plan.trunc, w);
      l.keys[i] = keep ? rules::order_key(w, i, plan.n, plan.index_bits) : 0;
      if (keep) cls = rules::coarse_bin(w);
    }
    sum += w;
    if (classes) {
      if (__match_any_sync(kFull, cls) == kFull) {  // the whole warp in one class: one atomic pair
        const u64 s = warp_sum_u64(cls >= 0 ? w : 0);
        if (cls >= 0 && lane == 0) {
          atomicAdd(&class_count[cls], 32u);
          atomicAdd(&class_mass[cls], s);
        }
      } else if (cls >= 0) {
        atomicAdd(&class_count[cls], 1u);
        atomicAdd(&class_mass[cls], w);
      }
    }
  }
  sum = block_reduce_u64(sum, red, SumOp{});  // its barriers also close the class histogram
  if (threadIdx.x == 0) l.block_sum[blockIdx.x] = sum;
  if (classes) {
    for (int j = threadIdx.x; j < rules::kCoarseBins; j += blockDim.x)
      if (class_count[j]) {
        atomicAdd(&l.class_count[j], class_count[j]);
        atomicAdd(&l.class_mass[j], class_mass[j]);
      }
  }
}

// Class positions in scan order: heaviest class first.
struct ClassesDescending {
  const unsigned* count;
  const u64* mass;
  __device__ Bin operator()(int j) const {
    const int c = rules::kCoarseBins - 1 - j;
    return Bin{count[c], mass[c]};
  }
};

__global__ void __launch_bounds__(kBlockThreads)
    plan_kernel(Plan plan, double u, const double* u_device, std::int32_t* out, std::int32_t* out_host, Layout l) {
  __shared__ int done;
  __shared__ u64 red[kBlockThreads / kWarpSize];
  __shared__ FindShared find;
  if (already_done(l.state, &done)) return;
  u64 total = 0;
  for (int j = threadIdx.x; j < plan.n_chunks; j += blockDim.x) total += l.block_sum[j];
  total = block_reduce_u64(total, red, SumOp{});
  const double uu = u_device ? *u_device : u;
  rules::Truncation trunc = plan.trunc;
  rules::set_total(trunc, total);

  if (!trunc.on) {  // token order: the block holding the draw, then the token inside it
    const u64 target = rules::draw_target(uu, total);
    const Found block = block_find_first(
        plan.n_chunks,
        [&](int j) {
          return Bin{0, l.block_sum[j]};
        },
        [&](u64, u64 m) { return m > target; }, find);
    const std::int64_t first = static_cast<std::int64_t>(block.pos) * kChunk;
    const Found token = block_find_first(
        kChunk,
        [&](int j) {
          const std::int64_t i = first + j;
          return Bin{0, i < plan.n ? rules::key_weight(l.keys[i], plan.index_bits) : 0};
        },
        [&](u64, u64 m) { return block.mass_above + m > target; }, find);
    if (threadIdx.x == 0) finish(l.state, static_cast<std::int32_t>(first + token.pos), out, out_host);
    return;
  }
  const ClassesDescending classes{l.class_count, l.class_mass};
  const Found cut = block_find_first(
      rules::kCoarseBins, classes, [&](u64 c, u64 m) { return rules::cut_here(trunc, c, m); }, find);
  if (cut.found) {
    if (threadIdx.x == 0) {
      l.state->phase = kPhaseCut;
      l.state->bin = rules::kCoarseBins - 1 - cut.pos;
      l.state->count_above = cut.count_above;
      l.state->mass_above = cut.mass_above;
      l.state->total = total;
    }
    return;
  }
  // Every eligible token is kept: plan the draw directly.
  const u64 target = rules::draw_target(uu, cut.total_mass);
  const Found draw = block_find_first(
      rules::kCoarseBins, classes, [&](u64, u64 m) { return m > target; }, find);
  if (threadIdx.x == 0) {
    l.state->phase = kPhaseDraw;
    l.state->bin = rules::kCoarseBins - 1 - draw.pos;
    l.state->mass_above = draw.mass_above;
    l.state->target = target;
  }
}

__global__ void __launch_bounds__(kGridThreads) collect_kernel(Plan plan, Layout l) {
  __shared__ int done;
  if (already_done(l.state, &done)) return;
  const int bin = l.state->bin;
  const std::int64_t base = static_cast<std::int64_t>(blockIdx.x) * kChunk;
#pragma unroll
  for (int r = 0; r < kChunk / kGridThreads; ++r) {
    const std::int64_t i = base + r * kGridThreads + threadIdx.x;
    const u64 key = i < plan.n ? l.keys[i] : 0;
    warp_append(key != 0 && rules::coarse_bin(rules::key_weight(key, plan.index_bits)) == bin, key,
                &l.state->list_count, l.list);
  }
}

__global__ void __launch_bounds__(kBlockThreads)
    select_kernel(Plan plan, double u, const double* u_device, std::int32_t* out, std::int32_t* out_host, Layout l) {
  __shared__ int done;
  __shared__ SelectShared sh;
  if (already_done(l.state, &done)) return;
  State* st = l.state;
  const unsigned count = st->list_count;
  const u64 count_above = st->count_above, mass_above = st->mass_above;
  const int ib = plan.index_bits;
  const auto token_of = [&](const Selected& s) {
    return s.ok ? rules::key_token(s.key, plan.n, ib) : st->fallback_token;
  };
  if (st->phase == kPhaseDraw) {
    const u64 target = st->target;
    const Selected s = block_select(
        l.list, count, l.buf_a, l.buf_b, ib, [&](u64, u64 m) { return mass_above + m > target; }, sh);
    if (threadIdx.x == 0) finish(st, token_of(s), out, out_host);
    return;
  }
  rules::Truncation trunc = plan.trunc;
  rules::set_total(trunc, st->total);
  const Selected cut = block_select(
      l.list, count, l.buf_a, l.buf_b, ib,
      [&](u64 c, u64 m) { return rules::cut_here(trunc, count_above + c, mass_above + m); }, sh);
  const u64 kept = mass_above + cut.mass_above + rules::key_weight(cut.key, ib);
  const u64 target = rules::draw_target(u_device ? *u_device : u, kept);
  if (target >= mass_above) {  // the draw lands in this class, at or above the cut
    const Selected s = block_select(
        l.list, count, l.buf_a, l.buf_b, ib, [&](u64, u64 m) { return mass_above + m > target; }, sh);
    if (threadIdx.x == 0) finish(st, token_of(s), out, out_host);
    return;
  }
  // The draw lands in a heavier class, which is kept whole: the next collect gathers it.
  const Found draw = block_find_first(
      rules::kCoarseBins, ClassesDescending{l.class_count, l.class_mass}, [&](u64, u64 m) { return m > target; },
      sh.find);
  if (threadIdx.x == 0) {
    st->phase = kPhaseDraw;
    st->bin = rules::kCoarseBins - 1 - draw.pos;
    st->mass_above = draw.mass_above;
    st->target = target;
    st->list_count = 0;
  }
}

}  // namespace

std::size_t sample_scratch_bytes(std::int64_t n_vocab) {
  if (n_vocab < 1) return 0;
  std::size_t bytes = 0;
  carve(nullptr, n_vocab, &bytes);
  return bytes;
}

cudaError_t sample(const SampleArgs& a, cudaStream_t stream) {
  if (!a.logits || !a.scratch || !a.token || a.n_vocab < 1 || a.n_vocab > kSampleMaxVocab) return cudaErrorInvalidValue;
  const std::int64_t n = a.n_vocab;
  Plan plan{};
  plan.n = n;
  plan.n_chunks = static_cast<int>(chunks(n));
  plan.weight_bits = rules::weight_bits(n);
  plan.index_bits = rules::index_bits(n);
  plan.greedy = rules::greedy_mode(a.params.greedy, a.params.temperature);
  plan.penalties = a.history && (a.params.repetition_penalty != 1.0f || a.params.presence_penalty != 0.0f);
  plan.temperature = a.params.temperature;
  plan.repetition = a.params.repetition_penalty;
  plan.presence = a.params.presence_penalty;
  plan.trunc = rules::truncation(a.params.top_k, a.params.top_p, a.params.min_p, plan.weight_bits);
  const Layout l = carve(a.scratch, n, nullptr);
  const auto grid = static_cast<unsigned>(plan.n_chunks);

  penalise_kernel<<<grid, kGridThreads, 0, stream>>>(a.logits, plan, a.history, a.history_len, a.history_len_device, l);
  weigh_kernel<<<grid, kGridThreads, 0, stream>>>(plan, a.token, a.token_host, l);
  if (!plan.greedy) {
    plan_kernel<<<1, kBlockThreads, 0, stream>>>(plan, a.u, a.u_device, a.token, a.token_host, l);
    if (plan.trunc.on) {
      for (int round = 0; round < 2; ++round) {  // the cut's class, then (if elsewhere) the draw's class
        collect_kernel<<<grid, kGridThreads, 0, stream>>>(plan, l);
        select_kernel<<<1, kBlockThreads, 0, stream>>>(plan, a.u, a.u_device, a.token, a.token_host, l);
      }
    }
  }
  return cudaGetLastError();
}

}  // namespace hearth::kernels
