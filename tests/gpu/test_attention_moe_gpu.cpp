// Decode attention over the KV cache and the MoE router on the device, against the CPU backend, on the
// Super (32/2 × 128, 512 experts top-22) and Nano (40/8 × 128; 128 experts top-6) shapes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "backend/cpu/attention.h"
#include "backend/cpu/moe.h"
#include "device_buffer.h"
#include "gguf/tensor_types.h"
#include "gpu_check.h"
#include "kernels/attention_decode.cuh"
#include "kernels/moe_group.cuh"
#include "kernels/moe_route.cuh"
#include "runtime/thread_pool.h"
#include "support/check.h"

namespace {

namespace hk = hearth::kernels;
using hearth_test::count_mismatches;
using hearth_test::signed_values;

hearth::runtime::ThreadPool& pool() { return hearth_test::test_pool(); }

struct AttnShape {
  const char* name;
  int n_head, n_head_kv, head_dim;
};
const AttnShape kAttnShapes[] = {{"super", 32, 2, 128}, {"nano4b", 40, 8, 128}, {"tiny", 4, 2, 64}};

}  // namespace

TEST_CASE(attention_decode_matches_cpu_at_several_depths) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  for (const AttnShape& s : kAttnShapes) {
    for (bool f16 : {true, false}) {
      for (long n_ctx : {1L, 7L, 129L, 1000L, 4100L}) {
        const long kv_dim = static_cast<long>(s.n_head_kv) * s.head_dim, q_dim = static_cast<long>(s.n_head) * s.head_dim;
        const long capacity = n_ctx + 16;
        const std::vector<float> keys = signed_values(n_ctx * kv_dim, 0.05f, 1.0f);
        const std::vector<float> values = signed_values(n_ctx * kv_dim, 0.05f, 1.0f);
        const std::vector<float> q = signed_values(q_dim, 0.05f, 1.0f);
        // CPU: rows 0..n−2 already cached, the last arrives with the query.
        const std::size_t elem = f16 ? 2 : 4;
        std::vector<std::uint8_t> kc(capacity * kv_dim * elem), vc(kc.size());
        for (long i = 0; i < (n_ctx - 1) * kv_dim; ++i) {
          if (f16) {
            const std::uint16_t hk_ = hearth::gguf::f32_to_fp16(keys[i]), hv = hearth::gguf::f32_to_fp16(values[i]);
            std::memcpy(kc.data() + 2 * i, &hk_, 2);
            std::memcpy(vc.data() + 2 * i, &hv, 2);
          } else {
            std::memcpy(kc.data() + 4 * i, &keys[i], 4);
            std::memcpy(vc.data() + 4 * i, &values[i], 4);
          }
        }
        hearth::cpu::KvLayerView view{f16 ? hearth::cpu::KvType::F16 : hearth::cpu::KvType::F32, kc.data(), vc.data(),
                                      capacity};
        hearth::cpu::AttentionShape shape{s.n_head, s.n_head_kv, s.head_dim};
        std::vector<float> want(q_dim);
        hearth::cpu::attention(pool(), shape, view, n_ctx - 1, 1, q.data(), keys.data() + (n_ctx - 1) * kv_dim,
                               values.data() + (n_ctx - 1) * kv_dim, want.data());

        hearth_test::DeviceBuffer<float> dkeys(keys.size()), dvalues(values.size()), dq(q.size()), dout(q_dim);
        hearth_test::DeviceBuffer<std::uint8_t> dkc(kc.size()), dvc(vc.size());
        hearth_test::DeviceBuffer<float> scratch(hk::attention_decode_scratch_floats(s.n_head, s.head_dim, capacity));
        REQUIRE(dkeys.upload(keys) && dvalues.upload(values) && dq.upload(q) && dout.poison() && dkc.poison() &&
                dvc.poison());
        REQUIRE(hk::kv_cache_write(dkeys.get(), dvalues.get(), n_ctx, dkc.get(), dvc.get(), f16, capacity, 0,
                                   s.n_head_kv, s.head_dim, nullptr) == cudaSuccess);
        hk::AttentionDecodeArgs args;
        args.q = dq.get();
        args.k = dkc.get();
        args.v = dvc.get();
        args.cache_f16 = f16;
        args.capacity = capacity;
        args.n_ctx = n_ctx;
        args.n_q_heads = s.n_head;
        args.n_kv_heads = s.n_head_kv;
        args.head_dim = s.head_dim;
        args.scale = 1.0f / std::sqrt(static_cast<float>(s.head_dim));
        args.out = dout.get();
        args.scratch = scratch.get();
        REQUIRE(hk::attention_decode(args, nullptr) == cudaSuccess);
        REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
        std::vector<float> got;
        REQUIRE(dout.download(got));
        const int bad = count_mismatches(got, want, 1e-4, 2e-5, s.name);
        if (bad) std::fprintf(stderr, "  %s f16=%d n_ctx=%ld: %d mismatches\n", s.name, f16, n_ctx, bad);
        CHECK_EQ(bad, 0);
      }
    }
  }
}

TEST_CASE(moe_routing_matches_cpu_selection_and_weights) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  struct RouteCase {
    long n_expert, k;
    float scale;
    bool norm;
  };
  const RouteCase cases[] = {{512, 22, 5.0f, true}, {128, 6, 2.5f, true}, {512, 22, 5.0f, false}};
  for (const RouteCase& c : cases) {
    const long tokens = 37;
    const std::vector<float> logits = signed_values(tokens * c.n_expert, 0.01f, 6.0f);
    const std::vector<float> bias = signed_values(c.n_expert, 0.001f, 0.5f);
    hearth::cpu::MoeShape shape;
    shape.n_expert = c.n_expert;
    shape.n_expert_used = c.k;
    shape.weights_norm = c.norm;
    shape.weights_scale = c.scale;
    std::vector<std::int32_t> want_ids;
    std::vector<float> want_w;
    for (long t = 0; t < tokens; ++t) {
      std::vector<hearth::cpu::ExpertChoice> choice(c.k);
      hearth::cpu::select_experts(shape, logits.data() + t * c.n_expert, bias.data(), choice.data());
      for (const auto& ch : choice) {
        want_ids.push_back(ch.expert);
        want_w.push_back(ch.weight);
      }
    }
    hearth_test::DeviceBuffer<float> dl(logits.size()), db(bias.size()), dw(tokens * c.k);
    hearth_test::DeviceBuffer<std::int32_t> di(tokens * c.k);
    REQUIRE(dl.upload(logits) && db.upload(bias) && dw.poison() && di.poison());
    REQUIRE(hk::moe_route(dl.get(), db.get(), tokens, static_cast<int>(c.n_expert), static_cast<int>(c.k), c.norm,
                          c.scale, di.get(), dw.get(), nullptr) == cudaSuccess);
    REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
    std::vector<std::int32_t> got_ids;
    std::vector<float> got_w;
    REQUIRE(di.download(got_ids) && dw.download(got_w));
    CHECK_EQ(count_mismatches(got_ids, want_ids, 0.0, 0.0, "expert ids"), 0);
    CHECK_EQ(count_mismatches(got_w, want_w, 1e-5, 1e-7, "expert weights"), 0);
  }
}

// Grouping the choices by expert on the device: offsets are the prefix sums of the per-expert counts, every
// choice gets a distinct row inside its expert's range, and each row names the token it came from.
TEST_CASE(moe_grouping_by_expert_is_a_consistent_permutation) {
  if (!hearth_test::have_gpu()) SKIP("no CUDA device");
  struct GroupCase {
    long tokens, n_expert, k;
  };
  for (const GroupCase& c : {GroupCase{512, 512, 22}, GroupCase{7, 128, 6}, GroupCase{1, 512, 22}, GroupCase{300, 16, 4}}) {
    // Distinct experts per token (as routing gives), skewed so some experts are empty and some crowded.
    std::vector<std::int32_t> ids(c.tokens * c.k);
    std::uniform_int_distribution<long> start(0, c.n_expert - 1);
    for (long t = 0; t < c.tokens; ++t) {
      const long s = start(hearth_test::gpu_rng()) % std::max(1L, c.n_expert / 3);
      for (long j = 0; j < c.k; ++j) ids[t * c.k + j] = static_cast<std::int32_t>((s + j * 3) % c.n_expert);
    }
    hearth_test::DeviceBuffer<std::int32_t> di(ids.size()), doff(c.n_expert + 1), dslot(ids.size()), dgather(ids.size()),
        dcount(c.n_expert);
    REQUIRE(di.upload(ids) && doff.poison() && dslot.poison() && dgather.poison() && dcount.poison());
    REQUIRE(hk::moe_group(di.get(), c.tokens, static_cast<int>(c.k), static_cast<int>(c.n_expert), doff.get(), dslot.get(),
                          dgather.get(), dcount.get(), nullptr) == cudaSuccess);
    REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
    std::vector<std::int32_t> off, slot, gather;
    REQUIRE(doff.download(off) && dslot.download(slot) && dgather.download(gather));
    std::vector<std::int32_t> want_off(c.n_expert + 1, 0);
    for (std::int32_t e : ids) ++want_off[e + 1];
    for (long e = 0; e < c.n_expert; ++e) want_off[e + 1] += want_off[e];
    CHECK_EQ(count_mismatches(off, want_off, 0.0, 0.0, "offsets"), 0);
    std::vector<int> used(ids.size(), 0);
    long bad = 0;
    for (long i = 0; i < static_cast<long>(ids.size()); ++i) {
      const std::int32_t s = slot[i], e = ids[i];
      const bool in_range = s >= want_off[e] && s < want_off[e + 1];
      if (!in_range || used[s]++ || gather[s] != i / c.k) {
        if (bad++ < 3) std::printf("choice %ld (expert %d): slot %d, gather %d\n", i, e, s, in_range ? gather[s] : -1);
      }
    }
    CHECK_EQ(bad, 0L);
  }
}
