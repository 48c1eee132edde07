// Reading the program's inputs: a file, or standard input for "-".
#ifndef FLOWSTATE_SRC_CLI_INPUT_H_
#define FLOWSTATE_SRC_CLI_INPUT_H_

#include <string>

#include "flowstate/status.hpp"

namespace flowstate::cli {

// The whole content of `path` ("-" = standard input).
Result<std::string> ReadInput(const std::string& path);

// How the input is named in diagnostics: the path, or "<stdin>".
std::string InputName(const std::string& path);

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_INPUT_H_
