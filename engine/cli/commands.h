// The subcommands of hearth-cli, one file each (cmd_<name>.cpp); main.cpp dispatches through its table.
#pragma once

namespace hearth::cli {

int run_model(int argc, char** argv);     // cmd_model.cpp: synth | inspect | list
int run_tokenize(int argc, char** argv);  // cmd_tokenize.cpp

}  // namespace hearth::cli
