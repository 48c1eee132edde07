#include "cli/command.h"

#include <algorithm>
#include <cstring>
#include <ostream>

#include "CLI/CLI.hpp"
#include "flowstate/enums.hpp"
#include "flowstate/error.h"

namespace flowstate::cli {
namespace {

std::vector<Group>& Registry() {
  static std::vector<Group> groups;
  return groups;
}

}  // namespace

std::string EnumChoices(int type) {
  std::vector<EnumValue> values = enum_values(type);
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " or " : ", ";
    out += values[i].name;
  }
  return out;
}

Result<int> ParseEnumOption(int type, const std::string& option, const std::string& text) {
  Result<int> v = enum_parse(type, text);
  if (v.ok()) return v;
  return Status(ErrorCode::invalid_argument,
                option + " takes " + EnumChoices(type) + ", not '" + text + "'");
}

GroupRegistration::GroupRegistration(const char* name, int order, RegisterFn fn) {
  Registry().push_back(Group{name, order, fn});
}

std::vector<Group> RegisteredGroups() {
  std::vector<Group> groups = Registry();
  std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    return a.order != b.order ? a.order < b.order : std::strcmp(a.name, b.name) < 0;
  });
  return groups;
}

Result<const Settings*> Context::settings() {
  if (!settings_) {
    Result<Settings> loaded = Settings::Load(settings_path);
    if (!loaded.ok()) return loaded.status();
    settings_ = std::move(loaded).value();
  }
  return &*settings_;
}

void Context::OnRun(CLI::App* cmd, std::function<int()> fn) {
  cmd->callback([this, fn = std::move(fn)] { run = fn; });
}

int ExitCode(const Status& status) {
  return flowstate_error_exit_code(static_cast<int>(status.code()));
}

int ReportError(Context& context, const Status& status) {
  if (status.ok()) return 0;
  if (status.code() == ErrorCode::cancelled && context.interrupt != nullptr &&
      context.interrupt->is_cancelled()) {
    *context.err << "flowstate: interrupted"
                 << (context.doing.empty() ? std::string() : " while " + context.doing)
                 << (context.last_progress.empty() ? std::string()
                                                   : " (at " + context.last_progress + ")")
                 << "; nothing more was done\n";
    return ExitCode(status);
  }
  *context.err << "flowstate: error: " << status.message() << "\n";
  for (const Diagnostic& d : status.diagnostics()) {
    *context.err << "  ";
    if (!d.source.empty()) *context.err << d.source << ":";
    if (d.line > 0) *context.err << d.line << ":" << d.column << ":";
    *context.err << (d.source.empty() && d.line <= 0 ? "" : " ") << d.message << "\n";
  }
  return ExitCode(status);
}

}  // namespace flowstate::cli
