// Where each option's value is read, by Flink version: the job (where the job graph is
// built), the job over the cluster, the cluster's own processes, or one deployer. Whether a
// job's value (a script's SET) can take effect follows from it.
//
// The data is one table (scopes.inc), one row per option or family of options; the longest
// pattern matching an option's current name decides. Every option of the registry has a
// rule, and every rule names at least one option (checked by the tests).
//
// Thread-safety: the table is parsed once, on first use, and immutable after.
#ifndef FLOWSTATE_SRC_CONFIG_SCOPE_H_
#define FLOWSTATE_SRC_CONFIG_SCOPE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostics.h"
#include "common/enums.h"
#include "common/flink_version.h"
#include "config/effective.h"
#include "config/registry.h"

namespace flowstate::core::config {

// Values are part of the C ABI (FLOWSTATE_SCOPE_*): append only.
enum class Scope : int { FLOWSTATE_ENUM_VALUES_OPTION_SCOPE(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(Scope) { return enum_type::option_scope; }

// Another key a job's value counts only with (FLOWSTATE_SCOPE_IF_*).
enum class ScopeCondition : int { FLOWSTATE_ENUM_VALUES_SCOPE_CONDITION(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(ScopeCondition) { return enum_type::scope_condition; }

struct ScopeRule {
  struct Step {
    FlinkVersion since;  // {} for the first step: every version before the next
    std::string since_text;
    Scope scope = Scope::kUnknown;
  };
  std::string pattern;      // a current name, or a prefix ending in '*'
  std::vector<Step> steps;  // ascending `since`
  ScopeCondition condition = ScopeCondition::kNone;
  VersionRange condition_versions;
  std::string why;

  bool Matches(std::string_view key) const;
};

// What a version does with an option.
struct ScopeVerdict {
  Scope scope = Scope::kUnknown;
  ScopeCondition condition = ScopeCondition::kNone;  // in force for the version asked about
  const char* why = "";                              // what reads it, in a few words; static
  // Set when the version names no patch level and the scope changes at a patch release of its
  // line: `scope` is the scope before `edge`, `scope_from_edge` from it on.
  std::optional<FlinkVersion> edge;
  const std::string* edge_text = nullptr;  // "1.14.3", static
  Scope scope_from_edge = Scope::kUnknown;
  const ScopeRule* rule = nullptr;  // nullptr for a key the registry does not know
};

// The parsed table, and what was wrong with it (empty in a correct build).
const std::vector<ScopeRule>& ScopeRules();
const std::vector<std::string>& ScopeTableProblems();

// The rule for an option: the longest pattern matching its current name; nullptr if none.
const ScopeRule* RuleFor(const OptionSpec& spec);
ScopeVerdict ScopeOf(const OptionSpec& spec, FlinkVersion v);
// By any name of an option; a key the registry does not know has the unknown scope.
ScopeVerdict ScopeOfKey(std::string_view key, FlinkVersion v);

// "job", "job-over-cluster", "cluster", ...
const char* ScopeName(Scope scope);

// From the cluster files' execution.target (the Kubernetes operator's resource derives it:
// a FlinkDeployment without spec.job is a session cluster, with it an application).
Deployment InferDeployment(const EffectiveConfig& config);

// A script's value that cannot take effect where the job runs: cluster-only keys in a session
// cluster (or in application mode, unless the submitter lifts the SETs into the cluster it
// creates), a deployer's keys on the other platform or in a running cluster, a restart
// strategy's sub-keys without its type, a state backend's options without the backend before
// 1.19; and a value whose effect depends on a patch level the version does not name. One
// diagnostic each, at the SET's position, naming the value that applies instead. An unknown
// deployment is inferred from the configuration (InferDeployment). In a session cluster, when
// the submitter builds the job graph from its own configuration (the SQL Gateway, the SQL
// client, Dinky), a job-level key's value from the cluster's files is such a finding too, at the
// file's line. ConfigBuilder::Build adds these to the configuration's diagnostics.
struct ScopeFinding {
  const EffectiveEntry* entry = nullptr;
  bool no_effect = false;  // false: a note that it depends (patch level, submitter)
  // The entry's value is from the cluster's files and does not reach the job (a job-level key
  // in a session cluster, when the submitter builds the job graph from its own configuration);
  // otherwise it is the script's value that does not apply.
  bool from_cluster_files = false;
  Diagnostic diagnostic;
};
std::vector<ScopeFinding> CheckScopes(const EffectiveConfig& config, Deployment deployment,
                                      Submitter submitter);

// A value of the job's own configuration: a script's SET, a FlinkSessionJob's map.
bool JobLevel(const Origin& origin);

// The write that applies when the entry's job-level value does not: the newest one in its
// history from outside the job's own configuration and the overrides (a cluster file, a
// FlinkDeployment); nullptr if none.
const Setting* OutsideTheScripts(const EffectiveEntry& e);

}  // namespace flowstate::core::config

#endif  // FLOWSTATE_SRC_CONFIG_SCOPE_H_
