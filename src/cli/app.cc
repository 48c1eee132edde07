#include "cli/app.h"

#include <unistd.h>

#include <exception>
#include <iostream>
#include <ostream>
#include <string>

#include "CLI/CLI.hpp"
#include "cli/command.h"
#include "cli/safe_output.h"
#include "flowstate/flowstate.hpp"

namespace flowstate::cli {
namespace {

std::string VersionLine() {
  std::string line = std::string("flowstate ") + FLOWSTATE_VERSION_STRING;
  std::string running = flowstate::version();
  if (running != FLOWSTATE_VERSION_STRING) line += " (library " + running + ")";
  return line;
}

int UsageExit() { return flowstate_error_exit_code(FLOWSTATE_E_INVALID_ARGUMENT); }

}  // namespace

int Main(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
         const CancelToken* interrupt) {
  Context context;  // outlives the app, which holds references into it
  context.interrupt = interrupt;
  CLI::App app{
      "flowstate: Flink SQL scripts, configuration, job lifecycle, checkpoint catalog and "
      "checkpoint storage.",
      "flowstate"};
  app.set_version_flag("--version", VersionLine());
  app.require_subcommand(0, 1);
  app.fallthrough();

  // What users or servers wrote reaches the terminal with its control characters shown as
  // escapes (a script's ESC ] 0 ; ... BEL would retitle the terminal).
  TerminalSafeStream safe_out(out);
  TerminalSafeStream safe_err(err);
  context.out = &safe_out;
  context.err = &safe_err;
  context.terminal = &err;
  if (&out == &std::cout && ::isatty(1) == 1) context.screen = &out;
  app.add_option("--settings", context.settings_path,
                 "Settings file (default: $FLOWSTATE_SETTINGS, else "
                 "$XDG_CONFIG_HOME/flowstate/settings.ini)");
  app.footer(
      "Exit codes: 0 success; 1 the command found problems; 2 usage error; other codes name "
      "the failure (see README.md, 'Exit codes').");

  for (const Group& group : RegisteredGroups()) group.fn(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e, out, err);  // --help, --version
    err << "flowstate: error: " << e.what() << "\n"
        << "Run with --help for more information.\n";
    return UsageExit();
  }

  if (!context.run) {
    out << app.help();
    return app.get_subcommands().empty() ? UsageExit() : 0;
  }
  try {
    return context.run();
  } catch (const flowstate::Error& e) {
    return ReportError(context, e.status());
  } catch (const std::bad_alloc&) {
    return ReportError(context, Status(ErrorCode::no_memory, "out of memory"));
  } catch (const std::exception& e) {
    return ReportError(context, Status(ErrorCode::internal, e.what()));
  }
}

}  // namespace flowstate::cli
