#include "cli/storage_options.h"

#include <cctype>
#include <filesystem>

#include <unistd.h>

#include <ostream>

#include "CLI/CLI.hpp"
#include "cli/endpoint_settings.h"

namespace flowstate::cli {

std::string AbsoluteLocation(const std::string& arg) {
  if (arg.empty() || arg[0] == '/') return arg;
  // scheme ":" per RFC 3986: a letter, then letters, digits, '+', '-', '.'.
  size_t colon = arg.find(':');
  if (colon != std::string::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(arg[0]))) {
    bool scheme = true;
    for (size_t i = 1; i < colon; ++i) {
      char c = arg[i];
      scheme &= std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    }
    if (scheme) return arg;
  }
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(arg, ec);
  if (ec) return arg;  // the library then says the path is relative
  return abs.lexically_normal().string();
}

CLI::Validator LocationArg() {
  return CLI::Validator(
      [](std::string& value) {
        value = AbsoluteLocation(value);
        return std::string();
      },
      "", "location");
}
namespace {

Status SplitPair(const std::string& v, const char* option, std::string* a, std::string* b) {
  size_t eq = v.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == v.size()) {
    return Status(ErrorCode::invalid_argument,
                  std::string(option) + " expects A=B, got '" + v + "'");
  }
  *a = v.substr(0, eq);
  *b = v.substr(eq + 1);
  return Status();
}

}  // namespace

void AddStorageOptions(CLI::App* cmd, StorageArgs& a) {
  cmd->add_option("--mount", a.mounts,
                  "Map a prefix as Flink sees it to this host's mount: PREFIX=PATH")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--webhdfs", a.webhdfs, "WebHDFS endpoint of an HDFS nameservice: NAME=URL")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--webhdfs-user", a.webhdfs_user, "user.name for the endpoints given here");
  cmd->add_option("--webhdfs-token", a.webhdfs_token,
                  "Delegation token for the endpoints given here");
  cmd->add_flag("--kerberos", a.kerberos,
                "Authenticate to WebHDFS with SPNEGO (the host's Kerberos ticket)");
  cmd->add_flag("--insecure", a.insecure, "Do not verify WebHDFS TLS certificates");
  cmd->add_option("--ca-file", a.ca_file, "CA bundle for WebHDFS over TLS");
  cmd->add_option("--default-nameservice", a.default_nameservice,
                  "The nameservice hdfs:/// refers to");
  cmd->add_option("--request-timeout", a.request_timeout_s,
                  "Seconds each WebHDFS request may take (default 30)")
      ->check(CLI::PositiveNumber);
}

Result<Storage> MakeStorage(Context& ctx, const StorageArgs& a) {
  Result<const Settings*> settings = ctx.settings();
  if (!settings.ok()) return settings.status();
  StorageConfig config;
  for (const SettingsSection* s : (*settings)->Sections("mount")) {
    const SettingsEntry* path = s->Find("path");
    if (path == nullptr) {
      return Status(ErrorCode::invalid_argument, (*settings)->path() + ":" +
                                                     std::to_string(s->line) + ": [mount \"" +
                                                     s->subsection + "\"] needs path = ...");
    }
    Status st = config.add_mount(s->subsection, path->value);
    if (!st.ok())
      return Status(st.code(),
                    (*settings)->path() + ":" + std::to_string(path->line) + ": " + st.message());
  }
  for (const SettingsSection* s : (*settings)->Sections("webhdfs")) {
    WebHdfsOptions o;
    if (Status st = ReadEndpoint(**settings, *s, "bearer-token", &o.endpoint); !st.ok()) return st;
    o.user = s->Get("user");
    o.doas = s->Get("doas");
    o.delegation_token = s->Get("token");
    Status st = config.add_webhdfs(s->subsection, o);
    if (!st.ok())
      return Status(st.code(),
                    (*settings)->path() + ":" + std::to_string(s->line) + ": " + st.message());
  }
  if (const SettingsSection* s = (*settings)->Section("storage")) {
    if (const SettingsEntry* ns = s->Find("default-nameservice")) {
      Status st = config.set_default_nameservice(ns->value);
      if (!st.ok()) return st;
    }
  }
  for (const std::string& m : a.mounts) {
    std::string prefix, path;
    Status st = SplitPair(m, "--mount", &prefix, &path);
    if (st.ok()) st = config.add_mount(prefix, path);
    if (!st.ok()) return st;
  }
  for (const std::string& w : a.webhdfs) {
    WebHdfsOptions o;
    std::string name;
    Status st = SplitPair(w, "--webhdfs", &name, &o.endpoint.url);
    if (!st.ok()) return st;
    o.user = a.webhdfs_user;
    o.delegation_token = a.webhdfs_token;
    if (a.kerberos) o.endpoint.kerberos = true;
    if (a.insecure) o.endpoint.verify_tls = false;
    o.endpoint.ca_file = a.ca_file;
    if (a.request_timeout_s)
      o.endpoint.timeout_ms = static_cast<int64_t>(*a.request_timeout_s * 1000);
    st = config.add_webhdfs(name, o);
    if (!st.ok()) return st;
  }
  if (!a.default_nameservice.empty()) {
    Status st = config.set_default_nameservice(a.default_nameservice);
    if (!st.ok()) return st;
  }
  return Storage::create(&config);
}

ProgressLine::ProgressLine(Context& ctx, bool force)
    : ctx_(ctx), enabled_(force || ::isatty(2) == 1), tty_(::isatty(2) == 1) {}

ProgressLine::~ProgressLine() {
  if (enabled_ && printed_ && tty_) *Terminal() << "\r\033[K" << std::flush;
}

bool ProgressLine::operator()(std::string_view phase, uint64_t done, uint64_t total) {
  ctx_.last_progress = std::string(phase) + " " + std::to_string(done) +
                       (total > 0 ? "/" + std::to_string(total) : std::string());
  if (!enabled_) return true;
  printed_ = true;
  if (tty_) *Terminal() << "\r\033[K" << std::flush;
  *ctx_.err << "progress: " << phase << " " << done;
  if (total > 0) *ctx_.err << "/" << total;
  *ctx_.err << (tty_ ? "" : "\n") << std::flush;
  return true;
}

}  // namespace flowstate::cli
