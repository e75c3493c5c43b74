#include "model/discovery.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "gguf/gguf_file.h"
#include "model/hparams_gguf.h"
#include "model/model_stats.h"
#include "model/quant_mix.h"
#include "model/weights.h"

namespace hearth::model {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kOllamaModelMediaType = "application/vnd.ollama.image.model";
constexpr std::string_view kOllamaDefaultRegistry = "registry.ollama.ai";
constexpr int kMaxScanDepth = 8;  // user folders: deep enough for publisher/model/variant trees

struct SourceRow {
  ModelSource source;
  std::string_view name;
};
constexpr SourceRow kSources[] = {{ModelSource::Ollama, "ollama"},
                                  {ModelSource::HuggingFace, "huggingface"},
                                  {ModelSource::LlamaCpp, "llama.cpp"},
                                  {ModelSource::LmStudio, "lm-studio"},
                                  {ModelSource::UserFolder, "folder"}};

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

bool has_gguf_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".gguf";
}

// Every *.gguf below `root` (symlinks followed for files, not for folders), sorted for stable output.
std::vector<fs::path> find_gguf_files(const fs::path& root) {
  std::vector<fs::path> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (it.depth() > kMaxScanDepth) {
      it.disable_recursion_pending();
      continue;
    }
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    if (!name.empty() && name[0] == '.') {  // .cache, .git, partial downloads
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    std::error_code fec;
    if (has_gguf_extension(p) && fs::is_regular_file(p, fec)) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_text(const fs::path& p, std::size_t limit) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return {};
  std::string s(limit, '\0');
  in.read(s.data(), static_cast<std::streamsize>(limit));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

// The model blob digest of an Ollama manifest, or empty.
std::string ollama_model_digest(const fs::path& manifest) {
  const std::string text = read_text(manifest, 1 << 20);
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("layers") || !j["layers"].is_array()) return {};
  for (const nlohmann::json& layer : j["layers"]) {
    if (!layer.is_object()) continue;
    const auto media = layer.find("mediaType");
    const auto digest = layer.find("digest");
    if (media == layer.end() || digest == layer.end() || !media->is_string() || !digest->is_string()) continue;
    if (media->get<std::string>() == kOllamaModelMediaType) return digest->get<std::string>();
  }
  return {};
}

std::string ollama_display_name(const std::string& registry, const std::string& ns, const std::string& model,
                                const std::string& tag) {
  std::string name = model + ":" + tag;
  if (ns != "library" || registry != kOllamaDefaultRegistry) name = ns + "/" + name;
  if (registry != kOllamaDefaultRegistry) name = registry + "/" + name;
  return name;
}

// The folders (or regular files) directly in `p`, sorted.
std::vector<fs::path> entries(const fs::path& p, bool folders) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code tec;
    if (folders ? it->is_directory(tec) : it->is_regular_file(tec)) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<fs::path> subdirs(const fs::path& p) { return entries(p, true); }
std::vector<fs::path> files_in(const fs::path& p) { return entries(p, false); }

class Collector {
 public:
  void add(DiscoveredModel m) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(m.path, ec);
    std::string key = ec ? m.path : canonical.string();
    if (m.source == ModelSource::Ollama) key += "\n" + m.display_name;  // two tags may share one blob
    if (!seen_.insert(key).second) return;
    models_.push_back(std::move(m));
  }
  void add_file(const fs::path& path, ModelSource source, std::string name) {
    add(describe_model_file(path.string(), source, std::move(name)));
  }
  std::vector<DiscoveredModel> take() { return std::move(models_); }

 private:
  std::set<std::string> seen_;
  std::vector<DiscoveredModel> models_;
};

void scan_ollama(const fs::path& root, Collector& out) {
  const fs::path manifests = root / "manifests";
  for (const fs::path& registry : subdirs(manifests))
    for (const fs::path& ns : subdirs(registry))
      for (const fs::path& model : subdirs(ns))
        for (const fs::path& tag : files_in(model)) {
          const std::string name = ollama_display_name(registry.filename().string(), ns.filename().string(),
                                                       model.filename().string(), tag.filename().string());
          const std::string digest = ollama_model_digest(tag);
          if (digest.empty() || digest.rfind("sha256:", 0) != 0) {
            DiscoveredModel m;
            m.source = ModelSource::Ollama;
            m.display_name = name;
            m.path = tag.string();
            m.problem = ErrorCode::MalformedFile;
            m.why_not = "the Ollama manifest has no model layer (" + std::string(kOllamaModelMediaType) + ")";
            out.add(std::move(m));
            continue;
          }
          const fs::path blob = root / "blobs" / ("sha256-" + digest.substr(7));
          std::error_code ec;
          if (!fs::is_regular_file(blob, ec)) {
            DiscoveredModel m;
            m.source = ModelSource::Ollama;
            m.display_name = name;
            m.path = blob.string();
            m.problem = ErrorCode::IoError;
            m.why_not = "the model blob " + blob.filename().string() + " named by the manifest is missing";
            out.add(std::move(m));
            continue;
          }
          out.add_file(blob, ModelSource::Ollama, name);
        }
}

void scan_huggingface(const fs::path& hub, Collector& out) {
  for (const fs::path& repo : subdirs(hub)) {
    const std::string dir = repo.filename().string();
    if (dir.rfind("models--", 0) != 0) continue;
    // models--org--name → org/name (HF replaces '/' by "--"; names themselves may not contain "--").
    std::string repo_id = dir.substr(8);
    if (const std::size_t sep = repo_id.find("--"); sep != std::string::npos) repo_id.replace(sep, 2, "/");
    for (const fs::path& snapshot : subdirs(repo / "snapshots"))
      for (const fs::path& file : find_gguf_files(snapshot))
        out.add_file(file, ModelSource::HuggingFace, repo_id + "/" + file.lexically_relative(snapshot).generic_string());
  }
}

void scan_folder(const fs::path& root, ModelSource source, Collector& out) {
  for (const fs::path& file : find_gguf_files(root))
    out.add_file(file, source, file.lexically_relative(root).generic_string());
}

std::string env_or_empty(const std::function<const char*(const char*)>& getenv, const char* name) {
  const char* v = getenv ? getenv(name) : nullptr;
  return v != nullptr ? std::string(v) : std::string();
}

}  // namespace

std::string_view model_source_name(ModelSource source) {
  for (const SourceRow& r : kSources)
    if (r.source == source) return r.name;
  return "?";
}

DiscoveryRoots default_roots(const std::string& home, const std::function<const char*(const char*)>& getenv,
                             bool system_dirs) {
  DiscoveryRoots r;
  const fs::path h(home);
  if (const std::string v = env_or_empty(getenv, "OLLAMA_MODELS"); !v.empty()) r.ollama.push_back(v);
  if (!home.empty()) r.ollama.push_back((h / ".ollama" / "models").string());
  if (system_dirs) r.ollama.push_back("/usr/share/ollama/.ollama/models");
  if (const std::string v = env_or_empty(getenv, "HUGGINGFACE_HUB_CACHE"); !v.empty()) r.huggingface.push_back(v);
  if (const std::string v = env_or_empty(getenv, "HF_HUB_CACHE"); !v.empty()) r.huggingface.push_back(v);
  if (const std::string v = env_or_empty(getenv, "HF_HOME"); !v.empty()) r.huggingface.push_back((fs::path(v) / "hub").string());
  if (!home.empty()) r.huggingface.push_back((h / ".cache" / "huggingface" / "hub").string());
  if (const std::string v = env_or_empty(getenv, "LLAMA_CACHE"); !v.empty()) r.llamacpp.push_back(v);
  if (!home.empty()) r.llamacpp.push_back((h / ".cache" / "llama.cpp").string());
  if (!home.empty()) {
    r.lmstudio.push_back((h / ".lmstudio" / "models").string());
    r.lmstudio.push_back((h / ".cache" / "lm-studio" / "models").string());
  }
  return r;
}

DiscoveredModel describe_model_file(const std::string& path, ModelSource source, std::string display_name) {
  DiscoveredModel m;
  m.source = source;
  m.display_name = std::move(display_name);
  m.path = path;
  std::error_code ec;
  m.size_bytes = fs::file_size(path, ec);
  if (ec) m.size_bytes = 0;

  Result<std::unique_ptr<gguf::File>> opened = gguf::File::open(path);
  if (!opened) {
    m.problem = opened.status().code();
    m.why_not = "not a readable GGUF file: " + opened.status().message();
    return m;
  }
  const gguf::File& file = **opened;
  file.get_string("general.architecture", m.architecture);
  const TensorTotals totals = tensor_totals(file.tensors());
  m.params = totals.params;
  std::uint64_t file_type = 0;
  if (file.get_u64("general.file_type", file_type) && !file_type_name(static_cast<std::uint32_t>(file_type)).empty())
    m.quantization = std::string(file_type_name(static_cast<std::uint32_t>(file_type)));
  else
    m.quantization = std::string(gguf::type_name(totals.dominant_type));

  std::uint64_t splits = 0;
  if (file.get_u64("split.count", splits) && splits > 1) {
    m.problem = ErrorCode::NotAvailable;
    m.why_not = "the model is split into " + std::to_string(splits) + " files; Hearth reads single-file GGUFs";
    return m;
  }
  Result<ModelConfig> config = read_config(file);
  if (!config) {
    m.problem = config.status().code();
    m.why_not = config.status().message();
    return m;
  }
  Result<ModelWeights> weights = bind_weights(file, *config);
  if (!weights) {
    m.problem = weights.status().code();
    m.why_not = weights.status().message();
    return m;
  }
  m.runnable = true;
  return m;
}

std::vector<DiscoveredModel> discover_models(const DiscoveryRoots& roots) {
  Collector out;
  for (const std::string& r : roots.ollama)
    if (is_dir(r)) scan_ollama(r, out);
  for (const std::string& r : roots.huggingface)
    if (is_dir(r)) scan_huggingface(r, out);
  for (const std::string& r : roots.llamacpp)
    if (is_dir(r)) scan_folder(r, ModelSource::LlamaCpp, out);
  for (const std::string& r : roots.lmstudio)
    if (is_dir(r)) scan_folder(r, ModelSource::LmStudio, out);
  for (const std::string& r : roots.user)
    if (is_dir(r)) scan_folder(r, ModelSource::UserFolder, out);
  return out.take();
}

}  // namespace hearth::model
