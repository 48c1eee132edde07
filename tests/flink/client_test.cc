// The clients against the simulator: every endpoint, the version dialects, the error mapping
// and the fault switches; a CDC job stopped with a savepoint resumes where it stopped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "flink/client.h"
#include "sim_harness.h"

namespace flowstate::core::flink {
namespace {

using flowstate::testing::FlinkSim;
using ::testing::HasSubstr;
using ::testing::Not;

template <typename F>
void WaitFor(F&& done, const char* what) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL() << "timed out waiting for " << what;
}

bool StatusIs(RestClient& c, const std::string& id, const char* want) {
  auto s = c.JobStatus(id);
  return s.ok() && *s == want;
}

ClientOptions Opts(const rapidjson::Document& cluster, const char* key = "url") {
  ClientOptions o;
  o.url = cluster[key].GetString();
  o.timeout_ms = 5000;
  return o;
}

class ClientTest : public ::testing::Test {
 protected:
  // Uploads a jar and runs it reading `source`; the job id once RUNNING.
  std::string Start(RestClient& c, const RunRequest& run = {}) {
    auto jar = c.UploadJar("cdc-job.jar", "PK\x03\x04 not really a jar");
    EXPECT_TRUE(jar.ok()) << jar.status().ToString();
    auto id = c.RunJar(*jar, run);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    WaitFor([&] { return StatusIs(c, *id, "RUNNING"); }, "RUNNING");
    return *id;
  }
  FlinkSim sim_;
  OperationContext ctx_;
};

TEST_F(ClientTest, ClusterAndJobEndpoints) {
  auto cluster = sim_.Cluster("prod", "1.20", "\"checkpoint_interval_ms\":50,\"num_retained\":2");
  RestClient c(Opts(cluster));
  EXPECT_EQ(c.Version().value(), (FlinkVersion{1, 20}));
  auto overview = c.Overview();
  ASSERT_TRUE(overview.ok()) << overview.status().ToString();
  EXPECT_EQ(overview->flink_version, "1.20");
  EXPECT_EQ(overview->jobs_running, 0);

  sim_.Insert("orders", 7);
  RunRequest run;
  run.args = {"--source", "orders", "--name", "emp-cdc"};
  const std::string id = Start(c, run);
  auto jobs = c.JobsOverview();
  ASSERT_TRUE(jobs.ok());
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ((*jobs)[0].id, id);
  EXPECT_EQ((*jobs)[0].name, "emp-cdc");
  auto details = c.Job(id);
  ASSERT_TRUE(details.ok()) << details.status().ToString();
  EXPECT_EQ(details->state, "RUNNING");
  EXPECT_GT(details->timestamps.at("RUNNING"), 0);
  ASSERT_EQ(details->vertices.size(), 1u);

  // Periodic checkpoints with retention: history, latest, discarded, external_path.
  WaitFor(
      [&] {
        auto s = c.Checkpoints(id);
        return s.ok() && s->completed >= 4;
      },
      "checkpoints");
  auto stats = c.Checkpoints(id);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  ASSERT_TRUE(stats->latest_completed);
  const std::string latest = stats->latest_completed->external_path;
  EXPECT_THAT(latest, HasSubstr("/" + id + "/chk-"));
  EXPECT_TRUE(std::filesystem::exists(latest.substr(5) + "/_metadata"));
  bool some_discarded = false;
  for (const CheckpointEntry& e : stats->history) {
    if (e.discarded) {
      some_discarded = true;
      EXPECT_FALSE(std::filesystem::exists(e.external_path.substr(5)))
          << "num-retained 2: older ones are gone";
    }
  }
  EXPECT_TRUE(some_discarded);
  auto one = c.CheckpointDetails(id, stats->latest_completed->id);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->status, "COMPLETED");
  auto config = c.CheckpointConfiguration(id);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->interval_ms, 50);
  EXPECT_TRUE(config->externalized);
  EXPECT_FALSE(config->delete_on_cancellation);

  sim_.Ctl("POST", "/clusters/prod/jobs/" + id + "/fail",
           R"({"reason":"connection to MySQL lost"})");
  WaitFor([&] { return StatusIs(c, id, "FAILED"); }, "FAILED");
  auto ex = c.Exceptions(id);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  ASSERT_EQ(ex->history.size(), 1u);
  EXPECT_THAT(ex->history[0].stacktrace, HasSubstr("connection to MySQL lost"));
  EXPECT_THAT(ex->root_exception, HasSubstr("connection to MySQL lost"))
      << "Flink 1.x keeps root-exception";
}

TEST_F(ClientTest, StopWithSavepointAndResumeExactlyThere) {
  auto cluster = sim_.Cluster("prod", "1.20");
  RestClient c(Opts(cluster));
  sim_.Insert("emp", 10);
  RunRequest run;
  run.args = {"--source", "emp"};
  const std::string id = Start(c, run);
  WaitFor([&] { return sim_.Ctl("GET", "/runs")["runs"][0]["position"].GetInt() == 10; },
          "reading");

  StopRequest stop;
  stop.trigger_id = "b0000000000000000000000000000001";
  auto trigger = c.StopWithSavepoint(id, stop);
  ASSERT_TRUE(trigger.ok()) << trigger.status().ToString();
  EXPECT_EQ(*trigger, stop.trigger_id);
  auto again = c.StopWithSavepoint(id, stop);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *trigger) << "the same trigger id is the same operation";
  auto location = c.WaitForSavepoint(id, *trigger, ctx_, 20);
  ASSERT_TRUE(location.ok()) << location.status().ToString();
  EXPECT_THAT(*location, HasSubstr("/savepoint-" + id.substr(0, 6) + "-"));
  EXPECT_EQ(c.JobStatus(id).value(), "FINISHED");
  EXPECT_FALSE(std::filesystem::exists(std::string(cluster["checkpoint_dir"].GetString()) + "/" +
                                       id + "/chk-1"))
      << "a finished job's checkpoints are deleted";

  sim_.Insert("emp", 5);  // rows arrive while the job is down
  RunRequest resume = run;
  resume.savepoint_path = *location;
  resume.claim_mode = "NO_CLAIM";
  const std::string id2 = Start(c, resume);
  WaitFor([&] { return sim_.Ctl("GET", "/runs")["runs"][1]["position"].GetInt() == 15; },
          "resumed");
  auto runs = sim_.Ctl("GET", "/runs");
  EXPECT_EQ(runs["runs"][1]["start_position"].GetInt(), 10) << "resumed exactly where it stopped";
  auto stats = c.Checkpoints(id2);
  ASSERT_TRUE(stats.ok());
  ASSERT_TRUE(stats->latest_restored);
  EXPECT_EQ(stats->latest_restored->external_path, *location);

  // Trigger a savepoint, then cancel.
  SavepointRequest sp;
  auto t2 = c.TriggerSavepoint(id2, sp);
  ASSERT_TRUE(t2.ok()) << t2.status().ToString();
  EXPECT_TRUE(c.WaitForSavepoint(id2, *t2, ctx_, 20).ok());
  ASSERT_TRUE(c.Cancel(id2).ok());
  WaitFor([&] { return StatusIs(c, id2, "CANCELED"); }, "CANCELED");
  EXPECT_TRUE(c.Cancel(id2).ok()) << "cancelling twice is harmless";
}

TEST_F(ClientTest, ErrorsAreTypedWithTheServersFirstLine) {
  auto cluster = sim_.Cluster("prod", "1.20");
  RestClient c(Opts(cluster));
  const std::string nobody = "c0000000000000000000000000000001";
  auto missing = c.Job(nobody);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("Job " + nobody + " not found"));
  EXPECT_THAT(missing.status().message(), Not(HasSubstr("\tat")));
  EXPECT_THAT(LastErrorDetail(), HasSubstr("NotFoundException"));
  EXPECT_EQ(c.Job("../../x").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(c.SavepointState(nobody, "d0000000000000000000000000000001").status().code(),
            Code::kNotFound);
  EXPECT_EQ(c.Get("/no/such/endpoint").status().code(), Code::kNotFound);

  // A finished job cannot be cancelled: 409.
  sim_.Insert("t", 1);
  RunRequest run;
  run.args = {"--source", "t"};
  const std::string id = Start(c, run);
  auto t = c.StopWithSavepoint(id, {});
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(c.WaitForSavepoint(id, *t, ctx_, 20).ok());
  Status conflict = c.Cancel(id);
  EXPECT_EQ(conflict.code(), Code::kConflict);
  EXPECT_THAT(conflict.message(), HasSubstr("already reached another terminal state (FINISHED)"));
}

TEST_F(ClientTest, FaultSwitches) {
  auto cluster = sim_.Cluster("prod", "1.20");
  ClientOptions o = Opts(cluster);
  o.retries = 2;
  RestClient c(o);
  // A short 5xx burst is retried for reads; a longer one is UNAVAILABLE.
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"errors":2,"status":503})");
  EXPECT_TRUE(c.Overview().ok());
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"errors":5,"status":503})");
  EXPECT_EQ(c.Overview().status().code(), Code::kUnavailable);
  sim_.Ctl("POST", "/clusters/prod/faults", "{}");
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"errors":1,"status":500})");
  Status internal = c.Overview().status();
  EXPECT_EQ(internal.code(), Code::kRemote);
  // The headline is the innermost cause (the RPC's TimeoutException), not "Internal server error.".
  EXPECT_THAT(internal.message(),
              HasSubstr("GET /overview: HTTP 500: Invocation of [LocalRpcInvocation("));
  EXPECT_THAT(internal.message(), HasSubstr("timed out."));
  EXPECT_THAT(internal.message(), Not(HasSubstr("\n")));
  EXPECT_THAT(LastErrorDetail(),
              HasSubstr("RestHandlerException: Could not retrieve the requested information."));
  // A dropped connection, then a slow answer past the timeout.
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"drop":5})");
  EXPECT_EQ(c.Overview().status().code(), Code::kUnavailable);
  sim_.Ctl("POST", "/clusters/prod/faults", "{}");
  ClientOptions quick = o;
  quick.timeout_ms = 200;
  RestClient impatient(quick);
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"slow":1,"delay_ms":1000})");
  EXPECT_EQ(impatient.Overview().status().code(), Code::kTimeout);
  sim_.Ctl("POST", "/clusters/prod/faults", "{}");

  // The next savepoint fails: Flink's reason, not a stack trace.
  sim_.Insert("f", 1);
  RunRequest run;
  run.args = {"--source", "f"};
  const std::string id = Start(c, run);
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"fail_savepoints":1})");
  auto t = c.TriggerSavepoint(id, {});
  ASSERT_TRUE(t.ok());
  auto failed = c.WaitForSavepoint(id, *t, ctx_, 20);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Code::kRemote);
  EXPECT_THAT(failed.status().message(), HasSubstr("IO-problem detected"));
  EXPECT_THAT(failed.status().message(), Not(HasSubstr("\tat")));

  // A deadline while waiting.
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"savepoint_ms":3000})");
  OperationContext soon;
  soon.deadline = Deadline::FromTimeoutMs(100);
  auto t2 = c.TriggerSavepoint(id, {});
  ASSERT_TRUE(t2.ok()) << t2.status().ToString();
  EXPECT_EQ(c.WaitForSavepoint(id, *t2, soon, 20).status().code(), Code::kTimeout);
  CancelToken cancel;
  OperationContext cancellable;
  cancellable.cancel = std::shared_ptr<const CancelToken>(&cancel, [](const CancelToken*) {});
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancel.Cancel();
  });
  EXPECT_EQ(c.WaitForSavepoint(id, *t2, cancellable, 20).status().code(), Code::kCancelled);
  canceller.join();
  sim_.Ctl("POST", "/clusters/prod/faults", "{}");

  // A killed cluster is gone.
  sim_.Ctl("DELETE", "/clusters/prod");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ClientOptions dead = o;
  dead.retries = 0;
  EXPECT_EQ(RestClient(dead).Overview().status().code(), Code::kUnavailable);
}

TEST_F(ClientTest, ProxiesCutBodiesEmptyAnswersAndAWrongVersionAreSaidPlainly) {
  auto cluster = sim_.Cluster("prod", "1.20");
  ClientOptions o = Opts(cluster);
  o.retries = 0;
  RestClient once(o);
  // A proxy's HTML page is not put into the message.
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"html":1,"status":502})");
  Status html = once.Overview().status();
  EXPECT_EQ(html.code(), Code::kUnavailable);
  EXPECT_EQ(html.message(), "GET /overview: HTTP 502 from a proxy (HTML page): 502 Bad Gateway");
  // A body cut short after its headers is UNAVAILABLE, and retried where the call may be.
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"cut":1})");
  Status cut = once.JobsOverview().status();
  EXPECT_EQ(cut.code(), Code::kUnavailable) << cut.ToString();
  EXPECT_THAT(cut.message(), HasSubstr("closed in the middle of the answer"));
  ClientOptions retrying = o;
  retrying.retries = 2;
  RestClient patient(retrying);
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"cut":1})");
  EXPECT_TRUE(patient.JobsOverview().ok());
  // "{}" is no overview and no checkpoint configuration: REMOTE naming the missing field.
  sim_.Insert("e", 1);
  RunRequest run;
  run.args = {"--source", "e"};
  const std::string id = Start(patient, run);
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"empty":1})");
  Status overview = once.Overview().status();
  EXPECT_EQ(overview.code(), Code::kRemote);
  EXPECT_THAT(overview.message(), HasSubstr("$.taskmanagers is missing"));
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"empty":1})");
  Status config = once.CheckpointConfiguration(id).status();
  EXPECT_EQ(config.code(), Code::kRemote);
  EXPECT_THAT(config.message(), HasSubstr("$.mode is missing"));
  ASSERT_TRUE(once.CheckpointConfiguration(id).ok()) << "the real answer decodes";

  // A client told the wrong version: the router's 404 says the version looks wrong.
  auto old = sim_.Cluster("old", "1.14");
  ClientOptions told = Opts(old);
  told.version = FlinkVersion{1, 17};
  RestClient wrong(told);
  sim_.Insert("w", 1);
  RunRequest run14;
  run14.args = {"--source", "w"};
  auto jar = wrong.UploadJar("job.jar", "PK\x03\x04");
  ASSERT_TRUE(jar.ok());
  auto id14 = wrong.RunJar(*jar, run14);
  ASSERT_TRUE(id14.ok()) << id14.status().ToString();
  Status status = wrong.JobStatus(*id14).status();
  EXPECT_EQ(status.code(), Code::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("is the configured Flink version right?"));
  RestClient detected(Opts(old));
  EXPECT_TRUE(detected.JobStatus(*id14).ok()) << "read from the cluster, the version is right";

  // TLS against a plain-HTTP port: the server does not speak TLS.
  ClientOptions tls = o;
  tls.url = std::string("https://") + (std::string(cluster["url"].GetString()).substr(7));
  Status handshake = RestClient(tls).Overview().status();
  EXPECT_EQ(handshake.code(), Code::kUnavailable) << handshake.ToString();
  EXPECT_THAT(handshake.message(), HasSubstr("the server does not speak TLS"));
}

TEST_F(ClientTest, GatewayFailuresSayTheirCauseAndStopJobNeedsApiV2) {
  auto now = sim_.Cluster("now", "1.20");
  ClientOptions g;
  g.url = now["gateway_url"].GetString();
  SqlGatewayClient gw(g);
  auto session = gw.OpenSession("s", {});
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  Result<StatementResult> bad = gw.Run(*session, "SELEKT 1", ctx_);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(),
              HasSubstr("HTTP 500: SQL parse failed. Encountered \"SELEKT\""))
      << "the innermost cause, not \"Failed to fetchResults.\"";
  EXPECT_THAT(LastErrorDetail(), HasSubstr("Failed to fetchResults."));
  // Numbers come back numbers.
  Result<StatementResult> one = gw.Run(*session, "SELECT 1", ctx_);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_EQ(one->rows.size(), 1u);
  EXPECT_EQ(one->rows[0].fields[0].kind, ResultField::Kind::kJson);
  EXPECT_EQ(one->rows[0].fields[0].text, "1");

  auto v116 = sim_.Cluster("v116", "1.16");
  ClientOptions g16;
  g16.url = v116["gateway_url"].GetString();
  auto http = std::make_shared<HttpClient>();
  SqlGatewayClient gw16(g16, http);
  auto s16 = gw16.OpenSession("s", {});
  ASSERT_TRUE(s16.ok()) << s16.status().ToString();
  const uint64_t before = http->request_count();
  Result<std::string> stop =
      gw16.StopJob(*s16, "a0000000000000000000000000000001", true, false, ctx_);
  EXPECT_EQ(stop.status().code(), Code::kUnsupported);
  EXPECT_THAT(stop.status().message(), HasSubstr("nothing was sent"));
  EXPECT_EQ(http->request_count(), before) << "no statement was sent";
}

TEST_F(ClientTest, ExceptionsAndCheckpointsAsEachVersionSendsThem) {
  for (const char* version : {"1.14", "1.17", "1.20", "2.2"}) {
    SCOPED_TRACE(version);
    const std::string name = std::string("v") + version;
    auto cluster = sim_.Cluster(name, version, "\"checkpoint_interval_ms\":60000");
    RestClient c(Opts(cluster));
    sim_.Insert("x", 1);
    RunRequest run;
    run.args = {"--source", "x"};
    const std::string id = Start(c, run);
    sim_.Ctl("POST", "/clusters/" + name + "/jobs/" + id + "/checkpoint");
    WaitFor(
        [&] {
          auto s = c.Checkpoints(id);
          return s.ok() && !s->history.empty();
        },
        "a checkpoint");
    auto stats = c.Checkpoints(id);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->history[0].class_name, "completed")
        << "\"@class\" in 1.14, \"className\" since";

    sim_.Ctl("POST", "/clusters/" + name + "/jobs/" + id + "/fail",
             R"({"reason":"lost the binlog position","concurrent":["disk full"]})");
    WaitFor(
        [&] {
          auto e = c.Exceptions(id);
          return e.ok() && !e->history.empty();
        },
        "an exception");
    auto ex = c.Exceptions(id);
    ASSERT_TRUE(ex.ok()) << ex.status().ToString();
    const ExceptionEntry& root = ex->history[0];
    EXPECT_EQ(root.endpoint, "127.0.0.1:42311") << "location (1.14-1.18) or endpoint (1.19+)";
    ASSERT_EQ(root.concurrent.size(), 1u);
    EXPECT_EQ(root.concurrent[0].name, "java.io.IOException");
    EXPECT_EQ(root.concurrent[0].endpoint, "127.0.0.1:42312");
    EXPECT_THAT(root.concurrent[0].stacktrace, HasSubstr("disk full"));
  }
}

TEST_F(ClientTest, AuthBoundsRestartsAndRetention) {
  auto cluster = sim_.Cluster(
      "prod", "1.20", "\"token\":\"s3cret\",\"restart_attempts\":1,\"checkpoint_interval_ms\":40");
  ClientOptions o = Opts(cluster);
  EXPECT_EQ(RestClient(o).Overview().status().code(), Code::kPermissionDenied);
  o.bearer_token = "s3cret";
  RestClient c(o);
  EXPECT_TRUE(c.Overview().ok());
  ClientOptions tiny = o;
  tiny.max_response_bytes = 64;
  auto big = RestClient(tiny).Config();
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), Code::kRemote);
  EXPECT_THAT(big.status().message(), HasSubstr("larger than 64 bytes"));

  // One restart allowed: the first failure restarts the job, the second fails it.
  sim_.Insert("r", 2);
  RunRequest run;
  run.args = {"--source", "r"};
  const std::string id = Start(c, run);
  WaitFor(
      [&] {
        auto s = c.Checkpoints(id);
        return s.ok() && s->completed >= 1;
      },
      "a checkpoint");
  sim_.Ctl("POST", "/clusters/prod/jobs/" + id + "/fail", "{}");
  WaitFor([&] { return StatusIs(c, id, "RUNNING"); }, "restarted");
  EXPECT_GE(c.Job(id)->timestamps.at("RESTARTING"), 1);
  sim_.Ctl("POST", "/clusters/prod/jobs/" + id + "/fail", "{}");
  WaitFor([&] { return StatusIs(c, id, "FAILED"); }, "FAILED");
  EXPECT_EQ(c.Exceptions(id)->history.size(), 2u);

  // RETAIN_ON_CANCELLATION keeps the last checkpoint when cancelled.
  const std::string id2 = Start(c, run);
  WaitFor(
      [&] {
        auto s = c.Checkpoints(id2);
        return s.ok() && s->completed >= 1;
      },
      "a checkpoint");
  const std::string kept = c.Checkpoints(id2)->latest_completed->external_path.substr(5);
  ASSERT_TRUE(c.Cancel(id2).ok());
  WaitFor([&] { return StatusIs(c, id2, "CANCELED"); }, "CANCELED");
  EXPECT_TRUE(std::filesystem::exists(kept + "/_metadata"));
  EXPECT_TRUE(std::filesystem::exists(std::string(cluster["checkpoint_dir"].GetString()) + "/" +
                                      id2 + "/shared"));

  auto other = sim_.Cluster(
      "other", "1.20", "\"retention\":\"DELETE_ON_CANCELLATION\",\"checkpoint_interval_ms\":40");
  RestClient d(Opts(other));
  const std::string id3 = Start(d, run);
  WaitFor(
      [&] {
        auto s = d.Checkpoints(id3);
        return s.ok() && s->completed >= 1;
      },
      "a checkpoint");
  const std::string gone = d.Checkpoints(id3)->latest_completed->external_path.substr(5);
  ASSERT_TRUE(d.Cancel(id3).ok());
  WaitFor([&] { return StatusIs(d, id3, "CANCELED"); }, "CANCELED");
  EXPECT_FALSE(std::filesystem::exists(gone)) << "DELETE_ON_CANCELLATION";

  auto jar = d.UploadJar("x.jar", "PK");
  ASSERT_TRUE(jar.ok());
  EXPECT_TRUE(d.DeleteJar(*jar).ok());
  EXPECT_EQ(d.DeleteJar(*jar).code(), Code::kInvalidArgument);
  EXPECT_EQ(d.UploadJar("x.zip", "PK").status().code(), Code::kInvalidArgument);
}

TEST_F(ClientTest, TlsIsVerifiedByDefault) {
  const std::string data = std::string(FLOWSTATE_SOURCE_DIR) + "/tests/flink/data/";
  auto cluster = sim_.Cluster(
      "tls", "1.20",
      "\"tls_cert\":\"" + data + "server.pem\",\"tls_key\":\"" + data + "server.key\"");
  ClientOptions o = Opts(cluster);
  ASSERT_EQ(o.url.rfind("https://", 0), 0u);
  o.retries = 0;
  auto untrusted = RestClient(o).Overview();
  ASSERT_FALSE(untrusted.ok());
  EXPECT_EQ(untrusted.status().code(), Code::kPermissionDenied) << untrusted.status().ToString();
  o.tls.ca_file = data + "ca.pem";
  auto trusted = RestClient(o).Overview();
  EXPECT_TRUE(trusted.ok()) << trusted.status().ToString();
  ClientOptions insecure = Opts(cluster);
  insecure.tls.verify = false;
  EXPECT_TRUE(RestClient(insecure).Overview().ok());
}

// A trigger id given for Flink 1.14, which chooses its own, is refused before anything is
// sent, unless the caller accepts the server's id, which comes back at once.
TEST_F(ClientTest, ATriggerIdFlinkCannotHonourIsRefusedNotDropped) {
  auto old = sim_.Cluster("old", "1.14");
  auto http = std::make_shared<HttpClient>();
  RestClient c14(Opts(old), http);
  sim_.Insert("k", 1);
  RunRequest run;
  run.args = {"--source", "k"};
  const std::string id = Start(c14, run);
  const std::string mine = "0123456789abcdef0123456789abcdef";
  SavepointRequest keyed;
  keyed.trigger_id = mine;
  const uint64_t before = http->request_count();
  Result<std::string> refused = c14.TriggerSavepoint(id, keyed);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kUnsupported);
  EXPECT_THAT(refused.status().message(), HasSubstr("nothing was sent"));
  EXPECT_EQ(http->request_count(), before) << "refused before anything is sent";
  StopRequest stop;
  stop.trigger_id = mine;
  EXPECT_EQ(c14.StopWithSavepoint(id, stop).status().code(), Code::kUnsupported);
  EXPECT_EQ(http->request_count(), before);
  keyed.accept_server_trigger_id = true;
  Result<std::string> server = c14.TriggerSavepoint(id, keyed);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  EXPECT_NE(*server, mine) << "the server's id, to record";
  EXPECT_TRUE(c14.WaitForSavepoint(id, *server, ctx_, 20).ok());
  // From 1.15 the caller's id is honoured: the same id twice is one savepoint.
  auto now = sim_.Cluster("now", "1.20");
  RestClient c20(Opts(now));
  sim_.Insert("n", 1);
  RunRequest run20;
  run20.args = {"--source", "n"};
  const std::string id20 = Start(c20, run20);
  keyed.accept_server_trigger_id = false;
  EXPECT_EQ(c20.TriggerSavepoint(id20, keyed).value(), mine);
  EXPECT_EQ(c20.TriggerSavepoint(id20, keyed).value(), mine);
}

TEST_F(ClientTest, AClusterOutsideTheKnownVersionsIsRefusedAndPatchLevelsAreKept) {
  auto ancient = sim_.Cluster("ancient", "1.13.6");
  RestClient c13(Opts(ancient));
  Result<FlinkVersion> v13 = c13.Version();
  ASSERT_FALSE(v13.ok());
  EXPECT_EQ(v13.status().code(), Code::kUnsupportedVersion) << v13.status().ToString();
  EXPECT_THAT(v13.status().message(), HasSubstr(ancient["url"].GetString()));
  EXPECT_THAT(v13.status().message(),
              HasSubstr("Flink 1.13.6 is outside the versions flowstate knows (1.14 to 1.20"));
  EXPECT_EQ(c13.JobsOverview().status().code(), Code::kOk)
      << "reading the overview needs no version";
  EXPECT_EQ(c13.JobStatus("a0000000000000000000000000000001").status().code(),
            Code::kUnsupportedVersion);

  auto patched = sim_.Cluster("patched", "1.18.1");
  RestClient c18(Opts(patched));
  ASSERT_TRUE(c18.Version().ok());
  EXPECT_EQ(c18.Version()->ToString(), "1.18.1");
  EXPECT_TRUE(*c18.Version() >= (FlinkVersion{1, 18}));

  // A claim mode the version lacks is refused before anything is sent.
  auto old = sim_.Cluster("old", "1.14.6");
  auto http = std::make_shared<HttpClient>();
  RestClient c14(Opts(old), http);
  ASSERT_TRUE(c14.Version().ok());
  RunRequest resume;
  resume.savepoint_path = "file:///tmp/sp/savepoint-a00000-0123456789ab";
  resume.claim_mode = "NO_CLAIM";
  const uint64_t before = http->request_count();
  Result<std::string> refused = c14.RunJar("cdc-job.jar", resume);
  EXPECT_EQ(refused.status().code(), Code::kUnsupported);
  EXPECT_THAT(refused.status().message(), HasSubstr("Flink 1.14.6 restores in LEGACY mode only"));
  EXPECT_EQ(http->request_count(), before);
}

TEST_F(ClientTest, VersionDialects) {
  auto old = sim_.Cluster("old", "1.14");
  RestClient c14(Opts(old));
  EXPECT_EQ(c14.Version().value(), (FlinkVersion{1, 14}));
  sim_.Insert("o", 3);
  RunRequest run;
  run.args = {"--source", "o"};
  const std::string id = Start(c14, run);  // JobStatus falls back to the job details on 1.14
  SavepointRequest native;
  native.format = "NATIVE";
  EXPECT_EQ(c14.TriggerSavepoint(id, native).status().code(), Code::kUnsupported);
  auto t = c14.TriggerSavepoint(id, {});  // no formatType, no triggerId: 1.14 would answer 400
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(c14.WaitForSavepoint(id, *t, ctx_, 20).ok());
  RunRequest with_conf = run;
  with_conf.flink_configuration["pipeline.name"] = "x";
  EXPECT_EQ(c14.RunJar("whatever.jar", with_conf).status().code(), Code::kUnsupported);

  auto now = sim_.Cluster("new", "2.2");
  RestClient c22(Opts(now));
  RunRequest run22 = run;
  run22.flink_configuration["pipeline.name"] = "emp";
  const std::string id22 = Start(c22, run22);
  auto jobs = c22.JobsOverview();
  ASSERT_TRUE(jobs.ok());
  EXPECT_EQ((*jobs)[0].name, "emp");
  auto ex = c22.Exceptions(id22);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  EXPECT_EQ(ex->root_exception, "") << "2.x answers exceptionHistory only";

  // Several clusters polled at once.
  RestClient* all[] = {&c14, &c22};
  auto many = JobsOverviewOfMany({all[0], all[1]});
  ASSERT_EQ(many.size(), 2u);
  EXPECT_TRUE(many[0].ok() && many[1].ok());
  auto cps = CheckpointsOfMany(c22, {id22, "e0000000000000000000000000000001", "bad"});
  ASSERT_EQ(cps.size(), 3u);
  EXPECT_TRUE(cps[0].ok()) << cps[0].status().ToString();
  EXPECT_EQ(cps[1].status().code(), Code::kNotFound);
  EXPECT_EQ(cps[2].status().code(), Code::kInvalidArgument);
}

TEST_F(ClientTest, RoundsOfManyRequestsKeepTheirConnections) {
  // Three clusters sharing one HTTP client, polled in rounds: the first round opens the
  // connections, the next ones open none (the simulator keeps HTTP/1.1 connections open).
  // One request in flight at a time, so that each round needs exactly one connection per
  // cluster: more in flight would make how many a round needs a matter of timing.
  auto http = std::make_shared<HttpClient>();
  std::vector<std::unique_ptr<RestClient>> clients;
  std::vector<RestClient*> all;
  std::vector<std::string> jobs;
  for (const char* name : {"a", "b", "c"}) {
    auto cluster = sim_.Cluster(name, "1.20");
    clients.push_back(std::make_unique<RestClient>(Opts(cluster), http));
    all.push_back(clients.back().get());
  }
  RunRequest run;
  run.args = {"--source", "emp"};
  for (int i = 0; i < 4; ++i) jobs.push_back(Start(*clients[0], run));
  auto round = [&] {
    for (auto& r : JobsOverviewOfMany(all, 1)) ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (auto& r : CheckpointsOfMany(*clients[0], jobs, 1)) {
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  };
  const uint64_t before = http->connection_count();  // the jobs' submissions opened some
  round();
  const uint64_t opened = http->connection_count();
  EXPECT_EQ(opened - before, 3u) << "one per cluster";
  const uint64_t sent = http->request_count();
  for (int i = 0; i < 3; ++i) round();
  EXPECT_EQ(http->request_count(), sent + 3 * (3 + 4));
  EXPECT_EQ(http->connection_count(), opened) << "a round after the first opens no connection";
  // A cancellable single request reuses them too.
  auto token = std::make_shared<CancelToken>();
  OperationContext ctx;
  ctx.cancel = token;
  ContextScope scope(ctx);
  ASSERT_TRUE(clients[1]->JobsOverview().ok());
  ASSERT_TRUE(clients[1]->JobsOverview().ok());
  EXPECT_LE(http->connection_count(), opened + 1);
}

TEST_F(ClientTest, SqlGatewayRunsAnInsertAndStopsItWithASavepoint) {
  auto cluster = sim_.Cluster("prod", "1.20");
  SqlGatewayClient g(Opts(cluster, "gateway_url"));
  EXPECT_EQ(g.ApiVersion().value(), 3) << "1.20 offers V1-V3";
  EXPECT_EQ(g.Info().value(), "1.20");
  auto session = g.OpenSession("etl", {{"execution.runtime-mode", "streaming"}});
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(g.SessionConfig(*session).value().at("execution.runtime-mode"), "streaming");
  EXPECT_TRUE(g.Heartbeat(*session).ok());

  sim_.Insert("emp_src", 4);
  ASSERT_TRUE(g.Run(*session, "SET 'pipeline.name' = 'emp'", ctx_).ok());
  auto insert = g.Run(*session, "INSERT INTO emp_sink SELECT * FROM emp_src", ctx_);
  ASSERT_TRUE(insert.ok()) << insert.status().ToString();
  ASSERT_EQ(insert->job_id.size(), 32u);
  RestClient c(Opts(cluster));
  WaitFor([&] { return StatusIs(c, insert->job_id, "RUNNING"); }, "RUNNING");
  auto path = g.StopJob(*session, insert->job_id, true, false, ctx_);
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_THAT(*path, HasSubstr("savepoint-"));
  EXPECT_EQ(c.JobStatus(insert->job_id).value(), "FINISHED");

  // Restore through the session, as Dinky and the SQL client do.
  sim_.Insert("emp_src", 2);
  ASSERT_TRUE(g.Run(*session, "SET 'execution.state-recovery.path' = '" + *path + "'", ctx_).ok());
  auto again = g.Run(*session, "INSERT INTO emp_sink SELECT * FROM emp_src", ctx_);
  ASSERT_TRUE(again.ok());
  WaitFor([&] { return StatusIs(c, again->job_id, "RUNNING"); }, "RUNNING again");
  EXPECT_EQ(sim_.Ctl("GET", "/runs")["runs"][1]["start_position"].GetInt(), 4);

  // STOP JOB without WITH SAVEPOINT cancels.
  ASSERT_TRUE(g.StopJob(*session, again->job_id, false, false, ctx_).ok());
  WaitFor([&] { return StatusIs(c, again->job_id, "CANCELED"); }, "CANCELED");

  auto bad = g.Run(*session, "SELEKT nonsense", ctx_);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("SQL parse failed"));
  EXPECT_TRUE(g.CloseSession(*session).ok());
  EXPECT_FALSE(g.Heartbeat(*session).ok());

  auto v116 = sim_.Cluster("g116", "1.16");
  SqlGatewayClient old(Opts(v116, "gateway_url"));
  EXPECT_EQ(old.ApiVersion().value(), 1);
  auto s2 = old.OpenSession("", {});
  ASSERT_TRUE(s2.ok());
  EXPECT_TRUE(old.Run(*s2, "SELECT 1", ctx_).ok()) << "V1 fetches without rowFormat";
}

}  // namespace
}  // namespace flowstate::core::flink
