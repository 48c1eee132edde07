// Flink configuration through the C ABI and the C++ API.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "capi_test_util.h"
#include "flowstate/config.hpp"
#include "flowstate/flowstate.h"

namespace {

flowstate_option_info Info(const flowstate_option* o) {
  flowstate_option_info c = FLOWSTATE_OPTION_INFO_INIT;
  EXPECT_EQ(flowstate_option_get(o, &c), FLOWSTATE_OK);
  return c;
}
flowstate_option_name_info Name(const flowstate_option* o, size_t i) {
  flowstate_option_name_info c = FLOWSTATE_OPTION_NAME_INFO_INIT;
  EXPECT_EQ(flowstate_option_name_get(o, i, &c), FLOWSTATE_OK);
  return c;
}
flowstate_config_entry Entry(flowstate_config* cfg, size_t i) {
  flowstate_config_entry c = FLOWSTATE_CONFIG_ENTRY_INIT;
  EXPECT_EQ(flowstate_config_get(cfg, i, &c), FLOWSTATE_OK);
  return c;
}

std::string Take(char* s) {
  std::string out = s ? s : "";
  flowstate_string_free(s);
  return out;
}

TEST(ConfigCapiTest, RegistryLookups) {
  EXPECT_GE(flowstate_option_count(), 150u);
  EXPECT_EQ(flowstate_option_at(flowstate_option_count()), nullptr);
  const flowstate_option* o = flowstate_option_find("state.checkpoints.num-retained");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o, flowstate_option_find("execution.checkpointing.num-retained"));
  EXPECT_STREQ(Info(o).key, "execution.checkpointing.num-retained");
  EXPECT_EQ(Info(o).type, FLOWSTATE_OPTION_INTEGER);
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_OPTION_TYPE, FLOWSTATE_OPTION_MEMORY_SIZE),
               "memory size");
  EXPECT_EQ(flowstate_enum_name(FLOWSTATE_ENUM_OPTION_TYPE, 99), nullptr);
  EXPECT_STREQ(Info(o).category, "checkpointing");
  EXPECT_STREQ(Info(o).min, "1");
  EXPECT_STREQ(Info(o).max, "");
  ASSERT_EQ(Info(o).name_count, 2u);
  EXPECT_STREQ(Name(o, 1).name, "state.checkpoints.num-retained");
  EXPECT_STREQ(Name(o, 0).since, "1.20");
  EXPECT_STREQ(Name(o, 1).since, "");
  EXPECT_STREQ(Name(o, 1).until, "");
  flowstate_option_name_info none = FLOWSTATE_OPTION_NAME_INFO_INIT;
  EXPECT_EQ(flowstate_option_name_get(o, 2, &none), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(none.name, nullptr);

  const char* name = nullptr;
  ASSERT_EQ(flowstate_option_name_for(&name, o, "1.14"), FLOWSTATE_OK);
  EXPECT_STREQ(name, "state.checkpoints.num-retained");
  ASSERT_EQ(flowstate_option_name_for(&name, o, "v2_2"), FLOWSTATE_OK);
  EXPECT_STREQ(name, "execution.checkpointing.num-retained");
  EXPECT_EQ(flowstate_option_name_for(&name, o, "one.two"), FLOWSTATE_E_INVALID_ARGUMENT);
  const char* def = nullptr;
  ASSERT_EQ(flowstate_option_default(&def, o, "1.20"), FLOWSTATE_OK);
  EXPECT_STREQ(def, "1");
  const flowstate_option* claim = flowstate_option_find("execution.state-recovery.claim-mode");
  ASSERT_EQ(flowstate_option_name_for(&name, claim, "1.14"), FLOWSTATE_OK);
  EXPECT_EQ(name, nullptr);
  ASSERT_EQ(Info(claim).value_count, 3u);
  EXPECT_STREQ(Info(claim).values[0], "CLAIM");
  EXPECT_EQ(flowstate_option_find("no.such.key"), nullptr);
  EXPECT_EQ(flowstate_option_find(nullptr), nullptr);
  flowstate_option_info info = FLOWSTATE_OPTION_INFO_INIT;
  EXPECT_EQ(flowstate_option_get(nullptr, &info), FLOWSTATE_E_INVALID_ARGUMENT);
  info.version = 99;
  EXPECT_EQ(flowstate_option_get(o, &info), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(flowstate_option_name_for(nullptr, o, "1.20"), FLOWSTATE_E_INVALID_ARGUMENT);
}

TEST(ConfigCapiTest, CheckValue) {
  char* out = nullptr;
  ASSERT_EQ(flowstate_config_check_value(&out, "execution.checkpointing.interval", "6000", "1.14"),
            FLOWSTATE_OK);
  EXPECT_EQ(Take(out), "6 s");
  EXPECT_EQ(flowstate_config_check_value(&out, "execution.checkpointing.interval", "5 m", "1.14"),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::strstr(flowstate_error_last_message(), "needs Flink 1.15"), nullptr);
  EXPECT_EQ(flowstate_config_check_value(&out, "my.key", "x", "1.14"), FLOWSTATE_E_NOT_FOUND);
  EXPECT_EQ(
      flowstate_config_check_value(&out, "execution.state-recovery.claim-mode", "CLAIM", "1.14"),
      FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(flowstate_config_check_value(&out, "k", nullptr, "1.14"), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(out, nullptr);
}

TEST(ConfigCapiTest, OptionScope) {
  flowstate_option_scope_info s = FLOWSTATE_OPTION_SCOPE_INFO_INIT;
  ASSERT_EQ(flowstate_option_scope_get("state.checkpoints.num-retained", "1.14", &s), FLOWSTATE_OK);
  EXPECT_EQ(s.scope, FLOWSTATE_SCOPE_CLUSTER);
  EXPECT_EQ(s.condition, FLOWSTATE_SCOPE_IF_NONE);
  EXPECT_NE(std::strstr(s.why, "cluster's configuration"), nullptr) << s.why;
  EXPECT_EQ(s.edge, nullptr);
  EXPECT_EQ(s.scope_from_edge, -1);
  // A job's checkpoint directory counts from 1.14.3: "1.14" alone cannot say.
  ASSERT_EQ(flowstate_option_scope_get("state.checkpoints.dir", "1.14", &s), FLOWSTATE_OK);
  EXPECT_EQ(s.scope, FLOWSTATE_SCOPE_CLUSTER);
  EXPECT_STREQ(s.edge, "1.14.3");
  EXPECT_EQ(s.scope_from_edge, FLOWSTATE_SCOPE_JOB_OVER_CLUSTER);
  ASSERT_EQ(flowstate_option_scope_get("state.checkpoints.dir", "1.14.3", &s), FLOWSTATE_OK);
  EXPECT_EQ(s.scope, FLOWSTATE_SCOPE_JOB_OVER_CLUSTER);
  EXPECT_EQ(s.edge, nullptr);
  ASSERT_EQ(flowstate_option_scope_get("restart-strategy.fixed-delay.delay", "1.14", &s),
            FLOWSTATE_OK);
  EXPECT_EQ(s.condition, FLOWSTATE_SCOPE_IF_RESTART_STRATEGY);
  ASSERT_EQ(flowstate_option_scope_get("connector.option", "1.20", &s), FLOWSTATE_OK);
  EXPECT_EQ(s.scope, FLOWSTATE_SCOPE_UNKNOWN);
  EXPECT_EQ(flowstate_option_scope_get("pipeline.name", "0.9", &s), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_option_scope_get(nullptr, "1.20", &s), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_option_scope_get("pipeline.name", "1.20", nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  s.version = FLOWSTATE_OPTION_SCOPE_INFO_VERSION + 1;
  EXPECT_EQ(flowstate_option_scope_get("pipeline.name", "1.20", &s),
            FLOWSTATE_E_UNSUPPORTED_VERSION);
}

TEST(ConfigCapiTest, WhatHasNoEffectWhereTheJobRuns) {
  flowstate_config* c = nullptr;
  ASSERT_EQ(flowstate_config_new(&c, "1.14"), FLOWSTATE_OK);
  const std::string conf = "taskmanager.numberOfTaskSlots: 48\n";
  ASSERT_EQ(flowstate_config_add_file(c, conf.data(), conf.size(), "flink-conf.yaml",
                                      FLOWSTATE_CONFIG_FILE_FLINK_CONF),
            FLOWSTATE_OK);
  flowstate_sql_options so;
  flowstate_sql_options_init(&so, FLOWSTATE_SQL_OPTIONS_VERSION);
  so.source_name = "job.sql";
  flowstate_script* script = nullptr;
  const std::string sql = "SET 'taskmanager.numberOfTaskSlots' = '1';\n";
  ASSERT_EQ(flowstate_sql_parse(&script, sql.data(), sql.size(), &so, nullptr), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_config_add_script(c, script), FLOWSTATE_OK);
  auto messages = [&] {
    flowstate_diagnostics* d = nullptr;
    flowstate_diagnostics_new(&d);
    flowstate_config_diagnostics(c, d);
    std::string all;
    for (size_t i = 0; i < flowstate_diagnostics_count(d); ++i) {
      flowstate_diagnostic e = FLOWSTATE_DIAGNOSTIC_INIT;
      flowstate_diagnostics_get(d, i, &e);
      all += std::string(e.message) + "\n";
    }
    flowstate_diagnostics_free(d);
    return all;
  };
  EXPECT_EQ(messages().find("no effect"), std::string::npos);  // where it runs is not known
  ASSERT_EQ(
      flowstate_config_set_deployment(c, FLOWSTATE_DEPLOYMENT_SESSION, FLOWSTATE_SUBMITTER_JAR),
      FLOWSTATE_OK);
  EXPECT_NE(messages().find("taskmanager.numberOfTaskSlots = 1: no effect in a session cluster: "
                            "slots are fixed when the TaskManagers start; 48 from "
                            "flink-conf.yaml:1 applies"),
            std::string::npos)
      << messages();
  EXPECT_STREQ(flowstate_config_diagnostic_key(c, 0), "taskmanager.numberOfTaskSlots");
  EXPECT_EQ(flowstate_config_set_deployment(c, 9, FLOWSTATE_SUBMITTER_JAR),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_config_set_deployment(nullptr, 0, 0), FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_script_free(script);
  flowstate_config_free(c);
}

TEST(ConfigCapiTest, EffectiveConfigurationEndToEnd) {
  flowstate_config* c = nullptr;
  EXPECT_EQ(flowstate_config_new(&c, "nope"), FLOWSTATE_E_INVALID_ARGUMENT);
  for (const char* outside : {"1.9", "1.99", "2.5"}) {
    EXPECT_EQ(flowstate_config_new(&c, outside), FLOWSTATE_E_UNSUPPORTED_VERSION) << outside;
    EXPECT_NE(std::strstr(flowstate_error_last_message(), "(1.14 to 1.20, 2.0 to 2.3)"), nullptr)
        << flowstate_error_last_message();
    EXPECT_EQ(c, nullptr);
  }
  char* out = nullptr;
  EXPECT_EQ(flowstate_config_check_value(&out, "parallelism.default", "4", "1.9"),
            FLOWSTATE_E_UNSUPPORTED_VERSION);
  ASSERT_EQ(flowstate_config_new(&c, "1.14.3"), FLOWSTATE_OK);
  EXPECT_STREQ(flowstate_config_flink_version(c), "1.14.3") << "the patch level is kept";
  flowstate_config_free(c);
  c = nullptr;
  ASSERT_EQ(flowstate_config_new(&c, "1.20"), FLOWSTATE_OK);
  EXPECT_STREQ(flowstate_config_flink_version(c), "1.20") << "no patch given: none invented";
  const char conf[] =
      "state.checkpoints.num-retained: 5\n"
      "security.ssl.keystore-password: hunter2\n";
  ASSERT_EQ(
      flowstate_config_add_file(c, conf, (size_t)-1, "flink-conf.yaml", FLOWSTATE_CONFIG_FILE_AUTO),
      FLOWSTATE_OK);
  EXPECT_EQ(
      flowstate_config_add_file(c, "a: [1\n", 6, "config.yaml", FLOWSTATE_CONFIG_FILE_CONFIG_YAML),
      FLOWSTATE_E_PARSE);
  EXPECT_NE(std::strstr(flowstate_error_last_message(), "config.yaml:"), nullptr);
  EXPECT_EQ(flowstate_config_add_file(c, "x", 1, "f", 42), FLOWSTATE_E_INVALID_ARGUMENT);

  const char sql[] = "SET execution.checkpointing.interval = 6000;\nSET 'x.y' = 'z';\n";
  flowstate_script* script = nullptr;
  ASSERT_EQ(flowstate_sql_parse(&script, sql, std::strlen(sql), nullptr, nullptr), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_config_add_script(c, script), FLOWSTATE_OK);
  flowstate_script_free(script);  // read already: the config keeps what it needs
  ASSERT_EQ(flowstate_config_set(c, "pipeline.name", "orders", "restore"), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_config_set(c, "", "x", nullptr), FLOWSTATE_E_INVALID_ARGUMENT);

  ASSERT_EQ(flowstate_config_count(c), 5u);
  int64_t i = flowstate_config_find(c, "execution.checkpointing.interval");
  ASSERT_GE(i, 0);
  EXPECT_STREQ(Entry(c, i).value, "6000");
  EXPECT_STREQ(Entry(c, i).normalized, "6 s");
  EXPECT_EQ(Entry(c, i).layer, FLOWSTATE_CONFIG_LAYER_SCRIPT);
  EXPECT_STREQ(Entry(c, i).source, "<script>:1:5");
  EXPECT_EQ(Entry(c, i).line, 1);
  EXPECT_EQ(Entry(c, i).column, 5);
  EXPECT_EQ(Entry(c, i).type, FLOWSTATE_OPTION_DURATION);
  EXPECT_EQ(Entry(c, i).valid, 1);

  int64_t r = flowstate_config_find(c, "state.checkpoints.num-retained");
  ASSERT_GE(r, 0);
  EXPECT_STREQ(Entry(c, r).key, "execution.checkpointing.num-retained");
  EXPECT_STREQ(Entry(c, r).written_key, "state.checkpoints.num-retained");
  EXPECT_EQ(Entry(c, r).status, FLOWSTATE_CONFIG_KEY_DEPRECATED);
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_KEY_STATUS, Entry(c, r).status), "deprecated");
  EXPECT_STREQ(
      flowstate_enum_name(FLOWSTATE_ENUM_CONFIG_LAYER, FLOWSTATE_CONFIG_LAYER_CLUSTER_FILE),
      "cluster-file");

  int64_t x = flowstate_config_find(c, "x.y");
  EXPECT_EQ(Entry(c, x).type, -1);
  EXPECT_EQ(Entry(c, x).status, FLOWSTATE_CONFIG_KEY_UNKNOWN);

  int64_t s = flowstate_config_find(c, "security.ssl.keystore-password");
  EXPECT_STREQ(Entry(c, s).value, "******");
  EXPECT_EQ(Entry(c, s).is_secret, 1);
  char* raw = nullptr;
  ASSERT_EQ(flowstate_config_raw_value(&raw, c, s), FLOWSTATE_OK);
  EXPECT_EQ(Take(raw), "hunter2");
  EXPECT_EQ(flowstate_config_raw_value(&raw, c, 999), FLOWSTATE_E_INVALID_ARGUMENT);

  int64_t n = flowstate_config_find(c, "pipeline.name");
  EXPECT_STREQ(Entry(c, n).source, "restore");
  EXPECT_EQ(Entry(c, n).history_count, 0u);
  // A later value keeps the one it beat in the entry's history.
  ASSERT_EQ(flowstate_config_set(c, "pipeline.name", "second", "cli"), FLOWSTATE_OK);
  n = flowstate_config_find(c, "pipeline.name");
  EXPECT_STREQ(Entry(c, n).value, "second");
  ASSERT_EQ(Entry(c, n).history_count, 1u);
  flowstate_config_history h = FLOWSTATE_CONFIG_HISTORY_INIT;
  ASSERT_EQ(flowstate_config_history_get(c, n, 0, &h), FLOWSTATE_OK);
  EXPECT_STREQ(h.key, "pipeline.name");
  EXPECT_STREQ(h.source, "restore");
  EXPECT_EQ(flowstate_config_history_get(c, n, 1, &h), FLOWSTATE_E_INVALID_ARGUMENT);

  flowstate_diagnostics* d = nullptr;
  ASSERT_EQ(flowstate_diagnostics_new(&d), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_config_diagnostics(c, d), FLOWSTATE_OK);
  ASSERT_GE(flowstate_diagnostics_count(d), 2u);
  bool deprecated = false, unknown = false;
  for (size_t k = 0; k < flowstate_diagnostics_count(d); ++k) {
    std::string m = flowstate::testing::DiagAt(d, k).message;
    if (m.find("is deprecated") != std::string::npos) {
      deprecated = true;
      EXPECT_STREQ(flowstate_config_diagnostic_key(c, k), "execution.checkpointing.num-retained");
    }
    if (m.find("unknown key x.y") != std::string::npos) unknown = true;
    EXPECT_EQ(m.find("hunter2"), std::string::npos);
  }
  EXPECT_TRUE(deprecated);
  EXPECT_TRUE(unknown);
  EXPECT_EQ(flowstate_config_error_count(c), 1u);  // 5 retained checkpoints, no directory

  char* json = nullptr;
  ASSERT_EQ(flowstate_config_render(&json, c, FLOWSTATE_CONFIG_RENDER_JSON, 0, nullptr),
            FLOWSTATE_OK);
  std::string j = Take(json);
  EXPECT_NE(j.find("\"execution.checkpointing.num-retained\":\"5\""), std::string::npos) << j;
  EXPECT_NE(j.find("\"security.ssl.keystore-password\":\"******\""), std::string::npos);
  ASSERT_EQ(flowstate_config_render(&json, c, FLOWSTATE_CONFIG_RENDER_JSON, 1, d), FLOWSTATE_OK);
  EXPECT_NE(Take(json).find("hunter2"), std::string::npos);
  EXPECT_EQ(flowstate_config_render(&json, c, 7, 0, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);

  ASSERT_EQ(flowstate_config_include_defaults(c, 1), FLOWSTATE_OK);
  EXPECT_GT(flowstate_config_count(c), 100u);
  int64_t t = flowstate_config_find(c, "execution.checkpointing.timeout");
  EXPECT_EQ(Entry(c, t).is_default, 1);
  EXPECT_STREQ(Entry(c, t).source, "default");

  flowstate_diagnostics_free(d);
  flowstate_config_free(c);
  flowstate_config_free(nullptr);
  EXPECT_EQ(flowstate_config_count(nullptr), 0u);
  flowstate_config_entry entry = FLOWSTATE_CONFIG_ENTRY_INIT;
  EXPECT_EQ(flowstate_config_get(nullptr, 0, &entry), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(entry.key, nullptr);
}

TEST(ConfigCapiTest, FileFlinkVersion) {
  char* out = nullptr;
  const char resource[] =
      "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nspec:\n  flinkVersion: v1_18\n";
  ASSERT_EQ(flowstate_config_file_flink_version(&out, resource, (size_t)-1, "d.yaml",
                                                FLOWSTATE_CONFIG_FILE_AUTO),
            FLOWSTATE_OK);
  EXPECT_EQ(Take(out), "1.18");
  ASSERT_EQ(flowstate_config_file_flink_version(&out, "a: b\n", 5, "flink-conf.yaml",
                                                FLOWSTATE_CONFIG_FILE_AUTO),
            FLOWSTATE_OK);
  EXPECT_EQ(out, nullptr);
  EXPECT_EQ(flowstate_config_file_flink_version(&out, "kind: Pod\n", 10, "d.yaml",
                                                FLOWSTATE_CONFIG_FILE_DEPLOYMENT),
            FLOWSTATE_E_NOT_FOUND);
}

TEST(ConfigCppApiTest, WrapsTheCAbi) {
  auto opt = flowstate::find_option("restart-strategy");
  ASSERT_TRUE(opt);
  EXPECT_EQ(opt->key, "restart-strategy.type");
  EXPECT_EQ(opt->type, flowstate::OptionType::enum_value);
  EXPECT_EQ(opt->names.size(), 2u);
  EXPECT_EQ(opt->names[0].since, "1.17");
  EXPECT_EQ(*flowstate::option_name_for("restart-strategy.type", "1.14").value(),
            "restart-strategy");
  EXPECT_FALSE(flowstate::option_default("restart-strategy.type", "2.2").value().has_value());
  EXPECT_EQ(flowstate::check_value("taskmanager.memory.process.size", "1780m", "1.14").value(),
            "1780 mb");
  auto bad = flowstate::check_value("taskmanager.memory.process.size", "1.7g", "1.14");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), flowstate::ErrorCode::invalid_argument);
  EXPECT_GE(flowstate::options().size(), 150u);
  auto scope = flowstate::option_scope("taskmanager.numberOfTaskSlots", "1.14");
  ASSERT_TRUE(scope.ok());
  EXPECT_EQ(scope->scope, flowstate::OptionScope::cluster);
  EXPECT_EQ(flowstate::to_string(scope->scope), "cluster");
  EXPECT_FALSE(scope->edge);
  auto session = flowstate::Config::create("1.14").value();
  ASSERT_TRUE(session.set(std::string("pipeline.name"), "x").ok());
  ASSERT_TRUE(
      session.set_deployment(flowstate::Deployment::session, flowstate::Submitter::jar).ok());
  auto dir = flowstate::option_scope("state.checkpoints.dir", "1.14").value();
  EXPECT_EQ(dir.edge.value_or(""), "1.14.3");
  EXPECT_EQ(dir.scope_from_edge, flowstate::OptionScope::job_over_cluster);

  auto config = flowstate::Config::create("1.14");
  ASSERT_TRUE(config.ok());
  flowstate::Config c = std::move(config).value();
  auto script = flowstate::Script::parse("SET 'restart-strategy.type' = 'fixed-delay';\n");
  ASSERT_TRUE(script.ok());
  ASSERT_TRUE(c.add_script(*script).ok());
  ASSERT_TRUE(c.add_file("rest.port: 8082\n", "flink-conf.yaml").ok());
  EXPECT_EQ(c.add_file("kind: Pod\n", "x.yaml", flowstate::FileFormat::deployment).code(),
            flowstate::ErrorCode::not_found);
  ASSERT_TRUE(c.set("pipeline.name", "n").ok());
  auto e = c.find("restart-strategy.type");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->key, "restart-strategy");
  EXPECT_EQ(e->status, flowstate::KeyStatus::translated);
  EXPECT_EQ(e->layer, flowstate::ConfigLayer::script);
  EXPECT_EQ(c.entries().size(), 3u);
  auto diags = c.diagnostics();
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags[0].second, "restart-strategy.type");
  auto yaml = c.render(flowstate::RenderFormat::flink_conf);
  ASSERT_TRUE(yaml.ok());
  EXPECT_NE(yaml->find("restart-strategy: fixed-delay\n"), std::string::npos);
  EXPECT_EQ(c.raw_value("pipeline.name").value(), "n");
  EXPECT_FALSE(c.raw_value("nothing").ok());
}

}  // namespace
