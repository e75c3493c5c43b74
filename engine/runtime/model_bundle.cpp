#include "runtime/model_bundle.h"

#include "tokenizer/tokenizer_gguf.h"

namespace hearth::runtime {

std::vector<std::int32_t> ModelBundle::eog_tokens() const {
  return {tokenizer->eog().begin(), tokenizer->eog().end()};
}

std::function<std::string(std::int32_t)> ModelBundle::piece_function() const {
  std::shared_ptr<const tokenizer::Tokenizer> tok = tokenizer;
  return [tok](std::int32_t id) { return tok->valid(id) ? std::string(tok->piece(id)) : std::string(); };
}

Result<ModelBundle> load_model_bundle(const std::string& path, const model::LoadOptions& options, int n_threads) {
  Result<std::shared_ptr<CpuModel>> model = load_cpu_model(path, options, n_threads);
  if (!model) return model.status();
  const gguf::File& file = *model.value()->source->file;
  Result<tokenizer::TokenizerData> data = tokenizer::load_tokenizer_gguf(file);
  if (!data) return data.status();
  Result<std::unique_ptr<tokenizer::Tokenizer>> tok = tokenizer::Tokenizer::create(std::move(data.value()));
  if (!tok) return tok.status();
  std::string source;
  const bool has_template = file.get_string("tokenizer.chat_template", source);
  Result<chat::ChatTemplate> tmpl = chat::ChatTemplate::create(source);
  if (!tmpl) return tmpl.status();
  if (tok.value()->vocab_size() > static_cast<std::size_t>(model.value()->config->n_vocab))
    return Status::error(ErrorCode::MalformedFile,
                         "the tokenizer has " + std::to_string(tok.value()->vocab_size()) + " tokens but the model only " +
                             std::to_string(model.value()->config->n_vocab) + " output rows");
  ModelBundle bundle{std::move(model.value()), std::move(tok.value()), std::move(tmpl.value()), has_template};
  return bundle;
}

}  // namespace hearth::runtime
