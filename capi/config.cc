// C ABI: Flink configuration (include/flowstate/config.h).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capi/capi.h"
#include "capi/config_handle.h"
#include "capi/script_handle.h"
#include "common/redact.h"
#include "common/strings.h"
#include "config/effective.h"
#include "config/files.h"
#include "config/option_value.h"
#include "config/registry.h"
#include "config/scope.h"

namespace core = flowstate::core;
namespace cfg = flowstate::core::config;
using flowstate::capi::CopyOut;
using flowstate::capi::EnumArg;
using flowstate::capi::FillOut;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::kOk;
using flowstate::capi::NullArgument;
using flowstate::capi::SetError;
using flowstate::capi::TextArg;

// A registry option with the strings the C ABI hands out; built once, never freed.
struct flowstate_option {
  const cfg::OptionSpec* spec;
  std::vector<std::string> since, until;
  std::vector<const char*> values;  // views of spec->values' names
};

namespace {

const std::vector<flowstate_option>& Options() {
  static const auto* options = [] {
    auto* out = new std::vector<flowstate_option>();
    for (const cfg::OptionSpec& spec : cfg::Registry::Get().options()) {
      flowstate_option o{&spec, {}, {}, {}};
      for (const cfg::EnumValue& v : spec.values) o.values.push_back(v.name.c_str());
      for (const cfg::OptionName& n : spec.names) {
        o.since.push_back(n.versions.since == core::FlinkVersion{} ? ""
                                                                   : n.versions.since.ToString());
        o.until.push_back(n.versions.open_ended() ? "" : n.versions.until.ToString());
      }
      out->push_back(std::move(o));
    }
    return out;
  }();
  return *options;
}

core::Result<core::FlinkVersion> Version(const char* text) {
  if (text == nullptr) return core::Status(core::Code::kInvalidArgument, "flink_version is NULL");
  return core::FlinkVersion::Parse(text);
}

cfg::FileFormat Format(int format, bool* ok) {
  *ok = format >= 0 && format <= static_cast<int>(cfg::FileFormat::kDeployment);
  return static_cast<cfg::FileFormat>(format);
}

const cfg::EffectiveEntry* Entry(flowstate_config* c, size_t i) {
  if (c == nullptr) return nullptr;
  const cfg::EffectiveConfig& e = c->Get();
  return i < e.entries().size() ? &e.entries()[i] : nullptr;
}

const flowstate_config::Row* RowAt(flowstate_config* c, size_t i) {
  if (Entry(c, i) == nullptr) return nullptr;
  return &c->rows[i];
}

}  // namespace

// ---- registry ------------------------------------------------------------------------

FLOWSTATE_API size_t flowstate_option_count(void) {
  return GuardValue<size_t>(0, [] { return Options().size(); });
}

FLOWSTATE_API const flowstate_option* flowstate_option_at(size_t index) {
  return GuardValue<const flowstate_option*>(nullptr, [&]() -> const flowstate_option* {
    return index < Options().size() ? &Options()[index] : nullptr;
  });
}

FLOWSTATE_API const flowstate_option* flowstate_option_find(const char* key) {
  return GuardValue<const flowstate_option*>(nullptr, [&]() -> const flowstate_option* {
    if (key == nullptr) return nullptr;
    cfg::Registry::Match m = cfg::Registry::Get().Find(key);
    return m ? &Options()[m.spec->index] : nullptr;
  });
}

FLOWSTATE_API int flowstate_option_get(const flowstate_option* option, flowstate_option_info* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_OPTION_INFO_VERSION, "flowstate_option_info", option,
                   [](const flowstate_option& o, flowstate_option_info* x) {
                     const cfg::OptionSpec& spec = *o.spec;
                     x->key = spec.key().c_str();
                     x->type = static_cast<int>(spec.type);
                     x->category = spec.category.c_str();
                     x->description = spec.description.c_str();
                     x->is_secret = spec.secret() ? 1 : 0;
                     x->is_internal = spec.internal() ? 1 : 0;
                     x->fallback = spec.fallback.c_str();
                     x->min = spec.min_text.c_str();
                     x->max = spec.max_text.c_str();
                     x->name_count = spec.names.size();
                     x->values = o.values.data();
                     x->value_count = o.values.size();
                   });
  });
}

FLOWSTATE_API int flowstate_option_name_get(const flowstate_option* option, size_t index,
                                            flowstate_option_name_info* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_OPTION_NAME_INFO_VERSION, "flowstate_option_name_info",
                   option == nullptr || index >= option->spec->names.size() ? nullptr : option,
                   [&](const flowstate_option& o, flowstate_option_name_info* x) {
                     x->name = o.spec->names[index].name.c_str();
                     x->since = o.since[index].c_str();
                     x->until = o.until[index].c_str();
                   });
  });
}

FLOWSTATE_API int flowstate_option_name_for(const char** out, const flowstate_option* option,
                                            const char* flink_version) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (option == nullptr) return NullArgument("option");
    auto v = Version(flink_version);
    if (!v.ok()) return SetError(v.status());
    const cfg::OptionName* n = option->spec->NameFor(*v);
    *out = n == nullptr ? nullptr : n->name.c_str();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_option_default(const char** out, const flowstate_option* option,
                                           const char* flink_version) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (option == nullptr) return NullArgument("option");
    auto v = Version(flink_version);
    if (!v.ok()) return SetError(v.status());
    const std::string* d = option->spec->DefaultFor(*v);
    *out = d == nullptr ? nullptr : d->c_str();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_option_scope_get(const char* key, const char* flink_version,
                                             flowstate_option_scope_info* out) {
  return Guard([&] {
    if (key == nullptr) return NullArgument("key");
    auto v = Version(flink_version);
    if (!v.ok()) return SetError(v.status());
    const cfg::ScopeVerdict verdict = cfg::ScopeOfKey(key, *v);
    return FillOut(out, FLOWSTATE_OPTION_SCOPE_INFO_VERSION, "flowstate_option_scope_info",
                   &verdict, [](const cfg::ScopeVerdict& x, flowstate_option_scope_info* o) {
                     o->scope = static_cast<int>(x.scope);
                     o->condition = static_cast<int>(x.condition);
                     o->why = x.why;
                     o->edge = x.edge ? x.edge_text->c_str() : nullptr;
                     o->scope_from_edge = x.edge ? static_cast<int>(x.scope_from_edge) : -1;
                   });
  });
}

FLOWSTATE_API int flowstate_config_check_value(char** out, const char* key, const char* value,
                                               const char* flink_version) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (key == nullptr) return NullArgument("key");
    if (value == nullptr) return NullArgument("value");
    auto v = Version(flink_version);
    if (!v.ok()) return SetError(v.status());
    cfg::Registry::Match m = cfg::Registry::Get().Find(key);
    if (!m) {
      return SetError(core::Code::kNotFound,
                      core::StrCat("unknown key ", key, ": Flink passes it through as a string"));
    }
    if (!m.spec->AvailableIn(*v)) {
      return SetError(core::Code::kUnsupportedVersion,
                      core::StrCat(key, " is not read by Flink ", v->ToString(), " (read by ",
                                   m.spec->Span().ToString(), ")"));
    }
    cfg::TypedValue typed;
    cfg::ValueError error;
    if (!cfg::ParseOptionValue(*m.spec, value,
                               cfg::ValueContext{*v, *v >= core::FlinkVersion{2, 0}}, &typed,
                               &error)) {
      return SetError(core::Code::kInvalidArgument, core::StrCat(key, ": ", error.message));
    }
    *out = CopyOut(typed.normalized);
    return kOk;
  });
}

FLOWSTATE_API int flowstate_config_file_flink_version(char** out, const char* text, size_t len,
                                                      const char* name, int format) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (text == nullptr) return NullArgument("text");
    bool ok = false;
    cfg::FileFormat f = Format(format, &ok);
    if (!ok) return SetError(core::Code::kInvalidArgument, "unknown file format");
    auto file = cfg::ReadClusterFile(TextArg(text, len), name == nullptr ? "<config>" : name, f);
    if (!file.ok()) return SetError(file.status());
    if (file->flink_version) *out = CopyOut(file->flink_version->ToString());
    return kOk;
  });
}

// ---- effective configuration -----------------------------------------------------------

FLOWSTATE_API int flowstate_config_new(flowstate_config** out, const char* flink_version) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    auto v = Version(flink_version);
    if (!v.ok()) return SetError(v.status());
    *out = new flowstate_config(*v);
    return kOk;
  });
}

FLOWSTATE_API void flowstate_config_free(flowstate_config* config) {
  GuardVoid([&] { delete config; });
}

FLOWSTATE_API const char* flowstate_config_flink_version(const flowstate_config* config) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return config == nullptr ? nullptr : config->version_text.c_str();
  });
}

FLOWSTATE_API int flowstate_config_add_file(flowstate_config* config, const char* text, size_t len,
                                            const char* name, int format) {
  return Guard([&] {
    if (config == nullptr) return NullArgument("config");
    if (text == nullptr) return NullArgument("text");
    bool ok = false;
    cfg::FileFormat f = Format(format, &ok);
    if (!ok) return SetError(core::Code::kInvalidArgument, "unknown file format");
    auto file = cfg::ReadClusterFile(TextArg(text, len), name == nullptr ? "<config>" : name, f);
    if (!file.ok()) return SetError(file.status());
    config->builder.AddFile(std::move(file).value());
    config->Changed();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_config_add_script(flowstate_config* config,
                                              const flowstate_script* script) {
  return Guard([&] {
    if (config == nullptr) return NullArgument("config");
    if (script == nullptr) return NullArgument("script");
    config->builder.AddScript(script->impl);
    config->Changed();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_config_set(flowstate_config* config, const char* key, const char* value,
                                       const char* label) {
  return Guard([&] {
    if (config == nullptr) return NullArgument("config");
    if (key == nullptr) return NullArgument("key");
    if (value == nullptr) return NullArgument("value");
    if (*key == '\0') return SetError(core::Code::kInvalidArgument, "empty key");
    config->builder.AddOverride(key, value, label == nullptr ? "override" : label);
    config->Changed();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_config_set_deployment(flowstate_config* config, int deployment,
                                                  int submitter) {
  return Guard([&] {
    if (config == nullptr) return NullArgument("config");
    auto d = EnumArg<cfg::Deployment>(deployment);
    if (!d.ok()) return SetError(d.status());
    auto s = EnumArg<cfg::Submitter>(submitter);
    if (!s.ok()) return SetError(s.status());
    config->deployment = *d;
    config->submitter = *s;
    config->Changed();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_config_include_defaults(flowstate_config* config, int include) {
  return Guard([&] {
    if (config == nullptr) return NullArgument("config");
    config->include_defaults = include != 0;
    config->Changed();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_config_diagnostics(flowstate_config* config,
                                               flowstate_diagnostics* diags) {
  return Guard([&] {
    if (config == nullptr) return NullArgument("config");
    if (diags == nullptr) return NullArgument("diags");
    diags->impl.Append(config->Get().diagnostics());
    return kOk;
  });
}

FLOWSTATE_API const char* flowstate_config_diagnostic_key(flowstate_config* config, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    if (config == nullptr) return nullptr;
    const auto& keys = config->Get().diagnostic_keys();
    return index < keys.size() ? keys[index].c_str() : nullptr;
  });
}

FLOWSTATE_API size_t flowstate_config_error_count(flowstate_config* config) {
  return GuardValue<size_t>(
      0, [&] { return config == nullptr ? 0 : config->Get().diagnostics().error_count(); });
}

FLOWSTATE_API size_t flowstate_config_count(flowstate_config* config) {
  return GuardValue<size_t>(0,
                            [&] { return config == nullptr ? 0 : config->Get().entries().size(); });
}

FLOWSTATE_API int flowstate_config_get(flowstate_config* config, size_t index,
                                       flowstate_config_entry* out) {
  return Guard([&] {
    const cfg::EffectiveEntry* e = Entry(config, index);
    return FillOut(out, FLOWSTATE_CONFIG_ENTRY_VERSION, "flowstate_config_entry", e,
                   [&](const cfg::EffectiveEntry& en, flowstate_config_entry* x) {
                     const flowstate_config::Row& r = config->rows[index];
                     x->key = en.key.c_str();
                     x->written_key = en.written_key.c_str();
                     x->value = r.value.c_str();
                     x->normalized = r.normalized.c_str();
                     x->type = en.spec == nullptr ? -1 : static_cast<int>(en.spec->type);
                     x->status = static_cast<int>(en.status);
                     x->valid = en.valid ? 1 : 0;
                     x->is_default = en.is_default ? 1 : 0;
                     x->is_secret = en.secret ? 1 : 0;
                     x->layer = static_cast<int>(en.origin.layer);
                     x->source = r.source.c_str();
                     x->source_name = en.origin.source.c_str();
                     x->line = en.origin.key_line;
                     x->column = en.origin.key_column;
                     x->history_count = r.history.size();
                   });
  });
}

FLOWSTATE_API int flowstate_config_history_get(flowstate_config* config, size_t index, size_t h,
                                               flowstate_config_history* out) {
  return Guard([&] {
    const flowstate_config::Row* r = RowAt(config, index);
    return FillOut(out, FLOWSTATE_CONFIG_HISTORY_VERSION, "flowstate_config_history",
                   flowstate::capi::At(r == nullptr ? nullptr : &r->history, h),
                   [](const flowstate_config::History& hi, flowstate_config_history* x) {
                     x->key = hi.key.c_str();
                     x->value = hi.value.c_str();
                     x->source = hi.source.c_str();
                   });
  });
}

FLOWSTATE_API int flowstate_config_raw_value(char** out, flowstate_config* config, size_t index) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    const auto* e = Entry(config, index);
    if (e == nullptr) {
      return config == nullptr ? NullArgument("config")
                               : SetError(core::Code::kInvalidArgument, "index out of range");
    }
    *out = CopyOut(e->value);
    return kOk;
  });
}

FLOWSTATE_API int64_t flowstate_config_find(flowstate_config* config, const char* key) {
  return GuardValue<int64_t>(-1, [&]() -> int64_t {
    if (config == nullptr || key == nullptr) return -1;
    const cfg::EffectiveConfig& c = config->Get();
    const cfg::EffectiveEntry* e = c.Find(key);
    return e == nullptr ? -1 : static_cast<int64_t>(e - c.entries().data());
  });
}

FLOWSTATE_API int flowstate_config_render(char** out, flowstate_config* config, int format,
                                          int reveal_secrets, flowstate_diagnostics* problems) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (config == nullptr) return NullArgument("config");
    if (format < 0 || format > static_cast<int>(cfg::RenderFormat::kJson)) {
      return SetError(core::Code::kInvalidArgument, "unknown render format");
    }
    *out = CopyOut(config->Get().Render(static_cast<cfg::RenderFormat>(format), reveal_secrets != 0,
                                        problems == nullptr ? nullptr : &problems->impl));
    return kOk;
  });
}
