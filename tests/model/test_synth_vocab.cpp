// The synthetic tokenizer: exact size, special tokens at the Nemotron ids, GPT-2 byte strings, merges whose
// results are tokens, all token strings unique; padding to the released 131072-token vocabulary.
#include <set>
#include <string>

#include "model/presets.h"
#include "model/synth_vocab.h"
#include "support/check.h"

using namespace hearth::model;

TEST_CASE(tiny_vocab_has_exactly_the_preset_size) {
  const SynthVocab v = build_synth_vocab(kTinyVocab);
  CHECK_EQ(static_cast<std::int64_t>(v.tokens.size()), kTinyVocab);
  CHECK_EQ(v.tokens.size(), v.types.size());
  CHECK_EQ(v.merges.size(), static_cast<std::size_t>(kTinyVocab - kSpecialCount - 256));
  const std::set<std::string> unique(v.tokens.begin(), v.tokens.end());
  CHECK_EQ(unique.size(), v.tokens.size());
}

TEST_CASE(special_tokens_sit_at_the_nemotron_ids) {
  const SynthVocab v = build_synth_vocab(kTinyVocab);
  CHECK_EQ(v.tokens[0], std::string("<unk>"));
  CHECK_EQ(v.tokens[1], std::string("<s>"));
  CHECK_EQ(v.tokens[2], std::string("</s>"));
  CHECK_EQ(v.tokens[10], std::string("<|im_start|>"));
  CHECK_EQ(v.tokens[11], std::string("<|im_end|>"));
  CHECK_EQ(v.tokens[12], std::string("<think>"));
  CHECK_EQ(v.tokens[13], std::string("</think>"));
  for (int id = 0; id < kSpecialCount; ++id) CHECK_EQ(v.types[static_cast<std::size_t>(id)], 3);  // CONTROL
  CHECK_EQ(v.bos_id, 1);
  CHECK_EQ(v.eos_id, 11);
}

TEST_CASE(byte_tokens_use_the_gpt2_byte_map) {
  CHECK_EQ(byte_token('a'), std::string("a"));
  CHECK_EQ(byte_token(' '), std::string("\xC4\xA0"));   // U+0120 'Ġ'
  CHECK_EQ(byte_token('\n'), std::string("\xC4\x8A"));  // U+010A 'Ċ'
  CHECK_EQ(byte_token(0), std::string("\xC4\x80"));     // U+0100
  CHECK_EQ(byte_token(0xAD), std::string("\xC5\x83"));  // soft hyphen is remapped: U+0143
  const SynthVocab v = build_synth_vocab(kTinyVocab);
  CHECK_EQ(v.tokens[kSpecialCount + ' '], std::string("\xC4\xA0"));
}

TEST_CASE(merges_build_tokens_of_the_vocabulary) {
  const SynthVocab v = build_synth_vocab(kTinyVocab);
  const std::set<std::string> tokens(v.tokens.begin(), v.tokens.end());
  bool has_space_the = false;
  for (const std::string& m : v.merges) {
    const std::size_t space = m.find(' ');
    REQUIRE(space != std::string::npos);
    const std::string left = m.substr(0, space), right = m.substr(space + 1);
    CHECK(tokens.count(left) == 1);
    CHECK(tokens.count(right) == 1);
    CHECK(tokens.count(left + right) == 1);
    has_space_the |= left + right == "\xC4\xA0the";
  }
  CHECK(has_space_the);  // " the" is the commonest English word: the learner must have found it
}

TEST_CASE(full_vocab_pads_with_unused_tokens) {
  const SynthVocab v = build_synth_vocab(kFullVocab);
  CHECK_EQ(static_cast<std::int64_t>(v.tokens.size()), kFullVocab);
  CHECK_EQ(v.tokens.back(), std::string("<unused_131071>"));
  CHECK_EQ(v.types.back(), 5);  // UNUSED
}

TEST_CASE(chat_template_has_the_chatml_pieces) {
  const std::string& t = synth_chat_template();
  CHECK(t.find("<|im_start|>system\\n") != std::string::npos);
  CHECK(t.find("enable_thinking") != std::string::npos);
  CHECK(t.find("<|im_start|>assistant\\n<think>\\n") != std::string::npos);
  CHECK(t.find("<think></think>") != std::string::npos);
}
