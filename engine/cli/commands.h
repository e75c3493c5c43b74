// The subcommands of hearth-cli, one file each (cmd_<name>.cpp); main.cpp dispatches through its table.
#pragma once

namespace hearth::cli {

int run_model(int argc, char** argv);     // cmd_model.cpp: synth | inspect | list
int run_tokenize(int argc, char** argv);  // cmd_tokenize.cpp
int run_run(int argc, char** argv);       // cmd_run.cpp: one prompt, the continuation streamed
int run_chat(int argc, char** argv);      // cmd_chat.cpp: interactive terminal chat
int run_bench(int argc, char** argv);     // cmd_bench.cpp: prefill / decode tokens per second

}  // namespace hearth::cli
