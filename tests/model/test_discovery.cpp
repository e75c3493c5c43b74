// Discovery on generated fixture trees under a temporary HOME: an Ollama store whose manifest points at a
// synthesised blob, a Hugging Face cache with a symlinked snapshot, an LM Studio folder, llama.cpp's cache,
// a user folder with a non-Nemotron GGUF (arch llama, not runnable, with the reason) and a truncated file
// (malformed). Nothing is modified: file sizes and times are unchanged afterwards.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "gguf/gguf_writer.h"
#include "model/discovery.h"
#include "model/synth.h"
#include "support/check.h"
#include "gguf/temp_dir.h"  // shared with the gguf tests

using namespace hearth;
using namespace hearth::model;
namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

Status synth_tiny(const fs::path& p, QuantMix quant = QuantMix::Q8_0) {
  fs::create_directories(p.parent_path());
  SynthOptions o;
  o.preset = "tiny";
  o.quant = quant;
  return synthesize(o, p.string());
}

const DiscoveredModel* by_name(const std::vector<DiscoveredModel>& models, const std::string& name, bool report = true) {
  for (const DiscoveredModel& m : models)
    if (m.display_name == name) return &m;
  if (report) std::fprintf(stderr, "    no model named '%s'; found:\n", name.c_str());
  if (report)
    for (const DiscoveredModel& m : models) std::fprintf(stderr, "      '%s' %s\n", m.display_name.c_str(), m.path.c_str());
  return nullptr;
}

const char* no_env(const char*) { return nullptr; }

}  // namespace

TEST_CASE(finds_models_in_every_store_and_says_which_run) {
  hearth_test::TempDir home;
  const fs::path h = home.path();

  // Ollama: manifests/<registry>/<ns>/<model>/<tag> → blobs/sha256-<hex>.
  const std::string hex(64, 'a');
  const fs::path ollama = h / ".ollama" / "models";
  REQUIRE(synth_tiny(ollama / "blobs" / ("sha256-" + hex)).is_ok());
  const std::string manifest = R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
    "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:)" + std::string(64, 'c') + R"(","size":10},
    "layers":[{"mediaType":"application/vnd.ollama.image.template","digest":"sha256:)" + std::string(64, 'b') + R"(","size":5},
              {"mediaType":"application/vnd.ollama.image.model","digest":"sha256:)" + hex + R"(","size":1}]})";
  write_text(ollama / "manifests" / "registry.ollama.ai" / "library" / "nemotron-3-tiny" / "latest", manifest);
  write_text(ollama / "manifests" / "registry.ollama.ai" / "someone" / "custom" / "q8", manifest);
  // A manifest whose blob was deleted.
  std::string dangling = manifest;
  dangling.replace(dangling.rfind(hex), hex.size(), std::string(64, 'd'));
  write_text(ollama / "manifests" / "registry.ollama.ai" / "library" / "gone" / "latest", dangling);

  // Hugging Face: snapshots/<rev>/file.gguf is a symlink into blobs/.
  const fs::path repo = h / ".cache" / "huggingface" / "hub" / "models--unsloth--Nemotron-Tiny-GGUF";
  REQUIRE(synth_tiny(repo / "blobs" / "0123abcd", QuantMix::Q4_K_M).is_ok());
  fs::create_directories(repo / "snapshots" / "rev1");
  fs::create_symlink(fs::path("..") / ".." / "blobs" / "0123abcd", repo / "snapshots" / "rev1" / "tiny-Q4_K_M.gguf");

  // LM Studio and llama.cpp's cache.
  REQUIRE(synth_tiny(h / ".lmstudio" / "models" / "lmstudio-community" / "tiny" / "tiny-BF16.gguf", QuantMix::BF16).is_ok());
  REQUIRE(synth_tiny(h / ".cache" / "llama.cpp" / "org_tiny_tiny-f32.gguf", QuantMix::F32).is_ok());

  // A user folder: a llama GGUF and a truncated Nemotron file.
  const fs::path user = h / "my-models";
  {
    gguf::Writer w;
    w.set_string("general.architecture", "llama");
    w.set_u32("general.file_type", 7);
    w.add_tensor("token_embd.weight", {64, 32}, gguf::TensorType::Q8_0, {});
    fs::create_directories(user);
    const Status written = w.write((user / "llama-3-tiny.gguf").string());
    if (!written.is_ok()) std::fprintf(stderr, "    %s\n", written.to_string().c_str());
    REQUIRE(written.is_ok());
  }
  REQUIRE(synth_tiny(user / "sub" / "whole.gguf").is_ok());
  fs::copy_file(user / "sub" / "whole.gguf", user / "sub" / "truncated.gguf");
  fs::resize_file(user / "sub" / "truncated.gguf", fs::file_size(user / "sub" / "whole.gguf") / 2);
  write_text(user / "notes.txt", "not a model");

  std::map<std::string, std::uintmax_t> sizes_before;
  for (const auto& e : fs::recursive_directory_iterator(h))
    if (e.is_regular_file()) sizes_before[e.path().string()] = e.file_size();

  DiscoveryRoots roots = default_roots(h.string(), no_env, /*system_dirs=*/false);
  roots.user.push_back(user.string());
  const std::vector<DiscoveredModel> models = discover_models(roots);

  const DiscoveredModel* ol = by_name(models, "nemotron-3-tiny:latest");
  REQUIRE(ol != nullptr);
  CHECK(ol->source == ModelSource::Ollama);
  CHECK(ol->runnable);
  CHECK_EQ(ol->architecture, std::string("nemotron_h_moe"));
  CHECK_EQ(ol->quantization, std::string("Q8_0"));
  CHECK_EQ(ol->path, (ollama / "blobs" / ("sha256-" + hex)).string());
  CHECK(ol->params > 1'000'000);
  const DiscoveredModel* custom = by_name(models, "someone/custom:q8");
  REQUIRE(custom != nullptr);
  CHECK(custom->runnable);
  const DiscoveredModel* gone = by_name(models, "gone:latest");
  REQUIRE(gone != nullptr);
  CHECK(!gone->runnable);
  CHECK(gone->why_not.find("is missing") != std::string::npos);

  const DiscoveredModel* hf = by_name(models, "unsloth/Nemotron-Tiny-GGUF/tiny-Q4_K_M.gguf");
  REQUIRE(hf != nullptr);
  CHECK(hf->source == ModelSource::HuggingFace);
  CHECK(hf->runnable);
  CHECK_EQ(hf->quantization, std::string("Q4_K_M"));
  CHECK_EQ(hf->size_bytes, static_cast<std::uint64_t>(fs::file_size(repo / "blobs" / "0123abcd")));

  const DiscoveredModel* lms = by_name(models, "lmstudio-community/tiny/tiny-BF16.gguf");
  REQUIRE(lms != nullptr);
  CHECK(lms->source == ModelSource::LmStudio);
  CHECK(lms->runnable);
  CHECK_EQ(lms->quantization, std::string("BF16"));
  const DiscoveredModel* lc = by_name(models, "org_tiny_tiny-f32.gguf");
  REQUIRE(lc != nullptr);
  CHECK(lc->source == ModelSource::LlamaCpp);

  const DiscoveredModel* llama = by_name(models, "llama-3-tiny.gguf");
  REQUIRE(llama != nullptr);
  CHECK(!llama->runnable);
  CHECK(llama->problem == ErrorCode::UnsupportedArchitecture);
  CHECK_EQ(llama->architecture, std::string("llama"));
  CHECK(llama->why_not.find("architecture 'llama' is not supported") != std::string::npos);
  CHECK_EQ(llama->params, 64 * 32);

  const DiscoveredModel* truncated = by_name(models, "sub/truncated.gguf");
  REQUIRE(truncated != nullptr);
  CHECK(!truncated->runnable);
  CHECK(truncated->problem == ErrorCode::MalformedFile);
  CHECK(truncated->why_not.find("not a readable GGUF file") != std::string::npos);
  const DiscoveredModel* whole = by_name(models, "sub/whole.gguf");
  REQUIRE(whole != nullptr);
  CHECK(whole->runnable);
  CHECK(by_name(models, "notes.txt", false) == nullptr);
  CHECK_EQ(models.size(), 9u);

  for (const auto& [path, size] : sizes_before) CHECK_EQ(fs::file_size(path), size);
}

TEST_CASE(default_roots_follow_the_environment) {
  const auto env = [](const char* name) -> const char* {
    const std::string n = name;
    if (n == "HF_HOME") return "/data/hf";
    if (n == "LLAMA_CACHE") return "/data/llama";
    if (n == "OLLAMA_MODELS") return "/data/ollama";
    return nullptr;
  };
  const DiscoveryRoots r = default_roots("/home/u", env, true);
  CHECK_EQ(r.ollama.front(), std::string("/data/ollama"));
  CHECK(std::find(r.ollama.begin(), r.ollama.end(), "/home/u/.ollama/models") != r.ollama.end());
  CHECK(std::find(r.ollama.begin(), r.ollama.end(), "/usr/share/ollama/.ollama/models") != r.ollama.end());
  CHECK(std::find(r.huggingface.begin(), r.huggingface.end(), "/data/hf/hub") != r.huggingface.end());
  CHECK(std::find(r.huggingface.begin(), r.huggingface.end(), "/home/u/.cache/huggingface/hub") != r.huggingface.end());
  CHECK_EQ(r.llamacpp.front(), std::string("/data/llama"));
  CHECK(std::find(r.lmstudio.begin(), r.lmstudio.end(), "/home/u/.lmstudio/models") != r.lmstudio.end());
  CHECK(std::find(r.lmstudio.begin(), r.lmstudio.end(), "/home/u/.cache/lm-studio/models") != r.lmstudio.end());
}

TEST_CASE(missing_roots_are_skipped) {
  DiscoveryRoots roots;
  roots.ollama.push_back("/nonexistent/ollama");
  roots.user.push_back("/nonexistent/folder");
  CHECK(discover_models(roots).empty());
}
