// The option registry: the table is sound, the keys of FACTS.md section 8 and of both seed
// documents are there with the right types, defaults and names per version.
#include "config/registry.h"

#include <gtest/gtest.h>

#include <set>

#include "config/option_value.h"
#include "config_test_util.h"

namespace flowstate::core::config {
namespace {

using testing::V;

const char* const kVersions[] = {"1.14", "1.15", "1.16", "1.17", "1.18", "1.19",
                                 "1.20", "2.0",  "2.1",  "2.2",  "2.3"};

TEST(RegistryTest, TableHasNoProblems) {
  EXPECT_TRUE(Registry::Get().problems().empty())
      << ::testing::PrintToString(Registry::Get().problems());
  EXPECT_GE(Registry::Get().options().size(), 150u);
}

TEST(RegistryTest, EveryDefaultAndEnumValueParsesWhereTheOptionExists) {
  for (const OptionSpec& spec : Registry::Get().options()) {
    EXPECT_FALSE(spec.description.empty()) << spec.key();
    for (const char* version : kVersions) {
      if (!spec.AvailableIn(V(version))) continue;
      if (const std::string* d = spec.DefaultFor(V(version))) {
        TypedValue t;
        ValueError err;
        EXPECT_TRUE(ParseOptionValue(spec, *d, ValueContext{V(version), false}, &t, &err))
            << spec.key() << " default " << *d << " on " << version << ": " << err.message;
      }
      for (const EnumValue& e : spec.values) {
        if (!e.versions.Contains(V(version))) continue;
        TypedValue t;
        ValueError err;
        EXPECT_TRUE(ParseOptionValue(spec, e.name, ValueContext{V(version), false}, &t, &err))
            << spec.key() << " value " << e.name << " on " << version;
        EXPECT_EQ(t.normalized, e.name);
      }
    }
  }
}

TEST(RegistryTest, EveryNameIsFoundAndNamesAreNewestFirst) {
  for (const OptionSpec& spec : Registry::Get().options()) {
    for (size_t i = 0; i < spec.names.size(); ++i) {
      Registry::Match m = Registry::Get().Find(spec.names[i].name);
      ASSERT_TRUE(m) << spec.names[i].name;
      EXPECT_EQ(m.spec, &spec);
      EXPECT_EQ(m.name_index, static_cast<int>(i));
    }
    // Once an older name is replaced, the newer name is read from then on.
    for (size_t i = 1; i < spec.names.size(); ++i) {
      EXPECT_LE(spec.names[i].versions.since, spec.names[0].versions.since) << spec.key();
    }
  }
  EXPECT_FALSE(Registry::Get().Find("no.such.key"));
  EXPECT_FALSE(Registry::Get().Find("EXECUTION.CHECKPOINTING.INTERVAL"))
      << "Flink's keys are case-sensitive";
}

// FACTS.md section 8, row by row: type, default, older names.
TEST(RegistryTest, FactsSectionEight) {
  struct Row {
    const char* key;
    OptionType type;
    const char* default_at_head;  // nullptr: none
    std::vector<const char*> older;
  } rows[] = {
      {"execution.checkpointing.interval", OptionType::kDuration, nullptr, {}},
      {"execution.checkpointing.timeout", OptionType::kDuration, "10 min", {}},
      {"execution.checkpointing.tolerable-failed-checkpoints", OptionType::kInteger, "0", {}},
      {"execution.checkpointing.externalized-checkpoint-retention",
       OptionType::kEnum,
       "NO_EXTERNALIZED_CHECKPOINTS",
       {}},
      {"execution.checkpointing.mode", OptionType::kEnum, "EXACTLY_ONCE", {}},
      {"execution.checkpointing.unaligned.enabled",
       OptionType::kBoolean,
       "false",
       {"execution.checkpointing.unaligned"}},
      {"execution.checkpointing.max-concurrent-checkpoints", OptionType::kInteger, "1", {}},
      {"execution.checkpointing.min-pause", OptionType::kDuration, "0 ms", {}},
      {"execution.checkpointing.num-retained",
       OptionType::kInteger,
       "1",
       {"state.checkpoints.num-retained"}},
      {"execution.checkpointing.dir",
       OptionType::kString,
       nullptr,
       {"state.checkpoints.dir", "state.backend.fs.checkpointdir"}},
      {"execution.checkpointing.savepoint-dir",
       OptionType::kString,
       nullptr,
       {"state.savepoints.dir", "savepoints.state.backend.fs.dir"}},
      {"execution.checkpointing.storage", OptionType::kEnum, nullptr, {"state.checkpoint-storage"}},
      {"execution.checkpointing.incremental",
       OptionType::kBoolean,
       "false",
       {"state.backend.incremental"}},
      {"execution.checkpointing.create-subdir",
       OptionType::kBoolean,
       "true",
       {"state.checkpoints.create-subdir"}},
      {"execution.checkpointing.data-inline-threshold",
       OptionType::kMemorySize,
       "20 kb",
       {"state.storage.fs.memory-threshold", "state.backend.fs.memory-threshold"}},
      {"state.backend.type", OptionType::kEnum, "hashmap", {"state.backend"}},
      {"restart-strategy.type", OptionType::kEnum, nullptr, {"restart-strategy"}},
      {"restart-strategy.fixed-delay.attempts", OptionType::kInteger, "1", {}},
      {"restart-strategy.fixed-delay.delay", OptionType::kDuration, "1 s", {}},
      {"execution.state-recovery.path", OptionType::kString, nullptr, {"execution.savepoint.path"}},
      {"execution.state-recovery.ignore-unclaimed-state",
       OptionType::kBoolean,
       "false",
       {"execution.savepoint.ignore-unclaimed-state"}},
      {"execution.state-recovery.claim-mode",
       OptionType::kEnum,
       "NO_CLAIM",
       {"execution.savepoint-restore-mode"}},
      {"pipeline.name", OptionType::kString, nullptr, {}},
      {"parallelism.default", OptionType::kInteger, "1", {}},
      {"table.local-time-zone", OptionType::kString, "default", {}},
      {"execution.runtime-mode", OptionType::kEnum, "STREAMING", {}},
      {"high-availability.type", OptionType::kEnum, "NONE", {"high-availability", "recovery.mode"}},
      {"high-availability.storageDir",
       OptionType::kString,
       nullptr,
       {"high-availability.zookeeper.storageDir", "recovery.zookeeper.storageDir"}},
      {"high-availability.cluster-id", OptionType::kString, "/default", {}},
      {"rest.port", OptionType::kInteger, "8081", {}},
      {"web.checkpoints.history", OptionType::kInteger, "10", {}},
      {"sql-gateway.endpoint.rest.port", OptionType::kString, "8083", {}},
      {"$internal.pipeline.job-id", OptionType::kString, nullptr, {}},
  };
  for (const Row& row : rows) {
    Registry::Match m = Registry::Get().Find(row.key);
    ASSERT_TRUE(m) << row.key;
    EXPECT_EQ(m.name_index, 0) << row.key << " is the current name";
    EXPECT_EQ(m.spec->type, row.type) << row.key;
    const std::string* d = m.spec->DefaultFor(V("2.2"));
    if (row.default_at_head == nullptr) {
      EXPECT_EQ(d, nullptr) << row.key;
    } else {
      ASSERT_NE(d, nullptr) << row.key;
      EXPECT_EQ(*d, row.default_at_head) << row.key;
    }
    for (const char* old : row.older) {
      Registry::Match o = Registry::Get().Find(old);
      ASSERT_TRUE(o) << old;
      EXPECT_EQ(o.spec, m.spec) << old << " is an older name of " << row.key;
      EXPECT_TRUE(o.spec->names[o.name_index].versions.Contains(V("1.14")) ||
                  std::string_view(old) == "state.checkpoints.create-subdir" ||
                  std::string_view(old) == "execution.savepoint-restore-mode")
          << old;
    }
  }
}

TEST(RegistryTest, VersionDependentDefaults) {
  const OptionSpec& backend = *Registry::Get().Find("state.backend.type").spec;
  EXPECT_EQ(backend.DefaultFor(V("1.18")), nullptr);
  EXPECT_EQ(*backend.DefaultFor(V("1.19")), "hashmap");
  const OptionSpec& tolerable =
      *Registry::Get().Find("execution.checkpointing.tolerable-failed-checkpoints").spec;
  EXPECT_EQ(tolerable.DefaultFor(V("1.14")), nullptr);
  EXPECT_EQ(*tolerable.DefaultFor(V("1.15")), "0");
  const OptionSpec& backoff =
      *Registry::Get().Find("restart-strategy.exponential-delay.max-backoff").spec;
  EXPECT_EQ(*backoff.DefaultFor(V("1.18")), "5 min");
  EXPECT_EQ(*backoff.DefaultFor(V("1.19")), "1 min");
}

// Every rename pair, both ways: the name each version reads.
TEST(RegistryTest, RenamePairsBothWays) {
  struct Pair {
    const char* current;
    const char* old;
    const char* renamed_in;
  } pairs[] = {
      {"execution.checkpointing.num-retained", "state.checkpoints.num-retained", "1.20"},
      {"execution.state-recovery.path", "execution.savepoint.path", "1.20"},
      {"restart-strategy.type", "restart-strategy", "1.17"},
      {"state.backend.type", "state.backend", "1.17"},
      {"high-availability.type", "high-availability", "1.17"},
      {"execution.checkpointing.unaligned.enabled", "execution.checkpointing.unaligned", "1.20"},
      {"execution.checkpointing.dir", "state.checkpoints.dir", "1.20"},
      {"execution.checkpointing.savepoint-dir", "state.savepoints.dir", "1.20"},
      {"execution.checkpointing.storage", "state.checkpoint-storage", "1.20"},
      {"execution.checkpointing.incremental", "state.backend.incremental", "1.20"},
      {"execution.checkpointing.data-inline-threshold", "state.storage.fs.memory-threshold",
       "1.20"},
      {"execution.state-recovery.ignore-unclaimed-state",
       "execution.savepoint.ignore-unclaimed-state", "1.20"},
      {"execution.state-recovery.claim-mode", "execution.savepoint-restore-mode", "1.20"},
      {"pipeline.operator-chaining.enabled", "pipeline.operator-chaining", "1.20"},
      {"kubernetes.container.image.ref", "kubernetes.container.image", "1.17"},
      {"kubernetes.pod-template-file.default", "kubernetes.pod-template-file", "1.17"},
      {"execution.checkpointing.aligned-checkpoint-timeout",
       "execution.checkpointing.alignment-timeout", "1.15"},
  };
  for (const Pair& p : pairs) {
    const OptionSpec& spec = *Registry::Get().Find(p.current).spec;
    EXPECT_EQ(Registry::Get().Find(p.old).spec, &spec) << p.old;
    for (const char* version : kVersions) {
      const OptionName* name = spec.NameFor(V(version));
      if (V(version) < V(p.renamed_in)) {
        // Old versions: the old name (claim-mode's old name appears only in 1.15).
        if (name == nullptr) {
          EXPECT_STREQ(p.current, "execution.state-recovery.claim-mode") << version;
          continue;
        }
        EXPECT_EQ(name->name, p.old) << p.current << " on " << version;
      } else {
        ASSERT_NE(name, nullptr);
        EXPECT_EQ(name->name, p.current) << p.current << " on " << version;
        // ... and the old name is still read there (deprecated).
        EXPECT_TRUE(
            spec.names[Registry::Get().Find(p.old).name_index].versions.Contains(V(version)))
            << p.old << " on " << version;
      }
    }
  }
}

TEST(RegistryTest, EverySeedKeyIsKnown) {
  // The script's SETs (000_...) and the FlinkDeployment and pod flink-conf.yaml (004_...).
  const char* keys[] = {"pipeline.operator-chaining",
                        "table.local-time-zone",
                        "execution.runtime-mode",
                        "execution.checkpointing.interval",
                        "execution.checkpointing.tolerable-failed-checkpoints",
                        "execution.checkpointing.timeout",
                        "execution.checkpointing.externalized-checkpoint-retention",
                        "execution.checkpointing.mode",
                        "execution.checkpointing.unaligned",
                        "execution.checkpointing.max-concurrent-checkpoints",
                        "state.checkpoints.num-retained",
                        "restart-strategy",
                        "restart-strategy.fixed-delay.attempts",
                        "restart-strategy.fixed-delay.delay",
                        "table.exec.source.cdc-events-duplicate",
                        "table.sql-dialect",
                        "pipeline.name",
                        "jobmanager.memory.process.size",
                        "taskmanager.memory.process.size",
                        "taskmanager.memory.managed.size",
                        "taskmanager.numberOfTaskSlots",
                        "yarn.application.queue",
                        "blob.server.port",
                        "kubernetes.jobmanager.annotations",
                        "kubernetes.jobmanager.replicas",
                        "high-availability.type",
                        "high-availability.cluster-id",
                        "state.savepoints.dir",
                        "kubernetes.taskmanager.cpu",
                        "kubernetes.service-account",
                        "kubernetes.cluster-id",
                        "state.checkpoint-storage",
                        "high-availability.storageDir",
                        "kubernetes.internal.taskmanager.replicas",
                        "kubernetes.container.image",
                        "parallelism.default",
                        "kubernetes.namespace",
                        "kubernetes.rest-service.exposed.type",
                        "high-availability.jobmanager.port",
                        "kubernetes.jobmanager.owner.reference",
                        "kubernetes.internal.jobmanager.entrypoint.class",
                        "kubernetes.pod-template-file",
                        "state.backend.incremental",
                        "web.cancel.enable",
                        "execution.target",
                        "jobmanager.memory.process.size",
                        "taskmanager.rpc.port",
                        "kubernetes.container.image.pull-policy",
                        "internal.cluster.execution-mode",
                        "high-availability",
                        "kubernetes.jobmanager.cpu",
                        "state.backend",
                        "$internal.flink.version",
                        "state.checkpoints.dir"};
  for (const char* key : keys) {
    Registry::Match m = Registry::Get().Find(key);
    ASSERT_TRUE(m) << key;
    // The operator wrote high-availability.type into the 1.14 cluster's file, but Flink
    // reads that name from 1.17 on; every other key is one 1.14 reads.
    EXPECT_EQ(m.spec->names[m.name_index].versions.Contains(V("1.14")),
              std::string_view(key) != "high-availability.type")
        << key;
  }
}

TEST(RegistryTest, KeysNewerThanAVersionAreNotAvailableThere) {
  EXPECT_FALSE(
      Registry::Get().Find("execution.state-recovery.claim-mode").spec->AvailableIn(V("1.14")));
  EXPECT_TRUE(
      Registry::Get().Find("execution.state-recovery.claim-mode").spec->AvailableIn(V("1.15")));
  EXPECT_FALSE(
      Registry::Get().Find("state.backend.changelog.enabled").spec->AvailableIn(V("1.14")));
  EXPECT_FALSE(Registry::Get()
                   .Find("restart-strategy.exponential-delay.attempts-before-reset-backoff")
                   .spec->AvailableIn(V("1.18")));
  EXPECT_TRUE(Registry::Get()
                  .Find("execution.checkpointing.file-merging.enabled")
                  .spec->AvailableIn(V("2.2")));
}

TEST(RegistryTest, SecretsAreFlagged) {
  EXPECT_TRUE(Registry::Get().Find("security.ssl.keystore-password").spec->secret());
  EXPECT_TRUE(Registry::Get().Find("s3.secret-key").spec->secret());
  EXPECT_FALSE(Registry::Get().Find("execution.checkpointing.interval").spec->secret());
}

TEST(RegistryTest, EnumValuesAreVersionedAndCaseInsensitive) {
  const OptionSpec& backend = *Registry::Get().Find("state.backend.type").spec;
  TypedValue t;
  ValueError err;
  EXPECT_TRUE(ParseOptionValue(backend, "RocksDB", ValueContext{V("1.14"), false}, &t, &err));
  EXPECT_EQ(t.normalized, "rocksdb");
  EXPECT_TRUE(ParseOptionValue(backend, "filesystem", ValueContext{V("1.20"), false}, &t, &err));
  EXPECT_FALSE(ParseOptionValue(backend, "filesystem", ValueContext{V("2.0"), false}, &t, &err));
  EXPECT_NE(err.message.find("not by 2.0"), std::string::npos) << err.message;
  EXPECT_FALSE(ParseOptionValue(backend, "forst", ValueContext{V("1.20"), false}, &t, &err));
  EXPECT_TRUE(ParseOptionValue(backend, "forst", ValueContext{V("2.0"), false}, &t, &err));
  EXPECT_TRUE(ParseOptionValue(backend, "com.example.MyStateBackendFactory",
                               ValueContext{V("2.0"), false}, &t, &err));
  EXPECT_FALSE(ParseOptionValue(backend, "rocks", ValueContext{V("2.0"), false}, &t, &err));
  EXPECT_NE(err.message.find("expected one of hashmap, rocksdb, forst"), std::string::npos)
      << err.message;

  const OptionSpec& mode = *Registry::Get().Find("execution.checkpointing.mode").spec;
  EXPECT_TRUE(ParseOptionValue(mode, "exactly_once", ValueContext{V("1.14"), false}, &t, &err));
  EXPECT_EQ(t.normalized, "EXACTLY_ONCE");
  EXPECT_FALSE(ParseOptionValue(mode, "exactly-once", ValueContext{V("1.14"), false}, &t, &err));
  EXPECT_FALSE(ParseOptionValue(mode, "com.example.Mode", ValueContext{V("1.14"), false}, &t, &err))
      << "a closed enum takes no class names";

  const OptionSpec& claim = *Registry::Get().Find("execution.state-recovery.claim-mode").spec;
  EXPECT_TRUE(ParseOptionValue(claim, "LEGACY", ValueContext{V("1.20"), false}, &t, &err));
  // Deprecated, but still a RecoveryClaimMode in 2.x (the 2.2 REST API lists it).
  EXPECT_TRUE(ParseOptionValue(claim, "LEGACY", ValueContext{V("2.2"), false}, &t, &err))
      << err.message;

  const OptionSpec& ha = *Registry::Get().Find("high-availability.type").spec;
  EXPECT_TRUE(SameValue(ha, "kubernetes",
                        "org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory",
                        ValueContext{V("1.14"), false}));
  EXPECT_TRUE(SameValue(ha, "standalone", "NONE", ValueContext{V("1.14"), false}));
  EXPECT_FALSE(SameValue(ha, "zookeeper", "kubernetes", ValueContext{V("1.14"), false}));
  const OptionSpec& restart = *Registry::Get().Find("restart-strategy.type").spec;
  EXPECT_TRUE(SameValue(restart, "fixeddelay", "fixed-delay", ValueContext{V("1.14"), false}));
  EXPECT_TRUE(SameValue(restart, "off", "none", ValueContext{V("1.14"), false}));
}

TEST(RegistryTest, RangesExplainThemselves) {
  TypedValue t;
  ValueError err;
  const OptionSpec& retained = *Registry::Get().Find("execution.checkpointing.num-retained").spec;
  EXPECT_FALSE(ParseOptionValue(retained, "0", ValueContext{V("1.20"), false}, &t, &err));
  EXPECT_NE(err.message.find("keeps 1"), std::string::npos) << err.message;
  const OptionSpec& interval = *Registry::Get().Find("execution.checkpointing.interval").spec;
  EXPECT_FALSE(ParseOptionValue(interval, "5", ValueContext{V("1.20"), false}, &t, &err));
  EXPECT_NE(err.message.find("10 ms"), std::string::npos) << err.message;
  EXPECT_TRUE(ParseOptionValue(interval, "10", ValueContext{V("1.20"), false}, &t, &err));
  const OptionSpec& threshold =
      *Registry::Get().Find("execution.checkpointing.data-inline-threshold").spec;
  EXPECT_FALSE(ParseOptionValue(threshold, "2 mb", ValueContext{V("1.20"), false}, &t, &err));
  EXPECT_NE(err.message.find("above the greatest value 1 mb"), std::string::npos);
  const OptionSpec& maxp = *Registry::Get().Find("pipeline.max-parallelism").spec;
  EXPECT_FALSE(ParseOptionValue(maxp, "32769", ValueContext{V("1.20"), false}, &t, &err));
}

}  // namespace
}  // namespace flowstate::core::config
