#include "tokenizer/pre_tokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/utf8.h"

namespace hearth::tokenizer {
namespace {

// Unicode White_Space (PropList.txt), the set Hugging Face tokenizers and llama.cpp mean by \s.
constexpr std::string_view kWhiteSpace =
    "\\x{9}-\\x{D}\\x{20}\\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";

// PCRE2's default JIT stack (32 KiB) suffices for ordinary text; when a match runs out of it (very long
// runs), a stack growing up to kJitStackMax is made for the rest of the call and the match is retried.
constexpr PCRE2_SIZE kJitStackStart = 32 * 1024;
constexpr PCRE2_SIZE kJitStackMax = 16 * 1024 * 1024;

}  // namespace

std::string rewrite_whitespace_classes(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 64);
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char e = pattern[++i];
      if (e == 's') {
        out += in_class ? std::string(kWhiteSpace) : "[" + std::string(kWhiteSpace) + "]";
      } else if (e == 'S' && !in_class) {
        out += "[^" + std::string(kWhiteSpace) + "]";
      } else {
        out.push_back('\\');
        out.push_back(e);
      }
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      out.push_back(c);
      // A ']' right after '[' or '[^' is a literal member, not the end of the class.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out.push_back(pattern[++i]);
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out.push_back(pattern[++i]);
      continue;
    }
    if (in_class && c == ']') in_class = false;
    out.push_back(c);
  }
  return out;
}

struct PreTokenizer::Code {
  pcre2_code* re = nullptr;
  ~Code() { pcre2_code_free(re); }
};

struct PreTokenizer::Scratch::Impl {
  pcre2_match_data* match = nullptr;
  pcre2_match_context* context = nullptr;
  pcre2_jit_stack* stack = nullptr;
  ~Impl() {
    pcre2_match_data_free(match);
    pcre2_match_context_free(context);
    pcre2_jit_stack_free(stack);
  }
};

PreTokenizer::Scratch::Scratch(const PreTokenizer& pre) : impl_(std::make_unique<Impl>()) {
  impl_->match = pcre2_match_data_create_from_pattern(pre.code_->re, nullptr);
  impl_->context = pcre2_match_context_create(nullptr);
}

PreTokenizer::Scratch::~Scratch() = default;
PreTokenizer::~PreTokenizer() = default;

Result<std::unique_ptr<PreTokenizer>> PreTokenizer::compile(std::string_view pattern) {
  std::unique_ptr<PreTokenizer> pre(new PreTokenizer());
  pre->pattern_ = rewrite_whitespace_classes(pattern);
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pre->pattern_.data()), pre->pattern_.size(),
                                 PCRE2_UTF | PCRE2_UCP, &error, &offset, nullptr);
  if (!re) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(error, buffer, sizeof buffer);
    return Status::error(ErrorCode::InvalidArgument,
                         "pre-tokenizer regex does not compile at offset " + std::to_string(offset) + ": " +
                             reinterpret_cast<const char*>(buffer) + " (pattern: " + std::string(pattern) + ")");
  }
  pre->code_ = std::make_unique<Code>();
  pre->code_->re = re;
  // Without JIT (a PCRE2 built without it) the interpreter gives the same pieces, only slower.
  pre->jit_ = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
  return pre;
}

void PreTokenizer::split(std::string_view text, Scratch& scratch, std::vector<std::string_view>& pieces) const {
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  const std::size_t n = text.size();
  pcre2_match_data* md = scratch.impl_->match;
  std::size_t gap = 0;  // start of text not yet covered by a piece
  std::size_t pos = 0;  // where the next search starts
  while (pos < n) {
    int rc = jit_ ? pcre2_jit_match(code_->re, subject, n, pos, 0, md, scratch.impl_->context) : -1;
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT && !scratch.impl_->stack) {
      scratch.impl_->stack = pcre2_jit_stack_create(kJitStackStart, kJitStackMax, nullptr);
      if (scratch.impl_->stack) {
        pcre2_jit_stack_assign(scratch.impl_->context, nullptr, scratch.impl_->stack);
        rc = pcre2_jit_match(code_->re, subject, n, pos, 0, md, scratch.impl_->context);
      }
    }
    if (!jit_ || (rc < 0 && rc != PCRE2_ERROR_NOMATCH))  // the interpreter as the fallback (JIT stack exhausted)
      rc = pcre2_match(code_->re, subject, n, pos, PCRE2_NO_UTF_CHECK, md, nullptr);
    if (rc < 0) break;  // no match (or an error the interpreter also hits): the rest is one gap piece
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    const std::size_t start = ov[0], end = ov[1];
    if (end == start) {  // an empty match covers nothing: step over one character, it joins the gap
      std::size_t length = 1;
      utf8::classify(text, start, length);
      pos = start + length;
      continue;
    }
    if (start > gap) pieces.push_back(text.substr(gap, start - gap));
    pieces.push_back(text.substr(start, end - start));
    gap = pos = end;
  }
  if (gap < n) pieces.push_back(text.substr(gap));
}

}  // namespace hearth::tokenizer
