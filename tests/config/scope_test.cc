// Where options are read: the scope table is sound and covers the registry, the seed's SET
// keys get the scope Flink's code gives them on 1.14, and the version edges fall where Flink
// moved them (1.14.3's job checkpoint directory, 1.19's state backend and storage).
#include "config/scope.h"

#include <gtest/gtest.h>

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

EffectiveConfig SeedOnTheSeedCluster(const char* version, const char* deployment_file) {
  sql::ParseOptions o;
  o.source_name = "seed_emp_1.sql";
  sql::Script script = sql::Script::Parse(testing::SqlDataFile("seed_emp_1.sql"), o);
  ConfigBuilder b(V(version));
  auto deployment = ReadDeployment(testing::DataFile(deployment_file), "deployment.yaml");
  EXPECT_TRUE(deployment.ok());
  b.AddFile(*deployment);
  b.AddScript(script);
  return b.Build();
}

std::vector<std::string> Keys(const std::vector<ScopeFinding>& findings, bool no_effect) {
  std::vector<std::string> out;
  for (const ScopeFinding& f : findings) {
    if (f.no_effect == no_effect) out.push_back(f.entry->key);
  }
  return out;
}

const ScopeFinding* For(const std::vector<ScopeFinding>& findings, std::string_view key) {
  for (const ScopeFinding& f : findings) {
    if (f.entry->key == key) return &f;
  }
  return nullptr;
}

TEST(ScopeFindingsTest, TheSeedScriptOnTheSeedSessionClusterAsPasted) {
  // The first seed's script against the second seed's FlinkDeployment (a session cluster,
  // no-break spaces and all) on 1.14: six SETs have no effect, and say what applies instead.
  EffectiveConfig c = SeedOnTheSeedCluster("1.14", "seed_deployment_as_pasted.yaml");
  ASSERT_EQ(InferDeployment(c), Deployment::kSession);
  std::vector<ScopeFinding> f = CheckScopes(c, Deployment::kSession, Submitter::kJar);
  EXPECT_EQ(Keys(f, true), (std::vector<std::string>{
                               "jobmanager.memory.process.size", "state.checkpoints.num-retained",
                               "taskmanager.memory.managed.size", "taskmanager.memory.process.size",
                               "taskmanager.numberOfTaskSlots", "yarn.application.queue"}));
  EXPECT_TRUE(Keys(f, false).empty());
  const ScopeFinding* retained = For(f, "state.checkpoints.num-retained");
  ASSERT_NE(retained, nullptr);
  EXPECT_EQ(retained->diagnostic.ToString(),
            "seed_emp_1.sql:12:5: warning: state.checkpoints.num-retained = 3: no effect in a "
            "session cluster: the JobMaster builds its checkpoint store from the cluster's "
            "configuration; 20 from deployment.yaml:21 applies");
  EXPECT_NE(For(f, "taskmanager.numberOfTaskSlots")
                ->diagnostic.message.find("48 from deployment.yaml:18 applies"),
            std::string::npos)
      << For(f, "taskmanager.numberOfTaskSlots")->diagnostic.message;
  EXPECT_NE(For(f, "yarn.application.queue")->diagnostic.message.find("no effect on Kubernetes"),
            std::string::npos);
  // The checkpointing keys and the restart strategy (type and sub-keys together) take effect.
  EXPECT_EQ(For(f, "execution.checkpointing.interval"), nullptr);
  EXPECT_EQ(For(f, "restart-strategy.fixed-delay.attempts"), nullptr);
}

TEST(ScopeFindingsTest, ApplicationModeAndWhatTheSubmitterLifts) {
  EffectiveConfig c = SeedOnTheSeedCluster("1.14", "seed_deployment.yaml");
  std::vector<ScopeFinding> app = CheckScopes(c, Deployment::kApplication, Submitter::kGateway);
  ASSERT_NE(For(app, "taskmanager.numberOfTaskSlots"), nullptr);
  EXPECT_NE(For(app, "taskmanager.numberOfTaskSlots")->diagnostic.message.find("application mode"),
            std::string::npos);
  // Dinky lifts the script's SETs into the cluster it creates.
  EXPECT_EQ(For(CheckScopes(c, Deployment::kApplication, Submitter::kDinky),
                "taskmanager.numberOfTaskSlots"),
            nullptr);
  // Deployment::kUnknown takes the deployment from the files (the seed's is a session).
  EXPECT_NE(For(CheckScopes(c, Deployment::kUnknown, Submitter::kUnknown),
                "taskmanager.numberOfTaskSlots"),
            nullptr);
  // With nothing to tell where the job runs, nothing is guessed.
  ConfigBuilder b(V("1.14"));
  sql::ParseOptions o;
  sql::Script script = sql::Script::Parse("SET 'taskmanager.numberOfTaskSlots' = '1';\n", o);
  b.AddScript(script);
  EffectiveConfig alone = b.Build();
  EXPECT_EQ(InferDeployment(alone), Deployment::kUnknown);
  EXPECT_TRUE(CheckScopes(alone, Deployment::kUnknown, Submitter::kUnknown).empty());
  EXPECT_TRUE(alone.diagnostics().entries().empty());
}

TEST(ScopeFindingsTest, SubKeysWithoutTheirTypeAndPatchLevels) {
  sql::ParseOptions o;
  o.source_name = "job.sql";
  sql::Script script = sql::Script::Parse(
      "SET 'restart-strategy.fixed-delay.attempts' = '5';\n"
      "SET 'state.backend.incremental' = 'true';\n"
      "SET 'state.checkpoints.dir' = 'file:///cp';\n",
      o);
  for (const char* version : {"1.14", "1.14.2", "1.14.3", "1.18", "1.19"}) {
    ConfigBuilder b(V(version));
    b.AddFile(ReadFlinkConf("restart-strategy: none\nstate.backend: rocksdb\n", "flink-conf.yaml"));
    b.AddScript(script);
    EffectiveConfig c = b.Build();
    std::vector<ScopeFinding> f = CheckScopes(c, Deployment::kSession, Submitter::kSqlClient);
    const ScopeFinding* attempts = For(f, "restart-strategy.fixed-delay.attempts");
    ASSERT_NE(attempts, nullptr) << version;
    EXPECT_TRUE(attempts->no_effect);
    EXPECT_NE(attempts->diagnostic.message.find("restart strategy's type"), std::string::npos);
    const ScopeFinding* incremental = For(f, "state.backend.incremental");
    EXPECT_EQ(incremental != nullptr, std::string(version) != "1.19") << version;
    const ScopeFinding* dir = For(f, "state.checkpoints.dir");
    if (std::string(version) == "1.14") {
      ASSERT_NE(dir, nullptr);
      EXPECT_FALSE(dir->no_effect);  // depends on the patch level
      EXPECT_NE(dir->diagnostic.message.find("from Flink 1.14.3"), std::string::npos);
    } else if (std::string(version) == "1.14.2") {
      ASSERT_NE(dir, nullptr);
      EXPECT_TRUE(dir->no_effect);
    } else {
      EXPECT_EQ(dir, nullptr) << version;
    }
  }
}

}  // namespace
}  // namespace flowstate::core::config
