// C ABI: Flink configuration (include/flowstate/config.h).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capi/capi.h"
#include "capi/script_handle.h"
#include "common/redact.h"
#include "common/strings.h"
#include "config/effective.h"
#include "config/files.h"
#include "config/option_value.h"
#include "config/registry.h"

namespace core = flowstate::core;
namespace cfg = flowstate::core::config;
using flowstate::capi::CopyOut;
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
};

struct flowstate_config {
  explicit flowstate_config(core::FlinkVersion v) : builder(v), version_text(v.ToString()) {}

  struct History {
    std::string key, value, source;
  };
  struct Row {
    std::string value, normalized, source;
    std::vector<History> history;
  };

  cfg::ConfigBuilder builder;
  std::string version_text;
  bool include_defaults = false;
  // The resolved configuration, rebuilt after any change.
  std::optional<cfg::EffectiveConfig> built;
  std::vector<Row> rows;

  const cfg::EffectiveConfig& Get() {
    if (!built) {
      cfg::BuildOptions o;
      o.include_defaults = include_defaults;
      built = builder.Build(o);
      rows.clear();
      for (const cfg::EffectiveEntry& e : built->entries()) {
        Row r;
        r.value = e.secret ? std::string(core::kRedacted) : e.value;
        r.normalized = e.secret ? std::string(core::kRedacted) : e.normalized;
        r.source = e.origin.ToString();
        for (const cfg::Setting& h : e.history) {
          r.history.push_back(
              {h.key, e.secret || core::IsSecretKey(h.key) ? std::string(core::kRedacted) : h.value,
               h.origin.ToString()});
        }
        rows.push_back(std::move(r));
      }
    }
    return *built;
  }
  void Changed() { built.reset(); }
};

namespace {

const std::vector<flowstate_option>& Options() {
  static const auto* options = [] {
    auto* out = new std::vector<flowstate_option>();
    for (const cfg::OptionSpec& spec : cfg::Registry::Get().options()) {
      flowstate_option o{&spec, {}, {}};
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

FLOWSTATE_API const char* flowstate_option_key(const flowstate_option* option) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return option == nullptr ? nullptr : option->spec->key().c_str();
  });
}

FLOWSTATE_API int flowstate_option_type(const flowstate_option* option) {
  return GuardValue<int>(
      -1, [&] { return option == nullptr ? -1 : static_cast<int>(option->spec->type); });
}

FLOWSTATE_API const char* flowstate_option_category(const flowstate_option* option) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return option == nullptr ? nullptr : option->spec->category.c_str();
  });
}

FLOWSTATE_API const char* flowstate_option_description(const flowstate_option* option) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return option == nullptr ? nullptr : option->spec->description.c_str();
  });
}

FLOWSTATE_API int flowstate_option_is_secret(const flowstate_option* option) {
  return GuardValue<int>(0, [&] { return option != nullptr && option->spec->secret() ? 1 : 0; });
}

FLOWSTATE_API int flowstate_option_is_internal(const flowstate_option* option) {
  return GuardValue<int>(0, [&] { return option != nullptr && option->spec->internal() ? 1 : 0; });
}

FLOWSTATE_API const char* flowstate_option_fallback(const flowstate_option* option) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return option == nullptr ? nullptr : option->spec->fallback.c_str();
  });
}

FLOWSTATE_API const char* flowstate_option_min(const flowstate_option* option) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return option == nullptr ? nullptr : option->spec->min_text.c_str();
  });
}

FLOWSTATE_API const char* flowstate_option_max(const flowstate_option* option) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return option == nullptr ? nullptr : option->spec->max_text.c_str();
  });
}

FLOWSTATE_API size_t flowstate_option_name_count(const flowstate_option* option) {
  return GuardValue<size_t>(0, [&] { return option == nullptr ? 0 : option->spec->names.size(); });
}

FLOWSTATE_API const char* flowstate_option_name(const flowstate_option* option, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    if (option == nullptr || index >= option->spec->names.size()) return nullptr;
    return option->spec->names[index].name.c_str();
  });
}

FLOWSTATE_API const char* flowstate_option_name_since(const flowstate_option* option,
                                                      size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    if (option == nullptr || index >= option->since.size()) return nullptr;
    return option->since[index].c_str();
  });
}

FLOWSTATE_API const char* flowstate_option_name_until(const flowstate_option* option,
                                                      size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    if (option == nullptr || index >= option->until.size()) return nullptr;
    return option->until[index].c_str();
  });
}

FLOWSTATE_API size_t flowstate_option_value_count(const flowstate_option* option) {
  return GuardValue<size_t>(0, [&] { return option == nullptr ? 0 : option->spec->values.size(); });
}

FLOWSTATE_API const char* flowstate_option_value(const flowstate_option* option, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    if (option == nullptr || index >= option->spec->values.size()) return nullptr;
    return option->spec->values[index].name.c_str();
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

FLOWSTATE_API const char* flowstate_config_key(flowstate_config* config, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* e = Entry(config, index);
    return e == nullptr ? nullptr : e->key.c_str();
  });
}

FLOWSTATE_API const char* flowstate_config_written_key(flowstate_config* config, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* e = Entry(config, index);
    return e == nullptr ? nullptr : e->written_key.c_str();
  });
}

FLOWSTATE_API const char* flowstate_config_value(flowstate_config* config, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = RowAt(config, index);
    return r == nullptr ? nullptr : r->value.c_str();
  });
}

FLOWSTATE_API const char* flowstate_config_normalized(flowstate_config* config, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = RowAt(config, index);
    return r == nullptr ? nullptr : r->normalized.c_str();
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

FLOWSTATE_API int flowstate_config_type(flowstate_config* config, size_t index) {
  return GuardValue<int>(-1, [&] {
    const auto* e = Entry(config, index);
    return e == nullptr || e->spec == nullptr ? -1 : static_cast<int>(e->spec->type);
  });
}

FLOWSTATE_API int flowstate_config_status(flowstate_config* config, size_t index) {
  return GuardValue<int>(-1, [&] {
    const auto* e = Entry(config, index);
    return e == nullptr ? -1 : static_cast<int>(e->status);
  });
}

FLOWSTATE_API int flowstate_config_valid(flowstate_config* config, size_t index) {
  return GuardValue<int>(0, [&] {
    const auto* e = Entry(config, index);
    return e != nullptr && e->valid ? 1 : 0;
  });
}

FLOWSTATE_API int flowstate_config_is_default(flowstate_config* config, size_t index) {
  return GuardValue<int>(0, [&] {
    const auto* e = Entry(config, index);
    return e != nullptr && e->is_default ? 1 : 0;
  });
}

FLOWSTATE_API int flowstate_config_is_secret(flowstate_config* config, size_t index) {
  return GuardValue<int>(0, [&] {
    const auto* e = Entry(config, index);
    return e != nullptr && e->secret ? 1 : 0;
  });
}

FLOWSTATE_API int flowstate_config_layer(flowstate_config* config, size_t index) {
  return GuardValue<int>(-1, [&] {
    const auto* e = Entry(config, index);
    return e == nullptr ? -1 : static_cast<int>(e->origin.layer);
  });
}

FLOWSTATE_API const char* flowstate_config_source(flowstate_config* config, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = RowAt(config, index);
    return r == nullptr ? nullptr : r->source.c_str();
  });
}

FLOWSTATE_API const char* flowstate_config_source_name(flowstate_config* config, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* e = Entry(config, index);
    return e == nullptr ? nullptr : e->origin.source.c_str();
  });
}

FLOWSTATE_API int64_t flowstate_config_line(flowstate_config* config, size_t index) {
  return GuardValue<int64_t>(-1, [&]() -> int64_t {
    const auto* e = Entry(config, index);
    return e == nullptr ? -1 : e->origin.key_line;
  });
}

FLOWSTATE_API int64_t flowstate_config_column(flowstate_config* config, size_t index) {
  return GuardValue<int64_t>(-1, [&]() -> int64_t {
    const auto* e = Entry(config, index);
    return e == nullptr ? -1 : e->origin.key_column;
  });
}

FLOWSTATE_API size_t flowstate_config_history_count(flowstate_config* config, size_t index) {
  return GuardValue<size_t>(0, [&]() -> size_t {
    const auto* r = RowAt(config, index);
    return r == nullptr ? 0 : r->history.size();
  });
}

FLOWSTATE_API const char* flowstate_config_history_key(flowstate_config* config, size_t index,
                                                       size_t h) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = RowAt(config, index);
    return r == nullptr || h >= r->history.size() ? nullptr : r->history[h].key.c_str();
  });
}

FLOWSTATE_API const char* flowstate_config_history_value(flowstate_config* config, size_t index,
                                                         size_t h) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = RowAt(config, index);
    return r == nullptr || h >= r->history.size() ? nullptr : r->history[h].value.c_str();
  });
}

FLOWSTATE_API const char* flowstate_config_history_source(flowstate_config* config, size_t index,
                                                          size_t h) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = RowAt(config, index);
    return r == nullptr || h >= r->history.size() ? nullptr : r->history[h].source.c_str();
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
