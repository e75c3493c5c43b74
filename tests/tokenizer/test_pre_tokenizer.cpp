// The pre-tokenizer regexes on the cases where they are easy to get wrong: whitespace runs before words
// (the `\s+(?!\S)` lookahead), newlines, CRLF, trailing spaces, contractions in mixed case, digit groups
// (Llama 3's 1-3 digits against Ollama's single digits), and the White_Space rewrite.
#include <memory>
#include <string>
#include <vector>

#include "support/check.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/pre_tokenizer_presets.h"

namespace {

using hearth::tokenizer::PreTokenizer;

std::string split_regex(const std::string& regex, const std::string& text) {
  auto pre = PreTokenizer::compile(regex);
  if (!pre) return pre.status().to_string();
  PreTokenizer::Scratch scratch(**pre);
  std::vector<std::string_view> pieces;
  (*pre)->split(text, scratch, pieces);
  std::string out;
  for (const std::string_view piece : pieces) out += "[" + std::string(piece) + "]";
  return out;
}

std::string split(const std::string& preset, const std::string& text) {
  const auto* p = hearth::tokenizer::find_pre_tokenizer_preset(preset);
  return p ? split_regex(std::string(p->regex), text) : "no preset " + preset;
}

std::string llama3(const std::string& text) { return split("llama3", text); }

// The Llama 3 regex as its tokenizer.json writes it: contractions through (?i:...).
constexpr const char* kLlama3Json =
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
    "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

}  // namespace

TEST_CASE(words_keep_one_leading_space) {
  CHECK_EQ(llama3("Hello world"), std::string("[Hello][ world]"));
  CHECK_EQ(llama3("a   b"), std::string("[a][  ][ b]"));
  CHECK_EQ(llama3("\tfoo"), std::string("[\tfoo]"));
  CHECK_EQ(llama3("x  \t\ty"), std::string("[x][  \t][\ty]"));
}

TEST_CASE(whitespace_before_numbers_and_punctuation) {
  CHECK_EQ(llama3("  123"), std::string("[ ][ ][123]"));
  CHECK_EQ(llama3("a  (b)"), std::string("[a][ ][ (][b][)]"));
  CHECK_EQ(llama3("foo();\n}"), std::string("[foo][();\n][}]"));
}

TEST_CASE(newlines_and_trailing_spaces) {
  CHECK_EQ(llama3("a \n\nb"), std::string("[a][ \n\n][b]"));
  CHECK_EQ(llama3("a  \n  b"), std::string("[a][  \n][ ][ b]"));
  CHECK_EQ(llama3("a\r\nb"), std::string("[a][\r\n][b]"));
  CHECK_EQ(llama3("end   "), std::string("[end][   ]"));
  CHECK_EQ(llama3("\n\n\n"), std::string("[\n\n\n]"));
  CHECK_EQ(llama3(" "), std::string("[ ]"));
}

TEST_CASE(contractions_in_any_case) {
  CHECK_EQ(llama3("don't I'LL we'Re"), std::string("[don]['t][ I]['LL][ we]['Re]"));
  CHECK_EQ(llama3("it's IT'S You'vE"), std::string("[it]['s][ IT]['S][ You]['vE]"));
  // A curly apostrophe is punctuation, not a contraction.
  CHECK_EQ(llama3("it\u2019s"), std::string("[it][\u2019s]"));
}

TEST_CASE(case_insensitive_contractions_follow_each_source) {
  // From tokenizer.json, (?i:'s) folds like Oniguruma in Hugging Face tokenizers: the long s U+017F is an
  // 's'. The GGUF name "llama3" uses llama.cpp's [sS] spelling, where it is a letter like any other.
  CHECK_EQ(split_regex(kLlama3Json, "it'\u017Ft"), std::string("[it]['\u017F][t]"));
  CHECK_EQ(llama3("it'\u017Ft"), std::string("[it]['\u017Ft]"));
  CHECK_EQ(split_regex(kLlama3Json, "WE'LL they'Re"), llama3("WE'LL they'Re"));
}

TEST_CASE(other_tokenizer_json_regexes_work_too) {
  // Mistral's Tekken regex (a case-splitting variant some Nemotron tokenizer.json files may carry):
  // general-category classes beyond L and N, and single digits.
  const std::string tekken =
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
      "|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*|\\p{N}"
      "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  CHECK_EQ(split_regex(tekken, "helloWorld 42 a/b"), std::string("[hello][World][ ][4][2][ a][/b]"));
}

TEST_CASE(digit_groups_llama3_against_single_digit) {
  CHECK_EQ(llama3("x12345"), std::string("[x][123][45]"));
  CHECK_EQ(split("llama3-single-digit", "x12345"), std::string("[x][1][2][3][4][5]"));
  CHECK_EQ(llama3("\u0663\u0664\u0665\u0666"), std::string("[\u0663\u0664\u0665][\u0666]"));  // Arabic-Indic digits are \p{N}
  CHECK_EQ(split("gpt2", "x 12345"), std::string("[x][ 12345]"));
}

TEST_CASE(white_space_is_unicode_white_space) {
  // U+0085 (NEL) is White_Space: it separates punctuation runs.
  CHECK_EQ(llama3("!\u0085?"), std::string("[!][\u0085][?]"));
  // U+180E and U+FEFF are not (PCRE2 alone would treat U+180E as a space).
  CHECK_EQ(llama3("!\u180E?"), std::string("[!\u180E?]"));
  CHECK_EQ(llama3("!\uFEFF?"), std::string("[!\uFEFF?]"));
  CHECK_EQ(llama3("a\u3000\u3000b"), std::string("[a][\u3000][\u3000b]"));
}

TEST_CASE(rewrite_leaves_escapes_and_classes_intact) {
  using hearth::tokenizer::rewrite_whitespace_classes;
  CHECK_EQ(rewrite_whitespace_classes("\\p{L}\\\\s"), std::string("\\p{L}\\\\s"));  // an escaped backslash, then 's'
  CHECK(rewrite_whitespace_classes("[^\\s]").find("[^\\x{9}") == 0);
  CHECK(rewrite_whitespace_classes("\\S").find("[^\\x{9}") == 0);
  CHECK(rewrite_whitespace_classes("[]\\s]").find("[]\\x{9}") == 0);
}

TEST_CASE(long_runs_do_not_exhaust_the_matcher) {
  const std::string spaces(200000, ' ');
  CHECK_EQ(llama3(spaces + "x"), "[" + spaces.substr(1) + "][ x]");
  const std::string newlines(300000, '\n');
  CHECK_EQ(llama3(newlines), "[" + newlines + "]");
  const std::string punct(100000, '-');
  CHECK_EQ(llama3("a " + punct + "\n"), "[a][ " + punct + "\n]");
}
