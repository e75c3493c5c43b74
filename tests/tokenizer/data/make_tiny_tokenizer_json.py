#!/usr/bin/env python3
"""Regenerates tiny_tokenizer.json: the hand-written vocabulary of tiny_vocab.cpp in Hugging Face's
tokenizer.json format, with merges in both the "a b" and the ["a", "b"] form, added tokens of both kinds,
the Llama 3 Split regex and a TemplateProcessing post-processor that adds <s>.
Run: python3 make_tiny_tokenizer_json.py > tiny_tokenizer.json"""
import json


def byte_to_unicode():
    # GPT-2's mapping: printable Latin-1 bytes stand for themselves, the rest map to U+0100 onwards.
    keep = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(0x100 + extra)
            extra += 1
    return table


B = byte_to_unicode()
SP = B[0x20]
vocab = {B[b]: b for b in range(256)}
for i, text in enumerate(["bc", "ab", "aa", "abc", SP + "w", SP + "wo"]):
    vocab[text] = 256 + i
added = [("<|im_start|>", 262, True), ("<|im_end|>", 263, True), ("<tool>", 264, False),
         ("<tool_call>", 265, False), ("<s>", 266, True)]
LLAMA3 = ("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
          "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")
doc = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [{"id": i, "content": c, "single_word": False, "lstrip": False, "rstrip": False,
                      "normalized": False, "special": s} for c, i, s in added],
    "normalizer": None,
    "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": LLAMA3}, "behavior": "Isolated", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
    "post_processor": {"type": "TemplateProcessing",
                       "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                       "pair": [], "special_tokens": {}},
    "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
    "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
              "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
              "vocab": vocab,
              "merges": ["b c", ["a", "b"], "a a", [SP, "w"], SP + "w o"]},
}
print(json.dumps(doc, ensure_ascii=False, indent=1))
