// Directories on file:// paths that the pods of a FlinkDeployment do not share: the field
// report's final resource (an NFS claim with ReadWriteMany) passes, its earlier settings with two
// JobManagers and no volume fail, and each kind of volume gets its verdict.
#include "config/pods.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/files.h"
#include "config_test_util.h"

namespace flowstate::core::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::V;

struct Found {
  std::vector<PodStorageFinding> findings;
  EffectiveConfig config;
};

Found Check(const std::string& text) {
  auto file = ReadDeployment(text, "deployment.yaml");
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  ConfigBuilder b(V("1.14"));
  b.AddFile(*file);
  Found out{{}, b.Build()};
  out.findings = CheckPodStorage(out.config, *file);
  return out;
}

std::vector<std::string> Lines(const std::vector<PodStorageFinding>& f) {
  std::vector<std::string> out;
  for (const PodStorageFinding& x : f) out.push_back(x.key + " " + x.diagnostic.ToString());
  return out;
}

TEST(PodStorageTest, TheFinalResourceWithItsReadWriteManyClaimPasses) {
  auto file = ReadDeployment(testing::DataFile("seed_deployment.yaml"), "deployment.yaml");
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE(file->pods.present);
  ASSERT_EQ(file->pods.mounts.size(), 1u);
  EXPECT_EQ(file->pods.mounts[0].path, "/opt/flink/volume");
  ASSERT_EQ(file->pods.volumes.size(), 1u);
  EXPECT_EQ(file->pods.volumes[0].type, "persistentVolumeClaim");
  EXPECT_EQ(file->pods.volumes[0].claim, "flink-checkpoint-pvc");
  ASSERT_EQ(file->pods.claims.size(), 1u);
  EXPECT_THAT(file->pods.claims[0].access_modes, ElementsAre("ReadWriteMany"));
  Found f = Check(testing::DataFile("seed_deployment.yaml"));
  EXPECT_THAT(Lines(f.findings), IsEmpty());
  // The FlinkDeployment as pasted alone, without its claim: whether the claim is shared cannot
  // be told, and is said as a note on each directory.
  Found alone = Check(testing::DataFile("seed_deployment_as_pasted.yaml"));
  ASSERT_EQ(alone.findings.size(), 3u);
  for (const PodStorageFinding& x : alone.findings) {
    EXPECT_EQ(x.diagnostic.severity, Severity::kNote);
    EXPECT_THAT(x.diagnostic.message,
                HasSubstr("is claim flink-checkpoint-pvc, which is not in this file"));
  }
}

TEST(PodStorageTest, TheEarlierSettingsWithTwoJobManagersAndNoVolumeFail) {
  Found f = Check(testing::DataFile("seed_earlier_settings.yaml"));
  ASSERT_EQ(f.findings.size(), 3u) << ::testing::PrintToString(Lines(f.findings));
  EXPECT_EQ(f.findings[0].key, "execution.checkpointing.dir");
  EXPECT_EQ(f.findings[0].diagnostic.severity, Severity::kWarning);
  EXPECT_EQ(f.findings[0].diagnostic.ToString(),
            "deployment.yaml:18:28: warning: state.checkpoints.dir = "
            "file:///flink-data/checkpoints: no volume is mounted there, so each pod writes its "
            "own disk; a restarted or second JobManager cannot read the checkpoints other pods "
            "wrote, so they cannot be restored from. Mount a volume every pod shares there (NFS, "
            "or a claim with ReadWriteMany)");
  EXPECT_EQ(f.findings[1].key, "execution.checkpointing.savepoint-dir");
  EXPECT_EQ(f.findings[1].diagnostic.severity, Severity::kWarning);
  EXPECT_EQ(f.findings[2].key, "high-availability.storageDir");
  EXPECT_EQ(f.findings[2].diagnostic.severity, Severity::kError);
  EXPECT_THAT(f.findings[2].diagnostic.message, HasSubstr("with 2 JobManagers"));
  // The builder reports them among the configuration's diagnostics, under their keys.
  EXPECT_THAT(testing::About(f.config, "high-availability.storageDir"),
              ElementsAre(HasSubstr("error: high-availability.storageDir = "
                                    "file:///opt/flink/flink_recovery: no volume is mounted")));
  EXPECT_EQ(f.config.diagnostics().error_count(), 1u);
}

// A FlinkDeployment with the given directories and pod template (indented for spec).
std::string Resource(const std::string& conf, const std::string& spec_tail,
                     const std::string& more = "") {
  return "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: d\n"
         "spec:\n  flinkVersion: v1_14\n  flinkConfiguration:\n" +
         conf + spec_tail + more;
}

const char* kDirs =
    "    state.checkpoints.dir: file:///data/cp\n"
    "    high-availability: kubernetes\n"
    "    high-availability.storageDir: file:/data/ha\n";

std::string Mounted(const std::string& volume, int jobmanagers = 1) {
  return "  jobManager:\n    replicas: " + std::to_string(jobmanagers) +
         "\n  podTemplate:\n    spec:\n      containers:\n"
         "        - name: flink-main-container\n          volumeMounts:\n"
         "            - name: v\n              mountPath: /data/\n"
         "      volumes:\n        - name: v\n" +
         volume;
}

TEST(PodStorageTest, EachKindOfVolume) {
  // emptyDir and hostPath are each pod's own; with two JobManagers HA storage is an error.
  for (const char* own :
       {"          emptyDir: {}\n", "          hostPath:\n            path: /x\n"}) {
    Found f = Check(Resource(kDirs, Mounted(own, 2)));
    ASSERT_EQ(f.findings.size(), 2u);
    EXPECT_EQ(f.findings[0].diagnostic.severity, Severity::kWarning);
    EXPECT_THAT(f.findings[0].diagnostic.message, HasSubstr("which each pod has on its own node"));
    EXPECT_EQ(f.findings[1].diagnostic.severity, Severity::kError);
    // One JobManager: a warning still (a restarted JobManager may land on another node).
    Found one = Check(Resource(kDirs, Mounted(own, 1)));
    ASSERT_EQ(one.findings.size(), 2u);
    EXPECT_EQ(one.findings[1].diagnostic.severity, Severity::kWarning);
  }
  // NFS is shared.
  EXPECT_THAT(Lines(Check(Resource(kDirs, Mounted("          nfs:\n            server: s\n"
                                                  "            path: /export\n",
                                                  2)))
                        .findings),
              IsEmpty());
  // A claim defined elsewhere: cannot tell.
  const std::string claim = "          persistentVolumeClaim:\n            claimName: c\n";
  Found elsewhere = Check(Resource(kDirs, Mounted(claim, 2)));
  ASSERT_EQ(elsewhere.findings.size(), 2u);
  EXPECT_EQ(elsewhere.findings[0].diagnostic.severity, Severity::kNote);
  EXPECT_THAT(elsewhere.findings[0].diagnostic.message,
              HasSubstr("claim c, which is not in this file"));
  // The claim in the same file: ReadWriteOnce fails, ReadWriteMany passes.
  const std::string pvc =
      "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c\n"
      "spec:\n  accessModes:\n    - ";
  Found once = Check(Resource(kDirs, Mounted(claim, 2), pvc + "ReadWriteOnce\n"));
  ASSERT_EQ(once.findings.size(), 2u);
  EXPECT_EQ(once.findings[1].diagnostic.severity, Severity::kError);
  EXPECT_THAT(once.findings[1].diagnostic.message,
              HasSubstr("(ReadWriteOnce) do not include ReadWriteMany"));
  EXPECT_THAT(Lines(Check(Resource(kDirs, Mounted(claim, 2), pvc + "ReadWriteMany\n")).findings),
              IsEmpty());
  // HA off: its directory is not used.
  Found no_ha =
      Check(Resource("    state.checkpoints.dir: file:///data/cp\n"
                     "    high-availability.storageDir: file:///elsewhere\n",
                     Mounted("          emptyDir: {}\n")));
  ASSERT_EQ(no_ha.findings.size(), 1u);
  EXPECT_EQ(no_ha.findings[0].key, "execution.checkpointing.dir");
  // Another scheme is not the pods' business; a mount of a parent with the same prefix is not
  // a mount of the path.
  EXPECT_THAT(Lines(Check(Resource("    state.checkpoints.dir: hdfs://nn/cp\n",
                                   Mounted("          emptyDir: {}\n")))
                        .findings),
              IsEmpty());
  Found prefix = Check(Resource("    state.checkpoints.dir: file:///database/cp\n",
                                Mounted("          nfs:\n            server: s\n")));
  ASSERT_EQ(prefix.findings.size(), 1u);
  EXPECT_THAT(prefix.findings[0].diagnostic.message, HasSubstr("no volume is mounted there"));
}

TEST(PodStorageTest, OnlyTheTaskManagersTemplateMountsTheVolume) {
  const std::string tm =
      "  taskManager:\n    podTemplate:\n      spec:\n        containers:\n"
      "          - name: flink-main-container\n            volumeMounts:\n"
      "              - name: v\n                mountPath: /data\n"
      "        volumes:\n          - name: v\n            nfs:\n              server: s\n";
  Found f = Check(Resource("    state.checkpoints.dir: file:///data/cp\n", tm));
  ASSERT_EQ(f.findings.size(), 1u);
  EXPECT_THAT(f.findings[0].diagnostic.message,
              HasSubstr("in the JobManager pods, no volume is mounted there"));
  // A FlinkSessionJob has no pods of its own.
  auto job = ReadDeployment(
      "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\nmetadata:\n  name: j\n"
      "spec:\n  deploymentName: d\n  flinkConfiguration:\n    state.checkpoints.dir: file:///x\n",
      "job.yaml");
  ASSERT_TRUE(job.ok());
  EXPECT_FALSE(job->pods.present);
}

}  // namespace
}  // namespace flowstate::core::config
