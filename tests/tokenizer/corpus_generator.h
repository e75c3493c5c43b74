// A deterministic multilingual corpus for the exactness test: prose with contractions in mixed case,
// many scripts (CJK, Arabic, Hebrew, Devanagari, Bengali, Tamil, Thai, Hangul, Cyrillic, Greek...),
// emoji with skin tones, ZWJ sequences, flags and keycaps, combining marks, source code in many
// languages, long whitespace and newline runs (tabs, CRLF, Unicode spaces), numbers of every length
// and in several scripts, URLs and paths, text that looks like special tokens, and invalid UTF-8.
//
// A document is a list of segments: valid UTF-8 text, or a run of bytes that are not valid UTF-8 on
// their own nor together with their neighbours. The same seed gives the same corpus on every platform
// (own PRNG; no std distributions, whose output the standard leaves to the library).
//
// Left out on purpose, because the JavaScript reference and Hugging Face tokenizers (the model's own
// tokenizer, which Hearth follows) disagree on them: U+0085 and U+FEFF (JavaScript's \s differs from
// Unicode White_Space) and U+017F after an apostrophe (Oniguruma's case-insensitive 's matches the long
// s, the JavaScript port's [sS] does not). The pre-tokenizer unit tests pin those cases down.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hearth_test {

struct CorpusSegment {
  bool invalid = false;  // true: bytes that are not UTF-8
  std::string bytes;
};

struct CorpusDocument {
  std::string kind;  // which generator made it, for failure reports
  std::vector<CorpusSegment> segments;
  std::string bytes() const;
};

// Documents until their total size reaches at least `min_bytes`.
std::vector<CorpusDocument> generate_corpus(std::uint64_t seed, std::size_t min_bytes);

}  // namespace hearth_test
