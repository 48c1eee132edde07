// `flowstate sql split|lint`: reading Flink SQL scripts.
#include <chrono>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/command.h"
#include "cli/input.h"
#include "cli/json.h"
#include "cli/record_json.h"
#include "flowstate/flowstate.hpp"

namespace flowstate::cli {
namespace {

struct SqlArgs {
  std::string file;
  bool json = false;
  bool stats = false;
  bool no_variables = false;
  bool variables = false;
  bool no_dinky = false;
  std::string flink_version;
  std::vector<std::string> vars;
};

void AddInputOptions(CLI::App* cmd, SqlArgs& a) {
  cmd->add_option("FILE", a.file, "Script file, or - for standard input")->required();
  CLI::Option* off = cmd->add_flag("--no-variables", a.no_variables,
                                   "Do not substitute Dinky's ${name} variables");
  cmd->add_flag("--variables", a.variables,
                "Substitute ${name} even when neither the script (name := value) nor --var defines "
                "any; an unknown one is then an error (Dinky's fragment switch on)")
      ->excludes(off);
  cmd->add_option("--var", a.vars, "Define a variable NAME=VALUE (as Dinky's global variables)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

Result<ParseOptions> Options(const SqlArgs& a) {
  ParseOptions o;
  o.source_name = InputName(a.file);
  o.substitute_variables = a.no_variables ? VariableMode::off
                           : a.variables  ? VariableMode::always
                                          : VariableMode::auto_value;
  for (const std::string& v : a.vars) {
    size_t eq = v.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status(ErrorCode::invalid_argument, "--var expects NAME=VALUE, got '" + v + "'");
    }
    o.variables[v.substr(0, eq)] = v.substr(eq + 1);
  }
  o.borrow_text = true;
  return o;
}

const char* const kFlagNames[] = {"temporary",     "temporary_system", "if_not_exists",
                                  "if_exists",     "overwrite",        "as_select",
                                  "like",          "execute",          "with_query",
                                  "statement_set", "unterminated",     "with_savepoint",
                                  "with_drain",    "or_replace"};

int RunSplit(Context& ctx, const SqlArgs& a) {
  Result<InputText> text = MapInput(a.file);
  if (!text.ok()) return ReportError(ctx, text.status());
  Result<ParseOptions> options = Options(a);
  if (!options.ok()) return ReportError(ctx, options.status());

  auto start = std::chrono::steady_clock::now();
  Result<Script> parsed = Script::parse(text->view(), *options);
  auto elapsed = std::chrono::steady_clock::now() - start;
  if (!parsed.ok()) return ReportError(ctx, parsed.status());
  const Script& script = *parsed;
  std::ostream& out = *ctx.out;

  if (a.stats) {
    std::map<std::string, size_t> per_kind;
    for (size_t i = 0; i < script.size(); ++i) {
      flowstate_statement_info c = FLOWSTATE_STATEMENT_INFO_INIT;
      flowstate_script_statement_get(script.get(), i, &c);
      const char* kind = enum_name(FLOWSTATE_ENUM_STATEMENT_KIND, c.kind);
      per_kind[kind != nullptr ? kind : "UNKNOWN"]++;
    }
    double seconds = std::chrono::duration<double>(elapsed).count();
    double mb = static_cast<double>(text->size()) / 1e6;  // decimal MB, as everywhere
    if (a.json) {
      rapidjson::Document doc(rapidjson::kObjectType);
      auto& al = doc.GetAllocator();
      rapidjson::Value kinds(rapidjson::kObjectType);
      for (const auto& [k, n] : per_kind)
        kinds.AddMember(JsonString(k, al), rapidjson::Value(static_cast<uint64_t>(n)), al);
      doc.AddMember("statements", static_cast<uint64_t>(script.size()), al);
      doc.AddMember("bytes", static_cast<uint64_t>(text->size()), al);
      doc.AddMember("elapsed_ms", seconds * 1000.0, al);
      doc.AddMember("mb_per_s", seconds > 0 ? mb / seconds : 0.0, al);
      doc.AddMember("isa", JsonString(script.isa(), al), al);
      doc.AddMember("kinds", kinds, al);
      PrintJson(out, doc);
    } else {
      for (const auto& [k, n] : per_kind) out << std::setw(9) << n << "  " << k << "\n";
      out << std::setw(9) << script.size() << "  statements\n"
          << std::setw(9) << text->size() << "  bytes\n"
          << std::fixed << std::setprecision(2) << std::setw(9) << seconds * 1000.0 << "  ms ("
          << (seconds > 0 ? mb / seconds : 0.0) << " MB/s, " << script.isa() << ")\n";
    }
    return 0;
  }

  std::vector<Statement> statements = script.statements();
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    rapidjson::Value arr(rapidjson::kArrayType);
    for (const Statement& s : statements) {
      rapidjson::Value o = ToJson(static_cast<const StatementInfo&>(s), al);
      rapidjson::Value flags(rapidjson::kArrayType);  // by name
      for (size_t b = 0; b < sizeof kFlagNames / sizeof *kFlagNames; ++b) {
        if (s.flags & (1u << b)) flags.PushBack(JsonString(kFlagNames[b], al), al);
      }
      o.FindMember("flags")->value = flags;
      o.AddMember("index", static_cast<uint64_t>(s.index), al);
      o.AddMember("name", JsonString(s.name, al), al);
      o.AddMember("text", JsonString(s.text, al), al);
      arr.PushBack(o, al);
    }
    rapidjson::Value diags(rapidjson::kArrayType);
    for (const Diagnostic& d : script.diagnostics()) diags.PushBack(DiagnosticJson(d, al), al);
    doc.AddMember("source", JsonString(options->source_name, al), al);
    doc.AddMember("statements", arr, al);
    doc.AddMember("diagnostics", diags, al);
    PrintJson(out, doc);
  } else {
    for (const Statement& s : statements) {
      std::ostringstream where;
      where << s.begin_line << ":" << s.begin_column << "-" << s.end_line << ":" << s.end_column;
      out << (s.parent >= 0 ? "  " : "") << std::left << std::setw(s.parent >= 0 ? 14 : 16)
          << where.str() << " " << std::setw(20) << enum_name(s.kind) << " ";
      std::string shown = s.text;
      for (char& c : shown) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
      }
      if (shown.size() > 120) shown = shown.substr(0, 117) + "...";
      out << shown << "\n";
    }
    PrintDiagnostics(*ctx.err, script.diagnostics());
  }
  return 0;
}

int RunLint(Context& ctx, const SqlArgs& a) {
  Result<InputText> text = MapInput(a.file);
  if (!text.ok()) return ReportError(ctx, text.status());
  Result<ParseOptions> options = Options(a);
  if (!options.ok()) return ReportError(ctx, options.status());
  Result<Script> parsed = Script::parse(text->view(), *options);
  if (!parsed.ok()) return ReportError(ctx, parsed.status());
  Diagnostics found;
  Result<size_t> linted = parsed->lint(found, a.flink_version, !a.no_dinky);
  if (!linted.ok()) return ReportError(ctx, linted.status());
  size_t errors = *linted;
  std::vector<Diagnostic> entries = found.entries();
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    rapidjson::Value arr(rapidjson::kArrayType);
    for (const Diagnostic& d : entries) arr.PushBack(DiagnosticJson(d, al), al);
    doc.AddMember("source", JsonString(options->source_name, al), al);
    doc.AddMember("statements", static_cast<uint64_t>(parsed->size()), al);
    doc.AddMember("errors", static_cast<uint64_t>(errors), al);
    doc.AddMember("warnings", static_cast<uint64_t>(entries.size() - errors), al);
    doc.AddMember("diagnostics", arr, al);
    PrintJson(*ctx.out, doc);
  } else {
    PrintDiagnostics(*ctx.out, entries);
    *ctx.err << options->source_name << ": " << parsed->size() << " statements, " << errors
             << (errors == 1 ? " error, " : " errors, ") << entries.size() - errors
             << (entries.size() - errors == 1 ? " other finding\n" : " other findings\n");
  }
  return errors > 0 ? kExitProblems : 0;
}

void RegisterSql(CLI::App& app, Context& context) {
  CLI::App* sql = app.add_subcommand("sql", "Read Flink SQL scripts by Flink's rules");
  sql->require_subcommand(1);

  SqlArgs& split_args = context.Make<SqlArgs>();
  CLI::App* split =
      sql->add_subcommand("split", "List the statements of a script with their kind and position");
  AddInputOptions(split, split_args);
  split->add_flag("--json", split_args.json,
                  "Print one JSON document: {source, statements: [{index, kind, flags, parent?, "
                  "children?, start_offset, end_offset, start_line, start_column, end_line, "
                  "end_column, name?, text}], diagnostics: [...]}; offsets in bytes, columns in "
                  "code points, text with secrets masked");
  split->add_flag("--stats", split_args.stats,
                  "Print counts per kind, bytes, time and MB/s (decimal: 10^6 bytes)");
  context.OnRun(split, [&context, &split_args] { return RunSplit(context, split_args); });

  SqlArgs& lint_args = context.Make<SqlArgs>();
  CLI::App* lint = sql->add_subcommand(
      "lint", "Report every problem with its position (exit code 1 when there are errors)");
  AddInputOptions(lint, lint_args);
  lint->add_flag("--json", lint_args.json, "Print the findings as JSON");
  lint->add_flag("--no-dinky", lint_args.no_dinky,
                 "Do not compare with how Dinky reads the script");
  lint->add_option("--flink-version", lint_args.flink_version,
                   "The Flink version the script is for: rules that changed between versions "
                   "follow it (e.g. CREATE TABLE AS in a statement set from 1.16)");
  context.OnRun(lint, [&context, &lint_args] { return RunLint(context, lint_args); });
}

const GroupRegistration kRegistration("sql", 10, &RegisterSql);

}  // namespace
}  // namespace flowstate::cli
