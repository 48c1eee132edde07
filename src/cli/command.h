// How the flowstate program is put together: each command group lives in its own file
// and registers itself here; main() builds the CLI11 app from the registry.
//
// A group's registration function adds a subcommand to the app and sets, for each leaf
// command, `context.run` to the function that executes it. Commands return an exit code
// (ExitCode() of a Status, or kExitProblems when they ran and found problems).
#ifndef FLOWSTATE_SRC_CLI_COMMAND_H_
#define FLOWSTATE_SRC_CLI_COMMAND_H_

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/settings.h"
#include "flowstate/cancel.hpp"
#include "flowstate/enum_types.hpp"
#include "flowstate/status.hpp"

namespace CLI {
class App;
}

namespace flowstate::cli {

// The names an option of an enumeration (FLOWSTATE_ENUM_*) takes, from the library's table:
// "none, header, structure or files".
std::string EnumChoices(int type);
// The value for a user's `text` of option `option`, or INVALID_ARGUMENT naming the choices.
Result<int> ParseEnumOption(int type, const std::string& option, const std::string& text);
template <typename E>
Result<E> ParseEnumOption(const std::string& option, const std::string& text) {
  Result<int> v = ParseEnumOption(enum_id(E{}), option, text);
  if (!v.ok()) return v.status();
  return static_cast<E>(*v);
}

// The command ran and reports problems it found (lint errors, failed verification).
inline constexpr int kExitProblems = 1;

struct Context {
  std::ostream* out = nullptr;  // data and reports (control characters shown as escapes)
  std::ostream* err = nullptr;  // errors, warnings and progress (likewise)
  // The error stream itself, for the program's own terminal sequences (the progress line's
  // "\r ESC[K"); never for text that comes from users or servers.
  std::ostream* terminal = nullptr;
  // The output stream itself when it is a terminal (else null), for the program's own
  // sequences on it (a refreshed screen, highlighting); never for text from users or servers.
  std::ostream* screen = nullptr;
  std::string settings_path;  // --settings, or empty for the default location
  std::function<int()> run;   // set by the chosen leaf command
  // Fires when the user interrupts the program (Ctrl-C); long commands pass it on as their
  // cancellation token. Null when nothing can interrupt (in-process tests).
  const CancelToken* interrupt = nullptr;
  // What a long command is doing ("finding the newest restorable snapshot under ...") and
  // its last progress ("check 3/94"), for the message when it is interrupted.
  std::string doing, last_progress;

  // The settings file, loaded on first use; a broken file is reported with file:line.
  Result<const Settings*> settings();

  // Storage for a command's option values, alive as long as the context.
  template <typename T>
  T& Make() {
    auto p = std::make_shared<T>();
    owned_.push_back(p);
    return *p;
  }

  // Makes `fn` the command to run when `cmd` is the one chosen on the command line.
  void OnRun(CLI::App* cmd, std::function<int()> fn);

 private:
  std::optional<Settings> settings_;
  std::vector<std::shared_ptr<void>> owned_;
};

using RegisterFn = void (*)(CLI::App& app, Context& context);

// Adds a group to the registry; call through a file-level `static const GroupRegistration`.
struct GroupRegistration {
  GroupRegistration(const char* name, int order, RegisterFn fn);
};

struct Group {
  const char* name;
  int order;  // position in --help
  RegisterFn fn;
};
std::vector<Group> RegisteredGroups();  // sorted by order, then name

// Exit code of a status, from the library's error table.
int ExitCode(const Status& status);

// Prints "flowstate: error: <message>" (and diagnostics) to context.err and returns the
// status's exit code. After an interrupt: "flowstate: interrupted while <doing> (at
// <progress>)" instead.
int ReportError(Context& context, const Status& status);

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_COMMAND_H_
