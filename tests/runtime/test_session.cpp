// Whole-model properties of the CPU runtime on synthesised tiny models covering every block kind
// (tiny: Mamba, attention, latent MoE; tiny-dense: Mamba, attention, dense MLP), in f32 and a q4_k_m mix:
// prefill == token-by-token decode (logits and state), chunk sizes agree, snapshot/restore is exact,
// seeded sampling is deterministic, and the stop and overflow rules hold.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "runtime/fingerprint.h"
#include "runtime/session.h"
#include "support/check.h"
#include "support/compare.h"
#include "tiny_model.h"

using namespace hearth::runtime;
using hearth::model::QuantMix;

namespace {

std::vector<std::int32_t> random_tokens(std::uint32_t seed, std::size_t n, std::int32_t vocab) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::int32_t> d(0, vocab - 1);
  std::vector<std::int32_t> t(n);
  for (auto& x : t) x = d(rng);
  return t;
}

using hearth_test::max_relative_error;


std::unique_ptr<Session> make_session(const std::shared_ptr<CpuModel>& model, SessionOptions o) {
  auto s = Session::create(model, o);
  if (!s) throw std::runtime_error(s.status().to_string());
  return std::move(*s);
}

struct Variant {
  const char* preset;
  QuantMix quant;
};
constexpr Variant kVariants[] = {{"tiny", QuantMix::F32}, {"tiny", QuantMix::Q4_K_M}, {"tiny-dense", QuantMix::F32},
                                 {"tiny-dense", QuantMix::Q8_0}};

}  // namespace

TEST_CASE(prefill_equals_single_steps) {
  const std::size_t N = 70;  // > 64 positions, several prefill and SSD chunks
  for (const Variant& v : kVariants) {
    auto model = hearth_test::tiny_model(v.preset, v.quant);
    const std::int64_t V = model->config->n_vocab;
    const auto prompt = random_tokens(11, N, static_cast<std::int32_t>(V));
    SessionOptions o;
    o.n_ctx = 128;
    o.kv_type = hearth::cpu::KvType::F32;
    o.prefill_chunk = 32;  // chunks of 32, 32, 6
    o.ssd_chunk = 16;      // and SSD chunk boundaries inside them
    auto batch = make_session(model, o);
    std::vector<float> all;
    REQUIRE(batch->prefill(prompt, {}, &all).is_ok());
    REQUIRE(all.size() == N * static_cast<std::size_t>(V));

    auto steps = make_session(model, o);
    std::vector<float> stepped;
    for (std::int32_t t : prompt) {
      REQUIRE(steps->decode(t).is_ok());
      stepped.insert(stepped.end(), steps->logits().begin(), steps->logits().end());
    }
    const double err = max_relative_error(all, stepped);
    std::fprintf(stderr, "  %s/%s: prefill vs steps %.2e, last logits fingerprint %016llx\n", v.preset,
                 std::string(hearth::model::quant_mix_name(v.quant)).c_str(), err,
                 static_cast<unsigned long long>(hearth::runtime::fingerprint(batch->logits())));
    CHECK(err < 1e-5);
    const StateSnapshot a = batch->snapshot(), b = steps->snapshot();
    CHECK(max_relative_error(a.ssm, b.ssm) < 1e-5);
    CHECK(max_relative_error(a.conv, b.conv) < 1e-5);
    CHECK_EQ(a.kv.size(), b.kv.size());
    // Logits vary across positions and tokens: the model is not degenerate.
    CHECK(max_relative_error(std::span<const float>(all).subspan(0, static_cast<std::size_t>(V)),
                     std::span<const float>(all).subspan(static_cast<std::size_t>(V), static_cast<std::size_t>(V))) > 1e-3);
  }
}

TEST_CASE(chunk_sizes_agree) {
  auto model = hearth_test::tiny_model("tiny", QuantMix::Q4_K_M);
  const auto prompt = random_tokens(12, 67, static_cast<std::int32_t>(model->config->n_vocab));
  std::vector<std::vector<float>> results;
  const std::int64_t chunks[][2] = {{67, 64}, {7, 3}, {20, 0}, {1, 1}, {64, 128}};
  for (const auto& c : chunks) {
    SessionOptions o;
    o.n_ctx = 80;
    o.prefill_chunk = c[0];
    o.ssd_chunk = c[1];
    auto s = make_session(model, o);
    std::vector<float> all;
    REQUIRE(s->prefill(prompt, {}, &all).is_ok());
    results.push_back(all);
  }
  for (std::size_t i = 1; i < results.size(); ++i) CHECK(max_relative_error(results[i], results[0]) < 1e-5);
}

TEST_CASE(snapshot_restore_continue_is_bit_identical) {
  auto model = hearth_test::tiny_model("tiny", QuantMix::Q4_K_M);
  const auto prompt = random_tokens(13, 20, static_cast<std::int32_t>(model->config->n_vocab));
  SamplerParams sp;
  sp.seed = 42;
  GenerateOptions g;
  g.max_tokens = 12;

  auto straight = make_session(model, {});
  REQUIRE(straight->prefill(prompt).is_ok());
  Sampler s1(sp);
  auto first = straight->generate(s1, g);
  REQUIRE(first.is_ok());
  const std::vector<float> final_logits(straight->logits().begin(), straight->logits().end());

  auto branched = make_session(model, {});
  REQUIRE(branched->prefill(prompt).is_ok());
  const StateSnapshot snap = branched->snapshot();
  Sampler s2(sp);
  const std::uint64_t rng = s2.rng_state();
  GenerateOptions detour = g;
  detour.max_tokens = 5;
  SamplerParams other = sp;
  other.seed = 7;
  Sampler s3(other);
  REQUIRE(branched->generate(s3, detour).is_ok());  // wander off, then come back
  REQUIRE(branched->restore(snap).is_ok());
  s2.set_rng_state(rng);
  auto second = branched->generate(s2, g);
  REQUIRE(second.is_ok());
  CHECK(first->tokens == second->tokens);
  CHECK(straight->tokens() == branched->tokens());
  const std::vector<float> again(branched->logits().begin(), branched->logits().end());
  CHECK(again == final_logits);  // bit for bit
  const StateSnapshot x = straight->snapshot(), y = branched->snapshot();
  CHECK(x.ssm == y.ssm);
  CHECK(x.conv == y.conv);
  CHECK(x.kv == y.kv);
}

TEST_CASE(seeded_sampling_is_deterministic) {
  auto model = hearth_test::tiny_model("tiny-dense", QuantMix::F32);
  const auto prompt = random_tokens(14, 10, static_cast<std::int32_t>(model->config->n_vocab));
  std::vector<std::vector<std::int32_t>> runs;
  for (std::uint64_t seed : {5u, 5u, 6u}) {
    auto s = make_session(model, {});
    REQUIRE(s->prefill(prompt).is_ok());
    SamplerParams sp;
    sp.seed = seed;
    Sampler sampler(sp);
    GenerateOptions g;
    g.max_tokens = 16;
    auto r = s->generate(sampler, g);
    REQUIRE(r.is_ok());
    CHECK(r->reason == StopReason::MaxTokens);
    CHECK_EQ(r->tokens.size(), static_cast<std::size_t>(16));
    runs.push_back(r->tokens);
  }
  CHECK(runs[0] == runs[1]);
  CHECK(runs[0] != runs[2]);
}

TEST_CASE(stop_rules) {
  auto model = hearth_test::tiny_model("tiny", QuantMix::F32);
  const auto prompt = random_tokens(15, 8, static_cast<std::int32_t>(model->config->n_vocab));
  SamplerParams greedy;
  greedy.greedy = true;
  auto piece = [](std::int32_t t) { return "<" + std::to_string(t) + ">"; };

  // The greedy continuation, for reference.
  auto s = make_session(model, {});
  REQUIRE(s->prefill(prompt).is_ok());
  const StateSnapshot start = s->snapshot();
  Sampler g0(greedy);
  GenerateOptions plain;
  plain.max_tokens = 6;
  plain.piece = piece;
  auto ref = s->generate(g0, plain);
  REQUIRE(ref.is_ok());
  REQUIRE(ref->tokens.size() == 6);
  CHECK(ref->reason == StopReason::MaxTokens);
  CHECK_EQ(s->n_past(), static_cast<std::int64_t>(8 + 6));

  // End of generation: the third greedy token is declared EOG; it is returned but not fed.
  REQUIRE(s->restore(start).is_ok());
  GenerateOptions eog = plain;
  eog.eog_tokens = {ref->tokens[2]};
  Sampler g1(greedy);
  auto r1 = s->generate(g1, eog);
  REQUIRE(r1.is_ok());
  CHECK(r1->reason == StopReason::EndOfGeneration);
  CHECK(r1->tokens == std::vector<std::int32_t>(ref->tokens.begin(), ref->tokens.begin() + 3));
  CHECK_EQ(s->n_past(), static_cast<std::int64_t>(8 + 2));

  // Stop string spanning two pieces: the end of token 1's text and the start of token 2's.
  REQUIRE(s->restore(start).is_ok());
  GenerateOptions stop = plain;
  const std::string t1 = piece(ref->tokens[1]), t2 = piece(ref->tokens[2]);
  stop.stop_strings = {t1.substr(t1.size() - 2) + t2.substr(0, 2)};
  Sampler g2(greedy);
  auto r2 = s->generate(g2, stop);
  REQUIRE(r2.is_ok());
  CHECK(r2->reason == StopReason::StopString);
  CHECK_EQ(r2->text, piece(ref->tokens[0]) + t1.substr(0, t1.size() - 2));

  // The callback stops after two tokens.
  REQUIRE(s->restore(start).is_ok());
  Sampler g3(greedy);
  int seen = 0;
  auto r3 = s->generate(g3, plain, [&](std::int32_t, std::string_view) { return ++seen < 2; });
  REQUIRE(r3.is_ok());
  CHECK(r3->reason == StopReason::Callback);
  CHECK_EQ(r3->tokens.size(), static_cast<std::size_t>(2));
}

TEST_CASE(context_limits_are_errors_not_truncation) {
  auto model = hearth_test::tiny_model("tiny", QuantMix::F32);
  SessionOptions o;
  o.n_ctx = 16;
  auto s = make_session(model, o);
  const auto prompt = random_tokens(16, 20, static_cast<std::int32_t>(model->config->n_vocab));
  const hearth::Status over = s->prefill(prompt);
  CHECK(over.code() == hearth::ErrorCode::ContextOverflow);
  CHECK(over.message().find("4 tokens too many") != std::string::npos);
  CHECK_EQ(s->n_past(), static_cast<std::int64_t>(0));  // nothing was fed

  REQUIRE(s->prefill(std::span<const std::int32_t>(prompt).first(12)).is_ok());
  SamplerParams sp;
  Sampler sampler(sp);
  GenerateOptions g;
  g.max_tokens = 100;
  auto r = s->generate(sampler, g);
  REQUIRE(r.is_ok());
  CHECK(r->reason == StopReason::ContextFull);
  CHECK_EQ(s->n_past(), static_cast<std::int64_t>(16));
  CHECK(!r->message.empty());
  CHECK(s->prefill(std::span<const std::int32_t>(prompt).first(1)).code() == hearth::ErrorCode::ContextOverflow);
  CHECK(s->prefill(std::vector<std::int32_t>{-1}).code() == hearth::ErrorCode::ContextOverflow);
}

TEST_CASE(progress_cancel_and_bad_tokens) {
  auto model = hearth_test::tiny_model("tiny", QuantMix::F32);
  SessionOptions o;
  o.prefill_chunk = 4;
  auto s = make_session(model, o);
  const auto prompt = random_tokens(17, 10, static_cast<std::int32_t>(model->config->n_vocab));
  std::vector<std::pair<std::int64_t, std::int64_t>> calls;
  REQUIRE(s->prefill(prompt, [&](std::int64_t done, std::int64_t total) {
    calls.emplace_back(done, total);
    return true;
  }).is_ok());
  CHECK(calls == (std::vector<std::pair<std::int64_t, std::int64_t>>{{4, 10}, {8, 10}, {10, 10}}));
  auto c = make_session(model, o);
  const hearth::Status cancelled = c->prefill(prompt, [](std::int64_t done, std::int64_t) { return done < 4; });
  CHECK(cancelled.code() == hearth::ErrorCode::Cancelled);
  CHECK_EQ(c->n_past(), static_cast<std::int64_t>(4));
  CHECK(c->prefill(std::vector<std::int32_t>{static_cast<std::int32_t>(model->config->n_vocab)}).code() ==
        hearth::ErrorCode::InvalidArgument);
}

TEST_CASE(memory_does_not_grow_with_decoding) {
  auto model = hearth_test::tiny_model("tiny", QuantMix::F32);
  SessionOptions o;
  o.n_ctx = 256;
  auto s = make_session(model, o);
  REQUIRE(s->prefill(random_tokens(18, 4, 100)).is_ok());
  REQUIRE(s->decode(1).is_ok());
  const std::uint64_t early = s->stats().memory_bytes;
  for (int i = 0; i < 100; ++i) REQUIRE(s->decode(i % 50).is_ok());
  const SessionStats st = s->stats();
  CHECK_EQ(st.memory_bytes, early);  // state and KV are preallocated; decode workspace is fixed
  CHECK_EQ(st.tokens_in_context, static_cast<std::int64_t>(105));
  CHECK_EQ(st.decode_tokens, static_cast<std::int64_t>(101));
  CHECK(st.decode_tokens_per_second() > 0.0);
  std::fprintf(stderr, "  tiny f32 on 2 threads: prefill %.0f tok/s, decode %.0f tok/s, memory %.2f MiB\n",
               st.prefill_tokens_per_second(), st.decode_tokens_per_second(), st.memory_bytes / 1048576.0);
}
