// `hearth-cli tokenize`: declared with the other subcommands in cli/commands.h.
#pragma once

#include "cli/commands.h"
