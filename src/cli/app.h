// The flowstate program as a function, so tests can run it in-process.
#ifndef FLOWSTATE_SRC_CLI_APP_H_
#define FLOWSTATE_SRC_CLI_APP_H_

#include <iosfwd>

#include "flowstate/cancel.hpp"

namespace flowstate::cli {

// Parses argv, runs the chosen command and returns the process exit code. `interrupt`
// (may be null) fires when the user interrupts the program (Ctrl-C): long commands stop and
// say what they were doing.
int Main(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
         const CancelToken* interrupt = nullptr);

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_APP_H_
