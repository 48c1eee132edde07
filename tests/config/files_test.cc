// Cluster files: flink-conf.yaml by Flink 1.x's line rules, config.yaml as bounded YAML, and
// the Kubernetes operator's resources.
#include "config/files.h"

#include <gtest/gtest.h>

#include "config_test_util.h"

namespace flowstate::core::config {
namespace {

using testing::DataFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Messages;

const Setting* Get(const ConfigFile& f, const std::string& key) {
  const Setting* out = nullptr;
  for (const Setting& s : f.settings) {
    if (s.key == key) out = &s;
  }
  return out;
}

TEST(FlinkConfTest, SeedPodFileReadsEveryLine) {
  ConfigFile f = ReadFlinkConf(DataFile("seed_pod_flink-conf.yaml"), "flink-conf.yaml");
  EXPECT_EQ(f.settings.size(), 35u);
  EXPECT_TRUE(f.diagnostics.empty()) << f.diagnostics.ToString();
  ASSERT_TRUE(f.flink_version);
  EXPECT_EQ(f.flink_version->ToString(), "1.14");
  const Setting* owner = Get(f, "kubernetes.jobmanager.owner.reference");
  ASSERT_NE(owner, nullptr);
  EXPECT_THAT(owner->value, HasSubstr("uid:fadef756-d327-4f19-b1b4-181d92c659eb"));
  EXPECT_EQ(owner->origin.key_line, 20);
  EXPECT_EQ(owner->origin.key_column, 1);
  EXPECT_EQ(owner->origin.value_column, 40);
  const Setting* annotations = Get(f, "kubernetes.jobmanager.annotations");
  ASSERT_NE(annotations, nullptr);
  // Split at the first ": " only: the value keeps its own ':'.
  EXPECT_EQ(annotations->value, "flinkdeployment.flink.apache.org/generation:2");
}

TEST(FlinkConfTest, FlinksOwnLineRulesNotYaml) {
  ConfigFile f = ReadFlinkConf(
      "# a comment\n"
      "k1: a: b\n"               // first ": " splits: value "a: b"
      "k2: [a, b]\n"             // not a YAML list: the text as is
      "k3: \"36\"\n"             // quotes are kept
      "k4: http://h/p#frag\n"    // '#' starts a comment even here
      "k5:no-space\n"            // skipped: no ": "
      "   : empty-key\n"         // skipped: empty key
      "k6:    \n"                // skipped: empty value ("k6:" has no ": " after trim)
      "  k7  :   spaced   \r\n"  // trimmed, CRLF
      "k8: one\r"                // a lone CR ends a line too
      "k8: two  # trailing comment\n"
      "\n"
      "k9: last",
      "flink-conf.yaml");
  EXPECT_EQ(Get(f, "k1")->value, "a: b");
  EXPECT_EQ(Get(f, "k2")->value, "[a, b]");
  EXPECT_EQ(Get(f, "k3")->value, "\"36\"");
  EXPECT_EQ(Get(f, "k4")->value, "http://h/p");
  EXPECT_EQ(Get(f, "k5"), nullptr);
  EXPECT_EQ(Get(f, "k6"), nullptr);
  EXPECT_EQ(Get(f, "k7")->value, "spaced");
  EXPECT_EQ(Get(f, "k8")->value, "two");
  EXPECT_EQ(Get(f, "k8")->origin.key_line, 11);
  EXPECT_EQ(Get(f, "k9")->value, "last");
  EXPECT_EQ(Get(f, "k9")->origin.key_line, 13);
  EXPECT_THAT(
      Messages(f.diagnostics),
      ElementsAre(HasSubstr("'#' starts a comment"), HasSubstr("missing space after ':'"),
                  HasSubstr("the key or the value is empty"), HasSubstr("missing space after ':'"),
                  HasSubstr("k8 is also set on line 10")));
  EXPECT_EQ(f.diagnostics.entries()[0].line, 5);
  EXPECT_EQ(f.diagnostics.entries()[0].column, 15);
  EXPECT_EQ(f.diagnostics.entries()[1].line, 6);
}

TEST(FlinkConfTest, NoBreakSpacesAreNamed) {
  ConfigFile f = ReadFlinkConf("\xC2\xA0\xC2\xA0state.backend: rocksdb\n", "flink-conf.yaml");
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_THAT(f.diagnostics.entries()[0].message, HasSubstr("no-break space"));
}

TEST(ConfigYamlTest, NestedMapsFlattenWithDots) {
  auto f = ReadConfigYaml(
      "execution:\n"
      "  checkpointing:\n"
      "    interval: 10 s\n"
      "    dir: hdfs:///flink/cp   # a comment\n"
      "state.backend.type: rocksdb\n"
      "pipeline:\n"
      "  jars: [file:///a.jar, 'file:///b c.jar']\n"
      "  global-job-parameters:\n"
      "    region: eu\n"
      "taskmanager.numberOfTaskSlots: \"4\"\n"
      "rest.port: ~\n",
      "config.yaml");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(Get(*f, "execution.checkpointing.interval")->value, "10 s");
  EXPECT_EQ(Get(*f, "execution.checkpointing.interval")->origin.key_line, 3);
  EXPECT_EQ(Get(*f, "execution.checkpointing.interval")->origin.key_column, 5);
  EXPECT_EQ(Get(*f, "execution.checkpointing.interval")->origin.value_column, 15);
  EXPECT_EQ(Get(*f, "execution.checkpointing.dir")->value, "hdfs:///flink/cp");
  EXPECT_EQ(Get(*f, "state.backend.type")->value, "rocksdb");
  EXPECT_EQ(Get(*f, "pipeline.jars")->value, "[file:///a.jar, \"file:///b c.jar\"]");
  EXPECT_TRUE(Get(*f, "pipeline.jars")->yaml_flow);
  EXPECT_EQ(Get(*f, "pipeline.global-job-parameters.region")->value, "eu");
  EXPECT_EQ(Get(*f, "taskmanager.numberOfTaskSlots")->value, "4");  // YAML quotes are syntax
  EXPECT_EQ(Get(*f, "rest.port"), nullptr);
  EXPECT_THAT(Messages(f->diagnostics), ElementsAre(HasSubstr("rest.port has no value")));
}

TEST(ConfigYamlTest, MalformedYamlIsAPositionedError) {
  auto f = ReadConfigYaml("a: 1\nb: [1, 2\nc: 3\n", "config.yaml");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), Code::kParse);
  EXPECT_THAT(f.status().message(), HasSubstr("config.yaml:"));
  auto g = ReadConfigYaml("- a\n- b\n", "config.yaml");
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(g.status().message(), HasSubstr("config.yaml:1:1: expected a map"));
  auto h = ReadConfigYaml("a: 1\n---\nb: 2\n", "config.yaml");
  ASSERT_FALSE(h.ok());
  EXPECT_THAT(h.status().message(), HasSubstr("one YAML document"));
  auto k = ReadConfigYaml("? [a, b]\n: c\n", "config.yaml");
  ASSERT_FALSE(k.ok());
  EXPECT_THAT(k.status().message(), HasSubstr("a key must be a plain value"));
  // An empty key (found by fuzzing) names no option: a positioned warning, never a setting.
  auto blank = ReadConfigYaml("'': ro\na:\n  '':\n    b: 1\nc: 2\n", "config.yaml");
  ASSERT_TRUE(blank.ok()) << blank.status().ToString();
  ASSERT_EQ(blank->settings.size(), 1u);
  EXPECT_EQ(blank->settings[0].key, "c");
  EXPECT_THAT(Messages(blank->diagnostics),
              ElementsAre(HasSubstr("an empty key names no option"),
                          HasSubstr("an empty key under a names no option")));
  EXPECT_EQ(blank->diagnostics.entries()[1].line, 3);
  EXPECT_EQ(blank->diagnostics.entries()[1].column, 3);
  auto empty = ReadConfigYaml("# nothing\n", "config.yaml");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->settings.empty());
}

TEST(ConfigYamlTest, LimitsOnSizeDepthNodesAndAliases) {
  YamlLimits limits;
  limits.max_bytes = 64;
  auto big = ReadConfigYaml(std::string(100, '#'), "config.yaml", limits);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), Code::kInvalidArgument);

  std::string deep;
  for (int i = 0; i < 100; ++i) deep += std::string(i * 2, ' ') + "k" + std::to_string(i) + ":\n";
  auto d = ReadConfigYaml(deep, "config.yaml");
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.status().message(), HasSubstr("nesting depth"));

  // A billion laughs: a few hundred bytes that expand to 10^9 nodes.
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    laughs += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
              prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
              ", *" + prev + "]\n";
  }
  ASSERT_LT(laughs.size(), 1000u);
  auto l = ReadConfigYaml(laughs, "config.yaml");
  ASSERT_FALSE(l.ok());
  EXPECT_THAT(l.status().message(), HasSubstr("aliases are expanded"));

  YamlLimits few;
  few.max_nodes = 5;
  auto n = ReadConfigYaml("a: 1\nb: 2\nc: 3\n", "config.yaml", few);
  ASSERT_FALSE(n.ok());
  EXPECT_THAT(n.status().message(), HasSubstr("too many nodes"));

  auto forward = ReadConfigYaml("a: *x\nb: &x 1\n", "config.yaml");
  ASSERT_FALSE(forward.ok());
  EXPECT_THAT(forward.status().message(), HasSubstr("unknown anchor"));
  auto ok = ReadConfigYaml("base: &d 10 s\nexecution.checkpointing.interval: *d\n", "config.yaml");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(Get(*ok, "execution.checkpointing.interval")->value, "10 s");
}

TEST(DeploymentTest, SeedResourceWithOperatorDerivedKeys) {
  auto f = ReadDeployment(DataFile("seed_deployment.yaml"), "deployment.yaml");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->kind, "FlinkDeployment");
  EXPECT_EQ(f->resource_name, "session-deployment-only");
  ASSERT_TRUE(f->flink_version);
  EXPECT_EQ(f->flink_version->ToString(), "1.14");
  EXPECT_TRUE(f->diagnostics.empty()) << f->diagnostics.ToString();
  EXPECT_EQ(Get(*f, "taskmanager.numberOfTaskSlots")->value, "48");
  EXPECT_EQ(Get(*f, "state.checkpoints.dir")->value, "file:///opt/flink/volume/flink-cp");
  EXPECT_EQ(Get(*f, "high-availability")->value,
            "org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory");
  EXPECT_EQ(Get(*f, "high-availability.storageDir")->origin.key_line, 28);
  // What the operator writes into the pods' flink-conf.yaml from the spec (compare the pod
  // file printed in the same report).
  EXPECT_EQ(Get(*f, "jobmanager.memory.process.size")->value, "1024m");
  EXPECT_EQ(Get(*f, "taskmanager.memory.process.size")->value, "6048m");
  EXPECT_EQ(Get(*f, "kubernetes.jobmanager.replicas")->value, "2");
  EXPECT_EQ(Get(*f, "kubernetes.taskmanager.cpu")->value, "4");
  EXPECT_EQ(Get(*f, "kubernetes.service-account")->value, "flink");
  EXPECT_EQ(Get(*f, "kubernetes.namespace")->value, "flink");
  EXPECT_EQ(Get(*f, "kubernetes.cluster-id")->value, "session-deployment-only");
  EXPECT_EQ(Get(*f, "kubernetes.container.image.pull-policy")->value, "IfNotPresent");
  EXPECT_EQ(Get(*f, "execution.target")->value, "kubernetes-session");
  EXPECT_EQ(Get(*f, "$internal.flink.version")->value, "v1_14");
  EXPECT_TRUE(Get(*f, "jobmanager.memory.process.size")->derived);
  EXPECT_EQ(Get(*f, "jobmanager.memory.process.size")->origin.detail,
            "spec.jobManager.resource.memory");
}

TEST(DeploymentTest, TheSeedAsPastedFromTheWebPageIsReadWithAWarningPerLine) {
  // Copied byte for byte from the field report's page, no-break spaces and all: read as the
  // spaces they stand for, the settings those of the clean copy, each affected line warned.
  const std::string pasted = testing::DataFile("seed_deployment_as_pasted.yaml");
  auto f = ReadDeployment(pasted, "pasted.yaml");
  ASSERT_TRUE(f.ok()) << f.status().message();
  auto clean = ReadDeployment(testing::DataFile("seed_deployment.yaml"), "deployment.yaml");
  ASSERT_TRUE(clean.ok());
  ASSERT_EQ(f->settings.size(), clean->settings.size());
  for (size_t i = 0; i < f->settings.size(); ++i) {
    EXPECT_EQ(f->settings[i].key, clean->settings[i].key);
    EXPECT_EQ(f->settings[i].value, clean->settings[i].value) << f->settings[i].key;
  }
  EXPECT_EQ(Get(*f, "state.checkpoints.num-retained")->value, "20");
  size_t affected = 0;  // lines where a no-break space sits among blanks
  size_t line_start = 0;
  while (line_start <= pasted.size()) {
    size_t end = pasted.find('\n', line_start);
    std::string line =
        pasted.substr(line_start, end == std::string::npos ? std::string::npos : end - line_start);
    if (line.rfind("\xC2\xA0", 0) == 0) ++affected;
    if (end == std::string::npos) break;
    line_start = end + 1;
  }
  ASSERT_GT(affected, 30u);
  size_t warnings = 0;
  for (const Diagnostic& d : f->diagnostics.entries()) {
    if (d.message.find("no-break space") == std::string::npos) continue;
    ++warnings;
    EXPECT_EQ(d.severity, Severity::kWarning);
    EXPECT_NE(d.message.find("kubectl and Flink would refuse"), std::string::npos);
  }
  EXPECT_GE(warnings, affected);
  EXPECT_EQ(f->diagnostics.entries()[0].line, 4);
  EXPECT_EQ(f->diagnostics.entries()[0].column, 1);
  // Between two other characters a no-break space is content, not a blank.
  auto inner = ReadConfigYaml(
      "pipeline.name: a\xC2\xA0"
      "b\n",
      "config.yaml");
  ASSERT_TRUE(inner.ok());
  EXPECT_EQ(inner->settings[0].value,
            "a\xC2\xA0"
            "b");
  EXPECT_TRUE(inner->diagnostics.entries().empty());
}

TEST(DeploymentTest, SessionJobAndJobSpec) {
  auto f = ReadDeployment(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n"
      "apiVersion: flink.apache.org/v1beta1\n"
      "kind: FlinkSessionJob\n"
      "metadata:\n  name: orders\n"
      "spec:\n"
      "  deploymentName: session\n"
      "  flinkConfiguration:\n"
      "    execution.checkpointing.interval: 30s\n"
      "  job:\n"
      "    jarURI: local:///opt/job.jar\n"
      "    parallelism: 4\n"
      "    initialSavepointPath: hdfs:///sp/savepoint-abcdef-0123456789ab\n"
      "    allowNonRestoredState: true\n",
      "job.yaml");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->kind, "FlinkSessionJob");
  EXPECT_FALSE(f->flink_version);
  EXPECT_EQ(Get(*f, "execution.checkpointing.interval")->value, "30s");
  EXPECT_EQ(Get(*f, "parallelism.default")->value, "4");
  EXPECT_EQ(Get(*f, "execution.state-recovery.path")->value,
            "hdfs:///sp/savepoint-abcdef-0123456789ab");
  EXPECT_EQ(Get(*f, "execution.state-recovery.ignore-unclaimed-state")->value, "true");
  EXPECT_EQ(Get(*f, "kubernetes.cluster-id"), nullptr);
  EXPECT_EQ(Get(*f, "execution.target"), nullptr);
}

TEST(DeploymentTest, Failures) {
  auto none = ReadDeployment("apiVersion: v1\nkind: Pod\n", "pod.yaml");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), Code::kNotFound);
  auto nospec = ReadDeployment("kind: FlinkDeployment\n", "d.yaml");
  ASSERT_FALSE(nospec.ok());
  EXPECT_THAT(nospec.status().message(), HasSubstr("has no spec"));
  auto badconf =
      ReadDeployment("kind: FlinkDeployment\nspec:\n  flinkConfiguration: [a]\n", "d.yaml");
  ASSERT_FALSE(badconf.ok());
  EXPECT_THAT(badconf.status().message(),
              HasSubstr("d.yaml:3:23: spec.flinkConfiguration must be a map"));
  auto badversion =
      ReadDeployment("kind: FlinkDeployment\nspec:\n  flinkVersion: v9_x\n", "d.yaml");
  ASSERT_TRUE(badversion.ok());
  EXPECT_THAT(Messages(badversion->diagnostics), ElementsAre(HasSubstr("not a Flink version")));
  auto kquantity = ReadDeployment(
      "kind: FlinkDeployment\nspec:\n  taskManager:\n    resource: {memory: 2Gi, cpu: 1}\n",
      "d.yaml");
  ASSERT_TRUE(kquantity.ok());
  EXPECT_EQ(Get(*kquantity, "taskmanager.memory.process.size")->value, "2g");
}

TEST(DetectFormatTest, ByNameThenContent) {
  EXPECT_EQ(DetectFormat("conf/flink-conf.yaml", "a: b"), FileFormat::kFlinkConf);
  EXPECT_EQ(DetectFormat("/opt/flink/conf/config.yaml", "a: b"), FileFormat::kConfigYaml);
  EXPECT_EQ(DetectFormat("x.yaml", "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\n"),
            FileFormat::kDeployment);
  EXPECT_EQ(DetectFormat("x.yaml", "execution:\n  checkpointing:\n    interval: 1s\n"),
            FileFormat::kConfigYaml);
  EXPECT_EQ(DetectFormat("x.conf", "a.b: 1\nc: 2\n"), FileFormat::kFlinkConf);
}

}  // namespace
}  // namespace flowstate::core::config
