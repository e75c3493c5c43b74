// A hand-written byte-level BPE vocabulary small enough to reason about in tests: the 256 byte tokens
// (id = byte value), a few merges whose order matters, and added tokens of each kind.
#pragma once

#include <string>

#include "tokenizer/tokenizer_data.h"

namespace hearth_test {

struct TinyVocab {
  // Ids beyond the 256 byte tokens, in the order tiny_vocab() adds them.
  static constexpr int kBC = 256;         // "bc"    merge rank 0: "b c"
  static constexpr int kAB = 257;         // "ab"    merge rank 1: "a b"
  static constexpr int kAA = 258;         // "aa"    merge rank 2: "a a"
  static constexpr int kABC = 259;        // "abc"   no merge builds it: reachable only through ignore_merges
  static constexpr int kSpaceW = 260;     // "Ġw"    merge rank 3: "Ġ w"
  static constexpr int kSpaceWO = 261;    // "Ġwo"   merge rank 4: "Ġw o"
  static constexpr int kImStart = 262;    // <|im_start|>  control
  static constexpr int kImEnd = 263;      // <|im_end|>    control
  static constexpr int kTool = 264;       // <tool>        user-defined
  static constexpr int kToolCall = 265;   // <tool_call>   user-defined, shares a prefix with <tool>
  static constexpr int kBos = 266;        // <s>           control, the BOS
};

// `pre` selects the pre-tokenizer preset; `drop_byte_ff` removes the byte-level token of 0xFF and adds a
// <0xFF> byte token instead (byte fallback).
hearth::tokenizer::TokenizerData tiny_vocab(const std::string& pre = "llama3", bool drop_byte_ff = false);

}  // namespace hearth_test
