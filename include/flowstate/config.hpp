/// @file
/// flowstate/config.hpp: Flink configuration, C++ API over flowstate/config.h.
#ifndef FLOWSTATE_CONFIG_HPP
#define FLOWSTATE_CONFIG_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowstate/config.h"
#include "flowstate/diagnostics.hpp"
#include "flowstate/enum_types.hpp"
#include "flowstate/records.hpp"
#include "flowstate/sql.hpp"
#include "flowstate/status.hpp"

namespace flowstate {

// The records (OptionInfo with its OptionNames, ConfigEntry with its ConfigHistory) are in
// flowstate/records.hpp.

namespace detail {
inline OptionInfo option_info(const flowstate_option* o) {
  flowstate_option_info c;
  init(c);
  if (flowstate_option_get(o, &c) != FLOWSTATE_OK) return OptionInfo{};
  OptionInfo x = from_c(c);
  x.names = read_n<flowstate_option_name_info>(
      c.name_count, [&](size_t i, auto* n) { return flowstate_option_name_get(o, i, n); });
  return x;
}
}  // namespace detail

/// The registry: every option, or one by any of its names.
inline std::vector<OptionInfo> options() {
  std::vector<OptionInfo> out;
  for (size_t i = 0; i < flowstate_option_count(); ++i) {
    out.push_back(detail::option_info(flowstate_option_at(i)));
  }
  return out;
}

/// \copybrief flowstate_option_find
/// (The C++ form of flowstate_option_find().)
inline std::optional<OptionInfo> find_option(std::string_view key) {
  std::string k(key);
  const flowstate_option* o = flowstate_option_find(k.c_str());
  if (o == nullptr) return std::nullopt;
  return detail::option_info(o);
}

/// Where Flink `flink_version` reads `key` (any name of an option), and so whether a job's
/// value can take effect; a key the registry does not know has OptionScope::unknown.
inline Result<OptionScopeInfo> option_scope(std::string_view key, std::string_view flink_version) {
  std::string k(key), v(flink_version);
  flowstate_option_scope_info c;
  detail::init(c);
  int rc = flowstate_option_scope_get(k.c_str(), v.c_str(), &c);
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  return detail::from_c(c);
}

/// The name and default of `key` in `flink_version` (nullopt: none).
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

/// \copybrief flowstate_option_find
/// (The C++ form of flowstate_option_find().)
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

/// Flink's rendering of a valid value ("6 s" for "6000"), or why it is not valid.
inline Result<std::string> check_value(std::string_view key, std::string_view value,
                                       std::string_view flink_version) {
  std::string k(key), v(value), f(flink_version);
  return detail::string_result([&](char** out) {
    return flowstate_config_check_value(out, k.c_str(), v.c_str(), f.c_str());
  });
}

/// The Flink version a cluster file names, if it names one.
inline Result<std::optional<std::string>> file_flink_version(
    std::string_view text, std::string_view name, FileFormat format = FileFormat::auto_value) {
  std::string n(name);
  char* out = nullptr;
  int rc = flowstate_config_file_flink_version(&out, text.data(), text.size(), n.c_str(),
                                               static_cast<int>(format));
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  if (out == nullptr) return std::optional<std::string>();
  return std::optional<std::string>(detail::take_string(out));
}

/// An effective configuration for one Flink version. Move-only; one thread at a time.
class Config {
 public:
  /// \copybrief flowstate_config_new
  /// (The C++ form of flowstate_config_new().)
  static Result<Config> create(std::string_view flink_version) {
    std::string v(flink_version);
    flowstate_config* raw = nullptr;
    int rc = flowstate_config_new(&raw, v.c_str());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    return Config(raw);
  }

  /// The C handle, for the C API (owned by this object).
  flowstate_config* get() const { return handle_.get(); }
  /// \copybrief flowstate_config_flink_version
  /// (The C++ form of flowstate_config_flink_version().)
  std::string flink_version() const { return flowstate_config_flink_version(get()); }

  /// \copybrief flowstate_config_add_file
  /// (The C++ form of flowstate_config_add_file().)
  Status add_file(std::string_view text, std::string_view name,
                  FileFormat format = FileFormat::auto_value) {
    std::string n(name);
    return Status::from_c(flowstate_config_add_file(get(), text.data(), text.size(), n.c_str(),
                                                    static_cast<int>(format)));
  }
  /// \copybrief flowstate_config_add_script
  /// (The C++ form of flowstate_config_add_script().)
  Status add_script(const Script& script) {
    return Status::from_c(flowstate_config_add_script(get(), script.get()));
  }
  /// \copybrief flowstate_config_set
  /// (The C++ form of flowstate_config_set().)
  Status set(std::string_view key, std::string_view value, std::string_view label = "override") {
    std::string k(key), v(value), l(label);
    return Status::from_c(flowstate_config_set(get(), k.c_str(), v.c_str(), l.c_str()));
  }
  /// Where the job runs and who submits it: the diagnostics then say which script values have
  /// no effect there (Deployment::unknown: from the files' execution.target).
  Status set_deployment(Deployment deployment, Submitter submitter = Submitter::unknown) {
    return Status::from_c(flowstate_config_set_deployment(get(), static_cast<int>(deployment),
                                                          static_cast<int>(submitter)));
  }
  /// \copybrief flowstate_config_include_defaults
  /// (The C++ form of flowstate_config_include_defaults().)
  Status include_defaults(bool include) {
    return Status::from_c(flowstate_config_include_defaults(get(), include ? 1 : 0));
  }

  /// \copybrief flowstate_config_count
  /// (The C++ form of flowstate_config_count().)
  std::vector<ConfigEntry> entries() const {
    std::vector<ConfigEntry> out;
    size_t n = flowstate_config_count(get());
    for (size_t i = 0; i < n; ++i) out.push_back(entry(i));
    return out;
  }
  /// \copybrief flowstate_config_find
  /// (The C++ form of flowstate_config_find().)
  std::optional<ConfigEntry> find(std::string_view key) const {
    std::string k(key);
    int64_t i = flowstate_config_find(get(), k.c_str());
    if (i < 0) return std::nullopt;
    return entry(static_cast<size_t>(i));
  }
  /// The value with secrets.
  Result<std::string> raw_value(std::string_view key) const {
    std::string k(key);
    int64_t i = flowstate_config_find(get(), k.c_str());
    if (i < 0) return Status(ErrorCode::not_found, k + " is not set");
    return detail::string_result(
        [&](char** out) { return flowstate_config_raw_value(out, get(), static_cast<size_t>(i)); });
  }

  /// Findings, each with the key it is about ("" for none).
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
  /// \copybrief flowstate_config_error_count
  /// (The C++ form of flowstate_config_error_count().)
  size_t error_count() const { return flowstate_config_error_count(get()); }

  /// \copybrief flowstate_config_render
  /// (The C++ form of flowstate_config_render().)
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
    flowstate_config_entry c;
    detail::init(c);
    if (flowstate_config_get(get(), i, &c) != FLOWSTATE_OK) return ConfigEntry{};
    ConfigEntry e = detail::from_c(c);
    e.history = detail::read_n<flowstate_config_history>(c.history_count, [&](size_t h, auto* x) {
      return flowstate_config_history_get(get(), i, h, x);
    });
    return e;
  }

  detail::UniqueHandle<flowstate_config, flowstate_config_free> handle_;
};

}  // namespace flowstate

#endif  // FLOWSTATE_CONFIG_HPP
