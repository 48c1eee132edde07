// The effective configuration of a job: defaults < cluster files and resources < the
// script's SET / RESET in order < explicit overrides, each value remembering where it came
// from, checked key by key and across keys for one target Flink version.
//
// Keys follow Flink's own rules. Every write lands on the exact key written (a flat map, as
// in Flink's Configuration); an option's value is then read under its newest name first and
// its older names after, so a current key beats a deprecated one wherever each was set, and
// differing values under the two are reported. RESET restores a key to its value from the
// cluster files (or unsets it), as Flink's SQL client does.
//
// Keys for the target version: a name the version reads passes (older names with a
// deprecation warning); a registry key the version does not read is written under the name
// it does read when the option has one (with a warning), and refused otherwise; a key the
// registry does not know passes through as a string with a warning.
//
// Thread-safety: EffectiveConfig is immutable; the builder is used by one thread.
#ifndef FLOWSTATE_SRC_CONFIG_EFFECTIVE_H_
#define FLOWSTATE_SRC_CONFIG_EFFECTIVE_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostics.h"
#include "common/flink_version.h"
#include "config/files.h"
#include "config/option_value.h"
#include "config/registry.h"

namespace flowstate::core::sql {
class Script;
}

namespace flowstate::core::config {

// Values are part of the C ABI (FLOWSTATE_CONFIG_KEY_*).
enum class KeyStatus : int { FLOWSTATE_ENUM_VALUES_KEY_STATUS(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(KeyStatus) { return enum_type::key_status; }
const char* KeyStatusName(KeyStatus s);  // "current", "deprecated", ...

struct EffectiveEntry {
  const OptionSpec* spec = nullptr;  // nullptr for unknown keys
  std::string key;                   // as the target version names it (unknown: as written)
  std::string written_key;           // as the winning write spelled it
  std::string value;                 // as written, secrets included
  std::string normalized;            // Flink's rendering when the value parsed, else `value`
  bool valid = true;                 // the value parsed (unknown keys: always)
  bool is_default = false;
  bool secret = false;
  KeyStatus status = KeyStatus::kCurrent;
  Origin origin;
  std::vector<Setting> history;  // the writes this value replaced or beat, oldest first
  TypedValue typed;
};

// Where the job runs: a session cluster it is submitted to, or a cluster created for it
// (FLOWSTATE_DEPLOYMENT_*). Unknown: inferred from the files' execution.target.
enum class Deployment : int { FLOWSTATE_ENUM_VALUES_DEPLOYMENT(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(Deployment) { return enum_type::deployment; }
// Who builds the job graph (FLOWSTATE_SUBMITTER_*): it decides the base configuration of
// job-level keys, and whether the script's SETs reach a cluster created for the job.
enum class Submitter : int { FLOWSTATE_ENUM_VALUES_SUBMITTER(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(Submitter) { return enum_type::submitter; }

struct BuildOptions {
  bool include_defaults = false;  // also list every unset option with its default
  // For the findings of the script's values that cannot take effect (scope.h, CheckScopes).
  Deployment deployment = Deployment::kUnknown;
  Submitter submitter = Submitter::kUnknown;
};

// Values are part of the C ABI (FLOWSTATE_CONFIG_RENDER_*).
enum class RenderFormat : int { FLOWSTATE_ENUM_VALUES_RENDER_FORMAT(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(RenderFormat) { return enum_type::render_format; }

class EffectiveConfig {
 public:
  FlinkVersion version() const { return version_; }
  const std::vector<EffectiveEntry>& entries() const { return entries_; }
  // By any name of an option, or an unknown key as written; nullptr when not set.
  const EffectiveEntry* Find(std::string_view name) const;
  const Diagnostics& diagnostics() const { return diagnostics_; }
  // The key each diagnostic is about ("" for none), parallel to diagnostics().entries().
  const std::vector<std::string>& diagnostic_keys() const { return diagnostic_keys_; }
  // A FlinkSessionJob was among the files: the job is submitted to a session cluster.
  bool has_session_job() const { return has_session_job_; }

  // The configuration as a file or REST map, secrets redacted unless `reveal_secrets`.
  // Values a format cannot hold (a '#' in flink-conf.yaml) go to `problems` (may be null).
  // Defaults are never written; refused keys neither.
  std::string Render(RenderFormat format, bool reveal_secrets, Diagnostics* problems) const;

 private:
  friend class ConfigBuilder;
  FlinkVersion version_;
  std::vector<EffectiveEntry> entries_;  // sorted by key
  Diagnostics diagnostics_;
  std::vector<std::string> diagnostic_keys_;
  bool has_session_job_ = false;
};

class ConfigBuilder {
 public:
  explicit ConfigBuilder(FlinkVersion version) : version_(version) {}

  FlinkVersion version() const { return version_; }
  // A cluster file or resource; applied in the order added, before any script.
  void AddFile(ConfigFile file);
  // The script's SET and RESET statements, in order (read now: the script need not outlive
  // the builder).
  void AddScript(const sql::Script& script);
  // An explicit key = value, applied after every script (a restore path, a job name).
  void AddOverride(std::string key, std::string value, std::string label = "override");

  EffectiveConfig Build(const BuildOptions& options = {}) const;

 private:
  struct ScriptSettings {
    std::vector<Setting> settings;
    std::vector<int64_t> after_job_line;  // per setting: the job statement's line, or -1
    Diagnostics diagnostics;              // from reading the SET statements
    bool has_reset = false;
  };
  FlinkVersion version_;
  std::vector<ConfigFile> files_;
  std::vector<ScriptSettings> scripts_;
  std::vector<Setting> overrides_;
};

}  // namespace flowstate::core::config

#endif  // FLOWSTATE_SRC_CONFIG_EFFECTIVE_H_
