// The effective configuration: layering with sources, Flink's key precedence, version
// translation, value errors with positions, checks across keys, and rendering.
#include "config/effective.h"

#include <gtest/gtest.h>

#include "config_test_util.h"
#include "sql/script.h"

namespace flowstate::core::config {
namespace {

using testing::About;
using ::testing::AllOf;
using ::testing::Contains;
using testing::DataFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Messages;
using ::testing::Not;
using testing::SqlDataFile;
using testing::V;

sql::Script Parse(std::string text, const char* name = "job.sql") {
  sql::ParseOptions o;
  o.source_name = name;
  return sql::Script::Parse(std::move(text), o);
}

std::vector<std::string> Errors(const EffectiveConfig& c) {
  std::vector<std::string> out;
  for (const Diagnostic& d : c.diagnostics().entries()) {
    if (d.severity == Severity::kError) out.push_back(d.ToString());
  }
  return out;
}

EffectiveConfig Build(const char* version, const std::string& script_text,
                      const std::string& flink_conf = "") {
  ConfigBuilder b(V(version));
  if (!flink_conf.empty()) b.AddFile(ReadFlinkConf(flink_conf, "flink-conf.yaml"));
  b.AddScript(Parse(script_text));
  return b.Build();
}

class SeedScriptTest : public ::testing::TestWithParam<const char*> {};

TEST_P(SeedScriptTest, EveryValueReadsAsFlinkReadsIt) {
  sql::Script script = Parse(SqlDataFile("seed_emp_1.sql"), "seed_emp_1.sql");
  ConfigBuilder b(V(GetParam()));
  b.AddScript(script);
  EffectiveConfig c = b.Build();
  const EffectiveEntry* interval = c.Find("execution.checkpointing.interval");
  ASSERT_NE(interval, nullptr);
  // Dinky's EXECUTE CDCSOURCE ... 'checkpoint' = '3000' sets the interval after every SET.
  EXPECT_EQ(interval->value, "3000");
  EXPECT_EQ(interval->normalized, "3 s");  // a bare number is milliseconds
  EXPECT_EQ(interval->origin.layer, Layer::kScript);
  EXPECT_EQ(interval->origin.ToString(), "seed_emp_1.sql:24:180 (EXECUTE CDCSOURCE 'checkpoint')");
  ASSERT_EQ(interval->history.size(), 1u);
  EXPECT_EQ(interval->history[0].value, "6000");
  EXPECT_EQ(interval->history[0].origin.ToString(), "seed_emp_1.sql:5:5");
  EXPECT_EQ(c.Find("parallelism.default")->value, "1");
  EXPECT_EQ(c.Find("execution.checkpointing.timeout")->normalized, "10 min");
  EXPECT_EQ(c.Find("restart-strategy.fixed-delay.delay")->normalized, "20 s");
  EXPECT_EQ(c.Find("restart-strategy.fixed-delay.attempts")->normalized, "10");
  EXPECT_EQ(c.Find("jobmanager.memory.process.size")->normalized, "1600 mb");
  EXPECT_EQ(c.Find("execution.runtime-mode")->normalized, "STREAMING");
  EXPECT_EQ(c.Find("restart-strategy")->normalized, "fixed-delay");
  EXPECT_EQ(c.Find("pipeline.name"), nullptr) << "the commented-out SET does not count";
  for (const EffectiveEntry& e : c.entries()) {
    EXPECT_TRUE(e.valid) << e.key;
    EXPECT_NE(e.status, KeyStatus::kUnknown) << e.key;
  }
  EXPECT_EQ(c.entries().size(), 22u);  // the 21 SET keys and CDCSOURCE's parallelism
  // On its own the script retains checkpoints but names no directory: the seed's cluster
  // provides one (HDFS); without it nothing could be restored.
  EXPECT_THAT(Errors(c), ElementsAre(AllOf(HasSubstr("seed_emp_1.sql:8:5"),
                                           HasSubstr("no checkpoint directory is set"))));
}

INSTANTIATE_TEST_SUITE_P(Versions, SeedScriptTest, ::testing::Values("1.14", "1.20", "2.2"));

TEST(SeedScriptTest, NamesPerVersion) {
  sql::Script script = Parse(SqlDataFile("seed_emp_1.sql"), "seed_emp_1.sql");
  ConfigBuilder b14(V("1.14"));
  b14.AddScript(script);
  EffectiveConfig c14 = b14.Build();
  for (const EffectiveEntry& e : c14.entries()) EXPECT_EQ(e.status, KeyStatus::kCurrent) << e.key;

  ConfigBuilder b20(V("1.20"));
  b20.AddScript(script);
  EffectiveConfig c20 = b20.Build();
  const EffectiveEntry* retained = c20.Find("state.checkpoints.num-retained");
  ASSERT_NE(retained, nullptr);
  EXPECT_EQ(retained->key, "execution.checkpointing.num-retained");
  EXPECT_EQ(retained->written_key, "state.checkpoints.num-retained");
  EXPECT_EQ(retained->status, KeyStatus::kDeprecated);
  EXPECT_THAT(About(c20, "execution.checkpointing.num-retained"),
              Contains("warning: state.checkpoints.num-retained is deprecated in Flink 1.20; "
                       "use execution.checkpointing.num-retained"));
  EXPECT_EQ(c20.Find("restart-strategy")->key, "restart-strategy.type");
  EXPECT_EQ(c20.Find("execution.checkpointing.unaligned")->key,
            "execution.checkpointing.unaligned.enabled");
  EXPECT_EQ(c20.Find("pipeline.operator-chaining")->key, "pipeline.operator-chaining.enabled");
}

TEST(SeedClusterTest, ScriptOverDeploymentOverPodFile) {
  for (const char* version : {"1.14", "1.20", "2.2"}) {
    sql::Script script = Parse(SqlDataFile("seed_emp_1.sql"), "seed_emp_1.sql");
    ConfigBuilder b(V(version));
    b.AddFile(ReadFlinkConf(DataFile("seed_pod_flink-conf.yaml"), "flink-conf.yaml"));
    auto deployment = ReadDeployment(DataFile("seed_deployment.yaml"), "deployment.yaml");
    ASSERT_TRUE(deployment.ok());
    b.AddFile(*deployment);
    b.AddScript(script);
    EffectiveConfig c = b.Build();
    EXPECT_THAT(Errors(c), IsEmpty()) << version;

    // The resource is a session cluster (no spec.job): the JobMaster keeps its own 20; the
    // script's 3 has no effect and stays in the history, after the pod file's 3.
    const EffectiveEntry* retained = c.Find("execution.checkpointing.num-retained");
    ASSERT_NE(retained, nullptr);
    EXPECT_EQ(retained->value, "20");
    EXPECT_EQ(retained->origin.ToString(), "deployment.yaml:22");
    ASSERT_EQ(retained->history.size(), 2u);
    EXPECT_EQ(retained->history[0].origin.ToString(), "flink-conf.yaml:3");
    EXPECT_EQ(retained->history[1].value, "3");
    EXPECT_EQ(retained->history[1].origin.layer, Layer::kScript);
    EXPECT_THAT(About(c, "execution.checkpointing.num-retained"),
                Contains(HasSubstr("no effect in a session cluster")));
    // The resource's checkpoint directory beats the pod file's.
    const EffectiveEntry* dir = c.Find("state.checkpoints.dir");
    EXPECT_EQ(dir->value, "file:///opt/flink/volume/flink-cp");
    EXPECT_EQ(dir->origin.ToString(), "deployment.yaml:25");
    // The script's slots cannot change a running cluster's: the resource's apply.
    EXPECT_EQ(c.Find("taskmanager.numberOfTaskSlots")->value, "48");
    // A script's values do apply where a cluster is created for the job by Dinky.
    BuildOptions dinky;
    dinky.deployment = Deployment::kApplication;
    dinky.submitter = Submitter::kDinky;
    EXPECT_EQ(b.Build(dinky).Find("taskmanager.numberOfTaskSlots")->value, "1");
    EXPECT_EQ(b.Build(dinky).Find("execution.checkpointing.num-retained")->value, "3");
    // Operator-derived keys carry their spec path.
    EXPECT_EQ(c.Find("kubernetes.jobmanager.replicas")->origin.detail, "spec.jobManager.replicas");
    // Both HA keys say Kubernetes, in two spellings: no conflict.
    EXPECT_THAT(About(c, "high-availability.type"), Not(Contains(HasSubstr("ignored"))));
    EXPECT_EQ(c.Find("high-availability")->normalized, "KUBERNETES");
    // The resource names its version.
    if (std::string_view(version) != "1.14") {
      EXPECT_THAT(Messages(c.diagnostics()),
                  Contains(HasSubstr("deployment.yaml is for Flink 1.14, but the target is")));
    }
  }
}

TEST(SeedClusterTest, Flink114DoesNotReadTheTypeKeys) {
  ConfigBuilder b(V("1.14"));
  b.AddFile(ReadFlinkConf(DataFile("seed_pod_flink-conf.yaml"), "flink-conf.yaml"));
  EffectiveConfig c = b.Build();
  const EffectiveEntry* ha = c.Find("high-availability.type");
  ASSERT_NE(ha, nullptr);
  EXPECT_EQ(ha->key, "high-availability");
  // The pod's file has both spellings: the one 1.14 reads is the value that applies.
  EXPECT_EQ(ha->written_key, "high-availability");
  EXPECT_EQ(ha->status, KeyStatus::kCurrent);
  EXPECT_THAT(About(c, "high-availability.type"),
              ElementsAre("warning: Flink 1.14 does not read high-availability.type (read by "
                          "1.17+); it is written as high-availability"));
  EXPECT_THAT(Errors(c), IsEmpty());
}

TEST(SeedClusterTest, AKeyTheVersionDoesNotReadNeverTakesEffect) {
  // Flink 1.14 reads high-availability only: a high-availability.type beside it is ignored,
  // whichever comes first, and says so when the two differ.
  for (const char* file : {"high-availability.type: kubernetes\nhigh-availability: zookeeper\n",
                           "high-availability: zookeeper\nhigh-availability.type: kubernetes\n"}) {
    ConfigBuilder b(V("1.14"));
    b.AddFile(ReadFlinkConf(file, "flink-conf.yaml"));
    EffectiveConfig c = b.Build();
    const EffectiveEntry* ha = c.Find("high-availability");
    ASSERT_NE(ha, nullptr);
    EXPECT_EQ(ha->written_key, "high-availability");
    EXPECT_EQ(ha->normalized, "ZOOKEEPER");
    EXPECT_EQ(ha->status, KeyStatus::kCurrent);
    EXPECT_THAT(About(c, "high-availability.type"),
                Contains(HasSubstr("high-availability.type = 'kubernetes' is ignored: Flink 1.14 "
                                   "does not read it, and high-availability = 'zookeeper'")));
  }
  // On 1.17 both are read, the type key first.
  ConfigBuilder b(V("1.17"));
  b.AddFile(ReadFlinkConf("high-availability: zookeeper\nhigh-availability.type: kubernetes\n",
                          "flink-conf.yaml"));
  EXPECT_EQ(b.Build().Find("high-availability")->normalized, "KUBERNETES");
}

TEST(LayerTest, OverridesWinAndResetRestoresTheClusterValue) {
  sql::Script script = Parse(
      "SET 'parallelism.default' = '4';\n"
      "SET pipeline.name = first;\n"
      "RESET 'parallelism.default';\n"
      "SET execution.checkpointing.interval = 1 min;\n"
      "RESET;\n"
      "SET pipeline.name = second;\n");
  ConfigBuilder b(V("1.20"));
  b.AddFile(ReadFlinkConf("parallelism.default: 2\nexecution.checkpointing.interval: 10 s\n",
                          "flink-conf.yaml"));
  b.AddScript(script);
  b.AddOverride("pipeline.name", "orders-restored", "restore");
  b.AddOverride("execution.state-recovery.path", "hdfs:///cp/abc/chk-7", "restore");
  EffectiveConfig c = b.Build();
  EXPECT_EQ(c.Find("parallelism.default")->value, "2");
  EXPECT_EQ(c.Find("parallelism.default")->origin.ToString(), "flink-conf.yaml:1");
  EXPECT_EQ(c.Find("execution.checkpointing.interval")->normalized, "10 s");  // RESET all
  const EffectiveEntry* name = c.Find("pipeline.name");
  EXPECT_EQ(name->value, "orders-restored");
  EXPECT_EQ(name->origin.layer, Layer::kOverride);
  EXPECT_EQ(name->origin.ToString(), "restore");
  ASSERT_EQ(name->history.size(), 2u);
  EXPECT_EQ(name->history[1].value, "second");
  EXPECT_EQ(c.Find("execution.savepoint.path")->key, "execution.state-recovery.path");
}

TEST(LayerTest, CurrentKeyBeatsDeprecatedWhereverEachWasSet) {
  // As in Flink: SET with the old name does not override the file's new name.
  EffectiveConfig c = Build("1.20", "SET state.checkpoints.num-retained = 3;",
                            "execution.checkpointing.num-retained: 5\n"
                            "execution.checkpointing.interval: 10 s\n"
                            "execution.checkpointing.dir: file:///cp\n");
  const EffectiveEntry* e = c.Find("execution.checkpointing.num-retained");
  EXPECT_EQ(e->value, "5");
  EXPECT_EQ(e->status, KeyStatus::kCurrent);
  EXPECT_THAT(About(c, "execution.checkpointing.num-retained"),
              Contains("warning: state.checkpoints.num-retained = '3' is ignored: Flink reads "
                       "execution.checkpointing.num-retained first, which is '5' "
                       "(flink-conf.yaml:1)"));
  const Diagnostic* at = nullptr;
  for (const Diagnostic& d : c.diagnostics().entries()) {
    if (d.message.find("is ignored") != std::string::npos) at = &d;
  }
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->line, 1);
  EXPECT_EQ(at->column, 5);
}

TEST(KeyTest, UnknownKeysPassThroughWithAWarningAndASuggestion) {
  EffectiveConfig c = Build("1.20",
                            "SET 'execution.checkpointing.intervall' = '10 s';\n"
                            "SET 'my.connector.option' = 'x';\n"
                            "SET 'pipeline.global-job-parameters.region' = 'eu';\n");
  EXPECT_EQ(c.Find("my.connector.option")->status, KeyStatus::kUnknown);
  EXPECT_EQ(c.Find("my.connector.option")->value, "x");
  EXPECT_THAT(Messages(c.diagnostics()),
              Contains(AllOf(HasSubstr("unknown key execution.checkpointing.intervall"),
                             HasSubstr("did you mean execution.checkpointing.interval?"))));
  EXPECT_THAT(Messages(c.diagnostics()),
              Contains("warning: unknown key my.connector.option: Flink passes it through as a "
                       "string (connectors and plugins may read it)"));
  // A map option's entries written as key.sub are the map, not unknown keys.
  const EffectiveEntry* params = c.Find("pipeline.global-job-parameters");
  ASSERT_NE(params, nullptr);
  EXPECT_EQ(params->normalized, "region:eu");
}

TEST(KeyTest, KeysAVersionLacksAreTranslatedOrRefused) {
  EffectiveConfig c = Build("1.14",
                            "SET 'execution.checkpointing.num-retained' = '2';\n"
                            "SET 'execution.state-recovery.claim-mode' = 'CLAIM';\n"
                            "SET 'state.backend.changelog.enabled' = 'true';\n");
  const EffectiveEntry* retained = c.Find("execution.checkpointing.num-retained");
  EXPECT_EQ(retained->key, "state.checkpoints.num-retained");
  EXPECT_EQ(retained->status, KeyStatus::kTranslated);
  EXPECT_EQ(c.Find("execution.state-recovery.claim-mode")->status, KeyStatus::kRefused);
  EXPECT_THAT(Errors(c),
              ElementsAre(HasSubstr("job.sql:2:6: error: execution.state-recovery.claim-mode is "
                                    "not read by Flink 1.14 (read by 1.15+)"),
                          HasSubstr("job.sql:3:6: error: state.backend.changelog.enabled is not "
                                    "read by Flink 1.14")));
  std::string rendered = c.Render(RenderFormat::kFlinkConf, false, nullptr);
  EXPECT_THAT(rendered, HasSubstr("state.checkpoints.num-retained: 2\n"));
  EXPECT_THAT(rendered, Not(HasSubstr("claim-mode")));
  // The old name works on 1.15 to 1.19.
  EffectiveConfig c15 = Build("1.15", "SET 'execution.state-recovery.claim-mode' = 'CLAIM';\n");
  EXPECT_EQ(c15.Find("execution.state-recovery.claim-mode")->key,
            "execution.savepoint-restore-mode");
  EXPECT_EQ(c15.Find("execution.state-recovery.claim-mode")->status, KeyStatus::kTranslated);
}

TEST(ValueTest, WrongValuesAreErrorsAtTheValue) {
  EffectiveConfig c = Build("1.14",
                            "SET execution.checkpointing.interval = 1h30m;\n"
                            "SET 'execution.checkpointing.timeout' = '5 m';\n"
                            "SET taskmanager.memory.process.size = 1.5g;\n"
                            "SET execution.checkpointing.unaligned = yes;\n"
                            "SET execution.checkpointing.mode = exactly-once;\n"
                            "SET taskmanager.numberOfTaskSlots = 0;\n");
  std::vector<std::string> errors = Errors(c);
  ASSERT_EQ(errors.size(), 6u) << ::testing::PrintToString(errors);
  EXPECT_THAT(errors[0], HasSubstr("job.sql:1:41: error: execution.checkpointing.interval: "
                                   "'1h30m' combines units"));
  EXPECT_THAT(errors[1], HasSubstr("job.sql:2:44: error: execution.checkpointing.timeout: the "
                                   "unit 'm' needs Flink 1.15 or later"));
  EXPECT_THAT(errors[2], HasSubstr("job.sql:3:40: error"));
  EXPECT_THAT(errors[2], HasSubstr("decimal part"));
  EXPECT_THAT(errors[3], HasSubstr("expected true or false"));
  EXPECT_THAT(errors[4], HasSubstr("expected one of EXACTLY_ONCE, AT_LEAST_ONCE"));
  EXPECT_THAT(errors[5], HasSubstr("below the least value 1"));
  // The byte range points at the value (the unit for the version error).
  const Diagnostic& d = c.diagnostics().entries()[0];
  EXPECT_EQ(d.offset, 40);
  // Quoted values in flink-conf.yaml keep their quotes: say so.
  EffectiveConfig q = Build("1.14", "", "taskmanager.numberOfTaskSlots: \"36\"\n");
  EXPECT_THAT(Errors(q), ElementsAre(HasSubstr("flink-conf.yaml keeps quotes")));
}

TEST(CrossKeyTest, CheckpointingOff) {
  EffectiveConfig c = Build("1.20",
                            "SET execution.checkpointing.externalized-checkpoint-retention = "
                            "RETAIN_ON_CANCELLATION;\n"
                            "SET execution.checkpointing.unaligned.enabled = true;\n"
                            "SET execution.checkpointing.num-retained = 3;\n");
  EXPECT_THAT(Messages(c.diagnostics()),
              ElementsAre(HasSubstr("externalized-checkpoint-retention has no effect: "
                                    "checkpointing is off"),
                          HasSubstr("unaligned.enabled has no effect"),
                          HasSubstr("num-retained has no effect")));
}

TEST(CrossKeyTest, UnalignedNeedsExactlyOnceAndOneConcurrentCheckpoint) {
  const std::string base =
      "SET execution.checkpointing.interval = 10s;\n"
      "SET execution.checkpointing.dir = 'hdfs:///cp';\n"
      "SET execution.checkpointing.unaligned.enabled = true;\n";
  EffectiveConfig c = Build("1.20", base + "SET execution.checkpointing.mode = AT_LEAST_ONCE;\n");
  EXPECT_THAT(Errors(c), ElementsAre(HasSubstr("job.sql:3:5: error: unaligned checkpoints need "
                                               "EXACTLY_ONCE")));
  EffectiveConfig d =
      Build("1.20", base + "SET execution.checkpointing.max-concurrent-checkpoints = 2;\n");
  EXPECT_THAT(Errors(d), ElementsAre(HasSubstr("need at most 1 concurrent checkpoint")));
}

TEST(CrossKeyTest, RetainedCheckpointsNeedADirectory) {
  EffectiveConfig c = Build("1.14",
                            "SET execution.checkpointing.interval = 10s;\n"
                            "SET state.checkpoints.num-retained = 3;\n");
  EXPECT_THAT(Errors(c), ElementsAre(HasSubstr("no checkpoint directory is set "
                                               "(state.checkpoints.dir)")));
  EffectiveConfig d = Build("1.14", "SET execution.checkpointing.interval = 10s;\n");
  EXPECT_THAT(Messages(d.diagnostics()), ElementsAre(HasSubstr("kept in JobManager memory only")));
  EffectiveConfig e = Build("1.20",
                            "SET execution.checkpointing.interval = 10s;\n"
                            "SET execution.checkpointing.storage = filesystem;\n");
  EXPECT_THAT(Errors(e), ElementsAre(HasSubstr("needs a checkpoint directory")));
  EffectiveConfig ok = Build("1.20",
                             "SET execution.checkpointing.interval = 10s;\n"
                             "SET execution.checkpointing.num-retained = 3;\n"
                             "SET execution.checkpointing.dir = 'file:///cp';\n");
  EXPECT_THAT(Messages(ok.diagnostics()), IsEmpty());
}

TEST(CrossKeyTest, RestartStrategies) {
  EffectiveConfig c = Build("1.14", "SET restart-strategy = fixed-delay;\n");
  EXPECT_THAT(Messages(c.diagnostics()),
              ElementsAre(HasSubstr("Flink restarts the job once (the default is 1)")));
  EffectiveConfig d = Build("1.20",
                            "SET restart-strategy.type = exponential-delay;\n"
                            "SET restart-strategy.fixed-delay.attempts = 3;\n");
  EXPECT_THAT(Messages(d.diagnostics()),
              ElementsAre(HasSubstr("restart-strategy.fixed-delay.attempts has no effect: the "
                                    "restart strategy is exponential-delay")));
  EffectiveConfig e = Build("1.20", "SET restart-strategy.type = failurerate;\n");
  EXPECT_THAT(Messages(e.diagnostics()), ElementsAre(HasSubstr("max-failures-per-interval")));
}

TEST(CrossKeyTest, HighAvailabilityMemoryBackendAndRecovery) {
  EffectiveConfig ha = Build("1.20", "", "high-availability.type: zookeeper\n");
  EXPECT_THAT(Errors(ha), ElementsAre(HasSubstr("high-availability.storageDir is not set")));
  EffectiveConfig replicas = Build("1.20", "", "kubernetes.jobmanager.replicas: 2\n");
  EXPECT_THAT(Errors(replicas),
              ElementsAre(HasSubstr("JobManager replicas need high availability")));
  EffectiveConfig memory = Build("1.20",
                                 "SET taskmanager.memory.process.size = 1g;\n"
                                 "SET taskmanager.memory.managed.size = 2g;\n");
  EXPECT_THAT(Errors(memory), ElementsAre(HasSubstr("does not fit in the process size 1 gb")));
  EffectiveConfig incremental = Build("1.20", "SET execution.checkpointing.incremental = true;\n");
  EXPECT_THAT(Messages(incremental.diagnostics()),
              ElementsAre(HasSubstr("no effect with the hashmap state backend")));
  EffectiveConfig claim = Build("1.20", "SET execution.state-recovery.claim-mode = CLAIM;\n");
  EXPECT_THAT(Messages(claim.diagnostics()),
              ElementsAre("note: execution.state-recovery.claim-mode has no effect without "
                          "execution.state-recovery.path"));
  EffectiveConfig relative = Build("1.20", "SET execution.state-recovery.path = cp/chk-1;\n");
  EXPECT_THAT(Errors(relative), ElementsAre(HasSubstr("must be an absolute path or a URI")));
  EffectiveConfig pause = Build("1.20",
                                "SET execution.checkpointing.interval = 10s;\n"
                                "SET execution.checkpointing.dir = 'file:///cp';\n"
                                "SET execution.checkpointing.min-pause = 1 min;\n");
  EXPECT_THAT(Messages(pause.diagnostics()),
              ElementsAre(HasSubstr("not shorter than the interval")));
}

TEST(ScriptTest, SetAfterTheJobStatementIsNoted) {
  EffectiveConfig c = Build("1.20",
                            "INSERT INTO t SELECT * FROM s;\n"
                            "SET pipeline.name = late;\n");
  EXPECT_THAT(Messages(c.diagnostics()),
              ElementsAre(HasSubstr("comes after the job statement on line 1")));
}

TEST(RenderTest, ThreeFormatsWithSecretsRedacted) {
  EffectiveConfig c = Build("2.2",
                            "SET execution.checkpointing.interval = 10s;\n"
                            "SET execution.checkpointing.dir = 'hdfs:///cp';\n"
                            "SET state.backend.type = rocksdb;\n"
                            "SET state.backend.incremental = true;\n"
                            "SET 's3.secret-key' = 'hunter2';\n"
                            "SET 'pipeline.jars' = 'file:///a.jar;file:///b.jar';\n"
                            "SET 'my.password' = 'p4ss';\n");
  std::string yaml = c.Render(RenderFormat::kConfigYaml, false, nullptr);
  EXPECT_EQ(yaml,
            "# Flink 2.2 configuration written by flowstate\n"
            "execution:\n"
            "  checkpointing:\n"
            "    dir: hdfs:///cp\n"
            "    incremental: true\n"
            "    interval: \"10s\"\n"
            "my:\n"
            "  password: \"******\"\n"
            "pipeline:\n"
            "  jars: [file:///a.jar, file:///b.jar]\n"
            "s3:\n"
            "  secret-key: \"******\"\n"
            "state:\n"
            "  backend:\n"
            "    type: rocksdb\n");
  EXPECT_THAT(c.Render(RenderFormat::kConfigYaml, true, nullptr), HasSubstr("hunter2"));
  std::string json = c.Render(RenderFormat::kJson, false, nullptr);
  EXPECT_THAT(json, HasSubstr("\"execution.checkpointing.incremental\":\"true\""));
  EXPECT_THAT(json, HasSubstr("\"s3.secret-key\":\"******\""));
  EXPECT_THAT(json, HasSubstr("\"pipeline.jars\":\"file:///a.jar;file:///b.jar\""));
  EXPECT_THAT(json, Not(HasSubstr("hunter2")));
  EXPECT_THAT(json, Not(HasSubstr("p4ss")));
  Diagnostics problems;
  std::string conf = c.Render(RenderFormat::kFlinkConf, false, &problems);
  EXPECT_THAT(conf, HasSubstr("execution.checkpointing.incremental: true\n"));
  EXPECT_THAT(Messages(problems),
              ElementsAre("warning: Flink 2.2 reads config.yaml, not flink-conf.yaml"));
  // No secret in any diagnostic either.
  for (const Diagnostic& d : c.diagnostics().entries()) {
    EXPECT_EQ(d.message.find("hunter2"), std::string::npos);
  }
}

TEST(RenderTest, LeafAndPrefixKeysInConfigYaml) {
  EffectiveConfig c = Build("1.14",
                            "SET restart-strategy = fixed-delay;\n"
                            "SET restart-strategy.fixed-delay.attempts = 3;\n");
  Diagnostics problems;
  EXPECT_EQ(c.Render(RenderFormat::kConfigYaml, false, &problems),
            "# Flink 1.14 configuration written by flowstate\n"
            "restart-strategy: fixed-delay\n"
            "restart-strategy.fixed-delay.attempts: 3\n");
  EXPECT_THAT(Messages(problems),
              ElementsAre("warning: Flink 1.14 reads flink-conf.yaml, not config.yaml"));
}

TEST(RenderTest, FlinkConfCannotHoldHashes) {
  EffectiveConfig c = Build("1.20",
                            "SET pipeline.name = 'orders#2';\n"
                            "SET table.local-time-zone = UTC;\n");
  Diagnostics problems;
  std::string conf = c.Render(RenderFormat::kFlinkConf, false, &problems);
  EXPECT_EQ(conf,
            "# Flink 1.20 configuration written by flowstate\n"
            "table.local-time-zone: UTC\n");
  EXPECT_THAT(Messages(problems),
              ElementsAre(HasSubstr("pipeline.name: flink-conf.yaml reads '#'")));
  EXPECT_THAT(c.Render(RenderFormat::kJson, false, nullptr), HasSubstr("orders#2"));
}

TEST(DefaultsTest, IncludedOnRequestForTheTargetVersion) {
  sql::Script script = Parse("SET parallelism.default = 2;");
  ConfigBuilder b(V("1.18"));
  b.AddScript(script);
  BuildOptions o;
  o.include_defaults = true;
  EffectiveConfig c = b.Build(o);
  const EffectiveEntry* backoff = c.Find("restart-strategy.exponential-delay.max-backoff");
  ASSERT_NE(backoff, nullptr);
  EXPECT_TRUE(backoff->is_default);
  EXPECT_EQ(backoff->normalized, "5 min");
  EXPECT_EQ(backoff->origin.ToString(), "default");
  EXPECT_FALSE(c.Find("parallelism.default")->is_default);
  EXPECT_EQ(c.Find("state.backend.changelog.enabled")->key, "state.backend.changelog.enabled");
  EXPECT_EQ(c.Find("execution.checkpointing.num-retained")->key, "state.checkpoints.num-retained");
  // Defaults are never rendered.
  EXPECT_EQ(c.Render(RenderFormat::kJson, false, nullptr), "{\"parallelism.default\":\"2\"}\n");
}

}  // namespace
}  // namespace flowstate::core::config
