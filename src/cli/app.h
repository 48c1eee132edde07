// The flowstate program as a function, so tests can run it in-process.
#ifndef FLOWSTATE_SRC_CLI_APP_H_
#define FLOWSTATE_SRC_CLI_APP_H_

#include <iosfwd>

namespace flowstate::cli {

// Parses argv, runs the chosen command and returns the process exit code.
int Main(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_APP_H_
