/// @file
/// flowstate/sql.hpp: Flink SQL scripts, C++ API over flowstate/sql.h.
#ifndef FLOWSTATE_SQL_HPP
#define FLOWSTATE_SQL_HPP

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flowstate/diagnostics.hpp"
#include "flowstate/enum_types.hpp"
#include "flowstate/records.hpp"
#include "flowstate/sql.h"
#include "flowstate/status.hpp"
#include "flowstate/unstable.h"  // isa: a measurement hook, may change

namespace flowstate {

/// One statement, owned: where it is and what it is (StatementInfo, flowstate/records.hpp),
/// its index, its text (secret values redacted) and the object it names.
struct Statement : StatementInfo {
  size_t index = 0;
  std::string text;
  std::string name;

  /// Whether the statement has `flag` (FLOWSTATE_STATEMENT_FLAG_*).
  bool has(unsigned int flag) const { return (flags & flag) != 0; }
};

struct SetStatement {
  std::optional<std::string> key;    ///< none: SET alone (list) / RESET alone (reset all)
  std::optional<std::string> value;  ///< none for RESET; redacted unless raw
  int64_t key_offset = -1, value_offset = -1;
};

struct OptionList {
  std::vector<Option> options;
  bool trailing_comma = false;
  /// The option `key` (exact), or nullptr when the statement does not set it.
  const Option* find(std::string_view key) const {
    for (const Option& o : options) {
      if (o.key == key) return &o;
    }
    return nullptr;
  }
};

struct CdcSource {
  std::string name;
  std::optional<std::string> connector, hostname, username, password, database_name, schema_name,
      table_name, scan_startup_mode;
  std::optional<int64_t> port, checkpoint, parallelism;
  std::vector<std::string> tables;
  OptionList options;
  std::map<std::string, OptionList> groups;  ///< debezium, source, jdbc.properties, split, sink
  std::vector<std::pair<std::string, OptionList>> sinks;  ///< sink[N]
};

struct ParseOptions {
  std::string source_name;  ///< empty: "<script>"
  VariableMode substitute_variables = VariableMode::auto_value;
  std::map<std::string, std::string> variables;
  int isa = FLOWSTATE_SQL_ISA_AUTO;
  /// When true the text is not copied and must outlive the Script.
  bool borrow_text = false;
};

namespace detail {
inline OptionList take_options(flowstate_with_list* h) {
  OptionList out;
  out.options = read_list(h, flowstate_with_list_count, flowstate_with_list_get);
  out.trailing_comma = flowstate_with_list_trailing_comma(h) != 0;
  flowstate_with_list_free(h);
  return out;
}
}  // namespace detail

/// A parsed script. Thread-safe for reading; move-only.
class Script {
 public:
  /// Never fails for bad SQL: problems are diagnostics (appended to `diags` when given).
  static Result<Script> parse(std::string_view text, const ParseOptions& options = {},
                              Diagnostics* diags = nullptr) {
    flowstate_sql_options o = FLOWSTATE_SQL_OPTIONS_INIT;
    if (!options.source_name.empty()) o.source_name = options.source_name.c_str();
    o.substitute_variables = static_cast<int>(options.substitute_variables);
    o.isa = options.isa;
    o.borrow_text = options.borrow_text ? 1 : 0;
    std::vector<const char*> names, values;
    for (const auto& [k, v] : options.variables) {
      names.push_back(k.c_str());
      values.push_back(v.c_str());
    }
    o.variable_names = names.data();
    o.variable_values = values.data();
    o.variable_count = names.size();
    flowstate_script* raw = nullptr;
    int rc =
        flowstate_sql_parse(&raw, text.data(), text.size(), &o, diags ? diags->get() : nullptr);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    return Script(raw);
  }

  /// The C handle, for the C API (owned by this object).
  flowstate_script* get() const { return handle_.get(); }
  /// \copybrief flowstate_script_statement_count
  /// (The C++ form of flowstate_script_statement_count().)
  size_t size() const { return flowstate_script_statement_count(get()); }
  /// \copybrief flowstate_script_isa
  /// (The C++ form of flowstate_script_isa().)
  std::string isa() const { return flowstate_script_isa(get()); }
  /// \copybrief flowstate_script_substituted
  /// (The C++ form of flowstate_script_substituted().)
  bool substituted() const { return flowstate_script_substituted(get()) != 0; }

  /// \copybrief flowstate_script_statement_get
  /// (The C++ form of flowstate_script_statement_get().)
  Statement statement(size_t i) const {
    Statement s;
    const flowstate_script* h = get();
    s.index = i;
    flowstate_statement_info c;
    detail::init(c);
    if (flowstate_script_statement_get(h, i, &c) == FLOWSTATE_OK) {
      static_cast<StatementInfo&>(s) = detail::from_c(c);
    }
    s.text = detail::string_result([&](char** out) {
               return flowstate_script_statement_text(out, h, i, 0);
             }).value_or("");
    s.name = detail::string_result([&](char** out) {
               return flowstate_script_statement_name(out, h, i);
             }).value_or("");
    return s;
  }

  /// Every statement of the script, in order, with its kind and position.
  std::vector<Statement> statements() const {
    std::vector<Statement> out;
    size_t n = size();
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) out.push_back(statement(i));
    return out;
  }

  /// The statement's text with secrets as written.
  Result<std::string> raw_text(size_t i) const {
    return detail::string_result([&](char** out) {
      return flowstate_script_statement_text(out, get(), i, FLOWSTATE_SQL_RAW);
    });
  }

  /// \copybrief flowstate_script_diagnostics
  /// (The C++ form of flowstate_script_diagnostics().)
  std::vector<Diagnostic> diagnostics() const {
    Diagnostics d;
    flowstate_script_diagnostics(get(), d.get());
    return d.entries();
  }

  /// \copybrief flowstate_script_variable_count
  /// (The C++ form of flowstate_script_variable_count().)
  std::map<std::string, std::string> variables() const {
    std::map<std::string, std::string> out;
    size_t n = flowstate_script_variable_count(get());
    for (size_t i = 0; i < n; ++i) {
      flowstate_variable_info c;
      detail::init(c);
      if (flowstate_script_variable_get(get(), i, &c) != FLOWSTATE_OK) continue;
      Variable v = detail::from_c(c);
      out[v.name] = v.value;
    }
    return out;
  }

  /// \copybrief flowstate_script_read_set
  /// (The C++ form of flowstate_script_read_set().)
  Result<SetStatement> read_set(size_t i, bool raw = false, Diagnostics* diags = nullptr) const {
    char* key = nullptr;
    char* value = nullptr;
    SetStatement out;
    Diagnostics local;
    Diagnostics& d = diags ? *diags : local;
    int rc = flowstate_script_read_set(&key, &value, &out.key_offset, &out.value_offset, get(), i,
                                       raw ? FLOWSTATE_SQL_RAW : 0, d.get());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc, d.get());
    if (key) out.key = detail::take_string(key);
    if (value) out.value = detail::take_string(value);
    return out;
  }

  /// \copybrief flowstate_script_read_options
  /// (The C++ form of flowstate_script_read_options().)
  Result<OptionList> read_options(size_t i, Diagnostics* diags = nullptr) const {
    flowstate_with_list* h = nullptr;
    Diagnostics local;
    Diagnostics& d = diags ? *diags : local;
    int rc = flowstate_script_read_options(&h, get(), i, d.get());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc, d.get());
    return detail::take_options(h);
  }

  /// \copybrief flowstate_script_read_cdc_source
  /// (The C++ form of flowstate_script_read_cdc_source().)
  Result<CdcSource> read_cdc_source(size_t i, Diagnostics* diags = nullptr) const {
    flowstate_cdc_source* h = nullptr;
    Diagnostics local;
    Diagnostics& d = diags ? *diags : local;
    int rc = flowstate_script_read_cdc_source(&h, get(), i, d.get());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc, d.get());
    CdcSource c;
    c.name = flowstate_cdc_source_name(h);
    auto text = [&](const char* f) -> std::optional<std::string> {
      const char* v = flowstate_cdc_source_get(h, f);
      return v ? std::optional<std::string>(v) : std::nullopt;
    };
    auto number = [&](const char* f) -> std::optional<int64_t> {
      int64_t v = 0;
      return flowstate_cdc_source_get_int(&v, h, f) == FLOWSTATE_OK ? std::optional<int64_t>(v)
                                                                    : std::nullopt;
    };
    c.connector = text("connector");
    c.hostname = text("hostname");
    c.username = text("username");
    c.password = text("password");
    c.database_name = text("database-name");
    c.schema_name = text("schema-name");
    c.table_name = text("table-name");
    c.scan_startup_mode = text("scan.startup.mode");
    c.port = number("port");
    c.checkpoint = number("checkpoint");
    c.parallelism = number("parallelism");
    for (size_t k = 0; k < flowstate_cdc_source_table_count(h); ++k) {
      c.tables.emplace_back(flowstate_cdc_source_table(h, k));
    }
    flowstate_with_list* o = nullptr;
    if (flowstate_cdc_source_options(&o, h) == FLOWSTATE_OK) c.options = detail::take_options(o);
    for (const char* g : {"debezium", "source", "jdbc.properties", "split", "sink"}) {
      if (flowstate_cdc_source_group(&o, h, g) == FLOWSTATE_OK)
        c.groups[g] = detail::take_options(o);
    }
    for (size_t k = 0; k < flowstate_cdc_source_sink_count(h); ++k) {
      if (flowstate_cdc_source_sink(&o, h, k) == FLOWSTATE_OK) {
        c.sinks.emplace_back(flowstate_cdc_source_sink_name(h, k), detail::take_options(o));
      }
    }
    flowstate_cdc_source_free(h);
    return c;
  }

  /// Every problem, ordered by position; returns the number of errors among them.
  size_t lint(Diagnostics& diags, bool dinky = true) const {
    size_t errors = 0;
    flowstate_script_lint(&errors, get(), dinky ? 0u : FLOWSTATE_LINT_NO_DINKY, diags.get());
    return errors;
  }
  /// The same for a target Flink version ("1.15"): rules that changed between versions
  /// follow it. An unknown version is UNSUPPORTED_VERSION.
  Result<size_t> lint(Diagnostics& diags, std::string_view flink_version, bool dinky = true) const {
    size_t errors = 0;
    std::string v(flink_version);
    int rc = flowstate_script_lint_for(&errors, get(), dinky ? 0u : FLOWSTATE_LINT_NO_DINKY,
                                       v.c_str(), diags.get());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    return errors;
  }

 private:
  explicit Script(flowstate_script* raw) : handle_(raw) {}
  detail::UniqueHandle<flowstate_script, flowstate_script_free> handle_;
};

}  // namespace flowstate

#endif  // FLOWSTATE_SQL_HPP
