// libFuzzer target (clang, ASan, UBSan): the first input byte picks what the rest feeds.
//   0: text for the tiny-vocabulary tokenizer, with and without special tokens; decode(encode(x)) and the
//      streamed decode must both give x back exactly (any bytes: invalid UTF-8 becomes byte tokens).
//   1: a tokenizer.json; whatever parses and validates must then encode and decode without fault.
// Crashes, sanitizer reports and broken round trips (__builtin_trap) are findings.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "tiny_vocab.h"
#include "tokenizer/stream_decoder.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_json.h"

namespace {

using hearth::tokenizer::Tokenizer;

const Tokenizer& tiny() {
  static const std::unique_ptr<Tokenizer> tok = Tokenizer::create(hearth_test::tiny_vocab()).value();
  return *tok;
}

void round_trip(const Tokenizer& tok, std::string_view text) {
  for (const bool special : {false, true}) {
    hearth::tokenizer::EncodeOptions options;
    options.parse_special = special;
    options.add_special = false;
    const auto ids = tok.encode(text, options);
    const auto back = tok.decode(ids, true);
    if (!back.is_ok() || *back != text) __builtin_trap();
    hearth::tokenizer::StreamDecoder stream(tok, true);
    std::string streamed;
    for (const auto id : ids)
      if (!stream.push(id, streamed).is_ok()) __builtin_trap();
    stream.finish(streamed);
    if (streamed != text) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    round_trip(tiny(), rest);
  } else {
    auto parsed = hearth::tokenizer::parse_tokenizer_json(rest);
    if (!parsed.is_ok()) return 0;
    auto tok = Tokenizer::create(std::move(*parsed));
    if (!tok.is_ok()) return 0;
    round_trip(**tok, "Hello w\xC3\xB6rld 12345 <s> \xFF it's\n\n  x");
  }
  return 0;
}
