#include "model/synth_vocab.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

namespace hearth::model {

namespace {

// Text the merges are learned from: plain English prose and a little C++/Python/shell, written for this
// purpose. Its only job is to give the tokenizer common, realistic merges ("Ġthe", "ing", "Ċ", "()").
constexpr const char* kCorpus = R"(The clinic opens at eight in the morning and closes at six in the evening.
Patients who arrive early can wait in the reading room, where there is coffee, tea and water.
Please bring your insurance card, a list of the medicines you take and any recent test results.
If you cannot come to your appointment, call us at least one day before so that another patient can have the time.
The contract between the two parties shall remain in force until either party gives written notice of termination.
Each party agrees to keep the terms of this agreement confidential and not to disclose them to any third party.
The bank will review the application within ten working days and inform the customer of its decision in writing.
Interest is calculated on the daily balance and added to the account at the end of each month.
We think that the best way to learn is to read the question carefully, think about what it asks, and then answer.
She said that they would be there on Thursday, but the train was late and they only arrived on Friday night.
What is the capital of France? The capital of France is Paris. What is the largest planet? It is Jupiter.
There are three things to remember: check the input, handle the error, and write a test that can fail.
The model reads the whole document, finds the relevant passages and answers the question with a short summary.
Summarize the following text in two sentences. Translate the paragraph into German. Explain the result step by step.

int main(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) {
    std::printf("%d: %s\n", i, argv[i]);
  }
  return 0;
}

def parse_config(path):
    with open(path, "r") as f:
        data = json.load(f)
    if "name" not in data:
        raise ValueError("missing name")
    return data

class Session:
    def __init__(self, model, context_length=4096):
        self.model = model
        self.context_length = context_length
        self.tokens = []

for line in lines:
    if line.startswith("#"):
        continue
    print(line.strip())

const std::vector<float>& values = tensor.data();
std::string name = std::string("blk.") + std::to_string(layer) + ".attn_norm.weight";
if (status.is_ok()) { return result.value(); } else { return status; }

$ cmake --build build -j2 && ctest --test-dir build --output-on-failure
$ git commit -m "Fix the return value of the function when the input is empty"
The numbers are 1, 2, 3, 10, 20, 100, 250, 1000 and 2024. The total is 3410.
)";

std::vector<std::string> make_byte_tokens() {
  std::vector<int> code(256, -1);
  int next = 256;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    code[static_cast<std::size_t>(b)] = printable ? b : next++;
  }
  std::vector<std::string> out(256);
  for (int b = 0; b < 256; ++b) {
    const int cp = code[static_cast<std::size_t>(b)];
    std::string s;
    if (cp < 0x80) {
      s.push_back(static_cast<char>(cp));
    } else {  // every code point here is < 0x800: two UTF-8 bytes
      s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
    out[static_cast<std::size_t>(b)] = s;
  }
  return out;
}

const std::vector<std::string>& byte_tokens() {
  static const std::vector<std::string> tokens = make_byte_tokens();
  return tokens;
}

enum class CharClass { Letter, Digit, Space, Newline, Other };

CharClass classify(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) return CharClass::Letter;
  if (c >= '0' && c <= '9') return CharClass::Digit;
  if (c == '\n' || c == '\r') return CharClass::Newline;
  if (c == ' ' || c == '\t') return CharClass::Space;
  return CharClass::Other;
}

// A close approximation of the Llama-3 pre-tokeniser (§5) for ASCII text: " word", digits in threes,
// " punctuation" runs, newlines, other whitespace. Merges never cross these pieces.
std::vector<std::string> pre_tokenize(const std::string& text) {
  std::vector<std::string> pieces;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    const bool lead_space = text[i] == ' ' && i + 1 < text.size() &&
                            (classify(text[i + 1]) == CharClass::Letter || classify(text[i + 1]) == CharClass::Other);
    if (lead_space) ++j;
    const CharClass cls = classify(text[j]);
    std::size_t limit = text.size();
    if (cls == CharClass::Digit) limit = std::min(text.size(), j + 3);
    ++j;
    while (j < limit && classify(text[j]) == cls) ++j;
    pieces.push_back(text.substr(i, j - i));
    i = j;
  }
  return pieces;
}

std::vector<std::string> learn_merges(std::size_t count, std::set<std::string>& known) {
  // word (as symbol list) -> frequency
  std::map<std::vector<std::string>, int> words;
  for (const std::string& piece : pre_tokenize(kCorpus)) {
    std::vector<std::string> symbols;
    for (char ch : piece) symbols.push_back(byte_token(static_cast<std::uint8_t>(ch)));
    ++words[symbols];
  }
  std::vector<std::string> merges;
  while (merges.size() < count) {
    std::map<std::pair<std::string, std::string>, int> pairs;
    for (const auto& [symbols, freq] : words)
      for (std::size_t k = 0; k + 1 < symbols.size(); ++k) pairs[{symbols[k], symbols[k + 1]}] += freq;
    // Most frequent pair, ties to the smallest (map order): deterministic. Skip pairs whose result already
    // exists as a token, so every token string stays unique.
    const std::pair<std::string, std::string>* best = nullptr;
    int best_freq = 0;
    for (const auto& [pair, freq] : pairs) {
      if (freq > best_freq && known.count(pair.first + pair.second) == 0) {
        best = &pair;
        best_freq = freq;
      }
    }
    if (best == nullptr) break;
    const std::string a = best->first, b = best->second, ab = a + b;
    merges.push_back(a + " " + b);
    known.insert(ab);
    std::map<std::vector<std::string>, int> next;
    for (const auto& [symbols, freq] : words) {
      std::vector<std::string> out;
      for (std::size_t k = 0; k < symbols.size(); ++k) {
        if (k + 1 < symbols.size() && symbols[k] == a && symbols[k + 1] == b) {
          out.push_back(ab);
          ++k;
        } else {
          out.push_back(symbols[k]);
        }
      }
      next[out] += freq;
    }
    words = std::move(next);
  }
  return merges;
}

constexpr std::size_t kMaxMerges = 368;

struct SpecialRow {
  std::int32_t id;
  const char* text;
};
// §5: ids 0-4 and 10-13 are the real ones; 5-9 and 14-15 are placeholders in this synthetic vocabulary.
constexpr SpecialRow kSpecials[] = {
    {kTokUnk, "<unk>"},  {kTokBos, "<s>"},           {kTokEos, "</s>"},         {3, "[INST]"},
    {4, "[/INST]"},      {kTokImStart, "<|im_start|>"}, {kTokImEnd, "<|im_end|>"}, {kTokThink, "<think>"},
    {kTokThinkEnd, "</think>"},
};

}  // namespace

std::string byte_token(std::uint8_t byte) { return byte_tokens()[byte]; }

SynthVocab build_synth_vocab(std::int64_t n_vocab) {
  SynthVocab v;
  const auto n = static_cast<std::size_t>(std::max<std::int64_t>(n_vocab, kSpecialCount + 256));
  v.tokens.reserve(n);
  for (std::int32_t id = 0; id < kSpecialCount; ++id) {
    std::string text = "<SPECIAL_" + std::to_string(id) + ">";
    for (const SpecialRow& r : kSpecials)
      if (r.id == id) text = r.text;
    v.tokens.push_back(text);
    v.types.push_back(static_cast<std::int32_t>(TokenType::Control));
  }
  for (int b = 0; b < 256; ++b) {
    v.tokens.push_back(byte_token(static_cast<std::uint8_t>(b)));
    v.types.push_back(static_cast<std::int32_t>(TokenType::Normal));
  }
  // A few hundred merges: enough for realistic tokenization, and they fill the tiny vocabulary exactly.
  // Greedy learning is prefix-stable (the first k merges do not depend on how many follow), so one
  // learned list serves every vocabulary size.
  static const std::vector<std::string> learned = [] {
    std::set<std::string> seed_tokens;
    for (const SpecialRow& r : kSpecials) seed_tokens.insert(r.text);
    for (int b = 0; b < 256; ++b) seed_tokens.insert(byte_token(static_cast<std::uint8_t>(b)));
    return learn_merges(kMaxMerges, seed_tokens);
  }();
  v.merges.assign(learned.begin(), learned.begin() + static_cast<std::ptrdiff_t>(std::min(learned.size(), n - v.tokens.size())));
  for (const std::string& m : v.merges) {
    const std::size_t space = m.find(' ');
    v.tokens.push_back(m.substr(0, space) + m.substr(space + 1));
    v.types.push_back(static_cast<std::int32_t>(TokenType::Normal));
  }
  for (std::size_t id = v.tokens.size(); id < n; ++id) {
    v.tokens.push_back("<unused_" + std::to_string(id) + ">");
    v.types.push_back(static_cast<std::int32_t>(TokenType::Unused));
  }
  return v;
}

// Our own template for the Nemotron 3 ChatML layout (§5): the system turn is always emitted (empty when
// there is no system message); assistant history carries <think>…</think>, or an empty <think></think>
// when it has none; with truncate_history_thinking (default) turns before the last user message keep only
// the text after </think>; consecutive tool results become one user turn; the generation prompt opens
// "<think>\n" with thinking on (default) and "<think></think>" with it off.
const std::string& synth_chat_template() {
  static const std::string text = R"JINJA({%- set thinking = enable_thinking if enable_thinking is defined else true -%}
{%- set truncate = truncate_history_thinking if truncate_history_thinking is defined else true -%}
{%- set ns = namespace(last_user=-1, system='', body='') -%}
{%- for m in messages -%}
  {%- if m.role == 'user' -%}{%- set ns.last_user = loop.index0 -%}{%- endif -%}
{%- endfor -%}
{%- if messages and messages[0].role == 'system' -%}{%- set ns.system = messages[0].content -%}{%- endif -%}
{%- if tools is defined and tools -%}
  {%- set ns.system = ns.system ~ ('\n\n' if ns.system else '') ~ '# Tools\n\nYou may call these functions:\n<tools>' -%}
  {%- for t in tools -%}{%- set ns.system = ns.system ~ '\n' ~ (t | tojson) -%}{%- endfor -%}
  {%- set ns.system = ns.system ~ '\n</tools>\n\nTo call one, answer with <tool_call>\n<function=NAME>\n<parameter=ARG>\nVALUE\n</parameter>\n</function>\n</tool_call>' -%}
{%- endif -%}
{{- '<|im_start|>system\n' ~ ns.system ~ '<|im_end|>\n' -}}
{%- for m in messages -%}
  {%- if m.role == 'system' and loop.first -%}
  {%- elif m.role == 'assistant' -%}
    {%- set content = m.content if m.content is string else '' -%}
    {%- if m.reasoning_content is defined and m.reasoning_content -%}
      {%- set ns.body = '<think>\n' ~ m.reasoning_content ~ '\n</think>\n' ~ content -%}
    {%- elif '</think>' in content -%}
      {%- set ns.body = content -%}
    {%- else -%}
      {%- set ns.body = '<think></think>' ~ content -%}
    {%- endif -%}
    {%- if truncate and loop.index0 < ns.last_user -%}
      {%- set ns.body = '<think></think>' ~ (ns.body.split('</think>')[-1] | trim) -%}
    {%- endif -%}
    {%- if m.tool_calls is defined and m.tool_calls -%}
      {%- for call in m.tool_calls -%}
        {%- set f = call.function if call.function is defined else call -%}
        {%- set ns.body = ns.body ~ ('\n' if ns.body else '') ~ '<tool_call>\n<function=' ~ f.name ~ '>\n' -%}
        {%- for key, value in f.arguments.items() -%}
          {%- set ns.body = ns.body ~ '<parameter=' ~ key ~ '>\n' ~ (value if value is string else value | tojson) ~ '\n</parameter>\n' -%}
        {%- endfor -%}
        {%- set ns.body = ns.body ~ '</function>\n</tool_call>' -%}
      {%- endfor -%}
    {%- endif -%}
    {{- '<|im_start|>assistant\n' ~ ns.body ~ '<|im_end|>\n' -}}
  {%- elif m.role == 'tool' -%}
    {%- if loop.first or messages[loop.index0 - 1].role != 'tool' -%}{{- '<|im_start|>user\n' -}}{%- endif -%}
    {{- '<tool_response>\n' ~ m.content ~ '\n</tool_response>\n' -}}
    {%- if loop.last or messages[loop.index0 + 1].role != 'tool' -%}{{- '<|im_end|>\n' -}}{%- endif -%}
  {%- else -%}
    {{- '<|im_start|>' ~ m.role ~ '\n' ~ m.content ~ '<|im_end|>\n' -}}
  {%- endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}
  {{- '<|im_start|>assistant\n<think>\n' if thinking else '<|im_start|>assistant\n<think></think>' -}}
{%- endif -%})JINJA";
  return text;
}

}  // namespace hearth::model
