// Strict binding and hparams errors, on files built with the Writer from the tiny config with one thing
// wrong: each error must name the tensor or key with the expected and the actual value.
#include <algorithm>
#include <functional>
#include <string>

#include "gguf/gguf_writer.h"
#include "model/hparams_gguf.h"
#include "model/loader.h"
#include "model/presets.h"
#include "support/check.h"
#include "gguf/temp_dir.h"  // shared with the gguf tests

using namespace hearth;
using namespace hearth::model;
using T = gguf::TensorType;

namespace {

struct Entry {
  std::string name;
  std::vector<std::int64_t> ne;
  T type;
};

using Edit = std::function<void(std::vector<Entry>&)>;

// Writes the tiny model (sparse) after `edit` changed its tensor list, and loads it.
Status load_edited(const hearth_test::TempDir& dir, const Edit& edit, const std::string& preset = "tiny") {
  Result<ModelConfig> c = preset_config(preset);
  if (!c) return c.status();
  std::vector<Entry> entries;
  for (const ExpectedTensor& e : expected_tensors(*c)) entries.push_back({e.name, e.ne, T::F32});
  if (edit) edit(entries);
  gguf::Writer w;
  write_config(w, *c);
  for (const Entry& e : entries) w.add_tensor(e.name, e.ne, e.type, {});
  const std::string path = dir.file("edited.gguf");
  HEARTH_TRY(w.write(path));
  Result<LoadedModel> m = load_model(path);
  return m.is_ok() ? Status::ok() : m.status();
}

Entry* find(std::vector<Entry>& entries, const std::string& name) {
  for (Entry& e : entries)
    if (e.name == name) return &e;
  return nullptr;
}

bool contains(const std::string& s, const std::string& part) {
  const bool found = s.find(part) != std::string::npos;
  if (!found) std::fprintf(stderr, "    '%s' does not contain '%s'\n", s.c_str(), part.c_str());
  return found;
}

}  // namespace

TEST_CASE(unedited_tiny_binds) {
  hearth_test::TempDir dir;
  const Status s = load_edited(dir, {});
  if (!s.is_ok()) std::fprintf(stderr, "    %s\n", s.to_string().c_str());
  CHECK(s.is_ok());
}

TEST_CASE(missing_tensor_is_named_with_its_expected_shape) {
  hearth_test::TempDir dir;
  const Status s = load_edited(dir, [](std::vector<Entry>& e) {
    e.erase(std::remove_if(e.begin(), e.end(), [](const Entry& x) { return x.name == "blk.3.attn_k.weight"; }), e.end());
  });
  CHECK(s.code() == ErrorCode::MissingTensor);
  CHECK(contains(s.message(), "missing tensor blk.3.attn_k.weight: expected shape {256, 128}"));
  CHECK(contains(s.message(), "actual: not in the file"));
}

TEST_CASE(wrong_shape_names_both_shapes) {
  hearth_test::TempDir dir;
  const Status s = load_edited(dir, [](std::vector<Entry>& e) { find(e, "blk.0.ssm_in.weight")->ne = {256, 1030}; });
  CHECK(s.code() == ErrorCode::ShapeMismatch);
  CHECK(contains(s.message(), "tensor blk.0.ssm_in.weight has shape {256, 1030}; expected {256, 1032}"));
}

TEST_CASE(wrong_type_names_the_type_and_what_is_allowed) {
  hearth_test::TempDir dir;
  Status s = load_edited(dir, [](std::vector<Entry>& e) { find(e, "blk.0.attn_norm.weight")->type = T::F16; });
  CHECK(s.code() == ErrorCode::UnsupportedType);
  CHECK(contains(s.message(), "tensor blk.0.attn_norm.weight has type f16; expected f32"));
  s = load_edited(dir, [](std::vector<Entry>& e) { find(e, "blk.1.ffn_up_shexp.weight")->type = T::IQ2_XXS; });
  CHECK(s.code() == ErrorCode::UnsupportedType);
  CHECK(contains(s.message(), "tensor blk.1.ffn_up_shexp.weight has type iq2_xxs; expected a type Hearth can dequantise"));
}

TEST_CASE(leftover_tensor_is_named) {
  hearth_test::TempDir dir;
  const Status s = load_edited(dir, [](std::vector<Entry>& e) { e.push_back({"blk.2.ffn_up.weight", {256, 512}, T::F32}); });
  CHECK(s.code() == ErrorCode::MalformedFile);
  CHECK(contains(s.message(), "unexpected tensor blk.2.ffn_up.weight (shape {256, 512}, type f32); expected none"));
}

TEST_CASE(unsupported_architecture_is_named) {
  hearth_test::TempDir dir;
  gguf::Writer w;
  w.set_string("general.architecture", "llama");
  w.set_u32("llama.block_count", 2);
  w.set_u32("llama.embedding_length", 64);
  w.add_tensor("token_embd.weight", {64, 32}, T::F32, {});
  REQUIRE(w.write(dir.file("llama.gguf")).is_ok());
  Result<LoadedModel> m = load_model(dir.file("llama.gguf"));
  REQUIRE(!m.is_ok());
  CHECK(m.status().code() == ErrorCode::UnsupportedArchitecture);
  CHECK(contains(m.status().message(), "architecture 'llama' is not supported; expected nemotron_h or nemotron_h_moe"));
}

TEST_CASE(missing_and_mistyped_keys_are_named) {
  hearth_test::TempDir dir;
  Result<ModelConfig> c = preset_config("tiny");
  REQUIRE(c.is_ok());
  {
    gguf::Writer w;
    w.set_string("general.architecture", "nemotron_h_moe");
    w.set_u32("nemotron_h_moe.block_count", 8);
    REQUIRE(w.write(dir.file("keys.gguf")).is_ok());
    Result<std::unique_ptr<gguf::File>> f = gguf::File::open(dir.file("keys.gguf"));
    REQUIRE(f.is_ok());
    Result<ModelConfig> r = read_config(**f);
    REQUIRE(!r.is_ok());
    CHECK(contains(r.status().message(), "missing metadata nemotron_h_moe.embedding_length: expected it for nemotron_h_moe, actual: absent"));
  }
  {
    // A latent size that disagrees with the latent projections' width.
    ModelConfig wrong = *c;
    wrong.moe.latent_size = 128;
    gguf::Writer w;
    write_config(w, wrong);
    for (const ExpectedTensor& e : expected_tensors(*c)) w.add_tensor(e.name, e.ne, T::F32, {});
    REQUIRE(w.write(dir.file("latent.gguf")).is_ok());
    Result<std::unique_ptr<gguf::File>> f = gguf::File::open(dir.file("latent.gguf"));
    REQUIRE(f.is_ok());
    Result<ModelConfig> r = read_config(**f);
    REQUIRE(!r.is_ok());
    CHECK(contains(r.status().message(), "nemotron_h_moe.moe_latent_size is 128 but the latent projections are 64 wide"));
  }
}

TEST_CASE(kind_arrays_that_disagree_with_the_tensors_fail_binding) {
  // A dense tiny file whose arrays claim 8 layers but whose tensors stop at 7: layer 7 is missing.
  hearth_test::TempDir dir;
  const Status s = load_edited(dir, [](std::vector<Entry>& e) {
    e.erase(std::remove_if(e.begin(), e.end(), [](const Entry& x) { return x.name.rfind("blk.6.", 0) == 0; }), e.end());
  }, "tiny-dense");
  CHECK(s.code() == ErrorCode::MissingTensor);
  CHECK(contains(s.message(), "missing tensor blk.6.attn_norm.weight"));
}
