#include "config/scope.h"

#include <utility>

#include "common/strings.h"

namespace flowstate::core::config {
namespace {

struct Row {
  const char* pattern;
  const char* steps;
  const char* condition;
  const char* why;
};

constexpr Row kRows[] = {
#define FS_SCOPE(pattern, steps, condition, why) {pattern, steps, condition, why},
#include "config/scopes.inc"
#undef FS_SCOPE
};

std::optional<Scope> ParseScopeCode(std::string_view code) {
  if (code == "J") return Scope::kJob;
  if (code == "J>C") return Scope::kJobOverCluster;
  if (code == "C") return Scope::kCluster;
  if (code == "K8S") return Scope::kKubernetes;
  if (code == "YARN") return Scope::kYarn;
  return std::nullopt;
}

// "2.0" or "" -> version; false on bad text.
bool ParseBound(std::string_view text, FlinkVersion* out) {
  if (text.empty()) return true;
  auto v = FlinkVersion::ParseAnyRelease(text);
  if (!v.ok()) return false;
  *out = *v;
  return true;
}

bool ParseRow(const Row& row, ScopeRule* rule, std::string* problem) {
  rule->pattern = row.pattern;
  rule->why = row.why;
  std::string_view steps = row.steps;
  while (!steps.empty()) {
    size_t semi = steps.find(';');
    std::string_view part = StripAsciiWhitespace(steps.substr(0, semi));
    steps = semi == std::string_view::npos ? std::string_view() : steps.substr(semi + 1);
    ScopeRule::Step step;
    size_t at = part.find('@');
    std::string_view code = part.substr(0, at);
    if (at != std::string_view::npos) {
      step.since_text = std::string(part.substr(at + 1));
      if (!ParseBound(step.since_text, &step.since) || step.since_text.empty()) {
        *problem = StrCat(row.pattern, ": bad version in '", part, "'");
        return false;
      }
    } else if (!rule->steps.empty()) {
      *problem = StrCat(row.pattern, ": only the first step goes without @VERSION");
      return false;
    }
    std::optional<Scope> scope = ParseScopeCode(code);
    if (!scope) {
      *problem = StrCat(row.pattern, ": unknown scope '", code, "'");
      return false;
    }
    if (!rule->steps.empty() && !(rule->steps.back().since < step.since)) {
      *problem = StrCat(row.pattern, ": steps out of order");
      return false;
    }
    step.scope = *scope;
    rule->steps.push_back(std::move(step));
  }
  if (rule->steps.empty()) {
    *problem = StrCat(row.pattern, ": no scope");
    return false;
  }
  std::string_view cond = row.condition;
  if (!cond.empty()) {
    size_t at = cond.find('@');
    std::optional<ScopeCondition> c = ParseAs<ScopeCondition>(cond.substr(0, at));
    if (!c || *c == ScopeCondition::kNone) {
      *problem = StrCat(row.pattern, ": unknown condition '", cond.substr(0, at), "'");
      return false;
    }
    rule->condition = *c;
    if (at != std::string_view::npos) {
      std::string_view range = cond.substr(at + 1);
      size_t dash = range.find('-');
      std::string_view since = range.substr(0, dash);
      std::string_view until = dash == std::string_view::npos ? "" : range.substr(dash + 1);
      if (!ParseBound(since, &rule->condition_versions.since) ||
          !ParseBound(until, &rule->condition_versions.until)) {
        *problem = StrCat(row.pattern, ": bad versions in '", cond, "'");
        return false;
      }
    }
  }
  return true;
}

struct Table {
  std::vector<ScopeRule> rules;
  std::vector<std::string> problems;
};

const Table& GetTable() {
  static const Table* table = [] {
    auto* t = new Table;
    for (const Row& row : kRows) {
      ScopeRule rule;
      std::string problem;
      if (ParseRow(row, &rule, &problem)) {
        t->rules.push_back(std::move(rule));
      } else {
        t->problems.push_back(std::move(problem));
      }
    }
    return t;
  }();
  return *table;
}

}  // namespace

bool ScopeRule::Matches(std::string_view key) const {
  std::string_view p = pattern;
  if (!p.empty() && p.back() == '*') return StartsWith(key, p.substr(0, p.size() - 1));
  return key == p;
}

const std::vector<ScopeRule>& ScopeRules() { return GetTable().rules; }
const std::vector<std::string>& ScopeTableProblems() { return GetTable().problems; }

const ScopeRule* RuleFor(const OptionSpec& spec) {
  const ScopeRule* best = nullptr;
  for (const ScopeRule& r : ScopeRules()) {
    if (r.Matches(spec.key()) && (best == nullptr || r.pattern.size() > best->pattern.size())) {
      best = &r;
    }
  }
  return best;
}

ScopeVerdict ScopeOf(const OptionSpec& spec, FlinkVersion v) {
  ScopeVerdict out;
  const ScopeRule* rule = RuleFor(spec);
  if (rule == nullptr) {
    out.why = "flowstate does not know where Flink reads it";  // a table error
    return out;
  }
  out.rule = rule;
  out.why = rule->why.c_str();
  for (const ScopeRule::Step& step : rule->steps) {
    if (step.since <= v) {
      out.scope = step.scope;
    } else if (!v.has_patch() && step.since.line() == v.line() && step.since.has_patch() &&
               step.since.patch > 0 && !out.edge) {
      // The change came in a patch release of the line asked about, which names no patch.
      out.edge = step.since;
      out.edge_text = &step.since_text;
      out.scope_from_edge = step.scope;
    }
  }
  if (rule->condition != ScopeCondition::kNone && rule->condition_versions.Contains(v)) {
    out.condition = rule->condition;
  }
  return out;
}

ScopeVerdict ScopeOfKey(std::string_view key, FlinkVersion v) {
  Registry::Match m = Registry::Get().Find(key);
  if (!m) {
    ScopeVerdict out;
    out.why = "not an option flowstate knows: where Flink reads it is unknown";
    return out;
  }
  return ScopeOf(*m.spec, v);
}

bool JobLevel(const Origin& origin) {
  return origin.layer == Layer::kScript || origin.job_resource;
}

const Setting* OutsideTheScripts(const EffectiveEntry& e) {
  for (auto it = e.history.rbegin(); it != e.history.rend(); ++it) {
    if (!JobLevel(it->origin) && it->origin.layer != Layer::kOverride) return &*it;
  }
  return nullptr;
}

Deployment InferDeployment(const EffectiveConfig& config) {
  // A FlinkSessionJob is submitted to a running session cluster, whatever else the files say.
  if (config.has_session_job()) return Deployment::kSession;
  const EffectiveEntry* target = config.Find("execution.target");
  if (target == nullptr) return Deployment::kUnknown;
  const std::string& t = target->value;
  if (EndsWith(t, "-session") || t == "remote") return Deployment::kSession;
  if (EndsWith(t, "-application")) return Deployment::kApplication;
  if (EndsWith(t, "per-job")) return Deployment::kPerJob;
  return Deployment::kUnknown;
}

namespace {

// The value that applies when the script's does not: the newest write from outside the
// scripts (a cluster file, a resource), else Flink's default.
std::string Instead(const EffectiveEntry& e, FlinkVersion v) {
  if (const Setting* s = OutsideTheScripts(e)) {
    return StrCat(e.secret ? "******" : s->value, " from ", s->origin.ToString(), " applies");
  }
  const std::string* d = e.spec != nullptr ? e.spec->DefaultFor(v) : nullptr;
  return d != nullptr ? StrCat("Flink's default ", *d, " applies")
                      : std::string("the cluster's own value applies");
}

// Set by the job's own configuration (the script's SETs, a FlinkSessionJob's map).
bool SetByScript(const EffectiveConfig& config, std::string_view key) {
  const EffectiveEntry* e = config.Find(key);
  return e != nullptr && JobLevel(e->origin);
}

bool OnKubernetes(const EffectiveConfig& config) {
  const EffectiveEntry* t = config.Find("execution.target");
  return t != nullptr && StartsWith(t->value, "kubernetes");
}

bool OnYarn(const EffectiveConfig& config) {
  const EffectiveEntry* t = config.Find("execution.target");
  return t != nullptr && StartsWith(t->value, "yarn");
}

}  // namespace

std::vector<ScopeFinding> CheckScopes(const EffectiveConfig& config, Deployment deployment,
                                      Submitter submitter) {
  std::vector<ScopeFinding> out;
  if (deployment == Deployment::kUnknown) deployment = InferDeployment(config);
  const FlinkVersion v = config.version();
  // A job-level key's value from the cluster's files reaches a job in a session cluster only
  // when the job graph is built from those files: a jar run's main() in the JobManager does,
  // the SQL Gateway, the SQL client and Dinky build it from their own configuration.
  const char* own_base = nullptr;
  switch (submitter) {
    case Submitter::kGateway:
      own_base = "the SQL Gateway builds the job graph from its own configuration directory";
      break;
    case Submitter::kSqlClient:
      own_base = "Flink's SQL client builds the job graph from its own configuration directory";
      break;
    case Submitter::kDinky:
      own_base = "Dinky builds the job graph from its own configuration";
      break;
    default:
      break;
  }
  // The Kubernetes operator sends a FlinkSessionJob's flinkConfiguration with the jar run
  // only for Flink 1.17 and later, and only from its release 1.6 (FLINK-32240).
  const bool session_job_map_sent = v >= FlinkVersion{1, 17};
  bool said_operator = false;
  for (const EffectiveEntry& e : config.entries()) {
    if (e.spec == nullptr || e.is_default) continue;
    if (e.origin.job_resource && !said_operator && session_job_map_sent) {
      said_operator = true;
      ScopeFinding f;
      f.entry = &e;
      f.diagnostic.severity = Severity::kNote;
      f.diagnostic.code = Code::kInvalidArgument;
      f.diagnostic.message =
          "a FlinkSessionJob's flinkConfiguration reaches the job only when the Kubernetes "
          "operator is release 1.6 or later (FLINK-32240: it sends the map with the jar run); "
          "an earlier operator drops it and the session cluster's values apply";
      f.diagnostic.source = e.origin.source;
      f.diagnostic.line = e.origin.key_line;
      f.diagnostic.column = e.origin.key_column;
      out.push_back(std::move(f));
    }
    if (!JobLevel(e.origin)) {
      if (own_base == nullptr || deployment != Deployment::kSession ||
          (e.origin.layer != Layer::kClusterFile && e.origin.layer != Layer::kDeployment)) {
        continue;
      }
      const ScopeVerdict verdict = ScopeOf(*e.spec, v);
      // The target names the cluster to submit to (flowstate reads the deployment from it).
      if (verdict.scope != Scope::kJob || verdict.edge || e.key == "execution.target") continue;
      const std::string* d = e.spec->DefaultFor(v);
      ScopeFinding f;
      f.entry = &e;
      f.no_effect = true;
      f.from_cluster_files = true;
      f.diagnostic.severity = Severity::kWarning;
      f.diagnostic.code = Code::kInvalidArgument;
      f.diagnostic.message = StrCat(
          e.key, " = ", e.secret ? "******" : e.value,
          ": the cluster's value does not reach the job: ", own_base, ", not the cluster's; ",
          d != nullptr ? StrCat("Flink's default ", *d) : std::string("no value"),
          " applies unless that configuration or the script sets it");
      f.diagnostic.source = e.origin.source;
      f.diagnostic.line = e.origin.key_line;
      f.diagnostic.column = e.origin.key_column;
      out.push_back(std::move(f));
      continue;
    }
    const ScopeVerdict verdict = ScopeOf(*e.spec, v);
    std::string why;  // set: no effect, for this reason
    std::string depends;
    if (e.origin.job_resource && !session_job_map_sent) {
      why = StrCat("no effect on Flink ", v.ToString(),
                   ": the Kubernetes operator sends a FlinkSessionJob's flinkConfiguration to "
                   "Flink only from 1.17 on (with the jar run); the job starts from the session "
                   "cluster's configuration");
    } else if (verdict.edge && verdict.scope != verdict.scope_from_edge) {
      // The answer changes at a patch release the target version does not name.
      depends = StrCat("takes effect from Flink ", *verdict.edge_text, ", not before (",
                       verdict.why, "); the target version names no patch level");
    }
    switch (depends.empty() && why.empty() ? verdict.scope : Scope::kUnknown) {
      case Scope::kCluster:
        if (deployment == Deployment::kSession) {
          why = StrCat("no effect in a session cluster: ", verdict.why);
        } else if (deployment == Deployment::kApplication && submitter != Submitter::kDinky) {
          why = StrCat("no effect in application mode: the cluster exists before the script runs (",
                       verdict.why, ")");
        }
        // Where the job runs is not known: nothing is said rather than guessed (the option's
        // scope stays visible through ScopeOf).
        break;
      case Scope::kKubernetes:
      case Scope::kYarn: {
        const bool kubernetes = verdict.scope == Scope::kKubernetes;
        if (kubernetes ? OnYarn(config) : OnKubernetes(config)) {
          why = StrCat("no effect on ", kubernetes ? "YARN" : "Kubernetes", ": ", verdict.why);
        } else if (deployment == Deployment::kSession) {
          why = StrCat("no effect in a session cluster: ", verdict.why);
        }
        break;
      }
      default:
        break;
    }
    if (why.empty() && depends.empty()) {
      if (verdict.condition == ScopeCondition::kRestartStrategy &&
          !SetByScript(config, "restart-strategy.type")) {
        why =
            "no effect without the restart strategy's type in the same SET statements: the "
            "cluster's whole strategy applies";
      } else if (verdict.condition == ScopeCondition::kStateBackend &&
                 !SetByScript(config, "state.backend.type")) {
        why = StrCat("no effect on Flink ", v.ToString(),
                     " without the state backend in the same SET statements: the backend is "
                     "built with the cluster's options");
      } else if (verdict.condition == ScopeCondition::kCheckpointStorage &&
                 SetByScript(config, "execution.checkpointing.dir") &&
                 !SetByScript(config, "execution.checkpointing.storage")) {
        why = StrCat("no effect on Flink ", v.ToString(),
                     " with a checkpoint directory but no checkpoint storage in the same SET "
                     "statements: the cluster's savepoint directory applies");
      }
    }
    if (why.empty() && depends.empty()) continue;
    ScopeFinding f;
    f.entry = &e;
    f.no_effect = !why.empty();
    f.diagnostic.severity = f.no_effect ? Severity::kWarning : Severity::kNote;
    f.diagnostic.code = Code::kInvalidArgument;
    // A deployer's key has nothing that applies instead: no deployer runs.
    const bool deployer = verdict.scope == Scope::kKubernetes || verdict.scope == Scope::kYarn;
    f.diagnostic.message = f.no_effect
                               ? StrCat(e.key, " = ", e.secret ? "******" : e.value, ": ", why,
                                        deployer ? std::string() : StrCat("; ", Instead(e, v)))
                               : StrCat(e.key, ": ", depends);

    f.diagnostic.source = e.origin.source;
    f.diagnostic.line = e.origin.key_line;
    f.diagnostic.column = e.origin.key_column;
    out.push_back(std::move(f));
  }
  return out;
}

const char* ScopeName(Scope scope) {
  const char* name = NameOf(scope);
  return name != nullptr ? name : "unknown";
}

}  // namespace flowstate::core::config
