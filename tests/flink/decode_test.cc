// Decoding Flink's answers: the shapes FACTS.md and the specs give, error bodies, and bad
// input (never a crash; REMOTE naming the JSON path).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "flink/client.h"
#include "flink/decode.h"
#include "flink/json_out.h"

namespace flowstate::core::flink {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char kJob[] = "a0000000000000000000000000000001";

TEST(DecodeTest, JobsOverviewWithTaskCounts) {
  auto jobs = DecodeJobsOverview(
      R"({"jobs":[{"jid":"a0000000000000000000000000000001","name":"cdc","state":"RUNNING","start-time":1,
          "end-time":-1,"duration":5,"last-modification":3,"tasks":{"total":4,"running":3,"created":1},
          "pending-operators":0}]})");
  ASSERT_TRUE(jobs.ok()) << jobs.status().ToString();
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ((*jobs)[0].state, "RUNNING");
  EXPECT_EQ((*jobs)[0].end_time, -1);
  EXPECT_EQ((*jobs)[0].tasks_total, 4);
  EXPECT_EQ((*jobs)[0].tasks.at("running"), 3);
  EXPECT_EQ((*jobs)[0].tasks.count("total"), 0u);
}

TEST(DecodeTest, JarIdsOfTheUploadedJars) {
  auto ids = DecodeJarIds(
      R"({"address":"http://jm:8081","files":[{"id":"3f1_runner.jar","name":"runner.jar",)"
      R"("uploaded":1,"entry":[{"name":"org.x.Runner","description":null}]},{"id":"9a_b.jar"}]})");
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_EQ(*ids, (std::vector<std::string>{"3f1_runner.jar", "9a_b.jar"}));
  auto bad = DecodeJarIds(R"({"files":[{"name":"x.jar"}]})");
  EXPECT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("$.files[0].id"));
}

TEST(DecodeTest, CheckpointStatisticsAsFlinkSendsThem) {
  auto s = DecodeCheckpointStats(R"({
    "counts":{"restored":1,"total":12,"in_progress":0,"completed":11,"failed":1},
    "summary":{"state_size":{"min":0,"max":1,"avg":0,"p50":0.5}},
    "latest":{"completed":{"className":"completed","id":12,"status":"COMPLETED","is_savepoint":false,
                "savepointFormat":null,"trigger_timestamp":100,"latest_ack_timestamp":150,"state_size":9,
                "checkpointed_size":9,"end_to_end_duration":50,"num_subtasks":1,"num_acknowledged_subtasks":1,
                "checkpoint_type":"CHECKPOINT","external_path":"file:/cp/x/chk-12","discarded":false,"tasks":{}},
              "savepoint":null,
              "failed":{"className":"failed","id":11,"status":"FAILED","is_savepoint":true,
                "failure_timestamp":99,"failure_message":"IO-problem"},
              "restored":{"id":5,"restore_timestamp":7,"is_savepoint":true,"external_path":"file:/sp/savepoint-a00000-0123456789ab"}},
    "history":[{"className":"completed","id":12,"status":"COMPLETED","external_path":"file:/cp/x/chk-12","discarded":false},
               {"className":"completed","id":10,"status":"COMPLETED","external_path":"file:/cp/x/chk-10","discarded":true}]})");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->completed, 11);
  ASSERT_TRUE(s->latest_completed);
  EXPECT_EQ(s->latest_completed->external_path, "file:/cp/x/chk-12");
  EXPECT_FALSE(s->latest_savepoint);
  ASSERT_TRUE(s->latest_failed);
  EXPECT_EQ(s->latest_failed->failure_message, "IO-problem");
  ASSERT_TRUE(s->latest_restored);
  EXPECT_TRUE(s->latest_restored->is_savepoint);
  ASSERT_EQ(s->history.size(), 2u);
  EXPECT_TRUE(s->history[1].discarded) << "a subsumed checkpoint's files are gone";
}

TEST(DecodeTest, SavepointStatusInProgressSucceededFailed) {
  auto p = DecodeSavepointStatus(R"({"status":{"id":"IN_PROGRESS"},"operation":null})");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->completed);
  auto ok = DecodeSavepointStatus(
      R"({"status":{"id":"COMPLETED"},"operation":{"location":"file:/tmp/savepoints/savepoint-d9813b-8a68e674325b"}})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->location, "file:/tmp/savepoints/savepoint-d9813b-8a68e674325b");
  auto failed = DecodeSavepointStatus(
      R"({"status":{"id":"COMPLETED"},"operation":{"failure-cause":{"class":"org.apache.flink.runtime.checkpoint.CheckpointException",
          "stack-trace":"org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before completing.\n\tat x.y(Z.java:1)\n",
          "serialized-throwable":"AAAA"}}})");
  ASSERT_TRUE(failed.ok());
  ASSERT_TRUE(failed->failure);
  EXPECT_EQ(failed->failure->message, "Checkpoint expired before completing.");
  EXPECT_FALSE(DecodeSavepointStatus(R"({"status":{"id":"COMPLETED"},"operation":{}})").ok());
  EXPECT_FALSE(DecodeSavepointStatus(R"({"status":{"id":"DONE"}})").ok());
}

TEST(DecodeTest, GatewayResultKeysAsOnTheWire) {
  auto p = DecodeResultPage(
      R"({"resultType":"PAYLOAD","isQueryResult":false,"jobID":"a0000000000000000000000000000001",
      "resultKind":"SUCCESS_WITH_CONTENT","results":{"columns":[{"name":"job id","logicalType":{"type":"VARCHAR",
      "nullable":true,"length":2147483647},"comment":null}],"rowFormat":"JSON","data":[{"kind":"INSERT",
      "fields":["a0000000000000000000000000000001"]}]},"nextResultUri":"/v2/sessions/s/operations/o/result/1?rowFormat=JSON"})");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->job_id, kJob);
  ASSERT_EQ(p->columns.size(), 1u);
  EXPECT_EQ(p->columns[0].type, "VARCHAR");
  ASSERT_EQ(p->rows.size(), 1u);
  EXPECT_EQ(p->rows[0].fields[0].text, kJob);
  EXPECT_TRUE(p->rows[0].fields[0].is_string());
  EXPECT_FALSE(DecodeResultPage(R"({"resultType":"MAYBE"})").ok());
}

TEST(DecodeTest, GatewayRowValuesKeepTheirJsonTypes) {
  auto mixed = DecodeResultPage(
      R"({"resultType":"EOS","results":{"columns":[],"data":[{"kind":"INSERT",
          "fields":[1,null,{"a":[2]},"x",true,12345678901234567890,"42",-0.5]}]}})");
  ASSERT_TRUE(mixed.ok()) << mixed.status().ToString();
  const std::vector<ResultField>& f = mixed->rows[0].fields;
  ASSERT_EQ(f.size(), 8u);
  EXPECT_EQ(f[0].kind, ResultField::Kind::kJson);
  EXPECT_EQ(f[0].text, "1");
  EXPECT_EQ(f[1].kind, ResultField::Kind::kNull);
  EXPECT_EQ(f[2].text, R"({"a":[2]})");
  EXPECT_EQ(f[3].kind, ResultField::Kind::kString);
  EXPECT_EQ(f[4].kind, ResultField::Kind::kJson);
  EXPECT_EQ(f[4].text, "true");
  EXPECT_EQ(f[6].kind, ResultField::Kind::kString) << "the string \"42\" stays a string";
  // The C ABI's JSON gives each value its own type back.
  StatementResult r;
  r.rows = mixed->rows;
  EXPECT_THAT(ToJson(r),
              HasSubstr(R"("fields":[1,null,{"a":[2]},"x",true,12345678901234567890,"42",-0.5])"));
}

// Answers as each version sends them: 1.14's "@class", 1.14-1.18's exception "location",
// 0 for a time never reached, concurrent exceptions.
TEST(DecodeTest, AnswersAsEachVersionSendsThem) {
  auto cp14 = DecodeCheckpointStats(
      R"({"counts":{"restored":0,"total":1,"in_progress":0,"completed":1,"failed":0},
      "latest":{"completed":{"@class":"completed","id":3,"status":"COMPLETED","external_path":"file:/cp/j/chk-3"}},
      "history":[{"@class":"completed","id":3,"status":"COMPLETED","external_path":"file:/cp/j/chk-3"},
                 {"@class":"failed","id":2,"status":"FAILED","failure_timestamp":5}]})");
  ASSERT_TRUE(cp14.ok()) << cp14.status().ToString();
  EXPECT_EQ(cp14->history[0].class_name, "completed");
  EXPECT_EQ(cp14->history[1].class_name, "failed");
  EXPECT_EQ(cp14->latest_completed->class_name, "completed");
  EXPECT_THAT(ToJson(*cp14), HasSubstr(R"("class":"failed")"));

  auto ex18 = DecodeExceptions(
      R"j({"root-exception":"java.lang.Exception: boom","timestamp":9,"truncated":false,
      "exceptionHistory":{"truncated":false,"entries":[{"exceptionName":"java.lang.Exception","stacktrace":"boom",
      "timestamp":9,"taskName":"Source: orders (1/2)","location":"tm-1.cluster.local:37885",
      "concurrentExceptions":[{"exceptionName":"java.io.IOException","stacktrace":"disk","timestamp":10,
      "taskName":"Sink (2/2)","location":"tm-2.cluster.local:40111"}]}]}})j");
  ASSERT_TRUE(ex18.ok()) << ex18.status().ToString();
  ASSERT_EQ(ex18->history.size(), 1u);
  EXPECT_EQ(ex18->history[0].endpoint, "tm-1.cluster.local:37885") << "1.14-1.18 call it location";
  ASSERT_EQ(ex18->history[0].concurrent.size(), 1u);
  EXPECT_EQ(ex18->history[0].concurrent[0].name, "java.io.IOException");
  EXPECT_EQ(ex18->history[0].concurrent[0].endpoint, "tm-2.cluster.local:40111");
  const std::string json = ToJson(*ex18);
  EXPECT_THAT(json, HasSubstr(R"("endpoint":"tm-1.cluster.local:37885")"));
  EXPECT_THAT(json, HasSubstr(R"("concurrent":[{"name":"java.io.IOException")"));

  auto ex20 =
      DecodeExceptions(R"({"exceptionHistory":{"truncated":false,"entries":[{"exceptionName":"E",
      "stacktrace":"s","timestamp":1,"location":"old-form:1","endpoint":"tm-1:1","taskManagerId":"tm-1-id",
      "concurrentExceptions":[]}]}})");
  ASSERT_TRUE(ex20.ok());
  EXPECT_EQ(ex20->history[0].endpoint, "tm-1:1")
      << "endpoint wins where both are sent (1.19, 1.20)";
  EXPECT_EQ(ex20->history[0].task_manager, "tm-1-id");

  auto details =
      DecodeJobDetails(R"({"jid":"a0000000000000000000000000000001","name":"n","state":"RUNNING",
      "timestamps":{"CREATED":100,"RUNNING":200,"FAILED":0,"FINISHED":0}})");
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(details->timestamps.at("RUNNING"), 200);
  EXPECT_EQ(details->timestamps.at("FAILED"), -1) << "0: never reached";
  EXPECT_THAT(
      ToJson(*details),
      HasSubstr(R"("timestamps":{"CREATED":100,"FAILED":null,"FINISHED":null,"RUNNING":200})"));

  auto jobs = DecodeJobsOverview(R"({"jobs":[{"jid":"a0000000000000000000000000000001","name":"cdc",
      "state":"CREATED","start-time":1,"end-time":-1,"duration":5,"last-modification":0,"tasks":{"total":0}}]})");
  ASSERT_TRUE(jobs.ok());
  EXPECT_EQ((*jobs)[0].last_modification, -1);
  EXPECT_THAT(ToJson(*jobs), HasSubstr(R"("last_modification":null)"));
}

TEST(DecodeTest, AnEmptyOverviewOrCheckpointConfigIsAnErrorNamingTheField) {
  auto overview = DecodeOverview("{}");
  ASSERT_FALSE(overview.ok());
  EXPECT_EQ(overview.status().code(), Code::kRemote);
  EXPECT_THAT(overview.status().message(), HasSubstr("$.taskmanagers is missing"));
  auto config = DecodeCheckpointConfig("{}");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), Code::kRemote);
  EXPECT_THAT(config.status().message(), HasSubstr("$.mode is missing"));
  auto no_ext = DecodeCheckpointConfig(
      R"({"mode":"exactly_once","interval":1000,"timeout":600000,"min_pause":0,"max_concurrent":1})");
  EXPECT_THAT(no_ext.status().message(), HasSubstr("$.externalization is missing"))
      << "no retention is assumed for a job whose answer does not say";
  auto full = DecodeCheckpointConfig(
      R"({"mode":"exactly_once","interval":1000,"timeout":600000,"min_pause":0,"max_concurrent":1,
          "externalization":{"enabled":true,"delete_on_cancellation":false},"state_backend":"HashMapStateBackend",
          "checkpoint_storage":"FileSystemCheckpointStorage","unaligned_checkpoints":false,
          "tolerable_failed_checkpoints":0})");
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_TRUE(full->externalized);
  EXPECT_FALSE(full->delete_on_cancellation);
  auto ok =
      DecodeOverview(R"({"taskmanagers":1,"slots-total":4,"slots-available":3,"jobs-running":1,
      "jobs-finished":0,"jobs-cancelled":0,"jobs-failed":0,"flink-version":"1.14.6","flink-commit":"abc"})");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
}

TEST(DecodeTest, JobConfigAndTheClustersConfiguration) {
  // As Flink's JobConfigInfo serializer writes it (2.x leaves out execution-mode).
  auto job = DecodeJobConfig(
      R"({"jid":"0123456789abcdef0123456789abcdef","name":"cdc","execution-config":{
          "restart-strategy":"Restart deactivated.","job-parallelism":2,"object-reuse-mode":false,
          "user-config":{"region":"eu"}}})");
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(job->parallelism, 2);
  EXPECT_EQ(job->execution_mode, "");
  ASSERT_EQ(job->user_config.size(), 1u);
  EXPECT_EQ(job->user_config[0].second, "eu");
  auto bad_id = DecodeJobConfig(R"({"jid":"x"})");
  EXPECT_THAT(bad_id.status().message(), HasSubstr("$.jid"));
  auto bad_user = DecodeJobConfig(
      R"({"jid":"0123456789abcdef0123456789abcdef","execution-config":{"user-config":{"a":1}}})");
  EXPECT_THAT(bad_user.status().message(), HasSubstr("$.execution-config.user-config.a"));
  auto entries = DecodeConfigurationEntries(R"([{"key":"a","value":"1"},{"key":"b","value":""}])");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  EXPECT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].first, "a");
  auto object = DecodeConfigurationEntries("{}");
  EXPECT_EQ(object.status().code(), Code::kRemote);
  EXPECT_THAT(object.status().message(), HasSubstr("$ is not an array"));
  auto missing = DecodeConfigurationEntries(R"([{"key":"a"}])");
  EXPECT_THAT(missing.status().message(), HasSubstr("$[0].value is missing"));
}

TEST(DecodeTest, BadAnswersNameTheJsonPath) {
  auto wrong =
      DecodeJobsOverview(R"({"jobs":[{"jid":"a0000000000000000000000000000001","state":7}]})");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), Code::kRemote);
  EXPECT_THAT(wrong.status().message(), HasSubstr("$.jobs[0].state must be a string"));
  auto id = DecodeJobsOverview(R"({"jobs":[{"jid":"../../etc","state":"RUNNING"}]})");
  EXPECT_THAT(id.status().message(), HasSubstr("$.jobs[0].jid is not a job id"));
  EXPECT_THAT(DecodeOverview("<html>502</html>").status().message(), HasSubstr("not JSON"));
  EXPECT_THAT(DecodeCheckpointStats(R"({"counts":{"total":1.5}})").status().message(),
              HasSubstr("$.counts.total must be an integer"));
  EXPECT_THAT(DecodeCheckpointStats(R"([1,2])").status().message(), HasSubstr("not an object"));
  EXPECT_FALSE(DecodeTriggerId(R"({"request-id":"XYZ"})").ok());
  std::string deep(100000, '[');
  EXPECT_FALSE(DecodeJobsOverview(deep).ok()) << "deep nesting is an error, not a stack overflow";
  EXPECT_FALSE(DecodeJobsOverview(std::string("{\"jobs\":[\0]}", 12)).ok());
}

TEST(DecodeTest, ErrorBodiesGiveTheFirstMeaningfulLine) {
  std::string line, full;
  ASSERT_TRUE(DecodeErrorBody(
      R"({"errors":["org.apache.flink.runtime.rest.NotFoundException: Job a0000000000000000000000000000001 not found\n\tat org.apache.flink.runtime.rest.handler.job.AbstractExecutionGraphHandler.lambda$handleRequest$1(AbstractExecutionGraphHandler.java:99)\n"]})",
      &line, &full));
  EXPECT_EQ(line, "Job a0000000000000000000000000000001 not found");
  EXPECT_THAT(full, HasSubstr("\tat org.apache"));
  ASSERT_TRUE(DecodeErrorBody(
      R"({"errors":["Internal server error.","<Exception on server side:\njava.util.concurrent.CompletionException: java.lang.IllegalStateException: boom\n\tat a.b(C.java:1)\nEnd of exception on server side>"]})",
      &line, &full));
  EXPECT_EQ(line, "boom") << "the innermost cause";
  ASSERT_TRUE(DecodeErrorBody(
      R"({"errors":["Internal server error.","<Exception on server side:\norg.apache.flink.runtime.rest.handler.RestHandlerException: Could not retrieve.\n\tat a.b(C.java:1)\nCaused by: java.util.concurrent.CompletionException: java.util.concurrent.TimeoutException\n\tat c.d(E.java:2)\nCaused by: java.util.concurrent.TimeoutException\n\t... 1 more\n\nEnd of exception on server side>"]})",
      &line, &full));
  EXPECT_EQ(line, "Could not retrieve.") << "a cause without a message adds nothing to say";
  EXPECT_FALSE(DecodeErrorBody("not json", &line, &full));

  Status s =
      ErrorFromAnswer(404, R"({"errors":["Not found: /jobs/x/bogus"]})", "GET /jobs/x/bogus");
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_EQ(s.message(), "GET /jobs/x/bogus: HTTP 404: Not found: /jobs/x/bogus");
  EXPECT_EQ(ErrorFromAnswer(409, "{}", "x").code(), Code::kConflict);
  EXPECT_EQ(ErrorFromAnswer(400, "{}", "x").code(), Code::kInvalidArgument);
  EXPECT_EQ(ErrorFromAnswer(503, "", "x").code(), Code::kUnavailable);
  EXPECT_EQ(ErrorFromAnswer(408, "", "x").code(), Code::kTimeout);
  EXPECT_EQ(ErrorFromAnswer(401, "", "x").code(), Code::kPermissionDenied);
  Status big = ErrorFromAnswer(
      500, R"({"errors":["java.lang.RuntimeException: x\n\tat a\n\tat b"]})", "POST /jars/j/run");
  EXPECT_EQ(big.code(), Code::kRemote);
  EXPECT_THAT(big.message(), Not(HasSubstr("\tat")));
  EXPECT_THAT(LastErrorDetail(), HasSubstr("\tat a"));
}

TEST(DialectTest, BodiesFollowTheTargetVersion) {
  SavepointRequest sp;
  sp.target_directory = "hdfs:///sp";
  sp.format = "CANONICAL";
  sp.trigger_id = kJob;
  EXPECT_EQ(RestClient::SavepointBody(sp, {1, 14}).value(),
            R"({"target-directory":"hdfs:///sp","cancel-job":false})")
      << "1.14 knows neither formatType nor triggerId";
  EXPECT_EQ(
      RestClient::SavepointBody(sp, {1, 20}).value(),
      R"({"target-directory":"hdfs:///sp","cancel-job":false,"formatType":"CANONICAL","triggerId":"a0000000000000000000000000000001"})");
  sp.format = "NATIVE";
  EXPECT_EQ(RestClient::SavepointBody(sp, {1, 14}).status().code(), Code::kUnsupported);
  StopRequest stop;
  stop.target_directory = "s3://b/sp";
  stop.drain = true;
  EXPECT_EQ(RestClient::StopBody(stop, {2, 2}).value(),
            R"({"targetDirectory":"s3://b/sp","drain":true})")
      << "camelCase targetDirectory for /stop";

  RunRequest run;
  run.args = {"--source", "orders"};
  run.savepoint_path = "file:///sp/savepoint-a00000-0123456789ab";
  run.claim_mode = "NO_CLAIM";
  EXPECT_THAT(RestClient::RunBody(run, {1, 19}).value(), HasSubstr(R"("restoreMode":"NO_CLAIM")"));
  EXPECT_THAT(RestClient::RunBody(run, {1, 20}).value(), HasSubstr(R"("claimMode":"NO_CLAIM")"));
  EXPECT_THAT(RestClient::RunBody(run, {2, 0}).value(), Not(HasSubstr("programArgs\"")));
  EXPECT_EQ(RestClient::RunBody(run, {1, 14}).status().code(), Code::kUnsupported);
  run.claim_mode = "LEGACY";
  EXPECT_THAT(RestClient::RunBody(run, {1, 14}).value(), Not(HasSubstr("Mode")));
  run.claim_mode.clear();
  run.flink_configuration["pipeline.name"] = "emp";
  EXPECT_EQ(RestClient::RunBody(run, {1, 16}).status().code(), Code::kUnsupported);
  EXPECT_THAT(RestClient::RunBody(run, {1, 17}).value(),
              HasSubstr(R"("flinkConfiguration":{"pipeline.name":"emp"})"));
  run.job_id = "not-a-job-id";
  EXPECT_EQ(RestClient::RunBody(run, {1, 20}).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace flowstate::core::flink

namespace flowstate::core::flink {
namespace {

// flowstate's JSON is the C ABI's contract: its keys and nulls are fixed here.
TEST(JsonOutTest, StableKeysAndNulls) {
  auto jobs = DecodeJobsOverview(
      R"({"jobs":[{"jid":"a0000000000000000000000000000001","name":"cdc","state":"RUNNING","start-time":1,
          "end-time":-1,"tasks":{"total":2,"running":2}}]})");
  ASSERT_TRUE(jobs.ok());
  EXPECT_EQ(
      ToJson(*jobs),
      R"([{"id":"a0000000000000000000000000000001","name":"cdc","state":"RUNNING","start_time":1,)"
      R"("end_time":null,"duration":null,"last_modification":null,"tasks_total":2,"tasks":{"running":2}}])");
  auto sp = DecodeSavepointStatus(
      R"({"status":{"id":"COMPLETED"},"operation":{"location":"file:/sp/savepoint-a00000-0123456789ab"}})");
  ASSERT_TRUE(sp.ok());
  EXPECT_EQ(
      ToJson(*sp),
      R"({"completed":true,"location":"file:/sp/savepoint-a00000-0123456789ab","failure":null})");
  CheckpointStats empty;
  EXPECT_EQ(
      ToJson(empty),
      R"({"counts":{"restored":null,"total":null,"in_progress":null,"completed":null,"failed":null},)"
      R"("latest_completed":null,"latest_savepoint":null,"latest_failed":null,"latest_restored":null,"history":[]})");
  ClusterOverview o;
  o.flink_version = "2.2";
  o.jobs_running = 0;
  EXPECT_EQ(
      ToJson(o),
      R"({"flink_version":"2.2","flink_commit":null,"taskmanagers":null,"slots_total":null,)"
      R"("slots_available":null,"jobs_running":0,"jobs_finished":null,"jobs_cancelled":null,"jobs_failed":null})");
}

TEST(JsonOutTest, ManyAnswersInOrderWithRedactedErrors) {
  JobOverview job;
  job.id = "a0000000000000000000000000000001";
  job.name = "emp";
  job.state = "RUNNING";
  std::vector<Result<std::vector<JobOverview>>> jobs;
  jobs.emplace_back(std::vector<JobOverview>{job});
  jobs.emplace_back(Status(Code::kUnavailable, "connect to http://admin:hunter2@jm:8081 failed"));
  const std::string json = ToJson(jobs);
  EXPECT_THAT(json, HasSubstr(R"([{"jobs":[{"id":"a0000000000000000000000000000001")"));
  EXPECT_THAT(json, HasSubstr(R"({"error":{"code":)"));
  EXPECT_THAT(json, Not(HasSubstr("hunter2")));
  std::vector<Result<CheckpointStats>> stats;
  stats.emplace_back(Status(Code::kNotFound, "no job"));
  stats.emplace_back(CheckpointStats{});
  const std::string two = ToJson(stats);
  EXPECT_EQ(two.rfind(R"([{"error":{"code":)", 0), 0u) << two;
  EXPECT_THAT(two, HasSubstr(R"("message":"no job"}},{)"));
}

}  // namespace
}  // namespace flowstate::core::flink
