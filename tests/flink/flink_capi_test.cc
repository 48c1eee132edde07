// The Flink clients through the C ABI and the C++ API, against the simulator.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <thread>

#include "flowstate/flink.hpp"
#include "flowstate/flowstate.h"
#include "rapidjson/document.h"
#include "sim_harness.h"

namespace {

using flowstate::testing::FlinkSim;
using ::testing::HasSubstr;

rapidjson::Document Json(const std::string& s) {
  rapidjson::Document d;
  d.Parse(s.c_str());
  EXPECT_FALSE(d.HasParseError()) << s;
  return d;
}

TEST(FlinkCapiTest, ClientThroughTheCAbi) {
  FlinkSim sim;
  auto cluster = sim.Cluster("prod", "1.19", "\"checkpoint_interval_ms\":50");
  flowstate_flink_options o = FLOWSTATE_FLINK_OPTIONS_INIT;
  o.endpoint.url = cluster["url"].GetString();
  flowstate_flink_client* c = nullptr;
  ASSERT_EQ(flowstate_flink_client_new(&c, &o), FLOWSTATE_OK) << flowstate_error_last_message();
  char* out = nullptr;
  ASSERT_EQ(flowstate_flink_version(&out, c), FLOWSTATE_OK);
  EXPECT_STREQ(out, "1.19");
  flowstate_string_free(out);
  ASSERT_EQ(flowstate_flink_overview(&out, c), FLOWSTATE_OK);
  EXPECT_EQ(Json(out)["flink_version"], "1.19");
  flowstate_string_free(out);

  char* jar = nullptr;
  ASSERT_EQ(flowstate_flink_upload_jar(&jar, c, "job.jar", "PK", 2), FLOWSTATE_OK)
      << flowstate_error_last_message();
  const char* args[] = {"--source", "capi"};
  const char* keys[] = {"pipeline.name"};
  const char* values[] = {"capi-job"};
  flowstate_jar_run_options run = FLOWSTATE_JAR_RUN_OPTIONS_INIT;
  run.args = args;
  run.arg_count = 2;
  run.config_keys = keys;
  run.config_values = values;
  run.config_count = 1;
  char* job = nullptr;
  ASSERT_EQ(flowstate_flink_run_jar(&job, c, jar, &run), FLOWSTATE_OK)
      << flowstate_error_last_message();
  const std::string id = job;
  flowstate_string_free(job);
  flowstate_string_free(jar);
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(flowstate_flink_job_status(&out, c, id.c_str()), FLOWSTATE_OK);
    const bool running = std::string(out) == "RUNNING";
    flowstate_string_free(out);
    if (running) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(flowstate_flink_jobs(&out, c), FLOWSTATE_OK);
  auto jobs = Json(out);
  flowstate_string_free(out);
  ASSERT_EQ(jobs.Size(), 1u);
  EXPECT_EQ(jobs[0]["name"], "capi-job");
  EXPECT_TRUE(jobs[0]["end_time"].IsNull()) << "-1 while running becomes null";

  flowstate_savepoint_options sp = FLOWSTATE_SAVEPOINT_OPTIONS_INIT;
  sp.format = "NATIVE";
  char* trigger = nullptr;
  ASSERT_EQ(flowstate_flink_trigger_savepoint(&trigger, c, id.c_str(), &sp), FLOWSTATE_OK);
  int polls = 0;
  char* location = nullptr;
  flowstate_operation op = FLOWSTATE_OPERATION_INIT;
  op.timeout_ms = 10000;
  op.progress = [](void* u, const char*, uint64_t, uint64_t) {
    ++*static_cast<int*>(u);
    return 0;
  };
  op.progress_user_data = &polls;
  flowstate_operation newer = op;
  newer.version = FLOWSTATE_OPERATION_VERSION + 1;
  EXPECT_EQ(flowstate_flink_wait_for_savepoint(&location, c, id.c_str(), trigger, &newer),
            FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("flowstate_operation"));
  ASSERT_EQ(flowstate_flink_wait_for_savepoint(&location, c, id.c_str(), trigger, &op),
            FLOWSTATE_OK)
      << flowstate_error_last_message();
  EXPECT_THAT(location, HasSubstr("savepoint-"));

  // The same answers as typed records.
  flowstate_savepoint_status* sps = nullptr;
  ASSERT_EQ(flowstate_flink_get_savepoint_status(&sps, c, id.c_str(), trigger), FLOWSTATE_OK);
  flowstate_savepoint_info spi = FLOWSTATE_SAVEPOINT_INFO_INIT;
  ASSERT_EQ(flowstate_savepoint_status_get(sps, &spi), FLOWSTATE_OK);
  EXPECT_EQ(spi.completed, 1);
  EXPECT_EQ(spi.failed, 0);
  EXPECT_STREQ(spi.location, location);
  EXPECT_STREQ(spi.failure_message, "");
  flowstate_savepoint_status_free(sps);
  EXPECT_EQ(flowstate_flink_get_savepoint_status(&sps, c, id.c_str(), nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(sps, nullptr);
  flowstate_string_free(location);
  flowstate_string_free(trigger);

  flowstate_flink_job_list* jl = nullptr;
  ASSERT_EQ(flowstate_flink_list_jobs(&jl, c), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_flink_job_list_count(jl), 1u);
  flowstate_flink_job_info ji = FLOWSTATE_FLINK_JOB_INFO_INIT;
  ASSERT_EQ(flowstate_flink_job_list_get(jl, 0, &ji), FLOWSTATE_OK);
  EXPECT_EQ(ji.id, id);
  EXPECT_STREQ(ji.name, "capi-job");
  EXPECT_STREQ(ji.state, "RUNNING");
  EXPECT_EQ(ji.end_time_ms, -1);
  EXPECT_GT(ji.start_time_ms, 0);
  EXPECT_EQ(flowstate_flink_job_list_get(jl, 1, &ji), FLOWSTATE_E_INVALID_ARGUMENT);
  ji.version = FLOWSTATE_FLINK_JOB_INFO_VERSION + 1;
  EXPECT_EQ(flowstate_flink_job_list_get(jl, 0, &ji), FLOWSTATE_E_UNSUPPORTED_VERSION);
  flowstate_flink_job_list_free(jl);
  ASSERT_EQ(flowstate_flink_get_job(&jl, c, id.c_str()), FLOWSTATE_OK);
  ji = FLOWSTATE_FLINK_JOB_INFO_INIT;
  ASSERT_EQ(flowstate_flink_job_list_get(jl, 0, &ji), FLOWSTATE_OK);
  EXPECT_STREQ(ji.job_type, "STREAMING");
  flowstate_flink_job_list_free(jl);
  EXPECT_EQ(flowstate_flink_get_job(&jl, c, "c0000000000000000000000000000001"),
            FLOWSTATE_E_NOT_FOUND);
  EXPECT_EQ(jl, nullptr);

  flowstate_checkpoint_stats* cs = nullptr;
  ASSERT_EQ(flowstate_flink_get_checkpoints(&cs, c, id.c_str()), FLOWSTATE_OK);
  flowstate_checkpoint_summary sum = FLOWSTATE_CHECKPOINT_SUMMARY_INIT;
  ASSERT_EQ(flowstate_checkpoint_stats_summary(cs, &sum), FLOWSTATE_OK);
  ASSERT_GE(sum.latest_savepoint, 0);
  EXPECT_GE(sum.entry_count, sum.history_count);
  EXPECT_EQ(sum.restored_id, -1) << "started empty";
  flowstate_checkpoint_entry ce = FLOWSTATE_CHECKPOINT_ENTRY_INIT;
  ASSERT_EQ(flowstate_checkpoint_stats_get(cs, static_cast<size_t>(sum.latest_savepoint), &ce),
            FLOWSTATE_OK);
  EXPECT_EQ(ce.is_savepoint, 1);
  EXPECT_STREQ(ce.savepoint_format, "NATIVE");
  EXPECT_STREQ(ce.kind, "completed");
  EXPECT_EQ(flowstate_checkpoint_stats_get(cs, sum.entry_count, &ce), FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_checkpoint_stats_free(cs);

  ASSERT_EQ(flowstate_flink_checkpoints(&out, c, id.c_str()), FLOWSTATE_OK);
  auto stats = Json(out);
  flowstate_string_free(out);
  EXPECT_EQ(stats["latest_savepoint"]["savepoint_format"], "NATIVE");

  // Errors: typed, short, the detail kept.
  EXPECT_EQ(flowstate_flink_job(&out, c, "c0000000000000000000000000000001"),
            FLOWSTATE_E_NOT_FOUND);
  EXPECT_EQ(out, nullptr);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("not found"));
  EXPECT_THAT(flowstate_flink_last_error_detail(), HasSubstr("NotFoundException"));
  EXPECT_EQ(flowstate_flink_job(&out, c, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_flink_options bad = FLOWSTATE_FLINK_OPTIONS_INIT;
  flowstate_flink_client* none = nullptr;
  EXPECT_EQ(flowstate_flink_client_new(&none, &bad), FLOWSTATE_E_INVALID_ARGUMENT)
      << "url is required";
  bad.endpoint.url = "http://127.0.0.1:1";
  bad.flink_version = "banana";
  EXPECT_EQ(flowstate_flink_client_new(&none, &bad), FLOWSTATE_E_INVALID_ARGUMENT);
  bad.flink_version = "1.9";
  EXPECT_EQ(flowstate_flink_client_new(&none, &bad), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_THAT(flowstate_error_last_message(),
              HasSubstr("Flink 1.9 is outside the versions flowstate knows"));
  EXPECT_EQ(none, nullptr);
  bad.flink_version = "1.17.2";
  ASSERT_EQ(flowstate_flink_client_new(&none, &bad), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_flink_version(&out, none), FLOWSTATE_OK);
  EXPECT_STREQ(out, "1.17.2") << "given, with its patch level; nothing was asked of the server";
  flowstate_string_free(out);
  flowstate_flink_client_free(none);

  flowstate_flink_client* both[] = {c, c};
  ASSERT_EQ(flowstate_flink_jobs_of_many(&out, both, 2), FLOWSTATE_OK);
  auto many = Json(out);
  flowstate_string_free(out);
  ASSERT_EQ(many.Size(), 2u);
  EXPECT_EQ(many[1]["jobs"].Size(), 1u);
  const char* ids[] = {id.c_str(), "nope"};
  ASSERT_EQ(flowstate_flink_checkpoints_of_many(&out, c, ids, 2), FLOWSTATE_OK);
  auto cps = Json(out);
  flowstate_string_free(out);
  EXPECT_TRUE(cps[0].HasMember("counts"));
  EXPECT_EQ(cps[1]["error"]["code"], FLOWSTATE_E_INVALID_ARGUMENT);

  ASSERT_EQ(flowstate_flink_cancel(c, id.c_str()), FLOWSTATE_OK);
  flowstate_flink_client_free(c);
}

TEST(FlinkCapiTest, OneEndpointStructForEveryService) {
  FlinkSim sim;
  auto cluster = sim.Cluster("secured", "1.20", "\"token\":\"s3cret\"");
  // The Flink options' endpoint holds the defaults of flowstate_endpoint_init.
  flowstate_flink_options o = FLOWSTATE_FLINK_OPTIONS_INIT;
  flowstate_endpoint generic;
  flowstate_endpoint_init(&generic);
  EXPECT_EQ(o.endpoint.version, generic.version);
  EXPECT_EQ(o.endpoint.verify_tls, generic.verify_tls);
  EXPECT_EQ(o.endpoint.timeout_ms, generic.timeout_ms);
  EXPECT_EQ(o.endpoint.connect_timeout_ms, generic.connect_timeout_ms);
  EXPECT_EQ(o.endpoint.max_response_bytes, generic.max_response_bytes);
  EXPECT_EQ(o.endpoint.retries, generic.retries);
  EXPECT_EQ(o.endpoint.retry_backoff_ms, generic.retry_backoff_ms);
  o.endpoint.url = cluster["url"].GetString();
  o.endpoint.retries = 0;
  flowstate_flink_client* c = nullptr;
  char* out = nullptr;
  ASSERT_EQ(flowstate_flink_client_new(&c, &o), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_flink_overview(&out, c), FLOWSTATE_E_PERMISSION_DENIED) << "no token";
  flowstate_flink_client_free(c);
  // The token as the endpoint's bearer token, or as one of its headers.
  o.endpoint.bearer_token = "s3cret";
  ASSERT_EQ(flowstate_flink_client_new(&c, &o), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_flink_overview(&out, c), FLOWSTATE_OK) << flowstate_error_last_message();
  flowstate_string_free(out);
  flowstate_flink_client_free(c);
  const char* names[] = {"Authorization"};
  const char* values[] = {"Bearer s3cret"};
  o.endpoint.bearer_token = nullptr;
  o.endpoint.header_names = names;
  o.endpoint.header_values = values;
  o.endpoint.header_count = 1;
  ASSERT_EQ(flowstate_flink_client_new(&c, &o), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_flink_overview(&out, c), FLOWSTATE_OK) << flowstate_error_last_message();
  flowstate_string_free(out);
  flowstate_flink_client_free(c);

  // What no request can use is refused by name, the same for every service.
  flowstate_flink_client* none = nullptr;
  o.endpoint.header_names = nullptr;
  EXPECT_EQ(flowstate_flink_client_new(&none, &o), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(),
              HasSubstr("options->endpoint.header_names and header_values are required"));
  o.endpoint.header_count = 0;
  o.endpoint.timeout_ms = 0;
  EXPECT_EQ(flowstate_flink_client_new(&none, &o), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_STREQ(flowstate_error_last_message(), "options->endpoint.timeout_ms must be positive");
  o.endpoint.timeout_ms = 30000;
  o.endpoint.version = 99;
  EXPECT_EQ(flowstate_flink_client_new(&none, &o), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("flowstate_endpoint"));
  EXPECT_EQ(none, nullptr);

  flowstate_webhdfs_options w = FLOWSTATE_WEBHDFS_OPTIONS_INIT;
  flowstate_storage_config* config = nullptr;
  ASSERT_EQ(flowstate_storage_config_new(&config), FLOWSTATE_OK);
  w.endpoint.url = "http://127.0.0.1:9870";
  w.endpoint.retries = -1;
  EXPECT_EQ(flowstate_storage_config_add_webhdfs(config, "ns1", &w), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(),
              HasSubstr("options->endpoint.retries must not be negative"));
  w.endpoint.retries = 3;
  w.endpoint.version = 0;
  EXPECT_EQ(flowstate_storage_config_add_webhdfs(config, "ns1", &w),
            FLOWSTATE_E_UNSUPPORTED_VERSION);
  w.endpoint.version = FLOWSTATE_ENDPOINT_VERSION;
  EXPECT_EQ(flowstate_storage_config_add_webhdfs(config, "ns1", &w), FLOWSTATE_OK);
  flowstate_storage_config_free(config);
}

TEST(FlinkCppTest, TypedRecordsThroughTheCppApi) {
  FlinkSim sim;
  auto cluster = sim.Cluster("prod", "2.2", "\"checkpoint_interval_ms\":50");
  flowstate::FlinkOptions o;
  o.endpoint.url = cluster["url"].GetString();
  auto c = flowstate::FlinkClient::create(o);
  ASSERT_TRUE(c.ok()) << c.status().message();
  auto jar = c->upload_jar("job.jar", "PK");
  ASSERT_TRUE(jar.ok()) << jar.status().message();
  flowstate::RunOptions run;
  run.flink_configuration["pipeline.name"] = "cpp-job";
  auto id = c->run_jar(*jar, run);
  ASSERT_TRUE(id.ok()) << id.status().message();
  std::optional<flowstate::FlinkCheckpointStats> stats;
  for (int i = 0; i < 200; ++i) {
    auto got = c->get_checkpoints(*id);
    ASSERT_TRUE(got.ok()) << got.status().message();
    if (got->latest_completed) {
      stats = *got;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(stats) << "no completed checkpoint";
  EXPECT_THAT(stats->latest_completed->external_path, HasSubstr("/chk-"));
  EXPECT_GE(stats->completed, 1);
  EXPECT_FALSE(stats->latest_savepoint);
  auto jobs = c->list_jobs();
  ASSERT_TRUE(jobs.ok());
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ(jobs->front().name, "cpp-job");
  auto job = c->get_job(*id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "RUNNING");
  EXPECT_EQ(job->end_time_ms, -1);
  auto trigger = c->trigger_savepoint(*id);
  ASSERT_TRUE(trigger.ok()) << trigger.status().message();
  auto location = c->wait_for_savepoint(*id, *trigger, 10000);
  ASSERT_TRUE(location.ok()) << location.status().message();
  auto status = c->get_savepoint_status(*id, *trigger);
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(status->completed);
  EXPECT_FALSE(status->failed);
  EXPECT_EQ(status->location, *location);
  EXPECT_EQ(c->get_job("c0000000000000000000000000000001").status().code(),
            flowstate::ErrorCode::not_found);
}

TEST(FlinkCppTest, GatewayThroughTheCppApi) {
  FlinkSim sim;
  auto cluster = sim.Cluster("prod", "2.2");
  flowstate::FlinkOptions o;
  o.endpoint.url = cluster["gateway_url"].GetString();
  auto g = flowstate::SqlGateway::create(o);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->api_version().value(), 4);
  auto s = g->open_session("t", {{"execution.runtime-mode", "streaming"}});
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  auto r = g->run(*s, "INSERT INTO sink SELECT * FROM src");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  auto result = Json(*r);
  const std::string job = result["job_id"].GetString();
  EXPECT_EQ(job.size(), 32u);
  flowstate::FlinkOptions jm;
  jm.endpoint.url = cluster["url"].GetString();
  auto c = flowstate::FlinkClient::create(jm);
  ASSERT_TRUE(c.ok());
  for (int i = 0; i < 200 && c->job_status(job).value() != "RUNNING"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto path = g->stop_job(*s, job, true, false, 10000);
  ASSERT_TRUE(path.ok()) << path.status().to_string();
  EXPECT_THAT(*path, HasSubstr("savepoint-"));
  EXPECT_EQ(c->job_status(job).value(), "FINISHED");
  EXPECT_TRUE(g->close_session(*s).ok());
}

// The running job against an explanation, in C: a session cluster keeping 20, a job whose
// configuration asks for 3, three checkpoints taken by hand.
TEST(FlinkCapiTest, TheRunningJobAgainstAnExplanation) {
  FlinkSim sim;
  auto cluster = sim.Cluster("prod", "1.18",
                             "\"checkpoint_interval_ms\":3600000,\"num_retained\":20,"
                             "\"retention\":\"DELETE_ON_CANCELLATION\"");
  flowstate_flink_options o = FLOWSTATE_FLINK_OPTIONS_INIT;
  o.endpoint.url = cluster["url"].GetString();
  flowstate_flink_client* c = nullptr;
  ASSERT_EQ(flowstate_flink_client_new(&c, &o), FLOWSTATE_OK);
  char* jar = nullptr;
  ASSERT_EQ(flowstate_flink_upload_jar(&jar, c, "job.jar", "PK", 2), FLOWSTATE_OK);
  const char* keys[] = {"state.checkpoints.num-retained"};
  const char* values[] = {"3"};
  flowstate_jar_run_options run = FLOWSTATE_JAR_RUN_OPTIONS_INIT;
  run.config_keys = keys;
  run.config_values = values;
  run.config_count = 1;
  char* job = nullptr;
  ASSERT_EQ(flowstate_flink_run_jar(&job, c, jar, &run), FLOWSTATE_OK);
  const std::string id = job;
  flowstate_string_free(job);
  flowstate_string_free(jar);
  char* status = nullptr;
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(flowstate_flink_job_status(&status, c, id.c_str()), FLOWSTATE_OK);
    const bool running = std::string(status) == "RUNNING";
    flowstate_string_free(status);
    if (running) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (int i = 0; i < 3; ++i) sim.Ctl("POST", "/clusters/prod/jobs/" + id + "/checkpoint");

  flowstate_config* config = nullptr;
  ASSERT_EQ(flowstate_config_new(&config, "1.18"), FLOWSTATE_OK);
  const char* conf =
      "execution.target: remote\n"
      "execution.checkpointing.interval: 1 h\n"
      "state.checkpoints.num-retained: 20\n"
      "execution.checkpointing.externalized-checkpoint-retention: DELETE_ON_CANCELLATION\n";
  ASSERT_EQ(flowstate_config_add_file(config, conf, (size_t)-1, "flink-conf.yaml",
                                      FLOWSTATE_CONFIG_FILE_AUTO),
            FLOWSTATE_OK);
  const char* sql = "SET 'state.checkpoints.num-retained' = '3';\n";
  flowstate_sql_options so = FLOWSTATE_SQL_OPTIONS_INIT;
  so.source_name = "job.sql";
  flowstate_script* script = nullptr;
  ASSERT_EQ(flowstate_sql_parse(&script, sql, std::strlen(sql), &so, nullptr), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_config_add_script(config, script), FLOWSTATE_OK);
  flowstate_script_free(script);
  ASSERT_EQ(flowstate_config_set_deployment(config, FLOWSTATE_DEPLOYMENT_SESSION,
                                            FLOWSTATE_SUBMITTER_JAR),
            FLOWSTATE_OK);
  flowstate_storage* storage = nullptr;
  ASSERT_EQ(flowstate_storage_new(&storage, nullptr), FLOWSTATE_OK);

  flowstate_running_options ro;
  flowstate_running_options_init(&ro);
  ro.storage = storage;
  flowstate_running_comparison* cmp = nullptr;
  ASSERT_EQ(flowstate_config_compare_running(&cmp, config, c, id.c_str(), &ro), FLOWSTATE_OK)
      << flowstate_error_last_message();
  EXPECT_EQ(flowstate_running_comparison_checkpoints_on_storage(cmp), 3);
  bool saw_retained = false;
  for (size_t i = 0; i < flowstate_running_comparison_count(cmp); ++i) {
    flowstate_running_row r;
    flowstate_running_row_init(&r);
    ASSERT_EQ(flowstate_running_comparison_get(cmp, i, &r), FLOWSTATE_OK);
    if (r.agreement == FLOWSTATE_RUNNING_NOT_REPORTED) {
      EXPECT_EQ(r.reported, nullptr) << r.key;
      continue;
    }
    ASSERT_NE(r.reported, nullptr) << r.key;
    if (std::string(r.key) == "state.checkpoints.num-retained") {
      saw_retained = true;
      // The script's 3 cannot apply in a session cluster: the explanation says 20, as
      // the cluster does, and storage holds the 3 taken.
      EXPECT_STREQ(r.explained, "20");
      EXPECT_STREQ(r.reported, "20");
      EXPECT_EQ(r.agreement, FLOWSTATE_RUNNING_SAME);
      EXPECT_THAT(r.note, HasSubstr("3 completed checkpoints of the job on storage"));
    } else {
      EXPECT_EQ(r.agreement, FLOWSTATE_RUNNING_SAME)
          << r.key << ": " << r.explained << " vs " << r.reported;
    }
  }
  EXPECT_TRUE(saw_retained);
  flowstate_running_row r;
  flowstate_running_row_init(&r);
  EXPECT_EQ(flowstate_running_comparison_get(cmp, 999, &r), FLOWSTATE_E_INVALID_ARGUMENT);
  r.version = 99;
  EXPECT_EQ(flowstate_running_comparison_get(cmp, 0, &r), FLOWSTATE_E_UNSUPPORTED_VERSION);
  flowstate_running_comparison_free(cmp);

  // Failure paths: NULL arguments, an options layout from the future, an unknown job, a
  // fetch cancelled before it starts.
  cmp = nullptr;
  EXPECT_EQ(flowstate_config_compare_running(&cmp, nullptr, c, id.c_str(), nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_config_compare_running(&cmp, config, c, nullptr, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(cmp, nullptr);
  flowstate_running_options future = ro;
  future.version = FLOWSTATE_RUNNING_OPTIONS_VERSION + 1;
  EXPECT_EQ(flowstate_config_compare_running(&cmp, config, c, id.c_str(), &future),
            FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(flowstate_config_compare_running(&cmp, config, c, "0123456789abcdef0123456789abcdef",
                                             nullptr),
            FLOWSTATE_E_NOT_FOUND);
  flowstate_cancel_token* token = nullptr;
  ASSERT_EQ(flowstate_cancel_token_new(&token), FLOWSTATE_OK);
  flowstate_cancel_token_cancel(token);
  flowstate_operation op = FLOWSTATE_OPERATION_INIT;
  op.cancel = token;
  ro.operation = &op;
  EXPECT_EQ(flowstate_config_compare_running(&cmp, config, c, id.c_str(), &ro),
            FLOWSTATE_E_CANCELLED);
  EXPECT_EQ(cmp, nullptr);
  EXPECT_EQ(flowstate_running_comparison_count(nullptr), 0u);
  EXPECT_EQ(flowstate_running_comparison_checkpoints_on_storage(nullptr), -1);
  flowstate_cancel_token_free(token);
  flowstate_storage_free(storage);
  flowstate_config_free(config);
  flowstate_flink_client_free(c);
}

// The same through the C++ API, without storage: the count is left out.
TEST(FlinkCppTest, TheRunningJobAgainstAnExplanation) {
  FlinkSim sim;
  auto cluster = sim.Cluster("prod", "2.2", "\"checkpoint_interval_ms\":3600000");
  flowstate::FlinkOptions o;
  o.endpoint.url = cluster["url"].GetString();
  auto c = flowstate::FlinkClient::create(o);
  ASSERT_TRUE(c.ok());
  auto jar = c->upload_jar("job.jar", "PK");
  ASSERT_TRUE(jar.ok());
  flowstate::RunOptions run;
  run.parallelism = 1;
  auto job = c->run_jar(*jar, run);
  ASSERT_TRUE(job.ok());
  auto config = flowstate::Config::create("2.2");
  ASSERT_TRUE(config.ok());
  ASSERT_TRUE(config->set("parallelism.default", "4").ok());
  std::vector<std::string> phases;
  flowstate::RunningOptions ro;
  ro.progress = [&](std::string_view phase, uint64_t, uint64_t) {
    phases.emplace_back(phase);
    return true;
  };
  auto cmp = flowstate::compare_running(*config, *c, *job, ro);
  ASSERT_TRUE(cmp.ok()) << cmp.status().message();
  EXPECT_EQ(cmp->checkpoints_on_storage, -1);
  EXPECT_FALSE(phases.empty());
  const flowstate::RunningRow* p = nullptr;
  for (const auto& r : cmp->rows) {
    if (r.key == "parallelism.default") p = &r;
  }
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->explained, "4");
  EXPECT_EQ(p->reported, std::optional<std::string>("1"));
  EXPECT_EQ(p->reported_by, "/jobs/" + *job + "/config");
  EXPECT_EQ(p->agreement, flowstate::Agreement::differs);
  auto missing = flowstate::compare_running(*config, *c, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(missing.status().code(), flowstate::ErrorCode::not_found);
}

}  // namespace
