// `hearth-cli tokenize`: text to ids and back, and the tokenizer benchmark.
#pragma once

namespace hearth::cli {

// argv[0] is "tokenize". Returns the process exit code.
int run_tokenize(int argc, char** argv);

}  // namespace hearth::cli
