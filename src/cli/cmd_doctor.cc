// `flowstate doctor`: what this installation is made of, and whether it can work.
#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/command.h"
#include "cli/json.h"
#include "flowstate/flowstate.hpp"
#include "rapidjson/document.h"

namespace flowstate::cli {
namespace {

struct Check {
  std::string name;
  std::string outcome;  // "ok", "warning", "failed"
  std::string detail;
};

std::string JoinArray(const rapidjson::Value& array, const char* separator) {
  std::string out;
  if (!array.IsArray()) return out;
  for (const auto& v : array.GetArray()) {
    if (!v.IsString()) continue;
    if (!out.empty()) out += separator;
    out += v.GetString();
  }
  return out;
}

const char* Str(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return "";
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

bool HasString(const rapidjson::Value& array, const char* s) {
  if (!array.IsArray()) return false;
  for (const auto& v : array.GetArray()) {
    if (v.IsString() && std::string(v.GetString()) == s) return true;
  }
  return false;
}

// A settings value as shown to the user: secrets redacted by key.
std::string ShownValue(const SettingsEntry& e) {
  return is_secret_key(e.key) && !e.value.empty() ? std::string(FLOWSTATE_REDACTED) : e.value;
}

int RunDoctor(Context& ctx, bool json) {
  std::string info_text = build_info_json().value();
  rapidjson::Document info;
  info.Parse(info_text.c_str(), info_text.size());
  if (info.HasParseError() || !info.IsObject()) {
    return ReportError(
        ctx, Status(ErrorCode::internal, "the library returned malformed build information"));
  }
  const rapidjson::Value& curl = info["curl"];
  const rapidjson::Value& sqlite = info["sqlite"];

  std::vector<Check> checks;
  checks.push_back(
      {"abi", abi_compatible() ? "ok" : "failed",
       std::string("program built for ") + FLOWSTATE_VERSION_STRING + ", library " + version()});
  checks.push_back({"tls", HasString(curl["features"], "SSL") ? "ok" : "failed",
                    std::string("curl TLS backend: ") + Str(curl, "ssl")});
  checks.push_back(
      {"kerberos", curl["gssapi"].IsBool() && curl["gssapi"].GetBool() ? "ok" : "warning",
       curl["gssapi"].IsBool() && curl["gssapi"].GetBool()
           ? "curl has GSS-API and SPNEGO (WebHDFS with Kerberos works)"
           : "curl lacks GSS-API/SPNEGO: WebHDFS needs user.name or delegation tokens"});
  bool threadsafe = sqlite["threadsafe"].IsInt() && sqlite["threadsafe"].GetInt() != 0;
  checks.push_back({"sqlite-threads", threadsafe ? "ok" : "failed",
                    threadsafe ? "SQLite is built thread-safe"
                               : "SQLite is built single-threaded (SQLITE_THREADSAFE=0)"});

  Result<const Settings*> settings = ctx.settings();
  const Settings* loaded = settings.ok() ? *settings : nullptr;
  std::string settings_detail;
  if (!settings.ok()) {
    checks.push_back({"settings", "failed", settings.status().message()});
  } else {
    const Settings& s = **settings;
    settings_detail = s.path().empty() ? "(no location: HOME is not set)" : s.path();
    settings_detail += s.loaded_from_file()
                           ? " (" + std::to_string(s.sections().size()) + " sections)"
                           : " (not present; defaults apply)";
    checks.push_back({"settings", "ok", settings_detail});
  }
  bool failed = false;
  for (const Check& c : checks) failed = failed || c.outcome == "failed";

  std::ostream& out = *ctx.out;
  if (json) {
    auto& alloc = info.GetAllocator();
    rapidjson::Value cli(rapidjson::kObjectType);
    cli.AddMember("version", JsonString(FLOWSTATE_VERSION_STRING, alloc), alloc);
    info.AddMember("cli", cli, alloc);
    rapidjson::Value arr(rapidjson::kArrayType);
    for (const Check& c : checks) {
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("name", JsonString(c.name, alloc), alloc);
      o.AddMember("outcome", JsonString(c.outcome, alloc), alloc);
      o.AddMember("detail", JsonString(redact_text(c.detail).value_or(""), alloc), alloc);
      arr.PushBack(o, alloc);
    }
    info.AddMember("checks", arr, alloc);
    if (loaded != nullptr) {
      rapidjson::Value sections(rapidjson::kArrayType);
      for (const SettingsSection& sec : loaded->sections()) {
        rapidjson::Value o(rapidjson::kObjectType);
        o.AddMember("name", JsonString(sec.name, alloc), alloc);
        o.AddMember("subsection", JsonString(sec.subsection, alloc), alloc);
        rapidjson::Value entries(rapidjson::kObjectType);
        for (const SettingsEntry& e : sec.entries) {
          entries.AddMember(JsonString(e.key, alloc), JsonString(ShownValue(e), alloc), alloc);
        }
        o.AddMember("entries", entries, alloc);
        sections.PushBack(o, alloc);
      }
      rapidjson::Value st(rapidjson::kObjectType);
      st.AddMember("path", JsonString(loaded->path(), alloc), alloc);
      st.AddMember("sections", sections, alloc);
      info.AddMember("settings", st, alloc);
    }
    PrintJson(out, info);
    return failed ? kExitProblems : 0;
  }

  const rapidjson::Value& fs = info["flowstate"];
  out << "flowstate " << Str(fs, "version") << " (ABI " << fs["abi"].GetInt() << ")\n"
      << "  compiler:   " << Str(fs, "compiler") << "\n"
      << "  build type: " << Str(fs, "build_type") << ", sanitizers: " << Str(fs, "sanitizers")
      << "\n"
      << "curl " << Str(curl, "version") << " (" << Str(curl, "ssl") << ")\n"
      << "  features:   " << JoinArray(curl["features"], " ") << "\n"
      << "  protocols:  " << JoinArray(curl["protocols"], " ") << "\n"
      << "SQLite " << Str(sqlite, "version") << " (threadsafe=" << sqlite["threadsafe"].GetInt()
      << ")\n"
      << "  compile options: " << JoinArray(sqlite["compile_options"], " ") << "\n"
      << "RapidJSON " << Str(info["rapidjson"], "version") << "\n"
      << "Abseil LTS " << info["abseil"]["lts"].GetInt64() << "\n";
  if (loaded != nullptr && !loaded->sections().empty()) {
    out << "settings (" << loaded->path() << "):\n";
    for (const SettingsSection& sec : loaded->sections()) {
      out << "  [" << sec.name;
      if (!sec.subsection.empty()) out << " \"" << sec.subsection << "\"";
      out << "]\n";
      for (const SettingsEntry& e : sec.entries)
        out << "    " << e.key << " = " << ShownValue(e) << "\n";
    }
  }
  out << "checks:\n";
  for (const Check& c : checks) {
    out << "  " << c.name << ": " << c.outcome << ": " << redact_text(c.detail).value_or("")
        << "\n";
  }
  return failed ? kExitProblems : 0;
}

void RegisterDoctor(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand(
      "doctor", "Show the library, its linked dependencies and settings, and check them");
  bool& json = context.Make<bool>();
  cmd->add_flag("--json", json, "Print the report as JSON");
  context.OnRun(cmd, [&context, &json] { return RunDoctor(context, json); });
}

const GroupRegistration kRegistration("doctor", 100, &RegisterDoctor);

}  // namespace
}  // namespace flowstate::cli
