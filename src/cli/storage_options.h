// How the program reaches storage: mounts and WebHDFS endpoints from the settings file
// ([mount "PREFIX"] path = ..., [webhdfs "NAME"] url = ..., [storage] default-nameservice)
// and from command-line options, which add to the settings.
#ifndef FLOWSTATE_SRC_CLI_STORAGE_OPTIONS_H_
#define FLOWSTATE_SRC_CLI_STORAGE_OPTIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "flowstate/storage.hpp"

namespace CLI {
class App;
class Validator;
}  // namespace CLI

namespace flowstate::cli {

struct StorageArgs {
  std::vector<std::string> mounts;   // PREFIX=PATH
  std::vector<std::string> webhdfs;  // NAME=URL
  std::string webhdfs_user, webhdfs_token, default_nameservice, ca_file;
  bool kerberos = false;
  bool insecure = false;
  std::optional<double> request_timeout_s;  // unset: the library default
};

void AddStorageOptions(CLI::App* cmd, StorageArgs& args);

// A location this host reads (the storage commands), as typed: a relative local path
// ("chk-42", "./savepoint-...") becomes absolute against the working directory, as a shell
// user expects; absolute paths and URIs ("hdfs:///...", "file:/...") are kept as written.
// Paths that go to Flink or into the catalog (--once, snapshots add) stay absolute-only:
// Flink sees its own file systems, not this shell's working directory.
std::string AbsoluteLocation(const std::string& arg);
// The same as a CLI11 transform for location options and positionals.
CLI::Validator LocationArg();

// The storage the settings and the options describe.
Result<Storage> MakeStorage(Context& ctx, const StorageArgs& args);

// Shows a long operation's progress on stderr (one updating line on a terminal).
class ProgressLine {
 public:
  ProgressLine(Context& ctx, bool force);
  ~ProgressLine();
  bool operator()(std::string_view phase, uint64_t done, uint64_t total);

 private:
  Context& ctx_;
  bool enabled_;
  bool tty_;
  std::ostream* Terminal() const { return ctx_.terminal != nullptr ? ctx_.terminal : ctx_.err; }
  bool printed_ = false;
};

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_STORAGE_OPTIONS_H_
