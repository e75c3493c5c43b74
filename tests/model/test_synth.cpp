// The synthesiser: tiny models are small and fast to write, seeded (same seed, same bytes), carry the
// tokenizer and chat template, use the q4_k_m mix, and are well scaled: a plain f32 reference forward of
// one token through every block kind keeps every layer's output and the residual stream finite and
// non-trivial, and the logits spread.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>

#include "gguf/gguf_file.h"
#include "model/loader.h"
#include "model/presets.h"
#include "model/synth.h"
#include "model/synth_vocab.h"
#include "support/check.h"
#include "gguf/temp_dir.h"  // shared with the gguf tests

using namespace hearth;
using namespace hearth::model;

namespace {

std::vector<float> dequantize(const gguf::TensorInfo* t) {
  std::vector<float> out(static_cast<std::size_t>(t->n_elements()));
  const std::int64_t row = t->ne[0];
  const std::uint64_t row_size = gguf::row_bytes(t->type, row);
  for (std::int64_t r = 0; r < t->n_elements() / row; ++r)
    (void)gguf::dequantize_row(t->type, t->data + static_cast<std::uint64_t>(r) * row_size, out.data() + r * row, row);
  return out;
}

// out[r] = Σ_i W[matrix, r, i] · x[i] for W of ne {in, out, matrices}.
std::vector<float> matvec(const std::vector<float>& w, std::int64_t in, std::int64_t out, const std::vector<float>& x,
                          std::int64_t matrix = 0) {
  std::vector<float> y(static_cast<std::size_t>(out));
  for (std::int64_t r = 0; r < out; ++r) {
    const float* row = w.data() + (matrix * out + r) * in;
    double acc = 0;
    for (std::int64_t i = 0; i < in; ++i) acc += static_cast<double>(row[i]) * x[static_cast<std::size_t>(i)];
    y[static_cast<std::size_t>(r)] = static_cast<float>(acc);
  }
  return y;
}

double rms(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += static_cast<double>(x) * x;
  return std::sqrt(s / static_cast<double>(v.size()));
}

std::vector<float> rms_norm(const std::vector<float>& x, const std::vector<float>& w, float eps) {
  double s = 0;
  for (float v : x) s += static_cast<double>(v) * v;
  const double inv = 1.0 / std::sqrt(s / static_cast<double>(x.size()) + eps);
  std::vector<float> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = static_cast<float>(x[i] * inv) * w[i];
  return y;
}

float silu(float v) { return v / (1.0f + std::exp(-v)); }
float relu2(float v) { return v > 0 ? v * v : 0.0f; }

std::vector<float> mamba(const ModelConfig& c, const MambaWeights& w, const std::vector<float>& u) {
  const SsmConfig& s = c.ssm;
  const std::vector<float> zxbcdt = matvec(dequantize(w.ssm_in), c.n_embd, s.in_proj_dim(), u);
  const std::vector<float> conv = dequantize(w.conv1d), conv_b = dequantize(w.conv1d_bias);
  std::vector<float> xbc(static_cast<std::size_t>(s.conv_dim()));
  for (std::int64_t ch = 0; ch < s.conv_dim(); ++ch)  // zero conv state: only the current tap (k = K−1)
    xbc[static_cast<std::size_t>(ch)] = silu(conv[static_cast<std::size_t>(ch * s.d_conv + s.d_conv - 1)] *
                                                  zxbcdt[static_cast<std::size_t>(s.d_inner + ch)] +
                                              conv_b[static_cast<std::size_t>(ch)]);
  const std::vector<float> dt_bias = dequantize(w.dt_bias), a = dequantize(w.a), d = dequantize(w.d);
  std::vector<float> y(static_cast<std::size_t>(s.d_inner));
  const std::int64_t P = s.head_dim(), N = s.d_state, heads_per_group = s.n_head / s.n_group;
  for (std::int64_t h = 0; h < s.n_head; ++h) {
    const float raw = zxbcdt[static_cast<std::size_t>(2 * s.d_inner + 2 * s.n_group * N + h)] + dt_bias[static_cast<std::size_t>(h)];
    const float dt = raw > 20.0f ? raw : std::log1p(std::exp(raw));
    (void)a;  // A only decays the previous state, which is zero for the first token
    const std::int64_t g = h / heads_per_group;
    const float* B = &xbc[static_cast<std::size_t>(s.d_inner + g * N)];
    const float* C = &xbc[static_cast<std::size_t>(s.d_inner + s.n_group * N + g * N)];
    double cb = 0;
    for (std::int64_t n = 0; n < N; ++n) cb += static_cast<double>(B[n]) * C[n];
    for (std::int64_t p = 0; p < P; ++p) {
      const float x = xbc[static_cast<std::size_t>(h * P + p)];
      y[static_cast<std::size_t>(h * P + p)] = static_cast<float>(dt * x * cb) + d[static_cast<std::size_t>(h)] * x;
    }
  }
  const std::vector<float> norm = dequantize(w.norm);
  const std::int64_t group = s.group_size();
  for (std::int64_t i = 0; i < s.d_inner; ++i) y[static_cast<std::size_t>(i)] *= silu(zxbcdt[static_cast<std::size_t>(i)]);
  for (std::int64_t g = 0; g < s.n_group; ++g) {
    double ss = 0;
    for (std::int64_t i = 0; i < group; ++i) ss += static_cast<double>(y[static_cast<std::size_t>(g * group + i)]) * y[static_cast<std::size_t>(g * group + i)];
    const double inv = 1.0 / std::sqrt(ss / static_cast<double>(group) + c.rms_eps);
    for (std::int64_t i = 0; i < group; ++i)
      y[static_cast<std::size_t>(g * group + i)] = static_cast<float>(y[static_cast<std::size_t>(g * group + i)] * inv) * norm[static_cast<std::size_t>(g * group + i)];
  }
  return matvec(dequantize(w.out), s.d_inner, c.n_embd, y);
}

// One token at position 0: softmax over a single key, so each head returns its KV head's value.
std::vector<float> attention(const ModelConfig& c, const AttentionWeights& w, const std::vector<float>& u) {
  const std::vector<float> v = matvec(dequantize(w.v), c.n_embd, c.attn.kv_dim(), u);
  std::vector<float> heads(static_cast<std::size_t>(c.attn.q_dim()));
  const std::int64_t group = c.attn.n_head / c.attn.n_head_kv, hd = c.attn.head_dim;
  for (std::int64_t h = 0; h < c.attn.n_head; ++h)
    for (std::int64_t i = 0; i < hd; ++i)
      heads[static_cast<std::size_t>(h * hd + i)] = v[static_cast<std::size_t>((h / group) * hd + i)];
  return matvec(dequantize(w.o), c.attn.q_dim(), c.n_embd, heads);
}

std::vector<float> moe(const ModelConfig& c, const MoeWeights& w, const std::vector<float>& h) {
  const MoeConfig& m = c.moe;
  const std::vector<float> logits = matvec(dequantize(w.gate_inp), c.n_embd, m.n_expert, h);
  const std::vector<float> bias = dequantize(w.exp_probs_b);
  std::vector<float> p(logits.size()), score(logits.size());
  for (std::size_t e = 0; e < p.size(); ++e) {
    p[e] = 1.0f / (1.0f + std::exp(-logits[e]));
    score[e] = p[e] + bias[e];
  }
  std::vector<int> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::partial_sort(order.begin(), order.begin() + m.n_expert_used, order.end(),
                    [&](int a, int b) { return score[static_cast<std::size_t>(a)] > score[static_cast<std::size_t>(b)]; });
  double sum = 0;
  for (std::int64_t k = 0; k < m.n_expert_used; ++k) sum += p[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])];
  const std::int64_t L = c.moe_dim();
  const std::vector<float> latent = w.latent_down ? matvec(dequantize(w.latent_down), c.n_embd, L, h) : h;
  const std::vector<float> up = dequantize(w.up_exps), down = dequantize(w.down_exps);
  std::vector<float> mix(static_cast<std::size_t>(L), 0.0f);
  for (std::int64_t k = 0; k < m.n_expert_used; ++k) {
    const int e = order[static_cast<std::size_t>(k)];
    const float weight = static_cast<float>(p[static_cast<std::size_t>(e)] / std::max(sum, 6.1035e-5)) * m.weights_scale;
    std::vector<float> a = matvec(up, L, m.n_ff_exp, latent, e);
    for (float& v : a) v = relu2(v);
    const std::vector<float> d = matvec(down, m.n_ff_exp, L, a, e);
    for (std::int64_t i = 0; i < L; ++i) mix[static_cast<std::size_t>(i)] += weight * d[static_cast<std::size_t>(i)];
  }
  std::vector<float> out = w.latent_up ? matvec(dequantize(w.latent_up), L, c.n_embd, mix) : mix;
  std::vector<float> s = matvec(dequantize(w.up_shexp), c.n_embd, m.n_ff_shexp, h);
  for (float& v : s) v = relu2(v);
  const std::vector<float> shared = matvec(dequantize(w.down_shexp), m.n_ff_shexp, c.n_embd, s);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] += shared[i];
  return out;
}

std::vector<float> mlp(const ModelConfig& c, const MlpWeights& w, const std::vector<float>& h) {
  std::vector<float> a = matvec(dequantize(w.up), c.n_embd, c.n_ff, h);
  for (float& v : a) v = relu2(v);
  return matvec(dequantize(w.down), c.n_ff, c.n_embd, a);
}

bool all_finite(const std::vector<float>& v) {
  return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
}

// Runs token `token` through the model and checks every block's contribution and the logits.
void check_forward(hearth_test::Context& hearth_ctx, const LoadedModel& m, int token) {
  const ModelConfig& c = m.config;
  const ModelWeights& w = m.weights;
  const std::vector<float> embd = dequantize(w.token_embd);
  std::vector<float> x(embd.begin() + token * c.n_embd, embd.begin() + (token + 1) * c.n_embd);
  for (std::size_t il = 0; il < w.layers.size(); ++il) {
    const LayerWeights& l = w.layers[il];
    const std::vector<float> u = rms_norm(x, dequantize(l.attn_norm), c.rms_eps);
    std::vector<float> out;
    switch (l.kind) {
      case LayerKind::Mamba: out = mamba(c, l.mamba, u); break;
      case LayerKind::Attention: out = attention(c, l.attn, u); break;
      case LayerKind::MoE: out = moe(c, l.moe, u); break;
      case LayerKind::MLP: out = mlp(c, l.mlp, u); break;
    }
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += out[i];
    std::fprintf(stderr, "    layer %zu %c: block rms %.4f, residual rms %.4f\n", il, layer_kind_char(l.kind), rms(out), rms(x));
    CHECK(all_finite(out));
    CHECK(rms(out) > 1e-2 && rms(out) < 10.0);  // every block contributes, none explodes
    CHECK(rms(x) > 0.3 && rms(x) < 10.0);
  }
  const std::vector<float> h = rms_norm(x, dequantize(w.output_norm), c.rms_eps);
  const std::vector<float> logits = matvec(dequantize(w.output), c.n_embd, c.n_vocab, h);
  CHECK(all_finite(logits));
  std::fprintf(stderr, "    logits rms %.4f\n", rms(logits));
  CHECK(rms(logits) > 0.3 && rms(logits) < 10.0);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string s(static_cast<std::size_t>(std::filesystem::file_size(path)), '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  return s;
}

}  // namespace

TEST_CASE(tiny_is_small_and_fast_to_write) {
  hearth_test::TempDir dir;
  SynthOptions o;
  o.preset = "tiny";
  o.mtp = true;
  const auto start = std::chrono::steady_clock::now();
  const Status s = synthesize(o, dir.file("tiny.gguf"));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(s.is_ok());
  const auto size = std::filesystem::file_size(dir.file("tiny.gguf"));
  std::fprintf(stderr, "    tiny f32 + MTP: %.2f MB in %.3f s\n", static_cast<double>(size) / 1e6, seconds);
  CHECK(size > 1'000'000 && size < 20'000'000);
  CHECK(seconds < 1.0);
}

TEST_CASE(same_seed_same_bytes_other_seed_other_bytes) {
  hearth_test::TempDir dir;
  SynthOptions o;
  o.preset = "tiny-dense";
  o.quant = QuantMix::Q8_0;
  REQUIRE(synthesize(o, dir.file("a.gguf")).is_ok());
  REQUIRE(synthesize(o, dir.file("b.gguf")).is_ok());
  o.seed = 2;
  REQUIRE(synthesize(o, dir.file("c.gguf")).is_ok());
  const std::string a = read_all(dir.file("a.gguf")), b = read_all(dir.file("b.gguf")), c = read_all(dir.file("c.gguf"));
  CHECK(!a.empty());
  CHECK(a == b);
  CHECK_EQ(a.size(), c.size());
  CHECK(a != c);
}

TEST_CASE(tiny_carries_tokenizer_and_chat_template) {
  hearth_test::TempDir dir;
  REQUIRE(synthesize(SynthOptions{}, dir.file("tiny.gguf")).is_ok());
  Result<std::unique_ptr<gguf::File>> f = gguf::File::open(dir.file("tiny.gguf"));
  REQUIRE(f.is_ok());
  const gguf::File& file = **f;
  std::string s;
  CHECK(file.get_string("tokenizer.ggml.model", s) && s == "gpt2");
  CHECK(file.get_string("tokenizer.ggml.pre", s) && s == "pixtral");
  CHECK(file.get_string("tokenizer.chat_template", s) && s == synth_chat_template());
  const gguf::Value* tokens = file.find("tokenizer.ggml.tokens");
  REQUIRE(tokens != nullptr && tokens->as_array() != nullptr);
  CHECK_EQ(static_cast<std::int64_t>(tokens->as_array()->size()), kTinyVocab);
  CHECK_EQ(*(*tokens->as_array())[11].as_string(), std::string("<|im_end|>"));
  std::uint64_t id = 0;
  CHECK(file.get_u64("tokenizer.ggml.bos_token_id", id) && id == 1);
  CHECK(file.get_u64("tokenizer.ggml.eos_token_id", id) && id == 11);
  bool add_bos = false;
  CHECK(file.get_bool("tokenizer.ggml.add_bos_token", add_bos) && add_bos);
  const gguf::Value* merges = file.find("tokenizer.ggml.merges");
  REQUIRE(merges != nullptr && merges->as_array() != nullptr);
  CHECK(merges->as_array()->size() >= 300);
}

TEST_CASE(values_follow_the_documented_scales) {
  hearth_test::TempDir dir;
  REQUIRE(synthesize(SynthOptions{}, dir.file("tiny.gguf")).is_ok());
  Result<LoadedModel> m = load_model(dir.file("tiny.gguf"));
  REQUIRE(m.is_ok());
  const LayerWeights& l0 = m->weights.layers[0];
  REQUIRE(l0.kind == LayerKind::Mamba);
  for (float a : dequantize(l0.mamba.a)) CHECK(a <= -0.5f && a >= -4.0f);
  const std::vector<float> norm = dequantize(l0.attn_norm);
  CHECK_NEAR(std::accumulate(norm.begin(), norm.end(), 0.0) / static_cast<double>(norm.size()), 1.0, 0.02);
  const std::vector<float> in = dequantize(l0.mamba.ssm_in);
  CHECK_NEAR(rms(in), 1.0 / std::sqrt(static_cast<double>(m->config.n_embd)), 0.01);
  for (float b : dequantize(l0.mamba.dt_bias)) {
    const double dt = std::log1p(std::exp(static_cast<double>(b)));
    CHECK(dt > 0.9e-3 && dt < 0.11);
  }
}

TEST_CASE(activations_stay_finite_through_every_block_kind) {
  for (const char* preset : {"tiny", "tiny-dense"}) {
    for (QuantMix quant : {QuantMix::F32, QuantMix::Q4_K_M}) {
      hearth_test::TempDir dir;
      SynthOptions o;
      o.preset = preset;
      o.quant = quant;
      o.seed = 7;
      REQUIRE(synthesize(o, dir.file("m.gguf")).is_ok());
      Result<LoadedModel> m = load_model(dir.file("m.gguf"));
      REQUIRE(m.is_ok());
      std::fprintf(stderr, "  %s %s\n", preset, std::string(quant_mix_name(quant)).c_str());
      check_forward(hearth_ctx, *m, 300);
    }
  }
}

TEST_CASE(file_types_follow_the_mix) {
  hearth_test::TempDir dir;
  SynthOptions o;
  o.quant = QuantMix::Q4_K_M;
  o.mtp = true;
  REQUIRE(synthesize(o, dir.file("q.gguf")).is_ok());
  Result<std::unique_ptr<gguf::File>> f = gguf::File::open(dir.file("q.gguf"));
  REQUIRE(f.is_ok());
  const gguf::File& file = **f;
  std::uint64_t ft = 0;
  CHECK(file.get_u64("general.file_type", ft) && ft == 15);
  CHECK(file.find_tensor("output.weight")->type == gguf::TensorType::Q6_K);  // ne[0] = 256
  CHECK(file.find_tensor("blk.0.ssm_in.weight")->type == gguf::TensorType::Q4_K);
  // use_more_bits over 9 blocks (8 + MTP): block 1 no (q4_K → q5_0, 96 wide), block 7 yes (q6_K → q8_0).
  CHECK(file.find_tensor("blk.1.ffn_down_exps.weight")->type == gguf::TensorType::Q5_0);
  CHECK(file.find_tensor("blk.7.ffn_down_exps.weight")->type == gguf::TensorType::Q8_0);
  CHECK(file.find_tensor("blk.1.ffn_up_exps.weight")->type == gguf::TensorType::Q5_0);    // q4_K, 64 wide
  CHECK(file.find_tensor("blk.1.ffn_gate_inp.weight")->type == gguf::TensorType::F32);
  CHECK(file.find_tensor("blk.8.nextn.eh_proj.weight") != nullptr);
}
