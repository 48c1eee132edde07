// flowstate/config.hpp: Flink configuration, C++ API over flowstate/config.h.
#ifndef FLOWSTATE_CONFIG_HPP
#define FLOWSTATE_CONFIG_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowstate/config.h"
#include "flowstate/diagnostics.hpp"
#include "flowstate/sql.hpp"
#include "flowstate/status.hpp"

namespace flowstate {

enum class OptionType : int {
  string = FLOWSTATE_OPTION_STRING,
  boolean = FLOWSTATE_OPTION_BOOLEAN,
  integer = FLOWSTATE_OPTION_INTEGER,
  long_integer = FLOWSTATE_OPTION_LONG,
  double_number = FLOWSTATE_OPTION_DOUBLE,
  duration = FLOWSTATE_OPTION_DURATION,
  memory_size = FLOWSTATE_OPTION_MEMORY_SIZE,
  enumeration = FLOWSTATE_OPTION_ENUM,
  list = FLOWSTATE_OPTION_LIST,
  map = FLOWSTATE_OPTION_MAP,
  list_of_maps = FLOWSTATE_OPTION_LIST_OF_MAPS,
};

enum class KeyStatus : int {
  current = FLOWSTATE_CONFIG_KEY_CURRENT,
  deprecated = FLOWSTATE_CONFIG_KEY_DEPRECATED,
  translated = FLOWSTATE_CONFIG_KEY_TRANSLATED,
  unknown = FLOWSTATE_CONFIG_KEY_UNKNOWN,
  refused = FLOWSTATE_CONFIG_KEY_REFUSED,
};

enum class ConfigLayer : int {
  default_value = FLOWSTATE_CONFIG_LAYER_DEFAULT,
  cluster_file = FLOWSTATE_CONFIG_LAYER_CLUSTER_FILE,
  deployment = FLOWSTATE_CONFIG_LAYER_DEPLOYMENT,
  script = FLOWSTATE_CONFIG_LAYER_SCRIPT,
  override_value = FLOWSTATE_CONFIG_LAYER_OVERRIDE,
};

enum class ConfigFileFormat : int {
  automatic = FLOWSTATE_CONFIG_FILE_AUTO,
  flink_conf = FLOWSTATE_CONFIG_FILE_FLINK_CONF,
  config_yaml = FLOWSTATE_CONFIG_FILE_CONFIG_YAML,
  deployment = FLOWSTATE_CONFIG_FILE_DEPLOYMENT,
};

enum class RenderFormat : int {
  flink_conf = FLOWSTATE_CONFIG_RENDER_FLINK_CONF,
  config_yaml = FLOWSTATE_CONFIG_RENDER_CONFIG_YAML,
  json = FLOWSTATE_CONFIG_RENDER_JSON,
};

// A name of an option with the Flink versions that read it ("" = open-ended).
struct OptionName {
  std::string name, since, until;
};

// An option of the registry, copied out.
struct OptionInfo {
  std::string key;
  OptionType type = OptionType::string;
  std::string type_name, category, description, fallback, min, max;
  bool secret = false, internal = false;
  std::vector<OptionName> names;
  std::vector<std::string> values;

  static OptionInfo from_c(const flowstate_option* o) {
    OptionInfo x;
    flowstate_option_info c;
    flowstate_option_info_init(&c);
    if (flowstate_option_get(o, &c) != FLOWSTATE_OK) return x;
    x.key = detail::or_empty(c.key);
    x.type = static_cast<OptionType>(c.type);
    x.type_name = detail::or_empty(flowstate_enum_name(FLOWSTATE_ENUM_OPTION_TYPE, c.type));
    x.category = detail::or_empty(c.category);
    x.description = detail::or_empty(c.description);
    x.fallback = detail::or_empty(c.fallback);
    x.min = detail::or_empty(c.min);
    x.max = detail::or_empty(c.max);
    x.secret = c.is_secret != 0;
    x.internal = c.is_internal != 0;
    for (size_t i = 0; i < c.name_count; ++i) {
      flowstate_option_name_info n;
      flowstate_option_name_info_init(&n);
      if (flowstate_option_name_get(o, i, &n) != FLOWSTATE_OK) continue;
      x.names.push_back(OptionName{detail::or_empty(n.name), detail::or_empty(n.since),
                                   detail::or_empty(n.until)});
    }
    x.values.assign(c.values, c.values + c.value_count);
    return x;
  }
};

// The registry: every option, or one by any of its names.
inline std::vector<OptionInfo> options() {
  std::vector<OptionInfo> out;
  for (size_t i = 0; i < flowstate_option_count(); ++i) {
    out.push_back(OptionInfo::from_c(flowstate_option_at(i)));
  }
  return out;
}

inline std::optional<OptionInfo> find_option(std::string_view key) {
  std::string k(key);
  const flowstate_option* o = flowstate_option_find(k.c_str());
  if (o == nullptr) return std::nullopt;
  return OptionInfo::from_c(o);
}

// The name and default of `key` in `flink_version` (nullopt: none).
inline Result<std::optional<std::string>> option_name_for(std::string_view key,
                                                          std::string_view flink_version) {
  std::string k(key), v(flink_version);
  const flowstate_option* o = flowstate_option_find(k.c_str());
  if (o == nullptr) return Status(ErrorCode::not_found, "unknown key " + k);
  const char* out = nullptr;
  int rc = flowstate_option_name_for(&out, o, v.c_str());
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  return out ? std::optional<std::string>(out) : std::nullopt;
}

inline Result<std::optional<std::string>> option_default(std::string_view key,
                                                         std::string_view flink_version) {
  std::string k(key), v(flink_version);
  const flowstate_option* o = flowstate_option_find(k.c_str());
  if (o == nullptr) return Status(ErrorCode::not_found, "unknown key " + k);
  const char* out = nullptr;
  int rc = flowstate_option_default(&out, o, v.c_str());
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  return out ? std::optional<std::string>(out) : std::nullopt;
}

// Flink's rendering of a valid value ("6 s" for "6000"), or why it is not valid.
inline Result<std::string> check_value(std::string_view key, std::string_view value,
                                       std::string_view flink_version) {
  std::string k(key), v(value), f(flink_version);
  return detail::string_result([&](char** out) {
    return flowstate_config_check_value(out, k.c_str(), v.c_str(), f.c_str());
  });
}

// The Flink version a cluster file names, if it names one.
inline Result<std::optional<std::string>> file_flink_version(
    std::string_view text, std::string_view name,
    ConfigFileFormat format = ConfigFileFormat::automatic) {
  std::string n(name);
  char* out = nullptr;
  int rc = flowstate_config_file_flink_version(&out, text.data(), text.size(), n.c_str(),
                                               static_cast<int>(format));
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  if (out == nullptr) return std::optional<std::string>();
  return std::optional<std::string>(detail::take_string(out));
}

struct ConfigHistory {
  std::string key, value, source;  // value redacted for secrets
};

// One effective key. `value` and `normalized` are redacted for secrets.
struct ConfigEntry {
  std::string key, written_key, value, normalized, source, source_name;
  int type = -1;  // an OptionType, or -1 for a key the registry does not know
  KeyStatus status = KeyStatus::current;
  ConfigLayer layer = ConfigLayer::default_value;
  bool valid = true, is_default = false, secret = false;
  int64_t line = -1, column = -1;
  std::vector<ConfigHistory> history;
};

// An effective configuration for one Flink version. Move-only; one thread at a time.
class Config {
 public:
  static Result<Config> create(std::string_view flink_version) {
    std::string v(flink_version);
    flowstate_config* raw = nullptr;
    int rc = flowstate_config_new(&raw, v.c_str());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    return Config(raw);
  }

  flowstate_config* get() const { return handle_.get(); }
  std::string flink_version() const { return flowstate_config_flink_version(get()); }

  Status add_file(std::string_view text, std::string_view name,
                  ConfigFileFormat format = ConfigFileFormat::automatic) {
    std::string n(name);
    return Status::from_c(flowstate_config_add_file(get(), text.data(), text.size(), n.c_str(),
                                                    static_cast<int>(format)));
  }
  Status add_script(const Script& script) {
    return Status::from_c(flowstate_config_add_script(get(), script.get()));
  }
  Status set(std::string_view key, std::string_view value, std::string_view label = "override") {
    std::string k(key), v(value), l(label);
    return Status::from_c(flowstate_config_set(get(), k.c_str(), v.c_str(), l.c_str()));
  }
  Status include_defaults(bool include) {
    return Status::from_c(flowstate_config_include_defaults(get(), include ? 1 : 0));
  }

  std::vector<ConfigEntry> entries() const {
    std::vector<ConfigEntry> out;
    size_t n = flowstate_config_count(get());
    for (size_t i = 0; i < n; ++i) out.push_back(entry(i));
    return out;
  }
  std::optional<ConfigEntry> find(std::string_view key) const {
    std::string k(key);
    int64_t i = flowstate_config_find(get(), k.c_str());
    if (i < 0) return std::nullopt;
    return entry(static_cast<size_t>(i));
  }
  // The value with secrets.
  Result<std::string> raw_value(std::string_view key) const {
    std::string k(key);
    int64_t i = flowstate_config_find(get(), k.c_str());
    if (i < 0) return Status(ErrorCode::not_found, k + " is not set");
    return detail::string_result(
        [&](char** out) { return flowstate_config_raw_value(out, get(), static_cast<size_t>(i)); });
  }

  // Findings, each with the key it is about ("" for none).
  std::vector<std::pair<Diagnostic, std::string>> diagnostics() const {
    Diagnostics d;
    flowstate_config_diagnostics(get(), d.get());
    std::vector<std::pair<Diagnostic, std::string>> out;
    std::vector<Diagnostic> entries = d.entries();
    for (size_t i = 0; i < entries.size(); ++i) {
      out.emplace_back(std::move(entries[i]),
                       detail::or_empty(flowstate_config_diagnostic_key(get(), i)));
    }
    return out;
  }
  size_t error_count() const { return flowstate_config_error_count(get()); }

  Result<std::string> render(RenderFormat format, bool reveal_secrets = false,
                             Diagnostics* problems = nullptr) const {
    return detail::string_result([&](char** out) {
      return flowstate_config_render(out, get(), static_cast<int>(format), reveal_secrets ? 1 : 0,
                                     problems ? problems->get() : nullptr);
    });
  }

 private:
  explicit Config(flowstate_config* raw) : handle_(raw) {}

  ConfigEntry entry(size_t i) const {
    ConfigEntry e;
    flowstate_config_entry c;
    flowstate_config_entry_init(&c);
    if (flowstate_config_get(get(), i, &c) != FLOWSTATE_OK) return e;
    e.key = detail::or_empty(c.key);
    e.written_key = detail::or_empty(c.written_key);
    e.value = detail::or_empty(c.value);
    e.normalized = detail::or_empty(c.normalized);
    e.source = detail::or_empty(c.source);
    e.source_name = detail::or_empty(c.source_name);
    e.type = c.type;
    e.status = static_cast<KeyStatus>(c.status);
    e.layer = static_cast<ConfigLayer>(c.layer);
    e.valid = c.valid != 0;
    e.is_default = c.is_default != 0;
    e.secret = c.is_secret != 0;
    e.line = c.line;
    e.column = c.column;
    for (size_t h = 0; h < c.history_count; ++h) {
      flowstate_config_history ch;
      flowstate_config_history_init(&ch);
      if (flowstate_config_history_get(get(), i, h, &ch) != FLOWSTATE_OK) continue;
      e.history.push_back(ConfigHistory{detail::or_empty(ch.key), detail::or_empty(ch.value),
                                        detail::or_empty(ch.source)});
    }
    return e;
  }

  detail::UniqueHandle<flowstate_config, flowstate_config_free> handle_;
};

}  // namespace flowstate

#endif  // FLOWSTATE_CONFIG_HPP
