// C ABI: Flink SQL scripts (include/flowstate/sql.h).
#include <optional>
#include <string>
#include <vector>

#include "capi/capi.h"
#include "capi/script_handle.h"
#include "common/redact.h"
#include "common/strings.h"
#include "common/text_check.h"
#include "flowstate/unstable.h"
#include "sql/lint.h"
#include "sql/script.h"

namespace core = flowstate::core;
namespace sql = flowstate::core::sql;
using flowstate::capi::CheckVersion;
using flowstate::capi::CopyOut;
using flowstate::capi::EnumArg;
using flowstate::capi::FillOut;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::kOk;
using flowstate::capi::NullArgument;
using flowstate::capi::SetError;
using flowstate::capi::UnknownEnumValue;

struct flowstate_with_list {
  struct Entry {
    std::string key, value, redacted;
    int64_t key_offset = -1, value_offset = -1;
  };
  std::vector<Entry> entries;
  bool trailing_comma = false;
};

struct flowstate_cdc_source {
  sql::CdcSource impl;
  flowstate_with_list all;
  std::map<std::string, flowstate_with_list> groups;
  std::vector<std::pair<std::string, flowstate_with_list>> sinks;
  std::string password;  // redacted
};

namespace {

bool InRange(const flowstate_script* s, size_t i) { return s != nullptr && i < s->impl.size(); }

flowstate_with_list::Entry MakeEntry(const sql::Script& script, std::string key, std::string value,
                                     size_t key_begin, size_t value_begin) {
  flowstate_with_list::Entry e;
  e.redacted = core::RedactValue(key, value);
  e.key = std::move(key);
  e.value = std::move(value);
  e.key_offset = static_cast<int64_t>(script.ToSource(key_begin));
  e.value_offset = static_cast<int64_t>(script.ToSource(value_begin));
  return e;
}

flowstate_with_list MakeOptions(const sql::Script& script, const sql::OptionList& list) {
  flowstate_with_list out;
  for (const sql::Option& o : list.options) {
    out.entries.push_back(MakeEntry(script, o.key, o.value, o.key_begin, o.value_begin));
  }
  out.trailing_comma = list.trailing_comma;
  return out;
}

// An option group: entries of the full list whose key has `prefix`, with the prefix removed.
flowstate_with_list Group(const sql::Script& script, const sql::OptionList& list,
                          const std::string& prefix) {
  flowstate_with_list out;
  for (const sql::Option& o : list.options) {
    if (o.key.compare(0, prefix.size(), prefix) != 0) continue;
    out.entries.push_back(
        MakeEntry(script, o.key.substr(prefix.size()), o.value, o.key_begin, o.value_begin));
  }
  return out;
}

const flowstate_with_list::Entry* Entry(const flowstate_with_list* o, size_t i) {
  return o != nullptr && i < o->entries.size() ? &o->entries[i] : nullptr;
}

}  // namespace

namespace {

// Both lint entry points: the version, when given, is checked before anything is linted.
int Lint(size_t* out_errors, const flowstate_script* script, unsigned int flags,
         const char* flink_version, flowstate_diagnostics* diags) {
  if (out_errors != nullptr) *out_errors = 0;
  if (script == nullptr) return NullArgument("script");
  core::Diagnostics found;
  sql::LintOptions options;
  options.dinky = (flags & FLOWSTATE_LINT_NO_DINKY) == 0;
  if (flink_version != nullptr && *flink_version != '\0') {
    core::Result<core::FlinkVersion> v = core::FlinkVersion::Parse(flink_version);
    if (!v.ok()) return SetError(v.status());
    options.flink_version = *v;
  }
  sql::LintScript(script->impl, options, &found);
  if (out_errors != nullptr) *out_errors = found.error_count();
  if (diags != nullptr) diags->impl.Append(found);
  return kOk;
}

}  // namespace

extern "C" {

FLOWSTATE_API int flowstate_sql_options_init(flowstate_sql_options* opts, unsigned int version) {
  return Guard([&] {
    if (opts == nullptr) return NullArgument("opts");
    if (version != FLOWSTATE_SQL_OPTIONS_VERSION) {
      return SetError(core::Code::kUnsupportedVersion, "unknown flowstate_sql_options version");
    }
    *opts = flowstate_sql_options FLOWSTATE_SQL_OPTIONS_INIT;
    return kOk;
  });
}

FLOWSTATE_API int flowstate_sql_parse(flowstate_script** out, const char* text, size_t len,
                                      const flowstate_sql_options* opts,
                                      flowstate_diagnostics* diags) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (text == nullptr && len > 0) return NullArgument("text");
    flowstate_sql_options defaults = FLOWSTATE_SQL_OPTIONS_INIT;
    if (opts == nullptr) opts = &defaults;
    if (opts->version != FLOWSTATE_SQL_OPTIONS_VERSION) {
      return SetError(core::Code::kUnsupportedVersion, "unknown flowstate_sql_options version");
    }
    if (opts->isa < FLOWSTATE_SQL_ISA_AUTO || opts->isa > FLOWSTATE_SQL_ISA_AVX2) {
      return SetError(core::Code::kInvalidArgument, "unknown instruction set");
    }
    if (opts->variable_count > 0 &&
        (opts->variable_names == nullptr || opts->variable_values == nullptr)) {
      return NullArgument("variable_names/variable_values");
    }
    sql::ParseOptions po;
    if (opts->source_name != nullptr) po.source_name = opts->source_name;
    if (!core::IsValid<sql::VariableMode>(opts->substitute_variables)) {
      return SetError(UnknownEnumValue(core::enum_type::variable_mode, opts->substitute_variables));
    }
    po.substitute_variables = static_cast<sql::VariableMode>(opts->substitute_variables);
    po.isa = static_cast<sql::Isa>(opts->isa);
    for (size_t i = 0; i < opts->variable_count; ++i) {
      if (opts->variable_names[i] == nullptr || opts->variable_values[i] == nullptr) {
        return NullArgument("a variable name or value");
      }
      po.variables[opts->variable_names[i]] = opts->variable_values[i];
    }
    std::string_view view(text == nullptr ? "" : text, len);
    // A script is text: bytes after a NUL, or in another encoding, would be lost or garbled
    // on their way out (C strings, JSON, terminals), so they are refused here, where they enter.
    core::Status text_ok = core::CheckText(view, po.source_name);
    if (!text_ok.ok()) return SetError(text_ok);
    sql::Script script = opts->borrow_text ? sql::Script::ParseView(view, po)
                                           : sql::Script::Parse(std::string(view), po);
    if (diags != nullptr) diags->impl.Append(script.diagnostics());
    *out = new flowstate_script(std::move(script));
    return kOk;
  });
}

FLOWSTATE_API void flowstate_script_free(flowstate_script* script) {
  GuardVoid([&] { delete script; });
}

FLOWSTATE_API int flowstate_script_diagnostics(const flowstate_script* script,
                                               flowstate_diagnostics* diags) {
  return Guard([&] {
    if (script == nullptr) return NullArgument("script");
    if (diags == nullptr) return NullArgument("diags");
    diags->impl.Append(script->impl.diagnostics());
    return kOk;
  });
}

FLOWSTATE_API const char* flowstate_script_isa(const flowstate_script* script) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return script == nullptr ? nullptr : sql::IsaName(script->impl.isa());
  });
}

FLOWSTATE_API int flowstate_script_substituted(const flowstate_script* script) {
  return GuardValue(0, [&] { return script != nullptr && script->impl.substituted() ? 1 : 0; });
}

FLOWSTATE_API size_t flowstate_script_statement_count(const flowstate_script* script) {
  return GuardValue<size_t>(0, [&] { return script == nullptr ? 0 : script->impl.size(); });
}

FLOWSTATE_API int flowstate_script_statement_get(const flowstate_script* script, size_t index,
                                                 flowstate_statement_info* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_STATEMENT_INFO_VERSION, "flowstate_statement_info",
                   InRange(script, index) ? script : nullptr,
                   [&](const flowstate_script& sc, flowstate_statement_info* x) {
                     const sql::Statement& st = sc.impl[index];
                     x->kind = static_cast<int>(st.kind);
                     x->flags = static_cast<unsigned int>(st.flags);
                     x->parent = static_cast<int64_t>(st.parent);
                     x->child_count = static_cast<size_t>(st.child_count);
                     x->begin_offset = static_cast<int64_t>(sc.impl.SourceBegin(index));
                     x->end_offset = static_cast<int64_t>(sc.impl.SourceEnd(index));
                     x->begin_line = static_cast<int64_t>(st.begin_line);
                     x->begin_column = static_cast<int64_t>(st.begin_column);
                     x->end_line = static_cast<int64_t>(st.end_line);
                     x->end_column = static_cast<int64_t>(st.end_column);
                   });
  });
}

FLOWSTATE_API int flowstate_script_statement_text(char** out, const flowstate_script* script,
                                                  size_t index, unsigned int flags) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (script == nullptr) return NullArgument("script");
    if (index >= script->impl.size())
      return SetError(core::Code::kInvalidArgument, "statement index out of range");
    *out = (flags & FLOWSTATE_SQL_RAW) != 0 ? CopyOut(script->impl.RawText(index))
                                            : CopyOut(script->impl.RedactedText(index));
    return kOk;
  });
}

FLOWSTATE_API int flowstate_script_statement_name(char** out, const flowstate_script* script,
                                                  size_t index) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (script == nullptr) return NullArgument("script");
    if (index >= script->impl.size())
      return SetError(core::Code::kInvalidArgument, "statement index out of range");
    *out = CopyOut(script->impl.Name(index));
    return kOk;
  });
}

FLOWSTATE_API int flowstate_script_read_set(char** out_key, char** out_value,
                                            int64_t* out_key_offset, int64_t* out_value_offset,
                                            const flowstate_script* script, size_t index,
                                            unsigned int flags, flowstate_diagnostics* diags) {
  return Guard([&] {
    if (out_key == nullptr) return NullArgument("out_key");
    if (out_value == nullptr) return NullArgument("out_value");
    *out_key = *out_value = nullptr;
    if (out_key_offset) *out_key_offset = -1;
    if (out_value_offset) *out_value_offset = -1;
    if (script == nullptr) return NullArgument("script");
    if (index >= script->impl.size())
      return SetError(core::Code::kInvalidArgument, "statement index out of range");
    sql::StatementKind kind = script->impl[index].kind;
    if (kind != sql::StatementKind::kSet && kind != sql::StatementKind::kReset) {
      return SetError(core::Code::kInvalidArgument, "the statement is not a SET or RESET");
    }
    core::Diagnostics found;
    sql::SetStatement set = script->impl.ReadSet(index, &found);
    if (diags != nullptr) diags->impl.Append(found);
    if (!set.valid)
      return SetError(found.ToStatus().ok() ? core::Status::Parse("malformed SET")
                                            : found.ToStatus());
    if (!set.has_key) return kOk;
    char* key = CopyOut(set.key);
    char* value = nullptr;
    if (!set.reset) {
      try {
        value = CopyOut((flags & FLOWSTATE_SQL_RAW) != 0 ? set.value
                                                         : core::RedactValue(set.key, set.value));
      } catch (...) {
        std::free(key);
        throw;
      }
    }
    *out_key = key;
    *out_value = value;
    if (out_key_offset)
      *out_key_offset = static_cast<int64_t>(script->impl.ToSource(set.key_begin));
    if (out_value_offset && !set.reset) {
      *out_value_offset = static_cast<int64_t>(script->impl.ToSource(set.value_begin));
    }
    return kOk;
  });
}

FLOWSTATE_API int flowstate_script_read_options(flowstate_with_list** out,
                                                const flowstate_script* script, size_t index,
                                                flowstate_diagnostics* diags) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (script == nullptr) return NullArgument("script");
    if (index >= script->impl.size())
      return SetError(core::Code::kInvalidArgument, "statement index out of range");
    if (!sql::KindHasWithOptions(script->impl[index].kind)) {
      return SetError(
          core::Code::kInvalidArgument,
          core::StrCat(sql::StatementKindName(static_cast<int>(script->impl[index].kind)),
                       " statements have no WITH option list"));
    }
    core::Diagnostics found;
    sql::OptionList list = script->impl.ReadWithOptions(index, &found);
    if (diags != nullptr) diags->impl.Append(found);
    if (!list.found) return SetError(core::Code::kNotFound, "the statement has no WITH (...) list");
    *out = new flowstate_with_list(MakeOptions(script->impl, list));
    return kOk;
  });
}

FLOWSTATE_API void flowstate_with_list_free(flowstate_with_list* options) {
  GuardVoid([&] { delete options; });
}

FLOWSTATE_API size_t flowstate_with_list_count(const flowstate_with_list* options) {
  return GuardValue<size_t>(0, [&] { return options == nullptr ? 0 : options->entries.size(); });
}

FLOWSTATE_API int flowstate_with_list_get(const flowstate_with_list* options, size_t index,
                                          flowstate_with_entry* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_WITH_ENTRY_VERSION, "flowstate_with_entry",
                   flowstate::capi::At(options == nullptr ? nullptr : &options->entries, index),
                   [](const flowstate_with_list::Entry& e, flowstate_with_entry* x) {
                     x->key = e.key.c_str();
                     x->value = e.redacted.c_str();
                     x->key_offset = e.key_offset;
                     x->value_offset = e.value_offset;
                   });
  });
}

FLOWSTATE_API int flowstate_with_list_raw_value(char** out, const flowstate_with_list* options,
                                                size_t index) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    const auto* e = Entry(options, index);
    if (e == nullptr) return SetError(core::Code::kInvalidArgument, "option index out of range");
    *out = CopyOut(e->value);
    return kOk;
  });
}

FLOWSTATE_API const char* flowstate_with_list_find(const flowstate_with_list* options,
                                                   const char* key) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    if (options == nullptr || key == nullptr) return nullptr;
    for (const auto& e : options->entries) {
      if (e.key == key) return e.redacted.c_str();
    }
    return nullptr;
  });
}

FLOWSTATE_API int flowstate_with_list_trailing_comma(const flowstate_with_list* options) {
  return GuardValue(0, [&] { return options != nullptr && options->trailing_comma ? 1 : 0; });
}

FLOWSTATE_API int flowstate_script_read_cdc_source(flowstate_cdc_source** out,
                                                   const flowstate_script* script, size_t index,
                                                   flowstate_diagnostics* diags) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (script == nullptr) return NullArgument("script");
    if (index >= script->impl.size())
      return SetError(core::Code::kInvalidArgument, "statement index out of range");
    if (script->impl[index].kind != sql::StatementKind::kExecuteCdcSource) {
      return SetError(core::Code::kInvalidArgument, "the statement is not an EXECUTE CDCSOURCE");
    }
    core::Diagnostics found;
    auto cdc = std::make_unique<flowstate_cdc_source>();
    cdc->impl = script->impl.ReadCdcSource(index, &found);
    if (diags != nullptr) diags->impl.Append(found);
    const sql::Script& s = script->impl;
    cdc->all = MakeOptions(s, cdc->impl.options);
    for (const char* g : sql::kCdcSourceGroups) {
      cdc->groups[g] = Group(s, cdc->impl.options, std::string(g) + ".");
    }
    for (const auto& [n, unused] : cdc->impl.sinks) {
      cdc->sinks.emplace_back(n, Group(s, cdc->impl.options, "sink[" + n + "]."));
    }
    if (cdc->impl.password) cdc->password = core::RedactValue("password", *cdc->impl.password);
    *out = cdc.release();
    return kOk;
  });
}

FLOWSTATE_API void flowstate_cdc_source_free(flowstate_cdc_source* cdc) {
  GuardVoid([&] { delete cdc; });
}

FLOWSTATE_API const char* flowstate_cdc_source_name(const flowstate_cdc_source* cdc) {
  return GuardValue<const char*>(
      nullptr, [&]() -> const char* { return cdc == nullptr ? nullptr : cdc->impl.name.c_str(); });
}

FLOWSTATE_API const char* flowstate_cdc_source_get(const flowstate_cdc_source* cdc,
                                                   const char* field) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    if (cdc == nullptr || field == nullptr) return nullptr;
    const sql::CdcSource& c = cdc->impl;
    std::string f(field);
    const std::optional<std::string>* v = nullptr;
    if (f == "connector")
      v = &c.connector;
    else if (f == "hostname")
      v = &c.hostname;
    else if (f == "username")
      v = &c.username;
    else if (f == "password")
      return c.password ? cdc->password.c_str() : nullptr;
    else if (f == "database-name")
      v = &c.database_name;
    else if (f == "schema-name")
      v = &c.schema_name;
    else if (f == "table-name")
      v = &c.table_name;
    else if (f == "scan.startup.mode")
      v = &c.scan_startup_mode;
    return v != nullptr && v->has_value() ? (*v)->c_str() : nullptr;
  });
}

FLOWSTATE_API int flowstate_cdc_source_get_int(int64_t* out, const flowstate_cdc_source* cdc,
                                               const char* field) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    if (cdc == nullptr) return NullArgument("cdc");
    if (field == nullptr) return NullArgument("field");
    std::string f(field);
    const std::optional<int64_t>* v = f == "port"          ? &cdc->impl.port
                                      : f == "checkpoint"  ? &cdc->impl.checkpoint
                                      : f == "parallelism" ? &cdc->impl.parallelism
                                                           : nullptr;
    if (v == nullptr)
      return SetError(core::Code::kInvalidArgument, "not a numeric CDCSOURCE field: " + f);
    if (!v->has_value())
      return SetError(core::Code::kNotFound, "'" + f + "' is not set (or not a number)");
    *out = **v;
    return kOk;
  });
}

FLOWSTATE_API size_t flowstate_cdc_source_table_count(const flowstate_cdc_source* cdc) {
  return GuardValue<size_t>(0, [&] { return cdc == nullptr ? 0 : cdc->impl.tables.size(); });
}

FLOWSTATE_API const char* flowstate_cdc_source_table(const flowstate_cdc_source* cdc,
                                                     size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return cdc != nullptr && index < cdc->impl.tables.size() ? cdc->impl.tables[index].c_str()
                                                             : nullptr;
  });
}

FLOWSTATE_API int flowstate_cdc_source_group(flowstate_with_list** out,
                                             const flowstate_cdc_source* cdc, const char* group) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (cdc == nullptr) return NullArgument("cdc");
    if (group == nullptr) return NullArgument("group");
    auto it = cdc->groups.find(group);
    if (it == cdc->groups.end()) {
      return SetError(core::Code::kNotFound,
                      std::string("no CDCSOURCE option group '") + group + "'");
    }
    *out = new flowstate_with_list(it->second);
    return kOk;
  });
}

FLOWSTATE_API size_t flowstate_cdc_source_sink_count(const flowstate_cdc_source* cdc) {
  return GuardValue<size_t>(0, [&] { return cdc == nullptr ? 0 : cdc->sinks.size(); });
}

FLOWSTATE_API const char* flowstate_cdc_source_sink_name(const flowstate_cdc_source* cdc,
                                                         size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return cdc != nullptr && index < cdc->sinks.size() ? cdc->sinks[index].first.c_str() : nullptr;
  });
}

FLOWSTATE_API int flowstate_cdc_source_sink(flowstate_with_list** out,
                                            const flowstate_cdc_source* cdc, size_t index) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (cdc == nullptr) return NullArgument("cdc");
    if (index >= cdc->sinks.size())
      return SetError(core::Code::kInvalidArgument, "sink index out of range");
    *out = new flowstate_with_list(cdc->sinks[index].second);
    return kOk;
  });
}

FLOWSTATE_API int flowstate_cdc_source_options(flowstate_with_list** out,
                                               const flowstate_cdc_source* cdc) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (cdc == nullptr) return NullArgument("cdc");
    *out = new flowstate_with_list(cdc->all);
    return kOk;
  });
}

FLOWSTATE_API size_t flowstate_script_variable_count(const flowstate_script* script) {
  return GuardValue<size_t>(0, [&] { return script == nullptr ? 0 : script->variables.size(); });
}

FLOWSTATE_API int flowstate_script_variable_get(const flowstate_script* script, size_t index,
                                                flowstate_variable_info* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_VARIABLE_INFO_VERSION, "flowstate_variable_info",
                   flowstate::capi::At(script == nullptr ? nullptr : &script->variables, index),
                   [](const std::pair<std::string, std::string>& v, flowstate_variable_info* x) {
                     x->name = v.first.c_str();
                     x->value = v.second.c_str();
                   });
  });
}

FLOWSTATE_API int flowstate_script_lint(size_t* out_errors, const flowstate_script* script,
                                        unsigned int flags, flowstate_diagnostics* diags) {
  return Guard([&] { return Lint(out_errors, script, flags, nullptr, diags); });
}

FLOWSTATE_API int flowstate_script_lint_for(size_t* out_errors, const flowstate_script* script,
                                            unsigned int flags, const char* flink_version,
                                            flowstate_diagnostics* diags) {
  return Guard([&] { return Lint(out_errors, script, flags, flink_version, diags); });
}

}  // extern "C"
