// Splits text into pre-tokens with a regex, the way Hugging Face's Split pre-tokenizer does with behaviour
// "Isolated": every match is a piece and so is every gap between matches, so the pieces cover the text.
// PCRE2 in UTF + UCP mode with JIT; like Oniguruma (which Hugging Face tokenizers use) it is a backtracking
// engine, so lookarounds such as `\s+(?!\S)` behave identically.
//
// One deliberate rewrite: PCRE2's \s in UCP mode also matches U+180E (Mongolian vowel separator), which
// Unicode 6.3 removed from White_Space. Hugging Face and llama.cpp use White_Space exactly, so \s and \S
// outside character classes, and \s inside them, are replaced by that explicit set before compiling.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace hearth::tokenizer {

class PreTokenizer {
 public:
  // Per-thread match state (match data, JIT stack). One per encode call; not shared between threads.
  class Scratch {
   public:
    explicit Scratch(const PreTokenizer& pre);
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

   private:
    friend class PreTokenizer;
    struct Impl;
    std::unique_ptr<Impl> impl_;
  };

  // InvalidArgument naming the offset when the pattern does not compile.
  static Result<std::unique_ptr<PreTokenizer>> compile(std::string_view pattern);
  ~PreTokenizer();
  PreTokenizer(const PreTokenizer&) = delete;
  PreTokenizer& operator=(const PreTokenizer&) = delete;

  // Appends the pieces of `text` to `pieces`. `text` must be valid UTF-8 (the tokenizer splits invalid
  // bytes off first). Pieces are never empty and concatenate to `text`.
  void split(std::string_view text, Scratch& scratch, std::vector<std::string_view>& pieces) const;

  const std::string& pattern() const { return pattern_; }  // after the \s rewrite
  bool jit() const { return jit_; }

 private:
  PreTokenizer() = default;
  struct Code;
  std::unique_ptr<Code> code_;
  std::string pattern_;
  bool jit_ = false;
};

// The \s rewrite described above; exposed for tests.
std::string rewrite_whitespace_classes(std::string_view pattern);

}  // namespace hearth::tokenizer
