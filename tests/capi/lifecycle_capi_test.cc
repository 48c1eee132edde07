// The lifecycle through the C ABI and the C++ API, against the simulator: a handle over a
// catalog, storage and a resolver that adds the host's credentials; adopt, savepoint, stop,
// cancel and recover with their reports; the operation log; the failure paths.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

#include "../flink/sim_harness.h"
#include "flowstate/flowstate.h"
#include "flowstate/flowstate.hpp"

namespace {

using flowstate::testing::FlinkSim;
using ::testing::HasSubstr;

constexpr const char* kJid = "e0e0e0e0000000000000000000000001";

class LifecycleCapiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = sim_.Cluster("prod", "1.20",
                          "\"checkpoint_interval_ms\":40,\"num_retained\":3,"
                          "\"retention\":\"RETAIN_ON_CANCELLATION\"");
    url_ = c["url"].GetString();
    const std::string cp = std::string("file://") + c["checkpoint_dir"].GetString();
    const std::string sp = std::string("file://") + c["savepoint_dir"].GetString();
    flowstate_catalog_options co = FLOWSTATE_CATALOG_OPTIONS_INIT;
    const std::string db = sim_.dir() + "/catalog.db";
    ASSERT_EQ(flowstate_catalog_open(&cat_, db.c_str(), &co), FLOWSTATE_OK);
    flowstate_cluster_info cl = FLOWSTATE_CLUSTER_INFO_INIT;
    cl.name = "prod";
    cl.rest_url = url_.c_str();
    cl.flink_version = "1.20";
    cl.checkpoint_dir = cp.c_str();
    cl.savepoint_dir = sp.c_str();
    ASSERT_EQ(flowstate_catalog_put_cluster(nullptr, cat_, &cl), FLOWSTATE_OK);
    flowstate_job_info j = FLOWSTATE_JOB_INFO_INIT;
    j.name = "emp";
    j.folder = "/cdc";
    j.cluster = "prod";
    ASSERT_EQ(flowstate_catalog_add_job(nullptr, cat_, &j), FLOWSTATE_OK);
    ASSERT_EQ(flowstate_storage_new(&storage_, nullptr), FLOWSTATE_OK);
    sim_.Insert("emp", 2);
    flowstate_flink_options fo = FLOWSTATE_FLINK_OPTIONS_INIT;
    fo.endpoint.url = url_.c_str();
    ASSERT_EQ(flowstate_flink_client_new(&client_, &fo), FLOWSTATE_OK);
    char* jar = nullptr;
    ASSERT_EQ(flowstate_flink_upload_jar(&jar, client_, "runner.jar", "PK", 2), FLOWSTATE_OK);
    flowstate_jar_run_options run = FLOWSTATE_JAR_RUN_OPTIONS_INIT;
    const char* args[] = {"--source", "emp"};
    run.args = args;
    run.arg_count = 2;
    run.job_id = kJid;
    char* id = nullptr;
    ASSERT_EQ(flowstate_flink_run_jar(&id, client_, jar, &run), FLOWSTATE_OK)
        << flowstate_error_last_message();
    flowstate_string_free(id);
    flowstate_string_free(jar);
    WaitStatus("RUNNING");
  }
  void TearDown() override {
    flowstate_flink_client_free(client_);
    flowstate_storage_free(storage_);
    flowstate_catalog_free(cat_);
  }
  std::string Status() {
    char* s = nullptr;
    if (flowstate_flink_job_status(&s, client_, kJid) != FLOWSTATE_OK) return "?";
    std::string out = s;
    flowstate_string_free(s);
    return out;
  }
  void WaitStatus(const std::string& want) {
    for (int i = 0; i < 300 && Status() != want; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_EQ(Status(), want);
  }

  FlinkSim sim_;
  std::string url_;
  flowstate_catalog* cat_ = nullptr;
  flowstate_storage* storage_ = nullptr;
  flowstate_flink_client* client_ = nullptr;
};

struct Seen {
  std::atomic<int> calls{0};
  std::string cluster, url;
};

int Resolve(void* user, const char* cluster, flowstate_endpoint* e) {
  auto* seen = static_cast<Seen*>(user);
  ++seen->calls;
  seen->cluster = cluster;
  seen->url = e->url != nullptr ? e->url : "";
  e->bearer_token = "host-token";  // the simulator's cluster takes any token
  return FLOWSTATE_OK;
}

int Refuse(void*, const char*, flowstate_endpoint*) { return FLOWSTATE_E_PERMISSION_DENIED; }

TEST_F(LifecycleCapiTest, TheActionsThroughTheCAbi) {
  Seen seen;
  flowstate_lifecycle_options o = FLOWSTATE_LIFECYCLE_OPTIONS_INIT;
  o.resolve_cluster = &Resolve;
  o.resolver_user_data = &seen;
  o.poll_ms = 20;
  flowstate_lifecycle* life = nullptr;
  ASSERT_EQ(flowstate_lifecycle_new(&life, cat_, storage_, &o), FLOWSTATE_OK);
  flowstate_operation op = FLOWSTATE_OPERATION_INIT;
  op.timeout_ms = 20000;

  flowstate_action_report* rep = nullptr;
  ASSERT_EQ(flowstate_lifecycle_adopt(&rep, life, "/cdc/emp", kJid, &op), FLOWSTATE_OK)
      << flowstate_error_last_message();
  EXPECT_GE(seen.calls.load(), 1);
  EXPECT_EQ(seen.cluster, "prod");
  EXPECT_EQ(seen.url, url_);
  EXPECT_EQ(flowstate_action_report_commits(rep), 1);
  flowstate_transition_info t = FLOWSTATE_TRANSITION_INFO_INIT;
  ASSERT_EQ(flowstate_action_report_transition_get(rep, 0, &t), FLOWSTATE_OK);
  EXPECT_EQ(t.from_state, FLOWSTATE_JOB_NEW);
  EXPECT_EQ(t.to_state, FLOWSTATE_JOB_RUNNING);
  EXPECT_EQ(flowstate_action_report_transition_get(rep, 1, &t), FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_action_report_free(rep);

  ASSERT_EQ(flowstate_lifecycle_savepoint(&rep, life, "/cdc/emp", nullptr, &op), FLOWSTATE_OK)
      << flowstate_error_last_message();
  flowstate_operation_record rec = FLOWSTATE_OPERATION_RECORD_INIT;
  ASSERT_EQ(flowstate_action_report_operation(rep, &rec), FLOWSTATE_OK);
  EXPECT_EQ(rec.kind, FLOWSTATE_OPERATION_SAVEPOINT);
  EXPECT_EQ(rec.phase, FLOWSTATE_OPERATION_PHASE_DONE);
  EXPECT_EQ(std::strlen(rec.key), 32u);
  ASSERT_EQ(flowstate_action_report_snapshot_count(rep), 1u);
  flowstate_snapshot_record s = FLOWSTATE_SNAPSHOT_RECORD_INIT;
  ASSERT_EQ(flowstate_action_report_snapshot_get(rep, 0, &s), FLOWSTATE_OK);
  EXPECT_EQ(s.kind, FLOWSTATE_SNAPSHOT_SAVEPOINT);
  EXPECT_STREQ(s.trigger_id, rec.key);
  EXPECT_TRUE(std::filesystem::exists(std::string(s.path).substr(7) + "/_metadata"));
  EXPECT_GE(flowstate_action_report_reason_count(rep), 1u);
  EXPECT_EQ(flowstate_action_report_reason(rep, 99), nullptr);
  flowstate_action_report_free(rep);

  flowstate_action_options ao = FLOWSTATE_ACTION_OPTIONS_INIT;
  ao.stop_mode = FLOWSTATE_STOP_STOP;
  ASSERT_EQ(flowstate_lifecycle_stop(&rep, life, "/cdc/emp", &ao, &op), FLOWSTATE_OK)
      << flowstate_error_last_message();
  ASSERT_EQ(flowstate_action_report_snapshot_get(rep, 0, &s), FLOWSTATE_OK);
  EXPECT_EQ(s.origin, FLOWSTATE_ORIGIN_CANCEL);
  flowstate_action_report_free(rep);
  EXPECT_EQ(Status(), "CANCELED");
  // A stop of a suspended job: ILLEGAL_STATE naming the state; nothing recorded.
  EXPECT_EQ(flowstate_lifecycle_stop(&rep, life, "/cdc/emp", &ao, &op), FLOWSTATE_E_ILLEGAL_STATE);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("SUSPENDED"));
  EXPECT_EQ(rep, nullptr);

  // The operation log, newest first.
  flowstate_operation_list* ops = nullptr;
  ASSERT_EQ(flowstate_catalog_list_operations(&ops, cat_, "/cdc/emp", 0, 0), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_operation_list_count(ops), 3u);
  ASSERT_EQ(flowstate_operation_list_get(ops, 0, &rec), FLOWSTATE_OK);
  EXPECT_EQ(rec.kind, FLOWSTATE_OPERATION_STOP);
  EXPECT_STREQ(rec.params,
               "{\"mode\":\"stop\",\"target_directory\":\"\",\"drain\":false,"
               "\"allow_fallback\":true,\"force\":false}");
  EXPECT_THAT(rec.owner, HasSubstr(":"));
  flowstate_operation_list_free(ops);
  ASSERT_EQ(flowstate_catalog_list_operations(&ops, cat_, nullptr, 1, 0), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_operation_list_count(ops), 0u);
  flowstate_operation_list_free(ops);

  flowstate_recover_report* rr = nullptr;
  ASSERT_EQ(flowstate_lifecycle_recover(&rr, life, &op), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_recover_report_resolved_count(rr), 0u);
  EXPECT_EQ(flowstate_recover_report_resolved(rr, 0), nullptr);
  EXPECT_EQ(flowstate_recover_report_skipped(rr, 0), nullptr);
  flowstate_recover_report_free(rr);
  flowstate_lifecycle_free(life);
}

TEST_F(LifecycleCapiTest, FailurePathsThroughTheCAbi) {
  flowstate_lifecycle* life = nullptr;
  EXPECT_EQ(flowstate_lifecycle_new(nullptr, cat_, storage_, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_lifecycle_new(&life, nullptr, storage_, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_lifecycle_options o = FLOWSTATE_LIFECYCLE_OPTIONS_INIT;
  o.version = 99;
  EXPECT_EQ(flowstate_lifecycle_new(&life, cat_, storage_, &o), FLOWSTATE_E_UNSUPPORTED_VERSION);
  o = FLOWSTATE_LIFECYCLE_OPTIONS_INIT;
  o.resolve_cluster = &Refuse;
  ASSERT_EQ(flowstate_lifecycle_new(&life, cat_, storage_, &o), FLOWSTATE_OK);
  // The resolver's refusal is the action's error; nothing is recorded.
  EXPECT_EQ(flowstate_lifecycle_adopt(nullptr, life, "/cdc/emp", kJid, nullptr),
            FLOWSTATE_E_PERMISSION_DENIED);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("prod"));
  EXPECT_EQ(flowstate_lifecycle_adopt(nullptr, life, "/cdc/emp", nullptr, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_lifecycle_cancel(nullptr, nullptr, "/cdc/emp", nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_action_options ao = FLOWSTATE_ACTION_OPTIONS_INIT;
  ao.stop_mode = 7;
  EXPECT_EQ(flowstate_lifecycle_stop(nullptr, life, "/cdc/emp", &ao, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  // Version 3's operator uids: a count without names, or an empty name, is refused before
  // anything is read; a version-2 caller's struct ends before them.
  ao = FLOWSTATE_ACTION_OPTIONS_INIT;
  ao.operator_uid_count = 1;
  EXPECT_EQ(flowstate_lifecycle_resume(nullptr, life, "/cdc/emp", &ao, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("operator_uids"));
  const char* empty[] = {""};
  ao.operator_uids = empty;
  EXPECT_EQ(flowstate_lifecycle_resume(nullptr, life, "/cdc/emp", &ao, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  ao.version = 2;
  EXPECT_EQ(flowstate_lifecycle_resume(nullptr, life, "/cdc/emp", &ao, nullptr),
            FLOWSTATE_E_PERMISSION_DENIED)
      << "read as version 2: on to the resolver, which refuses";
  flowstate_lifecycle_free(life);
  // Without storage a savepoint fails closed: it would count before being verified.
  ASSERT_EQ(flowstate_lifecycle_new(&life, cat_, nullptr, nullptr), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_lifecycle_adopt(nullptr, life, "/cdc/emp", kJid, nullptr), FLOWSTATE_OK)
      << flowstate_error_last_message();
  EXPECT_EQ(flowstate_lifecycle_savepoint(nullptr, life, "/cdc/emp", nullptr, nullptr),
            FLOWSTATE_E_ILLEGAL_STATE);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("verified"));
  flowstate_lifecycle_free(life);
  flowstate_lifecycle_free(nullptr);
  flowstate_action_report_free(nullptr);
  EXPECT_EQ(flowstate_action_report_commits(nullptr), 0);
}

TEST_F(LifecycleCapiTest, TheActionsThroughTheCppApi) {
  auto cat = flowstate::Catalog::open(sim_.dir() + "/catalog.db");
  ASSERT_TRUE(cat.ok());
  auto storage = flowstate::Storage::create();
  ASSERT_TRUE(storage.ok());
  flowstate::LifecycleOptions o;
  o.poll_ms = 20;
  std::atomic<int> asked{0};
  o.resolve_cluster = [&](const std::string& cluster, flowstate::Endpoint& e) {
    ++asked;
    EXPECT_EQ(cluster, "prod");
    e.bearer_token = "host-token";
    return flowstate::Status();
  };
  auto life = flowstate::Lifecycle::open(*cat, &*storage, o);
  ASSERT_TRUE(life.ok()) << life.status().to_string();
  flowstate::ActionContext ctx;
  ctx.timeout_ms = 20000;
  auto adopted = life->adopt("/cdc/emp", kJid, ctx);
  ASSERT_TRUE(adopted.ok()) << adopted.status().to_string();
  EXPECT_GE(asked.load(), 1);
  sim_.Ctl("POST", std::string("/clusters/prod/jobs/") + kJid + "/checkpoint");
  flowstate::ActionOptions normal;
  normal.stop_mode = flowstate::StopMode::normal;
  auto stopped = life->stop("/cdc/emp", normal, ctx);
  ASSERT_TRUE(stopped.ok()) << stopped.status().to_string();
  ASSERT_EQ(stopped->transitions.size(), 2u);
  EXPECT_EQ(stopped->transitions[1].to_state, flowstate::JobState::suspended);
  ASSERT_FALSE(stopped->snapshots.empty());
  for (const auto& s : stopped->snapshots) {
    EXPECT_EQ(s.origin, flowstate::Origin::retained_checkpoint);
  }
  auto ops = flowstate::list_operations(*cat, "/cdc/emp");
  ASSERT_TRUE(ops.ok());
  ASSERT_EQ(ops->size(), 2u);
  EXPECT_EQ((*ops)[0].kind, flowstate::OperationKind::stop);
  EXPECT_EQ(life->cancel("/cdc/emp", ctx).status().code(), flowstate::ErrorCode::illegal_state);
  auto rec = life->recover(ctx);
  ASSERT_TRUE(rec.ok());
  EXPECT_TRUE(rec->resolved.empty());
}

struct Rounds {
  int seen = 0, failed = 0, stop_after = 0;
  int64_t jobs = 0;
  flowstate_cancel_token* token = nullptr;  // cancelled after stop_after rounds, when set
};

int OnRound(void* user, const flowstate_observe_report* rep, int code, const char*) {
  auto* r = static_cast<Rounds*>(user);
  if (rep == nullptr || code != FLOWSTATE_OK) {
    ++r->failed;
    return 1;
  }
  ++r->seen;
  flowstate_observe_info info = FLOWSTATE_OBSERVE_INFO_INIT;
  if (flowstate_observe_report_get(rep, &info) == FLOWSTATE_OK) r->jobs += info.jobs;
  if (r->seen < r->stop_after) return 0;
  if (r->token == nullptr) return 1;  // asks to stop
  flowstate_cancel_token_cancel(r->token);
  return 0;
}

TEST_F(LifecycleCapiTest, ObservationRoundsThroughTheCAbi) {
  flowstate_lifecycle_options lo = FLOWSTATE_LIFECYCLE_OPTIONS_INIT;
  lo.poll_ms = 20;
  flowstate_lifecycle* life = nullptr;
  ASSERT_EQ(flowstate_lifecycle_new(&life, cat_, storage_, &lo), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_lifecycle_adopt(nullptr, life, "/cdc/emp", kJid, nullptr), FLOWSTATE_OK)
      << flowstate_error_last_message();
  sim_.Ctl("POST", std::string("/clusters/prod/jobs/") + kJid + "/checkpoint");
  flowstate_operation op = FLOWSTATE_OPERATION_INIT;
  op.timeout_ms = 10000;
  flowstate_observe_options o = FLOWSTATE_OBSERVE_OPTIONS_INIT;
  const char* clusters[] = {"prod"};
  o.clusters = clusters;
  o.cluster_count = 1;
  o.reconcile_period_ms = 0;
  flowstate_observe_report* rep = nullptr;
  ASSERT_EQ(flowstate_lifecycle_observe(&rep, life, &o, &op), FLOWSTATE_OK)
      << flowstate_error_last_message();
  flowstate_observe_info info = FLOWSTATE_OBSERVE_INFO_INIT;
  ASSERT_EQ(flowstate_observe_report_get(rep, &info), FLOWSTATE_OK);
  EXPECT_EQ(info.jobs, 1);
  EXPECT_EQ(info.statistics, 1);
  EXPECT_GE(info.requests, 2u);
  EXPECT_EQ(info.unreachable_count, 0u);
  const flowstate_record_list* captured = flowstate_observe_report_captured(rep);
  ASSERT_GE(flowstate_record_list_count(captured), 1u) << "the checkpoint just taken";
  flowstate_snapshot_record s = FLOWSTATE_SNAPSHOT_RECORD_INIT;
  ASSERT_EQ(flowstate_record_list_get(captured, 0, &s), FLOWSTATE_OK);
  EXPECT_EQ(s.kind, FLOWSTATE_SNAPSHOT_CHECKPOINT);
  EXPECT_EQ(flowstate_observe_report_change_count(rep), 0u) << "RUNNING stays RUNNING";
  ASSERT_EQ(flowstate_observe_report_gap_count(rep), 1u);
  EXPECT_STREQ(flowstate_observe_report_gap_job(rep, 0), "/cdc/emp");
  const flowstate_reconcile_report* gap = flowstate_observe_report_gap(rep, 0);
  ASSERT_NE(gap, nullptr);
  EXPECT_EQ(flowstate_record_list_count(flowstate_reconcile_report_missing(gap)), 0u);
  EXPECT_EQ(flowstate_observe_report_gap(rep, 1), nullptr);
  EXPECT_EQ(flowstate_observe_report_gap_job(rep, 1), nullptr);
  flowstate_observe_report_free(rep);
  flowstate_watch_info w = FLOWSTATE_WATCH_INFO_INIT;
  ASSERT_EQ(flowstate_catalog_get_watch(cat_, "/cdc/emp", &w), FLOWSTATE_OK);
  EXPECT_STREQ(w.flink_status, "RUNNING");
  EXPECT_GT(w.observed_ms, 0);
  EXPECT_EQ(w.unreachable_since_ms, -1);
  EXPECT_EQ(w.presumed_lost, 0);

  // The cluster stops answering: UNREACHABLE, the change in the report and the watch.
  sim_.Ctl("POST", "/clusters/prod/faults", "{\"errors\":100000,\"status\":503}");
  ASSERT_EQ(flowstate_lifecycle_observe(&rep, life, nullptr, &op), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_observe_report_change_count(rep), 1u);
  flowstate_observed_change c = FLOWSTATE_OBSERVED_CHANGE_INIT;
  ASSERT_EQ(flowstate_observe_report_change_get(rep, 0, &c), FLOWSTATE_OK);
  EXPECT_STREQ(c.job, "/cdc/emp");
  EXPECT_EQ(c.from_state, FLOWSTATE_JOB_RUNNING);
  EXPECT_EQ(c.to_state, FLOWSTATE_JOB_UNREACHABLE);
  EXPECT_STREQ(c.flink_status, "");
  EXPECT_THAT(c.why, HasSubstr("does not answer"));
  EXPECT_EQ(flowstate_observe_report_change_get(rep, 1, &c), FLOWSTATE_E_INVALID_ARGUMENT);
  c.version = 99;
  EXPECT_EQ(flowstate_observe_report_change_get(rep, 0, &c), FLOWSTATE_E_UNSUPPORTED_VERSION);
  ASSERT_EQ(flowstate_observe_report_get(rep, &info), FLOWSTATE_OK);
  ASSERT_EQ(info.unreachable_count, 1u);
  EXPECT_THAT(info.unreachable[0], HasSubstr("prod: "));
  flowstate_observe_report_free(rep);
  ASSERT_EQ(flowstate_catalog_get_watch(cat_, "/cdc/emp", &w), FLOWSTATE_OK);
  EXPECT_EQ(w.failed_probes, 1);
  EXPECT_GT(w.unreachable_since_ms, 0);
  EXPECT_STREQ(w.flink_status, "RUNNING") << "the last status is kept";
  sim_.Ctl("POST", "/clusters/prod/faults", "{}");

  // The loop: rounds until the callback asks to stop, or the token is cancelled.
  Rounds r;
  r.stop_after = 3;
  ASSERT_EQ(flowstate_lifecycle_watch(life, nullptr, 20, &OnRound, &r, &op), FLOWSTATE_OK)
      << flowstate_error_last_message();
  EXPECT_EQ(r.seen, 3);
  EXPECT_EQ(r.jobs, 3);
  EXPECT_EQ(r.failed, 0);
  Rounds cancelled;
  cancelled.stop_after = 1;
  ASSERT_EQ(flowstate_cancel_token_new(&cancelled.token), FLOWSTATE_OK);
  flowstate_operation with_token = op;
  with_token.cancel = cancelled.token;
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(flowstate_lifecycle_watch(life, nullptr, 60000, &OnRound, &cancelled, &with_token),
            FLOWSTATE_OK);
  EXPECT_EQ(cancelled.seen, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5))
      << "the cancellation ends the minute's wait before the next round";
  flowstate_cancel_token_free(cancelled.token);
  // A deadline ends it too.
  Rounds timed;
  timed.stop_after = 1000;
  flowstate_operation short_op = FLOWSTATE_OPERATION_INIT;
  short_op.timeout_ms = 300;
  ASSERT_EQ(flowstate_lifecycle_watch(life, nullptr, 100, &OnRound, &timed, &short_op),
            FLOWSTATE_OK);
  EXPECT_GE(timed.seen, 1);
  EXPECT_LE(timed.seen, 4);

  // Bad input: a clear error, nothing observed.
  o = FLOWSTATE_OBSERVE_OPTIONS_INIT;
  o.stats_period_ms = 0;
  EXPECT_EQ(flowstate_lifecycle_observe(&rep, life, &o, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("stats_period_ms"));
  EXPECT_EQ(rep, nullptr);
  o = FLOWSTATE_OBSERVE_OPTIONS_INIT;
  o.cluster_count = 1;
  EXPECT_EQ(flowstate_lifecycle_observe(&rep, life, &o, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  o = FLOWSTATE_OBSERVE_OPTIONS_INIT;
  o.reconcile_level = 42;
  EXPECT_EQ(flowstate_lifecycle_observe(&rep, life, &o, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  o = FLOWSTATE_OBSERVE_OPTIONS_INIT;
  o.version = 99;
  EXPECT_EQ(flowstate_lifecycle_observe(&rep, life, &o, nullptr), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(flowstate_lifecycle_observe(&rep, nullptr, nullptr, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_lifecycle_watch(life, nullptr, 0, &OnRound, &r, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_lifecycle_watch(life, nullptr, 10, nullptr, &r, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_catalog_get_watch(cat_, "/cdc/none", &w), FLOWSTATE_E_NOT_FOUND);
  w.version = 99;
  EXPECT_EQ(flowstate_catalog_get_watch(cat_, "/cdc/emp", &w), FLOWSTATE_E_UNSUPPORTED_VERSION);
  flowstate_observe_report_free(nullptr);
  EXPECT_EQ(flowstate_observe_report_change_count(nullptr), 0u);
  EXPECT_EQ(flowstate_observe_report_captured(nullptr), nullptr);
  flowstate_lifecycle_free(life);
}

TEST_F(LifecycleCapiTest, ObservationRoundsThroughTheCppApi) {
  auto cat = flowstate::Catalog::open(sim_.dir() + "/catalog.db");
  ASSERT_TRUE(cat.ok());
  auto storage = flowstate::Storage::create();
  ASSERT_TRUE(storage.ok());
  auto life = flowstate::Lifecycle::open(*cat, &*storage);
  ASSERT_TRUE(life.ok()) << life.status().to_string();
  ASSERT_TRUE(life->adopt("/cdc/emp", kJid).ok());
  sim_.Ctl("POST", std::string("/clusters/prod/jobs/") + kJid + "/checkpoint");
  flowstate::ObserveOptions o;
  o.reconcile_period_ms = 0;
  o.reconcile_level = flowstate::VerifyLevel::files;
  flowstate::ActionContext ctx;
  ctx.timeout_ms = 10000;
  auto r = life->observe(o, ctx);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->info.jobs, 1);
  EXPECT_FALSE(r->captured.empty());
  ASSERT_EQ(r->gaps.size(), 1u);
  EXPECT_EQ(r->gaps[0].job, "/cdc/emp");
  auto w = flowstate::get_watch(*cat, "/cdc/emp");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->flink_status, "RUNNING");
  EXPECT_FALSE(w->presumed_lost);
  // The job is cancelled behind flowstate's back: a round sees it end.
  ASSERT_EQ(flowstate_flink_cancel(client_, kJid), FLOWSTATE_OK);
  WaitStatus("CANCELED");
  int rounds = 0;
  std::vector<flowstate::ObservedChange> changes;
  flowstate::Status st = life->watch(
      {}, std::chrono::milliseconds(20),
      [&](const flowstate::Result<flowstate::ObserveReport>& round) {
        EXPECT_TRUE(round.ok());
        if (round.ok()) changes.insert(changes.end(), round->changes.begin(), round->changes.end());
        return ++rounds < 2;
      },
      ctx);
  ASSERT_TRUE(st.ok()) << st.to_string();
  EXPECT_EQ(rounds, 2);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].from_state, flowstate::JobState::running);
  EXPECT_EQ(changes[0].flink_status, "CANCELED");
  EXPECT_EQ(get_watch(*cat, "/cdc/emp")->flink_status, "CANCELED");
  EXPECT_EQ(life->watch({}, std::chrono::milliseconds(0), [](const auto&) { return false; }).code(),
            flowstate::ErrorCode::invalid_argument);
}

// A start through the cluster's runner from C++ (the C ABI underneath), its password in the
// host's store and read back only at the last moment; then from C with options NULL.
TEST_F(LifecycleCapiTest, StartThroughTheRunnerWithTheHostsSecrets) {
  auto cat = flowstate::Catalog::open(sim_.dir() + "/catalog.db");
  ASSERT_TRUE(cat.ok());
  const std::string jar = sim_.dir() + "/flowstate-runner.jar";
  {
    std::FILE* f = std::fopen(jar.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("PK runner", f);
    std::fclose(f);
  }
  flowstate::ClusterInfo k = cat->get_cluster("prod").value();
  k.deployment = flowstate::Deployment::session;
  k.runner_jar = jar;
  ASSERT_TRUE(cat->put_cluster(k).ok());
  flowstate::JobInfo j;
  j.name = "emp_1";
  j.folder = "/cdc";
  j.cluster = "prod";
  j.strategy = flowstate::RestoreStrategy::none;
  ASSERT_TRUE(cat->add_job(j).ok());
  std::map<std::string, std::string> vault;
  int reads = 0;
  flowstate::SecretStore store;
  store.put = [&](std::string_view n, std::string_view v) {
    vault[std::string(n)] = std::string(v);
    return flowstate::Status();
  };
  store.get = [&](std::string_view n) -> flowstate::Result<std::string> {
    ++reads;
    return vault.at(std::string(n));
  };
  const std::string script =
      "EXECUTE CDCSOURCE cdc WITH ('connector' = 'mysql-cdc', 'hostname' = 'db',\n"
      "  'username' = 'root', 'password' = 'pw-77', 'table-name' = 'emp_1\\.employees_1',)\n";
  ASSERT_TRUE(cat->save_script("/cdc/emp_1", script, &store).ok());
  sim_.Ctl("POST", "/mysql/users", R"({"root":"pw-77"})");
  auto storage = flowstate::Storage::create();
  ASSERT_TRUE(storage.ok());
  flowstate::LifecycleOptions o;
  o.poll_ms = 20;
  o.secrets = &store;
  auto life = flowstate::Lifecycle::open(*cat, &*storage, o);
  ASSERT_TRUE(life.ok()) << life.status().to_string();
  flowstate::ActionContext ctx;
  ctx.timeout_ms = 20000;
  EXPECT_EQ(reads, 0) << "nothing is read before a start";
  auto started = life->start("/cdc/emp_1", {}, ctx);
  ASSERT_TRUE(started.ok()) << started.status().to_string();
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(started->operation.kind, flowstate::OperationKind::submit);
  EXPECT_EQ(cat->get_job("/cdc/emp_1")->state, flowstate::JobState::running);
  auto runs = cat->list_runs("/cdc/emp_1");
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->at(0).flink_job_id, started->operation.key);
  sim_.Insert("emp_1.employees_1", 1);
  // Restart (a normal stop, NONE: an empty start) and resume after a cancel, through C++.
  flowstate::ActionOptions normal;
  normal.stop_mode = flowstate::StopMode::normal;
  auto restarted = life->restart("/cdc/emp_1", normal, ctx);
  ASSERT_TRUE(restarted.ok()) << restarted.status().to_string();
  ASSERT_EQ(restarted->transitions.size(), 4u);
  EXPECT_EQ(restarted->transitions.back().to_state, flowstate::JobState::running);
  EXPECT_EQ(reads, 2) << "read again for the new start, never kept";
  ASSERT_TRUE(life->cancel("/cdc/emp_1", ctx).ok());
  auto resumed = life->resume("/cdc/emp_1", {}, ctx);
  ASSERT_TRUE(resumed.ok()) << resumed.status().to_string();
  EXPECT_EQ(resumed->operation.kind, flowstate::OperationKind::resume);
  // From C, options NULL: the job is running, so the table refuses.
  flowstate_action_report* rep = nullptr;
  EXPECT_EQ(flowstate_lifecycle_start(&rep, life->get(), "/cdc/emp_1", nullptr, nullptr),
            FLOWSTATE_E_ILLEGAL_STATE);
  EXPECT_EQ(rep, nullptr);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("RUNNING"));
}

}  // namespace
