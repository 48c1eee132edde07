// Where options are read: the scope table is sound and covers the registry, the seed's SET
// keys get the scope Flink's code gives them on 1.14, and the version edges fall where Flink
// moved them (1.14.3's job checkpoint directory, 1.19's state backend and storage).
#include "config/scope.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "config/files.h"
#include "config_test_util.h"
#include "sql/script.h"

namespace flowstate::core::config {
namespace {

using testing::V;

TEST(ScopeTest, TheTableIsSoundAndCoversEveryOptionOfTheRegistry) {
  EXPECT_TRUE(ScopeTableProblems().empty()) << ::testing::PrintToString(ScopeTableProblems());
  for (const OptionSpec& spec : Registry::Get().options()) {
    EXPECT_NE(RuleFor(spec), nullptr) << spec.key() << " has no scope";
  }
  for (const ScopeRule& rule : ScopeRules()) {
    bool used = false;
    for (const OptionSpec& spec : Registry::Get().options()) used = used || RuleFor(spec) == &rule;
    EXPECT_TRUE(used) << rule.pattern << " decides no option's scope";
    EXPECT_FALSE(rule.why.empty()) << rule.pattern;
  }
}

TEST(ScopeTest, TheSeedScriptsKeysOn114) {
  // The first seed's 21 SET statements, as a 1.14 session cluster reads them.
  const std::vector<std::pair<const char*, Scope>> expected = {
      {"pipeline.operator-chaining", Scope::kJob},
      {"table.local-time-zone", Scope::kJob},
      {"execution.runtime-mode", Scope::kJob},
      {"execution.checkpointing.interval", Scope::kJob},
      {"execution.checkpointing.tolerable-failed-checkpoints", Scope::kJob},
      {"execution.checkpointing.timeout", Scope::kJob},
      {"execution.checkpointing.externalized-checkpoint-retention", Scope::kJob},
      {"execution.checkpointing.mode", Scope::kJob},
      {"execution.checkpointing.unaligned", Scope::kJob},
      {"execution.checkpointing.max-concurrent-checkpoints", Scope::kJob},
      {"state.checkpoints.num-retained", Scope::kCluster},
      {"restart-strategy", Scope::kJobOverCluster},
      {"restart-strategy.fixed-delay.attempts", Scope::kJobOverCluster},
      {"restart-strategy.fixed-delay.delay", Scope::kJobOverCluster},
      {"table.exec.source.cdc-events-duplicate", Scope::kJob},
      {"table.sql-dialect", Scope::kJob},
      {"jobmanager.memory.process.size", Scope::kCluster},
      {"taskmanager.memory.process.size", Scope::kCluster},
      {"taskmanager.memory.managed.size", Scope::kCluster},
      {"taskmanager.numberOfTaskSlots", Scope::kCluster},
      {"yarn.application.queue", Scope::kYarn},
  };
  for (const auto& [key, scope] : expected) {
    ScopeVerdict v = ScopeOfKey(key, V("1.14"));
    EXPECT_EQ(v.scope, scope) << key << ": " << ScopeName(v.scope);
    EXPECT_FALSE(v.edge) << key;
  }
  EXPECT_EQ(ScopeOfKey("restart-strategy.fixed-delay.attempts", V("1.14")).condition,
            ScopeCondition::kRestartStrategy);
  EXPECT_EQ(ScopeOfKey("restart-strategy", V("1.14")).condition, ScopeCondition::kNone);
  EXPECT_NE(std::string(ScopeOfKey("state.checkpoints.num-retained", V("2.2")).why).find("cluster"),
            std::string::npos);
  // The same on every version: num-retained never became job-level.
  for (const char* version : {"1.15", "1.17", "1.19", "1.20", "2.0", "2.2"}) {
    EXPECT_EQ(ScopeOfKey("execution.checkpointing.num-retained", V(version)).scope, Scope::kCluster)
        << version;
  }
}

TEST(ScopeTest, TheJobsCheckpointDirectoryCountsFrom1143) {
  EXPECT_EQ(ScopeOfKey("state.checkpoints.dir", V("1.14.2")).scope, Scope::kCluster);
  EXPECT_FALSE(ScopeOfKey("state.checkpoints.dir", V("1.14.2")).edge);
  EXPECT_EQ(ScopeOfKey("state.checkpoints.dir", V("1.14.3")).scope, Scope::kJobOverCluster);
  EXPECT_EQ(ScopeOfKey("state.checkpoints.dir", V("1.15")).scope, Scope::kJobOverCluster);
  // 1.14 with no patch level: the answer depends on it, and says so.
  ScopeVerdict v = ScopeOfKey("state.checkpoints.dir", V("1.14"));
  EXPECT_EQ(v.scope, Scope::kCluster);
  ASSERT_TRUE(v.edge);
  EXPECT_EQ(*v.edge_text, "1.14.3");
  EXPECT_EQ(v.scope_from_edge, Scope::kJobOverCluster);
  EXPECT_FALSE(ScopeOfKey("state.checkpoints.dir", V("1.15")).edge);
}

TEST(ScopeTest, StateBackendAndStorageBecameJobLevelIn119) {
  EXPECT_EQ(ScopeOfKey("state.backend", V("1.18")).scope, Scope::kJobOverCluster);
  // Before 1.19 the backend's sub-options count only with a job-level backend.
  ScopeVerdict incremental = ScopeOfKey("state.backend.incremental", V("1.18"));
  EXPECT_EQ(incremental.scope, Scope::kJobOverCluster);
  EXPECT_EQ(incremental.condition, ScopeCondition::kStateBackend);
  EXPECT_EQ(ScopeOfKey("execution.checkpointing.incremental", V("1.19")).condition,
            ScopeCondition::kNone);
  EXPECT_EQ(ScopeOfKey("state.backend.rocksdb.memory.managed", V("1.18")).condition,
            ScopeCondition::kStateBackend);
  EXPECT_EQ(ScopeOfKey("state.checkpoint-storage", V("1.18")).scope, Scope::kCluster);
  EXPECT_EQ(ScopeOfKey("state.checkpoint-storage", V("1.19")).scope, Scope::kJobOverCluster);
  EXPECT_EQ(ScopeOfKey("state.savepoints.dir", V("1.18")).scope, Scope::kCluster);
  ScopeVerdict sp = ScopeOfKey("state.savepoints.dir", V("1.20"));
  EXPECT_EQ(sp.scope, Scope::kJobOverCluster);
  EXPECT_EQ(sp.condition, ScopeCondition::kCheckpointStorage);
  EXPECT_EQ(ScopeOfKey("execution.checkpointing.savepoint-dir", V("2.0")).condition,
            ScopeCondition::kNone);
  EXPECT_EQ(ScopeOfKey("state.backend.changelog.enabled", V("1.14")).scope, Scope::kCluster);
  EXPECT_EQ(ScopeOfKey("state.backend.changelog.enabled", V("1.15")).scope, Scope::kJobOverCluster);
}

TEST(ScopeTest, PrefixIsNotScope) {
  // execution.checkpointing.* mixes the client's keys with the JobMaster's; taskmanager.*
  // and kubernetes.* are decided per key.
  EXPECT_EQ(ScopeOfKey("execution.checkpointing.timeout", V("1.20")).scope, Scope::kJob);
  EXPECT_EQ(ScopeOfKey("execution.checkpointing.num-retained", V("1.20")).scope, Scope::kCluster);
  EXPECT_EQ(ScopeOfKey("execution.checkpointing.file-merging.enabled", V("1.20")).scope,
            Scope::kJobOverCluster);
  EXPECT_EQ(ScopeOfKey("execution.state-recovery.from-local", V("1.20")).scope, Scope::kCluster);
  EXPECT_EQ(ScopeOfKey("execution.state-recovery.path", V("1.20")).scope, Scope::kJob);
  EXPECT_EQ(ScopeOfKey("parallelism.default", V("1.20")).scope, Scope::kJob);
  EXPECT_EQ(ScopeOfKey("high-availability", V("1.14")).scope, Scope::kCluster);
  EXPECT_EQ(ScopeOfKey("kubernetes.jobmanager.replicas", V("1.14")).scope, Scope::kKubernetes);
}

TEST(ScopeTest, AKeyTheRegistryDoesNotKnowHasUnknownScopeAndSaysSo) {
  ScopeVerdict v = ScopeOfKey("connector.option", V("1.20"));
  EXPECT_EQ(v.scope, Scope::kUnknown);
  EXPECT_EQ(v.rule, nullptr);
  EXPECT_NE(std::string(v.why).find("unknown"), std::string::npos) << v.why;
  EXPECT_STREQ(ScopeName(Scope::kJobOverCluster), "job-over-cluster");
}

EffectiveConfig SeedOnTheSeedCluster(const char* version, const char* deployment_file,
                                     BuildOptions options = {}) {
  sql::ParseOptions o;
  o.source_name = "seed_emp_1.sql";
  sql::Script script = sql::Script::Parse(testing::SqlDataFile("seed_emp_1.sql"), o);
  ConfigBuilder b(V(version));
  auto deployment = ReadDeployment(testing::DataFile(deployment_file), "deployment.yaml");
  EXPECT_TRUE(deployment.ok());
  b.AddFile(*deployment);
  b.AddScript(script);
  return b.Build(options);
}

// The scope findings among the configuration's diagnostics: (key, diagnostic).
std::vector<std::pair<std::string, Diagnostic>> Findings(const EffectiveConfig& c, bool no_effect) {
  std::vector<std::pair<std::string, Diagnostic>> out;
  for (size_t i = 0; i < c.diagnostics().entries().size(); ++i) {
    const Diagnostic& d = c.diagnostics().entries()[i];
    const bool is_no_effect = d.message.find(": no effect ") != std::string::npos;
    const bool is_note = d.message.find(": takes effect from Flink") != std::string::npos;
    if (no_effect ? is_no_effect : is_note) out.emplace_back(c.diagnostic_keys()[i], d);
  }
  return out;
}

std::set<std::string> Keys(const std::vector<std::pair<std::string, Diagnostic>>& f) {
  std::set<std::string> out;
  for (const auto& [key, d] : f) out.insert(key);
  return out;
}

const Diagnostic* For(const std::vector<std::pair<std::string, Diagnostic>>& f,
                      std::string_view key) {
  for (const auto& [k, d] : f) {
    if (k == key) return &d;
  }
  return nullptr;
}

TEST(ScopeFindingsTest, TheSeedScriptOnTheSeedSessionClusterAsPasted) {
  // The first seed's script against the second seed's FlinkDeployment (a session cluster,
  // no-break spaces and all) on 1.14, submitted as a jar run: six SETs have no effect, say
  // what applies instead, and the value that applies is the effective one.
  BuildOptions jar;
  jar.submitter = Submitter::kJar;
  EffectiveConfig c = SeedOnTheSeedCluster("1.14", "seed_deployment_as_pasted.yaml", jar);
  ASSERT_EQ(InferDeployment(c), Deployment::kSession);
  auto f = Findings(c, true);
  // Six for where the job runs; the interval because CDCSOURCE's 'checkpoint' = '3000' wins.
  EXPECT_EQ(f.size(), 7u);
  EXPECT_EQ(Keys(f), (std::set<std::string>{
                         "execution.checkpointing.interval", "execution.checkpointing.num-retained",
                         "jobmanager.memory.process.size", "taskmanager.memory.managed.size",
                         "taskmanager.memory.process.size", "taskmanager.numberOfTaskSlots",
                         "yarn.application.queue"}));
  EXPECT_TRUE(Findings(c, false).empty());
  ASSERT_NE(For(f, "execution.checkpointing.num-retained"), nullptr);
  EXPECT_EQ(For(f, "execution.checkpointing.num-retained")->ToString(),
            "seed_emp_1.sql:12:5: warning: state.checkpoints.num-retained = 3: no effect in a "
            "session cluster: the JobMaster builds its checkpoint store from the cluster's "
            "configuration; 20 from deployment.yaml:21 applies");
  EXPECT_NE(
      For(f, "taskmanager.numberOfTaskSlots")->message.find("48 from deployment.yaml:18 applies"),
      std::string::npos);
  EXPECT_NE(For(f, "yarn.application.queue")->message.find("no effect on Kubernetes"),
            std::string::npos);
  EXPECT_EQ(c.Find("state.checkpoints.num-retained")->value, "20");
  EXPECT_EQ(c.Find("taskmanager.numberOfTaskSlots")->value, "48");
  EXPECT_EQ(c.Find("taskmanager.memory.process.size")->value, "6048m");
  EXPECT_EQ(c.Find("taskmanager.memory.managed.size"), nullptr);  // the cluster's own
  EXPECT_EQ(c.Find("yarn.application.queue"), nullptr);
  // The checkpointing keys and the restart strategy (type and sub-keys together) take effect.
  EXPECT_EQ(c.Find("execution.checkpointing.interval")->value, "3000");
  EXPECT_EQ(c.Find("execution.checkpointing.timeout")->value, "600000");
  EXPECT_EQ(c.Find("restart-strategy.fixed-delay.attempts")->value, "10");
  EXPECT_TRUE(c.diagnostics().error_count() == 0);
}

TEST(ScopeFindingsTest, ApplicationModeAndWhatTheSubmitterLifts) {
  BuildOptions gateway;
  gateway.deployment = Deployment::kApplication;
  gateway.submitter = Submitter::kGateway;
  EffectiveConfig app = SeedOnTheSeedCluster("1.14", "seed_deployment.yaml", gateway);
  ASSERT_NE(For(Findings(app, true), "taskmanager.numberOfTaskSlots"), nullptr);
  EXPECT_NE(
      For(Findings(app, true), "taskmanager.numberOfTaskSlots")->message.find("application mode"),
      std::string::npos);
  // Dinky lifts the script's SETs into the cluster it creates.
  BuildOptions dinky = gateway;
  dinky.submitter = Submitter::kDinky;
  EffectiveConfig lifted = SeedOnTheSeedCluster("1.14", "seed_deployment.yaml", dinky);
  EXPECT_EQ(For(Findings(lifted, true), "taskmanager.numberOfTaskSlots"), nullptr);
  EXPECT_EQ(lifted.Find("taskmanager.numberOfTaskSlots")->value, "1");
  // With nothing to tell where the job runs, nothing is guessed.
  ConfigBuilder b(V("1.14"));
  sql::ParseOptions o;
  sql::Script script = sql::Script::Parse("SET 'taskmanager.numberOfTaskSlots' = '1';\n", o);
  b.AddScript(script);
  EffectiveConfig alone = b.Build();
  EXPECT_EQ(InferDeployment(alone), Deployment::kUnknown);
  EXPECT_TRUE(alone.diagnostics().entries().empty());
  EXPECT_EQ(alone.Find("taskmanager.numberOfTaskSlots")->value, "1");
}

TEST(ScopeFindingsTest, TheSubmitterDecidesWhetherTheClustersJobKeysReachTheJob) {
  // A session cluster's file sets job-level keys. A jar run's main() in the JobManager builds
  // the job graph from that file; the SQL Gateway, the SQL client and Dinky from their own.
  const char* file =
      "execution.target: remote\n"
      "execution.checkpointing.interval: 10s\n"
      "parallelism.default: 4\n"
      "state.checkpoints.num-retained: 5\n"
      "restart-strategy: fixed-delay\n";
  sql::ParseOptions o;
  o.source_name = "job.sql";
  sql::Script script = sql::Script::Parse("SET 'pipeline.name' = 'orders';\n", o);
  for (Submitter submitter : {Submitter::kUnknown, Submitter::kJar, Submitter::kGateway,
                              Submitter::kSqlClient, Submitter::kDinky}) {
    ConfigBuilder b(V("1.17"));
    b.AddFile(ReadFlinkConf(file, "flink-conf.yaml"));
    b.AddScript(script);
    BuildOptions options;
    options.submitter = submitter;
    EffectiveConfig c = b.Build(options);
    std::vector<std::string> reach;
    for (size_t i = 0; i < c.diagnostics().entries().size(); ++i) {
      const Diagnostic& d = c.diagnostics().entries()[i];
      if (d.message.find("does not reach the job") != std::string::npos) {
        reach.push_back(c.diagnostic_keys()[i]);
        EXPECT_EQ(d.source, "flink-conf.yaml");
        EXPECT_EQ(d.severity, Severity::kWarning);
      }
    }
    const bool own = submitter != Submitter::kUnknown && submitter != Submitter::kJar;
    const std::string name(NameOf(submitter));
    if (!own) {
      EXPECT_TRUE(reach.empty()) << name;
      EXPECT_EQ(c.Find("parallelism.default")->value, "4") << name;
      EXPECT_EQ(c.Find("execution.checkpointing.interval")->value, "10s") << name;
      continue;
    }
    // Job-level keys only: num-retained is the cluster's and the restart strategy falls back
    // to the cluster's, whoever submits.
    EXPECT_EQ(reach,
              (std::vector<std::string>{"execution.checkpointing.interval", "parallelism.default"}))
        << name;
    EXPECT_EQ(c.Find("execution.checkpointing.interval"), nullptr) << name;
    const EffectiveEntry* parallelism = c.Find("parallelism.default");
    ASSERT_NE(parallelism, nullptr);
    EXPECT_EQ(parallelism->value, "1") << name;
    EXPECT_TRUE(parallelism->is_default);
    ASSERT_FALSE(parallelism->history.empty());
    EXPECT_EQ(parallelism->history.back().value, "4");
    EXPECT_EQ(c.Find("state.checkpoints.num-retained")->value, "5");
    EXPECT_EQ(c.Find("restart-strategy")->value, "fixed-delay");
    EXPECT_EQ(c.Find("pipeline.name")->value, "orders");
  }
}

TEST(ScopeFindingsTest, DinkysCdcSourceSetsTheIntervalAndParallelismAfterTheSets) {
  sql::ParseOptions o;
  o.source_name = "job.sql";
  const char* text =
      "SET 'execution.checkpointing.interval' = '6000';\n"
      "SET 'table.exec.resource.default-parallelism' = '2';\n"
      "EXECUTE CDCSOURCE demo WITH ('connector' = 'mysql-cdc', 'hostname' = 'h', 'port' = "
      "'3306', 'username' = 'u', 'password' = 'p', 'checkpoint' = '3000', 'parallelism' = '1', "
      "'table-name' = 'db\\.t', 'sink.connector' = 'print');\n"
      "SET 'parallelism.default' = '4';\n";
  sql::Script script = sql::Script::Parse(text, o);
  ConfigBuilder b(V("1.17"));
  b.AddFile(ReadFlinkConf("execution.checkpointing.interval: 60s\n", "flink-conf.yaml"));
  b.AddScript(script);
  EffectiveConfig c = b.Build();
  const EffectiveEntry* interval = c.Find("execution.checkpointing.interval");
  ASSERT_NE(interval, nullptr);
  EXPECT_EQ(interval->normalized, "3 s");
  EXPECT_EQ(interval->origin.ToString(), "job.sql:3:144 (EXECUTE CDCSOURCE 'checkpoint')");
  // Even a SET after the statement: Dinky applies every SET before it runs the job.
  const EffectiveEntry* parallelism = c.Find("parallelism.default");
  EXPECT_EQ(parallelism->value, "1");
  std::vector<std::string> at_set, at_cdc;
  for (size_t i = 0; i < c.diagnostics().entries().size(); ++i) {
    const Diagnostic& d = c.diagnostics().entries()[i];
    if (d.message.find("CDCSOURCE operation") == std::string::npos) continue;
    (d.line == 3 ? at_cdc : at_set).push_back(d.ToString());
  }
  EXPECT_THAT(at_set,
              ::testing::ElementsAre(
                  "job.sql:1:6: warning: execution.checkpointing.interval = 6000: no effect on "
                  "the job EXECUTE CDCSOURCE builds: Dinky's CDCSOURCE operation sets "
                  "checkpointing every 3000 ms ('checkpoint' at job.sql:3:144) on the job's "
                  "environment after applying every SET",
                  ::testing::StartsWith("job.sql:4:6: warning: parallelism.default = 4: no effect "
                                        "on the job EXECUTE CDCSOURCE builds")));
  ASSERT_EQ(at_cdc.size(), 2u);
  EXPECT_THAT(at_cdc[0], ::testing::HasSubstr(
                             "note: 'checkpoint' = '3000': Dinky's CDCSOURCE operation sets "
                             "checkpointing every 3000 ms on the job's environment after applying "
                             "every SET, over execution.checkpointing.interval = 60s "
                             "(flink-conf.yaml:1), execution.checkpointing.interval = 6000 "
                             "(job.sql:1:6)"));
  EXPECT_THAT(at_cdc[1], ::testing::HasSubstr("table.exec.resource.default-parallelism = 2"));
  // A 'checkpoint' Flink would refuse (under 10 ms) is an error at its value.
  sql::Script bad = sql::Script::Parse(
      "EXECUTE CDCSOURCE demo WITH ('connector' = 'mysql-cdc', 'checkpoint' = '5');\n", o);
  ConfigBuilder b2(V("1.17"));
  b2.AddScript(bad);
  EffectiveConfig c2 = b2.Build();
  ASSERT_EQ(c2.diagnostics().error_count(), 1u);
  EXPECT_THAT(::testing::PrintToString(testing::Messages(c2.diagnostics())),
              ::testing::HasSubstr("execution.checkpointing.interval"));
}

TEST(ScopeFindingsTest, SubKeysWithoutTheirTypeAndPatchLevels) {
  sql::ParseOptions o;
  o.source_name = "job.sql";
  sql::Script script = sql::Script::Parse(
      "SET 'restart-strategy.fixed-delay.attempts' = '5';\n"
      "SET 'state.backend.incremental' = 'true';\n"
      "SET 'state.checkpoints.dir' = 'file:///cp';\n",
      o);
  BuildOptions session;
  session.deployment = Deployment::kSession;
  session.submitter = Submitter::kSqlClient;
  for (const char* version : {"1.14", "1.14.2", "1.14.3", "1.18", "1.19"}) {
    ConfigBuilder b(V(version));
    b.AddFile(ReadFlinkConf("restart-strategy: none\nstate.backend: rocksdb\n", "flink-conf.yaml"));
    b.AddScript(script);
    EffectiveConfig c = b.Build(session);
    auto no_effect = Findings(c, true);
    const Diagnostic* attempts = For(no_effect, "restart-strategy.fixed-delay.attempts");
    ASSERT_NE(attempts, nullptr) << version;
    EXPECT_NE(attempts->message.find("restart strategy's type"), std::string::npos);
    const Diagnostic* incremental = For(no_effect, "execution.checkpointing.incremental");
    EXPECT_EQ(incremental != nullptr, std::string(version) != "1.19") << version;
    const Diagnostic* dir = For(no_effect, "execution.checkpointing.dir");
    const auto notes = Findings(c, false);  // kept: For() points into it
    const Diagnostic* note = For(notes, "execution.checkpointing.dir");
    if (std::string(version) == "1.14") {
      EXPECT_EQ(dir, nullptr);  // it depends on the patch level, and says so
      ASSERT_NE(note, nullptr);
      EXPECT_NE(note->message.find("from Flink 1.14.3"), std::string::npos);
      EXPECT_EQ(note->severity, Severity::kNote);
    } else if (std::string(version) == "1.14.2") {
      EXPECT_NE(dir, nullptr);
    } else {
      EXPECT_EQ(dir, nullptr) << version;
      EXPECT_EQ(note, nullptr) << version;
    }
  }
}

TEST(ScopeFindingsTest, AFlinkSessionJobsConfigurationIsTheJobsFrom117) {
  // The operator sends a FlinkSessionJob's spec.flinkConfiguration with the jar run only for
  // Flink 1.17 and later; there it is the job's own configuration, so the cluster-only keys
  // in it have no effect in the session cluster it targets. Its spec.job.parallelism goes
  // with the run in every version.
  const char* cluster =
      "state.checkpoints.num-retained: 20\n"
      "state.checkpoints.dir: file:///cp\n"
      "execution.checkpointing.interval: 30s\n";
  const char* session_job =
      "apiVersion: flink.apache.org/v1beta1\n"
      "kind: FlinkSessionJob\n"
      "metadata:\n"
      "  name: cdc\n"
      "spec:\n"
      "  deploymentName: session\n"
      "  job:\n"
      "    jarURI: local:///opt/cdc.jar\n"
      "    parallelism: 2\n"
      "  flinkConfiguration:\n"
      "    execution.checkpointing.interval: 10s\n"
      "    state.checkpoints.num-retained: \"5\"\n"
      "    taskmanager.numberOfTaskSlots: \"4\"\n";
  for (const char* version : {"1.14", "1.16", "1.17", "1.20"}) {
    const bool sent = std::string(version) >= "1.17";
    ConfigBuilder b(V(version));
    b.AddFile(ReadFlinkConf(cluster, "flink-conf.yaml"));
    auto sj = ReadDeployment(session_job, "session-job.yaml");
    ASSERT_TRUE(sj.ok()) << sj.status().ToString();
    b.AddFile(*sj);
    EffectiveConfig c = b.Build();  // no deployment given: a FlinkSessionJob means a session
    EXPECT_TRUE(c.has_session_job());
    EXPECT_EQ(InferDeployment(c), Deployment::kSession);
    auto no_effect = Findings(c, true);
    std::set<std::string> expected = {"execution.checkpointing.num-retained",
                                      "taskmanager.numberOfTaskSlots"};
    if (!sent) expected.insert("execution.checkpointing.interval");
    EXPECT_EQ(Keys(no_effect), expected) << version;
    EXPECT_EQ(c.Find("state.checkpoints.num-retained")->value, "20") << version;
    EXPECT_EQ(c.Find("execution.checkpointing.interval")->value, sent ? "10s" : "30s") << version;
    EXPECT_EQ(c.Find("parallelism.default")->value, "2") << version;
    const Diagnostic* slots = For(no_effect, "taskmanager.numberOfTaskSlots");
    ASSERT_NE(slots, nullptr);
    EXPECT_EQ(slots->source, "session-job.yaml");
    EXPECT_EQ(slots->line, 13);
    EXPECT_NE(slots->message.find(sent ? "no effect in a session cluster"
                                       : "only from 1.17 on (with the jar run)"),
              std::string::npos)
        << slots->message;
    // From 1.17, whether the map is sent depends on the operator's release, which flowstate
    // cannot know: said once.
    size_t operator_notes = 0;
    for (const Diagnostic& d : c.diagnostics().entries()) {
      if (d.message.find("FLINK-32240") == std::string::npos) continue;
      ++operator_notes;
      EXPECT_EQ(d.severity, Severity::kNote);
    }
    EXPECT_EQ(operator_notes, sent ? 1u : 0u) << version;
  }
  // A script's SET over the session job's value that cannot apply falls back past it to the
  // cluster's.
  sql::ParseOptions o;
  o.source_name = "job.sql";
  sql::Script script = sql::Script::Parse("SET 'state.checkpoints.num-retained' = '3';\n", o);
  ConfigBuilder b(V("1.17"));
  b.AddFile(ReadFlinkConf(cluster, "flink-conf.yaml"));
  b.AddFile(*ReadDeployment(session_job, "session-job.yaml"));
  b.AddScript(script);
  EffectiveConfig c = b.Build();
  const EffectiveEntry* retained = c.Find("state.checkpoints.num-retained");
  EXPECT_EQ(retained->value, "20");
  EXPECT_EQ(retained->origin.source, "flink-conf.yaml");
}

}  // namespace
}  // namespace flowstate::core::config
