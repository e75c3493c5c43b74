#include "tokenizer/tokenizer_json.h"

#include <fstream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tokenizer/pre_tokenizer_presets.h"

namespace hearth::tokenizer {
namespace {

using nlohmann::json;

Status unsupported(const std::string& what) {
  return Status::error(ErrorCode::UnsupportedType, "tokenizer.json: " + what + " is not supported",
                       "Hearth reads byte-level BPE tokenizers (GPT-2 / Llama 3 style)");
}

Status malformed(const std::string& what) { return Status::error(ErrorCode::MalformedFile, "tokenizer.json: " + what); }

const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  // Through the underlying map: nlohmann's own iterators trip GCC's -Wnull-dereference.
  const auto& map = object.get_ref<const json::object_t&>();
  const auto it = map.find(key);
  return it == map.end() || it->second.is_null() ? nullptr : &it->second;
}

std::string string_or(const json& object, const char* key, std::string fallback) {
  const json* v = member(object, key);
  return v && v->is_string() ? v->get<std::string>() : fallback;
}

bool bool_or(const json& object, const char* key, bool fallback) {
  const json* v = member(object, key);
  return v && v->is_boolean() ? v->get<bool>() : fallback;
}

// The pre-tokenizer chain: an optional Split regex, then ByteLevel. Sets data.pre_regex.
Status read_pre_tokenizer(const json* pre, TokenizerData& data) {
  if (!pre) return unsupported("a tokenizer without pre_tokenizer (byte-level BPE needs ByteLevel)");
  std::vector<const json*> steps;
  if (string_or(*pre, "type", "") == "Sequence") {
    const json* list = member(*pre, "pretokenizers");
    if (!list || !list->is_array()) return malformed("pre_tokenizer Sequence without a pretokenizers list");
    for (const json& step : *list) steps.push_back(&step);
  } else {
    steps.push_back(pre);
  }
  bool byte_level = false;
  for (const json* step : steps) {
    const std::string type = string_or(*step, "type", "");
    if (type == "Split") {
      if (!data.pre_regex.empty() || byte_level) return unsupported("more than one Split, or a Split after ByteLevel");
      const json* pattern = member(*step, "pattern");
      const json* regex = pattern ? member(*pattern, "Regex") : nullptr;
      if (!regex || !regex->is_string()) return unsupported("a Split pre-tokenizer without a Regex pattern");
      if (string_or(*step, "behavior", "") != "Isolated") return unsupported("Split behavior other than Isolated");
      if (bool_or(*step, "invert", false)) return unsupported("an inverted Split");
      data.pre_regex = regex->get<std::string>();
      if (data.pre_regex.empty()) return malformed("empty Split regex");
    } else if (type == "ByteLevel") {
      if (bool_or(*step, "add_prefix_space", false)) return unsupported("ByteLevel with add_prefix_space");
      if (bool_or(*step, "use_regex", true)) {
        if (!data.pre_regex.empty()) return unsupported("a Split followed by a ByteLevel with its own regex");
        data.pre_regex = std::string(find_pre_tokenizer_preset("gpt2")->regex);
      }
      byte_level = true;
    } else {
      return unsupported("pre-tokenizer '" + type + "'");
    }
  }
  if (!byte_level) return unsupported("a pre-tokenizer chain without ByteLevel");
  return Status::ok();
}

TokenId id_of(const std::vector<std::string>& tokens, const std::string& text) {
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (tokens[i] == text) return static_cast<TokenId>(i);
  return kNoToken;
}

// BOS / EOS from a TemplateProcessing post-processor's "single" template: a leading special token is
// the BOS, a trailing one the EOS.
void read_post_processor(const json* post, TokenizerData& data) {
  if (!post) return;
  if (string_or(*post, "type", "") == "Sequence") {
    if (const json* list = member(*post, "processors"); list && list->is_array())
      for (const json& p : *list) read_post_processor(&p, data);
    return;
  }
  if (string_or(*post, "type", "") != "TemplateProcessing") return;
  const json* single = member(*post, "single");
  if (!single || !single->is_array() || single->empty()) return;
  auto special_of = [&](const json& item) -> TokenId {
    const json* special = member(item, "SpecialToken");
    return special ? id_of(data.tokens, string_or(*special, "id", "")) : kNoToken;
  };
  if (const TokenId bos = special_of(single->front()); bos != kNoToken) {
    data.bos = bos;
    data.add_bos = true;
  }
  if (single->size() > 1)
    if (const TokenId eos = special_of(single->back()); eos != kNoToken) {
      data.eos = eos;
      data.add_eos = true;
    }
}

Result<TokenizerData> parse(const json& root) {
  TokenizerData data;
  if (member(root, "normalizer")) return unsupported("a normalizer");
  const json* model = member(root, "model");
  if (!model || !model->is_object()) return malformed("no model object");
  if (const std::string type = string_or(*model, "type", "BPE"); type != "BPE") return unsupported("model type '" + type + "'");
  const json* vocab = member(*model, "vocab");
  const json* merges = member(*model, "merges");
  if (!vocab || !vocab->is_object()) return malformed("model.vocab is not an object");
  if (!merges || !merges->is_array()) return malformed("model.merges is not an array");
  if (member(*model, "continuing_subword_prefix") || member(*model, "end_of_word_suffix"))
    return unsupported("BPE with continuing_subword_prefix / end_of_word_suffix");

  // Ids may leave gaps (filled with Unused) and added tokens may extend past the vocabulary.
  const json* added = member(root, "added_tokens");
  std::int64_t max_id = -1;
  for (const auto& [text, id] : vocab->items()) {
    if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() > (1 << 24))
      return malformed("vocab entry '" + text + "' has an invalid id");
    max_id = std::max(max_id, id.get<std::int64_t>());
  }
  if (added && added->is_array())
    for (const json& t : *added) {
      const json* id = member(t, "id");
      if (!id || !id->is_number_integer() || id->get<std::int64_t>() < 0 || id->get<std::int64_t>() > (1 << 24))
        return malformed("an added token has an invalid id");
      max_id = std::max(max_id, id->get<std::int64_t>());
    }
  const auto n = static_cast<std::size_t>(max_id + 1);
  data.tokens.assign(n, std::string());
  data.types.assign(n, TokenType::Unused);
  const bool byte_fallback = bool_or(*model, "byte_fallback", false);
  for (const auto& [text, id] : vocab->items()) {
    const auto i = static_cast<std::size_t>(id.get<std::int64_t>());
    data.tokens[i] = text;
    const bool is_byte = byte_fallback && text.size() == 6 && text.rfind("<0x", 0) == 0 && text[5] == '>';
    data.types[i] = is_byte ? TokenType::Byte : TokenType::Normal;
  }
  if (added && added->is_array())
    for (const json& t : *added) {
      const auto i = static_cast<std::size_t>(member(t, "id")->get<std::int64_t>());
      const json* content = member(t, "content");
      if (!content || !content->is_string()) return malformed("added token " + std::to_string(i) + " has no content");
      data.tokens[i] = content->get<std::string>();
      data.types[i] = bool_or(t, "special", false) ? TokenType::Control : TokenType::UserDefined;
    }

  data.merges.reserve(merges->size());
  for (const json& m : *merges) {
    if (m.is_string()) {
      // "a b": the separator is the first space after the first character (a side is never empty).
      const std::string& s = m.get_ref<const std::string&>();
      const std::size_t space = s.find(' ', 1);
      if (space == std::string::npos) return malformed("merge '" + s + "' has no space");
      data.merges.emplace_back(s.substr(0, space), s.substr(space + 1));
    } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
      data.merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
    } else {
      return malformed("a merge is neither \"a b\" nor [\"a\", \"b\"]");
    }
  }
  data.ignore_merges = bool_or(*model, "ignore_merges", false);
  if (const std::string unk = string_or(*model, "unk_token", ""); !unk.empty()) data.unk = id_of(data.tokens, unk);
  data.pre = "tokenizer.json";
  HEARTH_TRY(read_pre_tokenizer(member(root, "pre_tokenizer"), data));
  read_post_processor(member(root, "post_processor"), data);
  return data;
}

}  // namespace

Result<TokenizerData> parse_tokenizer_json(std::string_view json_text) {
  // nlohmann reports errors by exception; none may leave the engine.
  try {
    const json root = json::parse(json_text.begin(), json_text.end());
    return parse(root);
  } catch (const json::exception& e) {
    return malformed(std::string("not valid JSON: ") + e.what());
  }
}

Result<TokenizerData> load_tokenizer_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::error(ErrorCode::IoError, "cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return Status::error(ErrorCode::IoError, "cannot read " + path);
  Result<TokenizerData> data = parse_tokenizer_json(text.str());
  if (!data)
    return Status::error(data.status().code(), path + ": " + data.status().message(), data.status().hint());
  return data;
}

}  // namespace hearth::tokenizer
