#include "tokenizer/tokenizer_gguf.h"

#include <array>
#include <string_view>

#include "tokenizer/pre_tokenizer_presets.h"

namespace hearth::tokenizer {
namespace {

// The metadata keys, in one place.
constexpr std::string_view kModel = "tokenizer.ggml.model";
constexpr std::string_view kTokens = "tokenizer.ggml.tokens";
constexpr std::string_view kTokenType = "tokenizer.ggml.token_type";
constexpr std::string_view kMerges = "tokenizer.ggml.merges";
constexpr std::string_view kPre = "tokenizer.ggml.pre";
constexpr std::string_view kAddBos = "tokenizer.ggml.add_bos_token";
constexpr std::string_view kAddEos = "tokenizer.ggml.add_eos_token";

struct SpecialIdKey {
  std::string_view key;
  TokenId TokenizerData::*field;
};
constexpr std::array kSpecialIds = {
    SpecialIdKey{"tokenizer.ggml.bos_token_id", &TokenizerData::bos},
    SpecialIdKey{"tokenizer.ggml.eos_token_id", &TokenizerData::eos},
    SpecialIdKey{"tokenizer.ggml.eot_token_id", &TokenizerData::eot},
    SpecialIdKey{"tokenizer.ggml.padding_token_id", &TokenizerData::pad},
    SpecialIdKey{"tokenizer.ggml.unknown_token_id", &TokenizerData::unk},
};

Status malformed(std::string_view key, const std::string& what) {
  return Status::error(ErrorCode::MalformedFile, "GGUF key " + std::string(key) + " " + what);
}

Status read_strings(const gguf::File& file, std::string_view key, std::vector<std::string>& out) {
  const gguf::Value* v = file.find(key);
  if (!v) return malformed(key, "is missing");
  const std::vector<gguf::Value>* array = v->as_array();
  if (!array || v->array_type != gguf::ValueType::STRING) return malformed(key, "is not an array of strings");
  out.reserve(array->size());
  for (const gguf::Value& item : *array) {
    const std::string* s = item.as_string();
    if (!s) return malformed(key, "holds a non-string");
    out.push_back(*s);
  }
  return Status::ok();
}

}  // namespace

Result<TokenizerData> load_tokenizer_gguf(const gguf::File& file) {
  TokenizerData data;
  if (!file.get_string(kModel, data.model)) return malformed(kModel, "is missing or not a string");
  if (data.model != "gpt2")
    return Status::error(ErrorCode::UnsupportedType, "tokenizer model '" + data.model + "' is not supported",
                         "Hearth supports byte-level BPE tokenizers (tokenizer.ggml.model = \"gpt2\")");
  HEARTH_TRY(read_strings(file, kTokens, data.tokens));

  if (const gguf::Value* v = file.find(kTokenType)) {
    const std::vector<gguf::Value>* array = v->as_array();
    if (!array) return malformed(kTokenType, "is not an array");
    if (array->size() != data.tokens.size())
      return malformed(kTokenType, "has " + std::to_string(array->size()) + " entries for " +
                                       std::to_string(data.tokens.size()) + " tokens");
    data.types.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
      std::int64_t t = 0;
      if (!(*array)[i].as_i64(t) || t < 0 || t > static_cast<std::int64_t>(TokenType::Byte))
        return malformed(kTokenType, "entry " + std::to_string(i) + " is not a token type (0..6)");
      data.types.push_back(static_cast<TokenType>(t));
    }
  }

  std::vector<std::string> merges;
  HEARTH_TRY(read_strings(file, kMerges, merges));
  data.merges.reserve(merges.size());
  for (const std::string& m : merges) {
    const std::size_t space = m.find(' ', 1);  // a side is never empty; the first space after it separates
    if (space == std::string::npos) return malformed(kMerges, "entry '" + m + "' has no space");
    data.merges.emplace_back(m.substr(0, space), m.substr(space + 1));
  }

  if (!file.find(kPre)) data.pre = "default";
  else if (!file.get_string(kPre, data.pre)) return malformed(kPre, "is not a string");
  const PreTokenizerPreset* preset = find_pre_tokenizer_preset(data.pre);
  if (!preset)
    return Status::error(ErrorCode::UnsupportedType, "pre-tokenizer '" + data.pre + "' (" + std::string(kPre) + ") is not supported",
                         "known names: " + known_pre_tokenizer_names());
  data.ignore_merges = preset->ignore_merges;
  data.add_bos = preset->add_bos;

  for (const SpecialIdKey& k : kSpecialIds) {
    if (!file.find(k.key)) continue;
    std::int64_t id = 0;
    if (!file.get_i64(k.key, id)) return malformed(k.key, "is not an integer");
    if (id < 0 || static_cast<std::size_t>(id) >= data.tokens.size())
      return malformed(k.key, "= " + std::to_string(id) + " is outside the vocabulary (" +
                                  std::to_string(data.tokens.size()) + " tokens)");
    data.*k.field = static_cast<TokenId>(id);
  }
  for (const auto& [key, field] : {std::pair{kAddBos, &TokenizerData::add_bos}, std::pair{kAddEos, &TokenizerData::add_eos}}) {
    if (!file.find(key)) continue;
    if (!file.get_bool(key, data.*field)) return malformed(key, "is not a bool");
  }
  return data;
}

void add_tokenizer_metadata(gguf::Writer& writer, const TokenizerData& data) {
  writer.set_string(std::string(kModel), data.model);
  writer.set_string(std::string(kPre), data.pre);
  writer.set_string_array(std::string(kTokens), data.tokens);
  if (!data.types.empty()) {
    std::vector<std::int32_t> types;
    types.reserve(data.types.size());
    for (const TokenType t : data.types) types.push_back(static_cast<std::int32_t>(t));
    writer.set_i32_array(std::string(kTokenType), types);
  }
  std::vector<std::string> merges;
  merges.reserve(data.merges.size());
  for (const auto& [left, right] : data.merges) merges.push_back(left + " " + right);
  writer.set_string_array(std::string(kMerges), merges);
  for (const SpecialIdKey& k : kSpecialIds)
    if (data.*k.field != kNoToken) writer.set_u32(std::string(k.key), static_cast<std::uint32_t>(data.*k.field));
  writer.set_bool(std::string(kAddBos), data.add_bos);
  writer.set_bool(std::string(kAddEos), data.add_eos);
}

Result<TokenizerData> load_tokenizer_gguf(const std::string& path) {
  Result<std::unique_ptr<gguf::File>> file = gguf::File::open(path);
  if (!file) return file.status();
  return load_tokenizer_gguf(**file);
}

}  // namespace hearth::tokenizer
