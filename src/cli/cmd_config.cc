// `flowstate config explain|render|options|check`: Flink configuration.
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/command.h"
#include "cli/endpoint_settings.h"
#include "cli/input.h"
#include "cli/json.h"
#include "cli/record_json.h"
#include "cli/storage_options.h"
#include "flowstate/flowstate.hpp"

namespace flowstate::cli {
namespace {

struct ConfigArgs {
  std::string script;
  std::string flink_version;
  std::vector<std::string> cluster_conf;
  std::string format = "auto";
  std::vector<std::string> sets;
  std::vector<std::string> vars;
  bool defaults = false;
  bool json = false;
  std::string deployment = "unknown";
  std::string submitter = "unknown";
  // explain --job: the running job's configuration beside the explanation
  std::string job, cluster, token;
  double timeout_s = -1;
  bool progress = false;
  bool no_storage = false;
  StorageArgs storage;
  // render
  std::string to = "config-yaml";
  std::string output;
  bool reveal = false;
};

struct Loaded {
  std::optional<Config> config;
  std::vector<std::string> inputs;  // names, for the summary
};

Result<FileFormat> ParseFormat(const std::string& f) {
  if (f == "auto") return FileFormat::auto_value;
  if (f == "flink-conf") return FileFormat::flink_conf;
  if (f == "config-yaml") return FileFormat::config_yaml;
  if (f == "deployment") return FileFormat::deployment;
  return Status(ErrorCode::invalid_argument,
                "--format takes auto, flink-conf, config-yaml or deployment, not '" + f + "'");
}

// The target version: --flink-version, else what a cluster file names, else what the running
// cluster says (explain --job), else the settings.
Result<std::string> TargetVersion(Context& ctx, const ConfigArgs& a,
                                  const std::vector<std::pair<std::string, std::string>>& files,
                                  FileFormat format, FlinkClient* cluster) {
  if (!a.flink_version.empty()) return a.flink_version;
  for (const auto& [name, text] : files) {
    Result<std::optional<std::string>> v = file_flink_version(text, name, format);
    if (!v.ok()) return v.status();
    if (v->has_value()) return **v;
  }
  if (cluster != nullptr) return cluster->version();
  Result<const Settings*> settings = ctx.settings();
  if (!settings.ok()) return settings.status();
  if (const SettingsSection* s = (*settings)->Section("flink")) {
    if (const SettingsEntry* v = s->Find("version")) return v->value;
  }
  return Status(ErrorCode::invalid_argument,
                "say which Flink version the job targets: --flink-version V (or a resource's "
                "spec.flinkVersion, or 'version' in the [flink] section of the settings)");
}

Result<Loaded> Load(Context& ctx, const ConfigArgs& a, FlinkClient* cluster = nullptr) {
  Result<FileFormat> format = ParseFormat(a.format);
  if (!format.ok()) return format.status();
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string& path : a.cluster_conf) {
    Result<std::string> text = ReadInput(path);
    if (!text.ok()) return text.status();
    files.emplace_back(InputName(path), std::move(text).value());
  }
  Result<std::string> version = TargetVersion(ctx, a, files, *format, cluster);
  if (!version.ok()) return version.status();
  Result<Config> created = Config::create(*version);
  if (!created.ok()) return created.status();
  Loaded out;
  out.config.emplace(std::move(created).value());
  Config& config = *out.config;
  for (const auto& [name, text] : files) {
    Status st = config.add_file(text, name, *format);
    if (!st.ok()) return st;
    out.inputs.push_back(name);
  }
  if (!a.script.empty()) {
    Result<std::string> text = ReadInput(a.script);
    if (!text.ok()) return text.status();
    ParseOptions o;
    o.source_name = InputName(a.script);
    for (const std::string& v : a.vars) {
      size_t eq = v.find('=');
      if (eq == std::string::npos || eq == 0) {
        return Status(ErrorCode::invalid_argument, "--var expects NAME=VALUE, got '" + v + "'");
      }
      o.variables[v.substr(0, eq)] = v.substr(eq + 1);
    }
    Result<Script> script = Script::parse(*text, o);
    if (!script.ok()) return script.status();
    Status st = config.add_script(*script);
    if (!st.ok()) return st;
    out.inputs.push_back(o.source_name);
  }
  for (size_t i = 0; i < a.sets.size(); ++i) {
    const std::string& kv = a.sets[i];
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status(ErrorCode::invalid_argument, "--set expects KEY=VALUE, got '" + kv + "'");
    }
    Status st = config.set(kv.substr(0, eq), kv.substr(eq + 1), "--set");
    if (!st.ok()) return st;
  }
  if (a.defaults) {
    Status st = config.include_defaults(true);
    if (!st.ok()) return st;
  }
  Result<Deployment> deployment = ParseEnumOption<Deployment>("--deployment", a.deployment);
  if (!deployment.ok()) return deployment.status();
  Result<Submitter> submitter = ParseEnumOption<Submitter>("--submitter", a.submitter);
  if (!submitter.ok()) return submitter.status();
  Status st = config.set_deployment(*deployment, *submitter);
  if (!st.ok()) return st;
  return out;
}

const char* StatusName(KeyStatus s) { return enum_name(s); }

// "cluster: the JobMaster builds its checkpoint store from the cluster's configuration", with
// the key a job's value needs beside it and a patch release the answer depends on.
std::string ScopeText(const OptionScopeInfo& s) {
  std::string out = to_string(s.scope);
  if (s.edge && s.scope_from_edge) {
    out += " before " + *s.edge + ", " + to_string(*s.scope_from_edge) + " from " + *s.edge +
           " (the patch level decides)";
  }
  out += ": " + s.why;
  if (s.condition != ScopeCondition::none) {
    std::string doc = to_string(s.condition);
    for (const EnumValue& v : enum_values(enum_id(s.condition))) {
      if (v.value == static_cast<int>(s.condition)) doc = v.doc;
    }
    out += "; " + doc;
  }
  return out;
}

// The key a diagnostic names (an option's current name) -> the entry it belongs to.
std::map<std::string, size_t> EntryIndex(const std::vector<ConfigEntry>& entries) {
  std::map<std::string, size_t> out;
  for (size_t i = 0; i < entries.size(); ++i) {
    std::optional<OptionInfo> o = find_option(entries[i].key);
    out[o ? o->key : entries[i].key] = i;
  }
  return out;
}

std::string Where(const Diagnostic& d) {
  std::ostringstream s;
  s << d.source;
  if (d.line >= 0) s << ":" << d.line;
  if (d.line >= 0 && d.column >= 0) s << ":" << d.column;
  return s.str();
}

const char* SeverityWord(Severity s) {
  return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "note";
}

// What the running job has, beside the explanation (explain --job).
Result<RunningComparison> FetchRunning(Context& ctx, const ConfigArgs& a, const Config& config,
                                       FlinkClient& cluster) {
  std::optional<Storage> storage;
  if (!a.no_storage) {
    Result<Storage> s = MakeStorage(ctx, a.storage);
    if (!s.ok()) return s.status();
    storage.emplace(std::move(s).value());
  }
  RunningOptions o;
  o.storage = storage ? &*storage : nullptr;
  o.timeout_ms = a.timeout_s < 0 ? -1 : static_cast<int64_t>(a.timeout_s * 1000);
  o.cancel = ctx.interrupt;
  ctx.doing = "comparing job " + a.job + " of " + a.cluster + " with the explanation";
  ProgressLine progress(ctx, a.progress);
  o.progress = [&progress](std::string_view phase, uint64_t done, uint64_t total) {
    return progress(phase, done, total);
  };
  return compare_running(config, cluster, a.job, o);
}

const char* AgreementWord(Agreement x) {
  return x == Agreement::same ? "same" : x == Agreement::differs ? "DIFFERS" : "not reported";
}

void PrintRunning(std::ostream& out, const ConfigArgs& a, const RunningComparison& r) {
  size_t differ = 0, reported = 0;
  size_t key_width = 0, explained_width = 0, reported_width = 0;
  std::vector<std::string> explained(r.rows.size());
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const RunningRow& x = r.rows[i];
    differ += x.agreement == Agreement::differs;
    reported += x.agreement != Agreement::not_reported;
    explained[i] = (x.explained.empty() ? "-" : x.explained) + " (" + x.source + ")";
    key_width = std::max(key_width, x.key.size());
    explained_width = std::max(explained_width, explained[i].size());
    reported_width = std::max(reported_width, x.reported.value_or("-").size());
  }
  out << "\nJob " << a.job << " on " << a.cluster << ": " << reported
      << (reported == 1 ? " key" : " keys") << " reported, " << differ
      << (differ == 1 ? " differs" : " differ") << " from the explanation\n\n";
  out << std::left << std::setw(static_cast<int>(key_width)) << "KEY"
      << "  " << std::setw(static_cast<int>(explained_width)) << "EXPLAINED (SOURCE)"
      << "  " << std::setw(static_cast<int>(reported_width)) << "REPORTED"
      << "  AGREEMENT\n";
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const RunningRow& x = r.rows[i];
    out << std::left << std::setw(static_cast<int>(key_width)) << x.key << "  "
        << std::setw(static_cast<int>(explained_width)) << explained[i] << "  "
        << std::setw(static_cast<int>(reported_width)) << x.reported.value_or("-") << "  "
        << AgreementWord(x.agreement);
    if (!x.reported_by.empty()) out << "  [" << x.reported_by << "]";
    out << "\n";
    if (!x.note.empty()) out << "    " << x.note << "\n";
  }
}

int RunExplain(Context& ctx, const ConfigArgs& a) {
  std::optional<FlinkClient> cluster;
  if (!a.job.empty()) {
    Result<FlinkClient> c =
        ConnectCluster(ctx, a.cluster, a.token, a.storage.insecure, a.storage.request_timeout_s);
    if (!c.ok()) return ReportError(ctx, c.status());
    cluster.emplace(std::move(c).value());
  }
  Result<Loaded> loaded = Load(ctx, a, cluster ? &*cluster : nullptr);
  if (!loaded.ok()) return ReportError(ctx, loaded.status());
  Config& config = *loaded->config;
  std::optional<RunningComparison> running;
  size_t differ = 0;
  if (cluster) {
    Result<RunningComparison> r = FetchRunning(ctx, a, config, *cluster);
    if (!r.ok()) return ReportError(ctx, r.status());
    running = std::move(r).value();
    for (const RunningRow& x : running->rows) differ += x.agreement == Agreement::differs;
  }
  std::vector<ConfigEntry> entries = config.entries();
  std::vector<std::pair<Diagnostic, std::string>> diags = config.diagnostics();
  std::map<std::string, size_t> index = EntryIndex(entries);
  std::vector<std::vector<const Diagnostic*>> per_entry(entries.size());
  std::vector<const Diagnostic*> loose;
  size_t errors = 0, warnings = 0;
  for (const auto& [d, key] : diags) {
    errors += d.severity == Severity::error;
    warnings += d.severity == Severity::warning;
    auto it = key.empty() ? index.end() : index.find(key);
    if (it != index.end()) {
      per_entry[it->second].push_back(&d);
    } else {
      loose.push_back(&d);
    }
  }

  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    doc.AddMember("flink_version", JsonString(config.flink_version(), al), al);
    rapidjson::Value inputs(rapidjson::kArrayType);
    for (const std::string& i : loaded->inputs) inputs.PushBack(JsonString(i, al), al);
    doc.AddMember("inputs", inputs, al);
    rapidjson::Value arr(rapidjson::kArrayType);
    for (size_t i = 0; i < entries.size(); ++i) {
      const ConfigEntry& e = entries[i];
      rapidjson::Value o = ToJson(e, al);
      rapidjson::Value ds(rapidjson::kArrayType);
      for (const Diagnostic* d : per_entry[i]) ds.PushBack(DiagnosticJson(*d, al), al);
      o.AddMember("diagnostics", ds, al);
      arr.PushBack(o, al);
    }
    doc.AddMember("entries", arr, al);
    rapidjson::Value rest(rapidjson::kArrayType);
    for (const Diagnostic* d : loose) rest.PushBack(DiagnosticJson(*d, al), al);
    doc.AddMember("diagnostics", rest, al);
    doc.AddMember("errors", static_cast<uint64_t>(errors), al);
    doc.AddMember("warnings", static_cast<uint64_t>(warnings), al);
    if (running) {
      rapidjson::Value r(rapidjson::kObjectType);
      r.AddMember("job_id", JsonString(a.job, al), al);
      r.AddMember("cluster", JsonString(a.cluster, al), al);
      r.AddMember("checkpoints_on_storage",
                  running->checkpoints_on_storage < 0
                      ? rapidjson::Value(rapidjson::kNullType)
                      : rapidjson::Value(static_cast<int64_t>(running->checkpoints_on_storage)),
                  al);
      rapidjson::Value rows(rapidjson::kArrayType);
      for (const RunningRow& x : running->rows) rows.PushBack(ToJson(x, al), al);
      r.AddMember("rows", rows, al);
      r.AddMember("differ", static_cast<uint64_t>(differ), al);
      doc.AddMember("running", r, al);
    }
    PrintJson(*ctx.out, doc);
    return errors > 0 || differ > 0 ? kExitProblems : 0;
  }

  std::ostream& out = *ctx.out;
  out << "Flink " << config.flink_version();
  if (!loaded->inputs.empty()) {
    out << " | ";
    for (size_t i = 0; i < loaded->inputs.size(); ++i) out << (i ? ", " : "") << loaded->inputs[i];
  }
  out << " | " << entries.size() << (entries.size() == 1 ? " key" : " keys") << " | " << errors
      << (errors == 1 ? " error, " : " errors, ") << warnings
      << (warnings == 1 ? " warning\n\n" : " warnings\n\n");
  size_t key_width = 0;
  std::vector<std::string> values(entries.size());
  size_t value_width = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    const ConfigEntry& e = entries[i];
    key_width = std::max(key_width, std::min<size_t>(e.key.size(), 56));
    values[i] = e.value;
    if (e.valid && e.normalized != e.value) values[i] += " (" + e.normalized + ")";
    if (!e.valid) values[i] += " (invalid)";
    if (values[i].size() > 48) values[i] = values[i].substr(0, 45) + "...";
    value_width = std::max(value_width, values[i].size());
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    const ConfigEntry& e = entries[i];
    out << std::left << std::setw(static_cast<int>(key_width)) << e.key << "  "
        << std::setw(static_cast<int>(value_width)) << values[i] << "  " << e.source;
    if (e.status == KeyStatus::deprecated || e.status == KeyStatus::translated) {
      out << "  [written as " << e.written_key << "]";
    } else if (e.status != KeyStatus::current) {
      out << "  [" << StatusName(e.status) << "]";
    }
    out << "\n";
    // A value that does not apply with its reason on one line; the others it beat after "over".
    std::vector<const Diagnostic*> said;
    std::vector<const ConfigHistory*> beaten;
    std::vector<std::string> not_applied;
    for (const ConfigHistory& x : e.history) {
      const Diagnostic* why = nullptr;
      for (const Diagnostic* d : per_entry[i]) {
        if (d->line < 0 || d->severity == Severity::note) continue;
        const std::string at = d->source + ":" + std::to_string(d->line);
        const bool here = x.source.compare(0, at.size(), at) == 0 &&
                          (x.source.size() == at.size() || x.source[at.size()] == ':' ||
                           x.source[at.size()] == ' ');
        // Only a finding about this very value ("KEY = VALUE: ..." or "KEY = VALUE is ...").
        bool about_value = false;
        for (const std::string& k : {e.key, x.key}) {
          const std::string prefix = k + " = " + x.value;
          about_value = about_value ||
                        (d->message.compare(0, prefix.size(), prefix) == 0 &&
                         d->message.size() > prefix.size() &&
                         (d->message[prefix.size()] == ':' || d->message[prefix.size()] == ' '));
        }
        if (here && about_value) why = d;
      }
      if (why == nullptr) {
        beaten.push_back(&x);
        continue;
      }
      said.push_back(why);
      const std::string shown = (x.key != e.written_key ? x.key + " = " : "") + x.value;
      std::string reason = why->message;
      for (const std::string& k : {e.key, x.key}) {
        const std::string prefix = k + " = " + x.value + ": ";
        if (reason.compare(0, prefix.size(), prefix) == 0) reason = reason.substr(prefix.size());
      }
      not_applied.push_back("    " + shown + " from " + x.source + " - " +
                            SeverityWord(why->severity) + ": " + reason + "\n");
    }
    if (!beaten.empty()) {
      out << "    over";
      for (size_t h = 0; h < beaten.size(); ++h) {
        const ConfigHistory& x = *beaten[h];
        out << (h ? "," : "") << " " << (x.key != e.written_key ? x.key + " = " : "") << x.value
            << " (" << x.source << ")";
      }
      out << "\n";
    }
    for (const std::string& line : not_applied) out << line;
    for (const Diagnostic* d : per_entry[i]) {
      if (std::find(said.begin(), said.end(), d) != said.end()) continue;
      out << "    " << SeverityWord(d->severity) << ": " << d->message;
      std::string where = Where(*d);
      if (!where.empty() && where != e.source) out << " [" << where << "]";
      out << "\n";
    }
  }
  if (!loose.empty()) {
    out << "\n";
    std::vector<Diagnostic> rest;
    for (const Diagnostic* d : loose) rest.push_back(*d);
    PrintDiagnostics(out, rest);
  }
  if (running) PrintRunning(out, a, *running);
  return errors > 0 || differ > 0 ? kExitProblems : 0;
}

int RunRender(Context& ctx, const ConfigArgs& a) {
  RenderFormat format;
  if (a.to == "flink-conf") {
    format = RenderFormat::flink_conf;
  } else if (a.to == "config-yaml") {
    format = RenderFormat::config_yaml;
  } else if (a.to == "json") {
    format = RenderFormat::json;
  } else {
    return ReportError(ctx,
                       Status(ErrorCode::invalid_argument,
                              "--to takes flink-conf, config-yaml or json, not '" + a.to + "'"));
  }
  Result<Loaded> loaded = Load(ctx, a);
  if (!loaded.ok()) return ReportError(ctx, loaded.status());
  Config& config = *loaded->config;
  Diagnostics problems;
  Result<std::string> text = config.render(format, a.reveal, &problems);
  if (!text.ok()) return ReportError(ctx, text.status());
  std::vector<Diagnostic> all;
  for (auto& [d, key] : config.diagnostics()) all.push_back(d);
  for (Diagnostic& d : problems.entries()) all.push_back(d);
  PrintDiagnostics(*ctx.err, all);
  size_t errors = config.error_count() + problems.error_count();
  if (a.output.empty() || a.output == "-") {
    *ctx.out << *text;
  } else {
    // Written whole to a temporary name, then renamed into place.
    std::string tmp = a.output + ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f << *text;
      f.flush();
      if (!f) {
        return ReportError(ctx, Status(ErrorCode::io, "cannot write " + tmp));
      }
    }
    if (std::rename(tmp.c_str(), a.output.c_str()) != 0) {
      std::remove(tmp.c_str());
      return ReportError(ctx, Status(ErrorCode::io, "cannot rename " + tmp + " to " + a.output));
    }
  }
  return errors > 0 ? kExitProblems : 0;
}

struct OptionsArgs {
  std::vector<std::string> keys;
  std::string flink_version;
  std::string category;
  bool json = false;
};

int RunOptions(Context& ctx, const OptionsArgs& a) {
  std::vector<OptionInfo> chosen;
  if (a.keys.empty()) {
    for (OptionInfo& o : options()) {
      if (a.category.empty() || o.category == a.category) chosen.push_back(std::move(o));
    }
  } else {
    for (const std::string& k : a.keys) {
      std::optional<OptionInfo> o = find_option(k);
      if (!o) {
        return ReportError(ctx,
                           Status(ErrorCode::not_found,
                                  "unknown key " + k + ": Flink passes it through as a string"));
      }
      chosen.push_back(std::move(*o));
    }
  }
  auto name_and_default = [&](const OptionInfo& o) -> Result<std::pair<std::string, std::string>> {
    if (a.flink_version.empty()) return std::make_pair(o.key, std::string());
    Result<std::optional<std::string>> n = option_name_for(o.key, a.flink_version);
    if (!n.ok()) return n.status();
    Result<std::optional<std::string>> d = option_default(o.key, a.flink_version);
    if (!d.ok()) return d.status();
    return std::make_pair(n->value_or(""), d->value_or(""));
  };
  if (a.json) {
    rapidjson::Document doc(rapidjson::kArrayType);
    auto& al = doc.GetAllocator();
    for (const OptionInfo& o : chosen) {
      rapidjson::Value x = ToJson(o, al);
      if (!a.flink_version.empty()) {
        Result<std::pair<std::string, std::string>> nd = name_and_default(o);
        if (!nd.ok()) return ReportError(ctx, nd.status());
        x.AddMember(
            "name_in_version",
            nd->first.empty() ? rapidjson::Value(rapidjson::kNullType) : JsonString(nd->first, al),
            al);
        x.AddMember("default_in_version",
                    nd->second.empty() ? rapidjson::Value(rapidjson::kNullType)
                                       : JsonString(nd->second, al),
                    al);
        Result<OptionScopeInfo> scope = option_scope(o.key, a.flink_version);
        if (!scope.ok()) return ReportError(ctx, scope.status());
        x.AddMember("scope_in_version", ToJson(*scope, al), al);
      }
      doc.PushBack(x, al);
    }
    PrintJson(*ctx.out, doc);
    return 0;
  }
  std::ostream& out = *ctx.out;
  for (const OptionInfo& o : chosen) {
    Result<std::pair<std::string, std::string>> nd = name_and_default(o);
    if (!nd.ok()) return ReportError(ctx, nd.status());
    out << o.key << "  (" << enum_name(o.type);
    if (!o.values.empty()) {
      out << ": ";
      for (size_t i = 0; i < o.values.size(); ++i) out << (i ? "|" : "") << o.values[i];
    }
    out << ")\n    " << o.description << "\n";
    for (const OptionName& n : o.names) {
      out << "    name " << n.name << ": ";
      if (n.since.empty() && n.until.empty()) {
        out << "every version\n";
      } else {
        out << (n.since.empty() ? "up to" : n.since)
            << (n.until.empty() ? "+" : " to before " + n.until) << "\n";
      }
    }
    if (!a.flink_version.empty()) {
      out << "    in Flink " << a.flink_version << ": "
          << (nd->first.empty() ? "not read" : nd->first) << ", default "
          << (nd->second.empty() ? "none" : nd->second) << "\n";
      Result<OptionScopeInfo> scope = option_scope(o.key, a.flink_version);
      if (!scope.ok()) return ReportError(ctx, scope.status());
      out << "    scope " << ScopeText(*scope) << "\n";
    }
    if (!o.min.empty() || !o.max.empty()) {
      out << "    range " << (o.min.empty() ? "" : o.min) << ".." << (o.max.empty() ? "" : o.max)
          << "\n";
    }
    if (!o.fallback.empty()) out << "    falls back to " << o.fallback << "\n";
    if (o.is_secret) out << "    secret: redacted in output\n";
  }
  return 0;
}

struct CheckArgs {
  std::string key, value, flink_version;
};

int RunCheck(Context& ctx, const CheckArgs& a) {
  Result<std::string> normalized = check_value(a.key, a.value, a.flink_version);
  if (!normalized.ok()) {
    if (normalized.status().code() == ErrorCode::invalid_argument) {
      *ctx.err << "flowstate: error: " << normalized.status().message() << "\n";
      return kExitProblems;
    }
    return ReportError(ctx, normalized.status());
  }
  *ctx.out << *normalized << "\n";
  return 0;
}

void AddInputs(CLI::App* cmd, ConfigArgs& a) {
  cmd->add_option("SCRIPT", a.script, "Flink SQL script (its SET and RESET statements), or -");
  cmd->add_option("--flink-version", a.flink_version,
                  "Target Flink version (1.14 ... 2.x); default: the resource's spec.flinkVersion, "
                  "the running cluster's (with --job) or the settings' [flink] version");
  cmd->add_option("--cluster-conf", a.cluster_conf,
                  "flink-conf.yaml, config.yaml or a FlinkDeployment / FlinkSessionJob resource "
                  "(repeatable, applied in order)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--format", a.format,
                  "How to read the cluster files: auto, flink-conf, config-yaml, deployment");
  cmd->add_option("--set", a.sets, "Override KEY=VALUE over everything else (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--var", a.vars, "Define a script variable NAME=VALUE (Dinky's ${name})")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void RegisterConfig(CLI::App& app, Context& context) {
  CLI::App* config = app.add_subcommand("config", "Flink configuration: keys, values, versions");
  config->require_subcommand(1);

  ConfigArgs& explain_args = context.Make<ConfigArgs>();
  CLI::App* explain = config->add_subcommand(
      "explain",
      "Every effective key with its value, source and findings; with --job, beside what the "
      "running job reports (exit code 1 on errors or a difference)");
  AddInputs(explain, explain_args);
  explain->add_flag("--defaults", explain_args.defaults, "Also list unset options' defaults");
  explain->add_option(
      "--deployment", explain_args.deployment,
      "Where the job runs: " + EnumChoices(FLOWSTATE_ENUM_DEPLOYMENT) +
          " (unknown, the default: from the cluster files' execution.target, or session for a "
          "FlinkSessionJob)");
  explain->add_option("--submitter", explain_args.submitter,
                      "Who submits the job: " + EnumChoices(FLOWSTATE_ENUM_SUBMITTER));
  explain->add_flag("--json", explain_args.json, "Print JSON");
  CLI::Option* cluster =
      explain->add_option("--cluster", explain_args.cluster,
                          "The running job's JobManager: its URL, or a cluster named in the "
                          "settings (with --job)");
  explain
      ->add_option("--job", explain_args.job,
                   "Put each key beside what this running job (32 hex digits) and its "
                   "cluster report; num-retained also against its checkpoints on storage")
      ->needs(cluster);
  cluster->needs("--job");
  explain->add_option("--token", explain_args.token,
                      "Bearer token (default: the cluster's token in the settings)");
  explain->add_option("--timeout", explain_args.timeout_s,
                      "Give up fetching after this many seconds");
  explain->add_flag("--progress", explain_args.progress, "Show progress on standard error");
  explain->add_flag("--no-storage", explain_args.no_storage,
                    "Do not count the job's checkpoints on storage");
  // --insecure and --request-timeout serve the cluster and WebHDFS alike.
  AddStorageOptions(explain, explain_args.storage);
  explain->get_option("--insecure")
      ->description("Do not verify TLS certificates (the cluster's and WebHDFS')");
  explain->get_option("--request-timeout")
      ->description("Seconds each request to the cluster or WebHDFS may take (default 30)");
  context.OnRun(explain, [&context, &explain_args] { return RunExplain(context, explain_args); });

  ConfigArgs& render_args = context.Make<ConfigArgs>();
  CLI::App* render = config->add_subcommand(
      "render", "Write the effective configuration as flink-conf.yaml, config.yaml or JSON");
  AddInputs(render, render_args);
  render->add_option("--to", render_args.to, "flink-conf, config-yaml (default) or json");
  render->add_option("-o,--output", render_args.output, "Write to FILE (atomically) instead");
  render->add_flag("--reveal-secrets", render_args.reveal,
                   "Write secret values as they are (redacted otherwise)");
  context.OnRun(render, [&context, &render_args] { return RunRender(context, render_args); });

  OptionsArgs& options_args = context.Make<OptionsArgs>();
  CLI::App* opts = config->add_subcommand("options", "Describe options of the registry");
  opts->add_option("KEY", options_args.keys, "Keys to describe (default: all)");
  opts->add_option("--flink-version", options_args.flink_version,
                   "Also show the name and default in this version");
  opts->add_option("--category", options_args.category,
                   "Only this category (checkpointing, state-backend, restart, recovery, "
                   "high-availability, memory, cluster, execution, pipeline, table, yarn, "
                   "kubernetes, security)");
  opts->add_flag("--json", options_args.json, "Print JSON");
  context.OnRun(opts, [&context, &options_args] { return RunOptions(context, options_args); });

  CheckArgs& check_args = context.Make<CheckArgs>();
  CLI::App* check = config->add_subcommand(
      "check", "Check one value as a Flink version parses it; prints Flink's rendering");
  check->add_option("KEY", check_args.key, "Option key")->required();
  check->add_option("VALUE", check_args.value, "Value")->required();
  check->add_option("--flink-version", check_args.flink_version, "Target Flink version")
      ->required();
  context.OnRun(check, [&context, &check_args] { return RunCheck(context, check_args); });
}

const GroupRegistration kRegistration("config", 15, &RegisterConfig);

}  // namespace
}  // namespace flowstate::cli
