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
  auto p = DecodeResultPage(R"({"resultType":"PAYLOAD","isQueryResult":false,"jobID":"a0000000000000000000000000000001",
      "resultKind":"SUCCESS_WITH_CONTENT","results":{"columns":[{"name":"job id","logicalType":{"type":"VARCHAR",
      "nullable":true,"length":2147483647},"comment":null}],"rowFormat":"JSON","data":[{"kind":"INSERT",
      "fields":["a0000000000000000000000000000001"]}]},"nextResultUri":"/v2/sessions/s/operations/o/result/1?rowFormat=JSON"})");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->job_id, kJob);
  ASSERT_EQ(p->columns.size(), 1u);
  EXPECT_EQ(p->columns[0].type, "VARCHAR");
  ASSERT_EQ(p->rows.size(), 1u);
  EXPECT_EQ(*p->rows[0].fields[0], kJob);
  auto mixed = DecodeResultPage(
      R"({"resultType":"EOS","results":{"columns":[],"data":[{"kind":"INSERT","fields":[1,null,{"a":[2]},"x"]}]}})");
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(*mixed->rows[0].fields[0], "1");
  EXPECT_FALSE(mixed->rows[0].fields[1].has_value());
  EXPECT_EQ(*mixed->rows[0].fields[2], R"({"a":[2]})");
  EXPECT_FALSE(DecodeResultPage(R"({"resultType":"MAYBE"})").ok());
}

TEST(DecodeTest, BadAnswersNameTheJsonPath) {
  auto wrong = DecodeJobsOverview(R"({"jobs":[{"jid":"a0000000000000000000000000000001","state":7}]})");
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
  EXPECT_EQ(line, "Internal server error. boom");
  EXPECT_FALSE(DecodeErrorBody("not json", &line, &full));

  Status s = ErrorFromAnswer(404, R"({"errors":["Not found: /jobs/x/bogus"]})", "GET /jobs/x/bogus");
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_EQ(s.message(), "GET /jobs/x/bogus: HTTP 404: Not found: /jobs/x/bogus");
  EXPECT_EQ(ErrorFromAnswer(409, "{}", "x").code(), Code::kConflict);
  EXPECT_EQ(ErrorFromAnswer(400, "{}", "x").code(), Code::kInvalidArgument);
  EXPECT_EQ(ErrorFromAnswer(503, "", "x").code(), Code::kUnavailable);
  EXPECT_EQ(ErrorFromAnswer(408, "", "x").code(), Code::kTimeout);
  EXPECT_EQ(ErrorFromAnswer(401, "", "x").code(), Code::kPermissionDenied);
  Status big = ErrorFromAnswer(500, R"({"errors":["java.lang.RuntimeException: x\n\tat a\n\tat b"]})", "POST /jars/j/run");
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
  EXPECT_EQ(RestClient::SavepointBody(sp, {1, 20}).value(),
            R"({"target-directory":"hdfs:///sp","cancel-job":false,"formatType":"CANONICAL","triggerId":"a0000000000000000000000000000001"})");
  sp.format = "NATIVE";
  EXPECT_EQ(RestClient::SavepointBody(sp, {1, 14}).status().code(), Code::kUnsupported);
  StopRequest stop;
  stop.target_directory = "s3://b/sp";
  stop.drain = true;
  EXPECT_EQ(RestClient::StopBody(stop, {2, 2}).value(), R"({"targetDirectory":"s3://b/sp","drain":true})")
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
  EXPECT_THAT(RestClient::RunBody(run, {1, 17}).value(), HasSubstr(R"("flinkConfiguration":{"pipeline.name":"emp"})"));
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
  EXPECT_EQ(ToJson(*jobs),
            R"([{"id":"a0000000000000000000000000000001","name":"cdc","state":"RUNNING","start_time":1,)"
            R"("end_time":null,"duration":null,"last_modification":null,"tasks_total":2,"tasks":{"running":2}}])");
  auto sp = DecodeSavepointStatus(R"({"status":{"id":"COMPLETED"},"operation":{"location":"file:/sp/savepoint-a00000-0123456789ab"}})");
  ASSERT_TRUE(sp.ok());
  EXPECT_EQ(ToJson(*sp), R"({"completed":true,"location":"file:/sp/savepoint-a00000-0123456789ab","failure":null})");
  CheckpointStats empty;
  EXPECT_EQ(ToJson(empty),
            R"({"counts":{"restored":null,"total":null,"in_progress":null,"completed":null,"failed":null},)"
            R"("latest_completed":null,"latest_savepoint":null,"latest_failed":null,"latest_restored":null,"history":[]})");
  ClusterOverview o;
  o.flink_version = "2.2";
  o.jobs_running = 0;
  EXPECT_EQ(ToJson(o),
            R"({"flink_version":"2.2","flink_commit":null,"taskmanagers":null,"slots_total":null,)"
            R"("slots_available":null,"jobs_running":0,"jobs_finished":null,"jobs_cancelled":null,"jobs_failed":null})");
}

}  // namespace
}  // namespace flowstate::core::flink
