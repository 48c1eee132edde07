#include "job/submit.h"

#include <cstdio>

#include "common/diagnostics.h"
#include "common/strings.h"
#include "config/scope.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "sql/script.h"

namespace flowstate::core::job {
namespace {

std::string ConfigJson(const std::map<std::string, std::string>& config) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (const auto& [k, v] : config) {
    w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  w.EndObject();
  return buf.GetString();
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string Base64(std::string_view bytes) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                       (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    const uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const uint32_t n =
        (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string Fingerprint(std::string_view bytes) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%zu-%016llx", bytes.size(),
                static_cast<unsigned long long>(Fnv1a64(bytes)));
  return buf;
}

Result<std::vector<std::string>> ExpandRunnerArgs(std::string_view tmpl, const RunnerValues& v) {
  std::vector<std::string> out;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    const char c = tmpl[i];
    if (IsSpace(c)) {
      if (in_word) out.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '{' && i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
      word += '{';
      ++i;
    } else if (c == '}' && i + 1 < tmpl.size() && tmpl[i + 1] == '}') {
      word += '}';
      ++i;
    } else if (c == '{') {
      const size_t close = tmpl.find('}', i);
      if (close == std::string_view::npos) {
        return Status(Code::kInvalidArgument,
                      StrCat("the runner's argument template, column ", i + 1,
                             ": '{' without '}' (a literal brace is '{{')"));
      }
      const std::string_view name = tmpl.substr(i + 1, close - i - 1);
      if (name == "script_base64") {
        word += Base64(v.script);
      } else if (name == "script") {
        word += v.script;
      } else if (name == "config_json") {
        word += ConfigJson(v.config);
      } else if (name == "job_id") {
        word += v.job_id;
      } else if (name == "job_name") {
        word += v.job_name;
      } else {
        return Status(Code::kInvalidArgument,
                      StrCat("the runner's argument template, column ", i + 1, ": {", name,
                             "} is no placeholder (expected script_base64, script, config_json, "
                             "job_id or job_name)"));
      }
      i = close;
    } else if (c == '}') {
      return Status(Code::kInvalidArgument, StrCat("the runner's argument template, column ", i + 1,
                                                   ": '}' without '{' (a literal brace is '}}')"));
    } else {
      word += c;
    }
  }
  if (in_word) out.push_back(std::move(word));
  return out;
}

bool PassesConfig(std::string_view tmpl) {
  return tmpl.find("{config_json}") != std::string_view::npos;
}

Result<std::map<std::string, std::string>> SubmissionConfig(
    std::string_view script, FlinkVersion version, config::Deployment deployment,
    config::Submitter submitter, const std::vector<std::pair<std::string, std::string>>& overrides,
    std::vector<std::string>* notes) {
  sql::Script parsed = sql::Script::Parse(std::string(script));
  config::ConfigBuilder b(version);
  b.AddScript(parsed);
  for (const auto& [k, v] : overrides) b.AddOverride(k, v, "flowstate");
  config::BuildOptions o;
  o.deployment = deployment;
  o.submitter = submitter;
  const config::EffectiveConfig c = b.Build(o);
  std::map<std::string, std::string> out;
  for (const config::EffectiveEntry& e : c.entries()) {
    if (e.is_default ||
        (!config::JobLevel(e.origin) && e.origin.layer != config::Layer::kOverride)) {
      continue;
    }
    if (!e.valid) {
      return Status(Code::kInvalidArgument,
                    StrCat("line ", e.origin.value_line, ":", e.origin.value_column, ": ", e.key,
                           " = ", e.secret ? std::string("(secret)") : Quote(e.value),
                           " is no value Flink ", version.ToString(), " takes"));
    }
    out[e.key] = e.value;
  }
  if (notes != nullptr) {
    // What the build found: values that cannot take effect where the job runs (left out of
    // what is sent: the value that applies is the cluster's), unknown keys, deprecations.
    for (const Diagnostic& d : c.diagnostics().entries()) {
      if (d.severity != Severity::kNote) notes->push_back(d.ToString());
    }
  }
  return out;
}

int64_t DinkyExtensionLine(std::string_view script, std::string* which) {
  sql::Script parsed = sql::Script::ParseView(script);
  for (size_t i = 0; i < parsed.size(); ++i) {
    const sql::StatementKind k = parsed[i].kind;
    const char* name = k == sql::StatementKind::kExecuteCdcSource  ? "EXECUTE CDCSOURCE"
                       : k == sql::StatementKind::kExecuteJar      ? "EXECUTE JAR"
                       : k == sql::StatementKind::kExecutePipeline ? "EXECUTE PIPELINE"
                                                                   : nullptr;
    if (name != nullptr) {
      if (which != nullptr) *which = name;
      return parsed.SourcePosition(parsed.SourceBegin(i)).line;
    }
  }
  return 0;
}

Result<std::vector<std::string>> GatewayStatements(std::string_view script) {
  std::string which;
  if (const int64_t line = DinkyExtensionLine(script, &which); line > 0) {
    return Status(Code::kUnsupported,
                  StrCat("line ", line, ": ", which,
                         " is Dinky's and the SQL Gateway cannot run it: start the job through "
                         "its cluster's runner"));
  }
  sql::Script parsed = sql::Script::ParseView(script);
  if (parsed.diagnostics().has_errors()) {
    return Status(Code::kInvalidArgument, StrCat("the script cannot be read: ",
                                                 parsed.diagnostics().entries()[0].ToString()));
  }
  std::vector<std::string> out;
  std::vector<int64_t> job_lines;
  for (size_t i = 0; i < parsed.size(); ++i) {
    const sql::Statement& st = parsed[i];
    if (st.parent >= 0) continue;  // inside a statement set: sent with it
    const int64_t line = parsed.SourcePosition(parsed.SourceBegin(i)).line;
    switch (st.kind) {
      case sql::StatementKind::kSet:
      case sql::StatementKind::kReset:
      case sql::StatementKind::kEnd:  // of a BEGIN STATEMENT SET, sent with it
        continue;
      case sql::StatementKind::kStatementSet: {
        // The SQL client's BEGIN STATEMENT SET; ...; END as the gateway takes it, one
        // EXECUTE STATEMENT SET BEGIN ...; END.
        job_lines.push_back(line);
        std::string text(parsed.RawText(i));
        const size_t lead = text.find_first_not_of(" \t\r\n");
        if (lead != std::string::npos &&
            StartsWithIgnoreCase(std::string_view(text).substr(lead), "BEGIN")) {
          const size_t semi = text.find(';', lead);
          if (semi != std::string::npos) {
            text = StrCat("EXECUTE STATEMENT SET BEGIN", text.substr(semi + 1));
          }
        }
        out.push_back(std::move(text));
        continue;
      }
      case sql::StatementKind::kInsert:
      case sql::StatementKind::kSelect:
      case sql::StatementKind::kExecutePlan:
      case sql::StatementKind::kCompileAndExecutePlan:
        job_lines.push_back(line);
        break;
      case sql::StatementKind::kBeginStatementSet: {
        // BEGIN STATEMENT SET; INSERT ...; END; as the gateway takes it: one statement.
        job_lines.push_back(line);
        std::string set = "EXECUTE STATEMENT SET BEGIN\n";
        for (size_t k = i + 1; k < parsed.size() && parsed[k].parent == static_cast<int32_t>(i);
             ++k) {
          if (parsed[k].kind == sql::StatementKind::kEnd) continue;
          StrAppend(&set, parsed.RawText(k), ";\n");
        }
        out.push_back(StrCat(set, "END"));
        continue;
      }
      default:
        break;
    }
    out.emplace_back(parsed.RawText(i));
  }
  if (job_lines.size() != 1) {
    std::string lines;
    for (int64_t l : job_lines) StrAppend(&lines, lines.empty() ? "" : ", ", l);
    return Status(
        Code::kInvalidArgument,
        job_lines.empty()
            ? std::string("the script starts no Flink job (no INSERT, no statement set): "
                          "the SQL Gateway path runs exactly one")
            : StrCat("the script would start ", job_lines.size(), " Flink jobs (lines ", lines,
                     "): the SQL Gateway path runs exactly one; put the INSERTs in "
                     "one statement set"));
  }
  return out;
}

}  // namespace flowstate::core::job
