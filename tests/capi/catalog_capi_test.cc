// The catalog through the C ABI and the C++ API, on a real SQLite file and directory tree.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/time.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "../storage/metadata_builder.h"
#include "catalog_test_util.h"
#include "flowstate/catalog.hpp"
#include "flowstate/flowstate.h"
#include "flowstate/unstable.h"  // runs recorded by hand

namespace {

// The decision's record (strings valid while the decision lives).
flowstate_restore_decision_info Decision(const flowstate_restore_decision* d) {
  flowstate_restore_decision_info info = FLOWSTATE_RESTORE_DECISION_INFO_INIT;
  EXPECT_EQ(flowstate_restore_decision_get(d, &info), FLOWSTATE_OK);
  return info;
}

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using flowstate::testing::Tmp;
using flowstate::testing::Vault;
using flowstate::testing::Write;

flowstate_folder_info Folder(const flowstate_folder_list* l, size_t i) {
  flowstate_folder_info f = FLOWSTATE_FOLDER_INFO_INIT;
  EXPECT_EQ(flowstate_folder_list_get(l, i, &f), FLOWSTATE_OK);
  return f;
}

flowstate_moved_secret Moved(const flowstate_save_report* r, size_t i) {
  flowstate_moved_secret m = FLOWSTATE_MOVED_SECRET_INIT;
  EXPECT_EQ(flowstate_save_report_moved_get(r, i, &m), FLOWSTATE_OK);
  return m;
}

class CatalogCapiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    flowstate_catalog_options o = FLOWSTATE_CATALOG_OPTIONS_INIT;
    o.actor = "capi-test";
    path_ = (tmp_.p / "nested" / "catalog.db").string();
    ASSERT_EQ(flowstate_catalog_open(&cat_, path_.c_str(), &o), FLOWSTATE_OK)
        << flowstate_error_last_message();
  }
  void TearDown() override { flowstate_catalog_free(cat_); }

  int64_t AddJob(const char* folder, const char* name, const char* cluster = nullptr) {
    flowstate_job_info j = FLOWSTATE_JOB_INFO_INIT;
    j.name = name;
    j.folder = folder;
    j.cluster = cluster;
    flowstate_job_list* out = nullptr;
    EXPECT_EQ(flowstate_catalog_add_job(&out, cat_, &j), FLOWSTATE_OK)
        << flowstate_error_last_message();
    flowstate_job_info got = FLOWSTATE_JOB_INFO_INIT;
    EXPECT_EQ(flowstate_job_list_get(out, 0, &got), FLOWSTATE_OK);
    int64_t id = got.id;
    flowstate_job_list_free(out);
    return id;
  }

  Tmp tmp_;
  std::string path_;
  flowstate_catalog* cat_ = nullptr;
};

TEST_F(CatalogCapiTest, OpenCreatesTheDirectoryAndRefusesForeignFiles) {
  EXPECT_TRUE(fs::exists(path_));
  EXPECT_GE(flowstate_catalog_schema_version(cat_), 1);
  EXPECT_STREQ(flowstate_catalog_path(cat_), path_.c_str());

  std::string foreign = (tmp_.p / "notes.txt").string();
  std::ofstream(foreign) << "these are not the droids";
  flowstate_catalog* c = nullptr;
  int rc = flowstate_catalog_open(&c, foreign.c_str(), nullptr);
  EXPECT_TRUE(rc == FLOWSTATE_E_CORRUPT || rc == FLOWSTATE_E_INVALID_ARGUMENT) << rc;
  EXPECT_EQ(c, nullptr);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr(foreign));

  flowstate_catalog_options o = FLOWSTATE_CATALOG_OPTIONS_INIT;
  o.create = 0;
  std::string absent = (tmp_.p / "absent.db").string();
  EXPECT_EQ(flowstate_catalog_open(&c, absent.c_str(), &o), FLOWSTATE_E_NOT_FOUND);
  EXPECT_FALSE(fs::exists(absent));
  EXPECT_EQ(flowstate_catalog_open(nullptr, absent.c_str(), &o), FLOWSTATE_E_INVALID_ARGUMENT);
  o.version = 99;
  EXPECT_EQ(flowstate_catalog_open(&c, path_.c_str(), &o), FLOWSTATE_E_UNSUPPORTED_VERSION);
}

TEST_F(CatalogCapiTest, EnumNamesRoundTrip) {
  int v = -1;
  ASSERT_EQ(flowstate_enum_parse(&v, FLOWSTATE_ENUM_ORIGIN, "discovered_on_storage"), FLOWSTATE_OK);
  EXPECT_EQ(v, FLOWSTATE_ORIGIN_DISCOVERED_ON_STORAGE);
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_ORIGIN, FLOWSTATE_ORIGIN_STOP), "STOP");
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_SNAPSHOT_STATE, FLOWSTATE_SNAPSHOT_STATE_MISSING),
               "MISSING");
  EXPECT_STREQ(
      flowstate_enum_name(FLOWSTATE_ENUM_RESTORE_STRATEGY, FLOWSTATE_RESTORE_EARLIEST_SAVEPOINT),
      "EARLIEST_SAVEPOINT");
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_CLAIM_MODE, FLOWSTATE_CLAIM_LEGACY), "LEGACY");
  EXPECT_EQ(flowstate_enum_name(FLOWSTATE_ENUM_ORIGIN, 42), nullptr);
  EXPECT_EQ(flowstate_enum_parse(&v, FLOWSTATE_ENUM_RESTORE_STRATEGY, "NEWEST"),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("LATEST_STATE"));
  ASSERT_EQ(flowstate_enum_parse(&v, FLOWSTATE_ENUM_SNAPSHOT_STATE, "Completed"), FLOWSTATE_OK);
  EXPECT_EQ(v, FLOWSTATE_SNAPSHOT_STATE_COMPLETED);
  ASSERT_EQ(flowstate_enum_parse(&v, FLOWSTATE_ENUM_CLAIM_MODE, "no_claim"), FLOWSTATE_OK);
  EXPECT_EQ(v, FLOWSTATE_CLAIM_NO_CLAIM);
}

TEST_F(CatalogCapiTest, ClustersJobsAndFolders) {
  flowstate_cluster_info k = FLOWSTATE_CLUSTER_INFO_INIT;
  k.name = "prod";
  k.rest_url = "http://127.0.0.1:8081";
  k.flink_version = "1.20";
  k.checkpoint_dir = "hdfs:///flink/cp";
  ASSERT_EQ(flowstate_catalog_put_cluster(nullptr, cat_, &k), FLOWSTATE_OK);
  flowstate_cluster_list* cl = nullptr;
  ASSERT_EQ(flowstate_catalog_get_cluster(&cl, cat_, "prod"), FLOWSTATE_OK);
  flowstate_cluster_info got = FLOWSTATE_CLUSTER_INFO_INIT;
  ASSERT_EQ(flowstate_cluster_list_get(cl, 0, &got), FLOWSTATE_OK);
  EXPECT_STREQ(got.rest_url, "http://127.0.0.1:8081");
  EXPECT_STREQ(got.checkpoint_dir, "hdfs:///flink/cp");
  EXPECT_EQ(flowstate_cluster_list_get(cl, 1, &got), FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_cluster_list_free(cl);
  EXPECT_EQ(flowstate_catalog_get_cluster(&cl, cat_, "nope"), FLOWSTATE_E_NOT_FOUND);

  // Version 2: the deployment and the runner; the runner's upload is the lifecycle's.
  k.deployment = FLOWSTATE_DEPLOYMENT_SESSION;
  k.runner_jar = "/opt/flowstate/runner.jar";
  k.runner_entry_class = "org.example.Runner";
  k.runner_args = "--script {script_base64}";
  k.runner_upload = "ignored_runner.jar";
  ASSERT_EQ(flowstate_catalog_put_cluster(&cl, cat_, &k), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_cluster_list_get(cl, 0, &got), FLOWSTATE_OK);
  EXPECT_EQ(got.deployment, FLOWSTATE_DEPLOYMENT_SESSION);
  EXPECT_STREQ(got.runner_jar, "/opt/flowstate/runner.jar");
  EXPECT_STREQ(got.runner_entry_class, "org.example.Runner");
  EXPECT_STREQ(got.runner_args, "--script {script_base64}");
  EXPECT_STREQ(got.runner_upload, "") << "output only";
  flowstate_cluster_list_free(cl);
  k.deployment = 42;
  EXPECT_EQ(flowstate_catalog_put_cluster(nullptr, cat_, &k), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("42"));
  // A caller built against version 1 is read and written as version 1.
  flowstate_cluster_info v1 = FLOWSTATE_CLUSTER_INFO_INIT;
  v1.version = 1;
  v1.name = "old";
  v1.deployment = 42;  // beyond version 1: never read
  ASSERT_EQ(flowstate_catalog_put_cluster(&cl, cat_, &v1), FLOWSTATE_OK);
  flowstate_cluster_info out1 = FLOWSTATE_CLUSTER_INFO_INIT;
  out1.version = 1;
  out1.runner_jar = "untouched";
  ASSERT_EQ(flowstate_cluster_list_get(cl, 0, &out1), FLOWSTATE_OK);
  EXPECT_STREQ(out1.name, "old");
  EXPECT_STREQ(out1.runner_jar, "untouched") << "beyond version 1: never written";
  flowstate_cluster_list_free(cl);
  ASSERT_EQ(flowstate_catalog_remove_cluster(cat_, "old"), FLOWSTATE_OK);

  // Awkward names round-trip exactly.
  const char* odd = "o'rders_100%\nnew \xE8\xAE\xA2\xE5\x8D\x95";
  AddJob("/warehouse/cdc", odd, "prod");
  AddJob("/warehouse/cdc", "emp", "prod");
  AddJob("/warehouse/dim", "users");
  EXPECT_EQ(flowstate_catalog_remove_cluster(cat_, "prod"), FLOWSTATE_E_ILLEGAL_STATE);

  flowstate_job_info dup = FLOWSTATE_JOB_INFO_INIT;
  dup.name = "emp";
  dup.folder = "/warehouse/cdc";
  EXPECT_EQ(flowstate_catalog_add_job(nullptr, cat_, &dup), FLOWSTATE_E_ALREADY_EXISTS);

  flowstate_job_list* jl = nullptr;
  std::string odd_path = std::string("/warehouse/cdc/") + odd;
  ASSERT_EQ(flowstate_catalog_get_job(&jl, cat_, odd_path.c_str()), FLOWSTATE_OK);
  flowstate_job_info j = FLOWSTATE_JOB_INFO_INIT;
  ASSERT_EQ(flowstate_job_list_get(jl, 0, &j), FLOWSTATE_OK);
  EXPECT_STREQ(j.name, odd);
  EXPECT_STREQ(j.folder, "/warehouse/cdc");
  EXPECT_STREQ(j.cluster, "prod");
  EXPECT_EQ(j.state, FLOWSTATE_JOB_NEW);
  EXPECT_EQ(j.strategy, FLOWSTATE_RESTORE_LATEST_STATE);
  EXPECT_EQ(j.once_path, nullptr);
  flowstate_job_list_free(jl);

  // A folder's subfolders with counts, and its jobs.
  flowstate_folder_list* fl = nullptr;
  ASSERT_EQ(flowstate_catalog_list_folder(&fl, nullptr, cat_, "/warehouse"), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_folder_list_count(fl), 2u);
  EXPECT_STREQ(Folder(fl, 0).path, "/warehouse/cdc");
  EXPECT_EQ(Folder(fl, 0).jobs, 2);
  flowstate_folder_info past = FLOWSTATE_FOLDER_INFO_INIT;
  EXPECT_EQ(flowstate_folder_list_get(fl, 9, &past), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(past.path, nullptr);
  flowstate_folder_list_free(fl);

  // Moving a folder takes its jobs along.
  ASSERT_EQ(flowstate_catalog_move_folder(cat_, "/warehouse", "/dw"), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_catalog_get_job(&jl, cat_, "/warehouse/cdc/emp"), FLOWSTATE_E_NOT_FOUND);
  ASSERT_EQ(flowstate_catalog_tree(&fl, cat_, "/"), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_folder_list_count(fl), 4u);
  EXPECT_STREQ(Folder(fl, 1).path, "/dw");
  EXPECT_EQ(Folder(fl, 1).all_jobs, 3);
  EXPECT_EQ(Folder(fl, 0).all_jobs, 3);
  flowstate_folder_list_free(fl);
  EXPECT_EQ(flowstate_catalog_remove_folder(cat_, "/dw/dim"), FLOWSTATE_E_ILLEGAL_STATE);
  EXPECT_EQ(flowstate_catalog_create_folder(cat_, "/a/../b"), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_catalog_create_folder(cat_, "b"), FLOWSTATE_E_INVALID_ARGUMENT);

  flowstate_job_query q = FLOWSTATE_JOB_QUERY_INIT;
  q.name_contains = "100%";
  ASSERT_EQ(flowstate_catalog_find_jobs(&jl, cat_, &q), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_job_list_count(jl), 1u) << "% is matched literally";
  flowstate_job_list_free(jl);
  q.name_contains = "_";
  q.folder = "/dw/dim";
  ASSERT_EQ(flowstate_catalog_find_jobs(&jl, cat_, &q), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_job_list_count(jl), 0u) << "_ is matched literally";
  flowstate_job_list_free(jl);

  ASSERT_EQ(flowstate_catalog_move_job(&jl, cat_, "/dw/cdc/emp", "/hr", "emp_v2"), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_job_list_get(jl, 0, &j), FLOWSTATE_OK);
  EXPECT_STREQ(j.path, "/hr/emp_v2");
  flowstate_job_list_free(jl);
  ASSERT_EQ(flowstate_catalog_remove_job(cat_, "/hr/emp_v2"), FLOWSTATE_OK);

  flowstate_event_list* ev = nullptr;
  ASSERT_EQ(flowstate_catalog_list_events(&ev, cat_, nullptr, 1), FLOWSTATE_OK);
  flowstate_event_info e = FLOWSTATE_EVENT_INFO_INIT;
  ASSERT_EQ(flowstate_event_list_get(ev, 0, &e), FLOWSTATE_OK);
  EXPECT_STREQ(e.action, "job.remove");
  EXPECT_STREQ(e.job, "/hr/emp_v2");
  EXPECT_STREQ(e.actor, "capi-test");
  flowstate_event_list_free(ev);
}

TEST_F(CatalogCapiTest, ScriptsMoveSecretsThroughTheHostsStore) {
  AddJob("/cdc", "emp");
  const char* script =
      "SET 'pipeline.name' = 'emp';\n"
      "CREATE TABLE src (id INT) WITH ('connector' = 'mysql-cdc', 'password' = '000000');\n";
  flowstate_save_report* rep = nullptr;
  EXPECT_EQ(flowstate_catalog_save_script(&rep, cat_, "/cdc/emp", script, static_cast<size_t>(-1),
                                          nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("2:"));
  EXPECT_EQ(std::string(flowstate_error_last_message()).find("000000"), std::string::npos);

  Vault vault;
  flowstate_secret_store store = vault.store();
  ASSERT_EQ(flowstate_catalog_save_script(&rep, cat_, "/cdc/emp", script, static_cast<size_t>(-1),
                                          &store),
            FLOWSTATE_OK)
      << flowstate_error_last_message();
  ASSERT_EQ(flowstate_save_report_moved_count(rep), 1u);
  std::string name = Moved(rep, 0).name;
  EXPECT_EQ(Moved(rep, 0).key, std::string("password"));
  EXPECT_EQ(Moved(rep, 0).line, 2);
  EXPECT_GT(Moved(rep, 0).column, 1);
  EXPECT_EQ(vault.values[name], "000000");
  std::string stored = flowstate_save_report_stored(rep);
  EXPECT_EQ(stored.find("000000"), std::string::npos);
  EXPECT_THAT(stored, HasSubstr("${secret:" + name + "}"));
  flowstate_save_report_free(rep);

  char* resolved = nullptr;
  ASSERT_EQ(flowstate_catalog_resolve_script(&resolved, cat_, "/cdc/emp", &store), FLOWSTATE_OK);
  EXPECT_STREQ(resolved, script);
  flowstate_string_free(resolved);
  vault.values.clear();
  EXPECT_EQ(flowstate_catalog_resolve_script(&resolved, cat_, "/cdc/emp", &store),
            FLOWSTATE_E_NOT_FOUND);
  EXPECT_EQ(resolved, nullptr);
}

TEST_F(CatalogCapiTest, OncePathIsUsedByTheNextStartOnly) {
  AddJob("/", "j");
  ASSERT_EQ(flowstate_catalog_set_strategy(cat_, "/j", FLOWSTATE_RESTORE_NONE), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_catalog_set_strategy(cat_, "/j", 17), FLOWSTATE_E_INVALID_ARGUMENT);
  ASSERT_EQ(flowstate_catalog_set_once(cat_, "/j", "file:///sp/savepoint-1"), FLOWSTATE_OK);

  flowstate_restore_options o = FLOWSTATE_RESTORE_OPTIONS_INIT;
  o.verify = 0;
  o.discover = 0;
  flowstate_restore_decision* d = nullptr;
  ASSERT_EQ(flowstate_catalog_resolve_restore(&d, cat_, "/j", nullptr, &o), FLOWSTATE_OK)
      << flowstate_error_last_message();
  EXPECT_STREQ(Decision(d).path, "file:///sp/savepoint-1");
  EXPECT_STREQ(Decision(d).strategy, "ONCE");
  EXPECT_EQ(Decision(d).once, 1);
  flowstate_restore_decision_free(d);

  flowstate_run_info r = FLOWSTATE_RUN_INFO_INIT;
  r.restored_from = "file:///sp/savepoint-1";
  r.claim_mode = FLOWSTATE_CLAIM_NO_CLAIM;
  flowstate_run_list* rl = nullptr;
  ASSERT_EQ(flowstate_catalog_start_run(&rl, cat_, "/j", &r), FLOWSTATE_OK);
  flowstate_run_info got = FLOWSTATE_RUN_INFO_INIT;
  ASSERT_EQ(flowstate_run_list_get(rl, 0, &got), FLOWSTATE_OK);
  int64_t run_id = got.id;
  EXPECT_EQ(got.ended_ms, -1);
  flowstate_run_list_free(rl);
  ASSERT_EQ(flowstate_catalog_set_run_job_id(cat_, run_id, "a0000000000000000000000000000001"),
            FLOWSTATE_OK);
  EXPECT_EQ(flowstate_catalog_set_run_job_id(cat_, run_id, "not-hex"),
            FLOWSTATE_E_INVALID_ARGUMENT);
  ASSERT_EQ(flowstate_catalog_end_run(cat_, run_id, "FINISHED", -1), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_catalog_list_runs(&rl, cat_, "/j"), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_run_list_get(rl, 0, &got), FLOWSTATE_OK);
  EXPECT_STREQ(got.flink_job_id, "a0000000000000000000000000000001");
  EXPECT_STREQ(got.final_status, "FINISHED");
  EXPECT_STREQ(got.restored_from, "file:///sp/savepoint-1");
  EXPECT_EQ(got.claim_mode, FLOWSTATE_CLAIM_NO_CLAIM);
  flowstate_run_list_free(rl);

  // The ONCE path was consumed: the standing strategy (NONE) applies again.
  ASSERT_EQ(flowstate_catalog_resolve_restore(&d, cat_, "/j", nullptr, &o), FLOWSTATE_OK);
  EXPECT_EQ(Decision(d).path, nullptr);
  EXPECT_EQ(Decision(d).snapshot_id, -1);
  EXPECT_STREQ(Decision(d).strategy, "NONE");
  flowstate_restore_decision_free(d);
  flowstate_event_list* ev = nullptr;
  ASSERT_EQ(flowstate_catalog_list_events(&ev, cat_, "/j", -1), FLOWSTATE_OK);
  bool consumed = false;
  for (size_t i = 0; i < flowstate_event_list_count(ev); ++i) {
    flowstate_event_info e = FLOWSTATE_EVENT_INFO_INIT;
    ASSERT_EQ(flowstate_event_list_get(ev, i, &e), FLOWSTATE_OK);
    if (std::string(e.action).rfind("restore.once", 0) == 0 &&
        std::string(e.action) != "restore.once.set")
      consumed = true;
  }
  EXPECT_TRUE(consumed) << "the switch back is in the audit log";
  flowstate_event_list_free(ev);
}

TEST_F(CatalogCapiTest, RestoreDecisionSkipsADamagedCheckpointAndSaysWhy) {
  fs::path cp = tmp_.p / "cp";
  flowstate_cluster_info k = FLOWSTATE_CLUSTER_INFO_INIT;
  k.name = "prod";
  k.flink_version = "1.20";
  std::string cp_uri = "file://" + cp.string();
  k.checkpoint_dir = cp_uri.c_str();
  ASSERT_EQ(flowstate_catalog_put_cluster(nullptr, cat_, &k), FLOWSTATE_OK);
  int64_t job = AddJob("/cdc", "orders", "prod");
  ASSERT_EQ(
      flowstate_catalog_set_strategy(cat_, "/cdc/orders", FLOWSTATE_RESTORE_LATEST_CHECKPOINT),
      FLOWSTATE_OK);

  const std::string run = "a0000000000000000000000000000001";
  std::vector<std::string> paths;
  std::vector<flowstate_snapshot_record> batch;
  for (int n = 1; n <= 3; ++n) {
    fs::path d = cp / run / ("chk-" + std::to_string(n));
    std::string meta = flowstate::testing::ValidMetadata(4, n);
    if (n == 3) meta.resize(meta.size() / 2);  // torn
    Write(d / "_metadata", meta, 1700000000 + n * 60);
    paths.push_back("file://" + d.string());
  }
  for (int n = 1; n <= 3; ++n) {
    flowstate_snapshot_record s = FLOWSTATE_SNAPSHOT_RECORD_INIT;
    s.job_id = job;
    s.checkpoint_id = n;
    s.path = paths[n - 1].c_str();
    s.completion_ms = (1700000000 + n * 60) * 1000LL;
    batch.push_back(s);
  }
  ASSERT_EQ(flowstate_catalog_add_snapshots(cat_, batch.data(), batch.size()), FLOWSTATE_OK)
      << flowstate_error_last_message();
  // A batch with one bad record changes nothing.
  flowstate_snapshot_record bad = FLOWSTATE_SNAPSHOT_RECORD_INIT;
  bad.job_id = 999;
  bad.path = "file:///elsewhere/chk-9";
  std::vector<flowstate_snapshot_record> mixed = {batch[0], bad};
  mixed[0].path = "file:///elsewhere/chk-8";
  EXPECT_NE(flowstate_catalog_add_snapshots(cat_, mixed.data(), mixed.size()), FLOWSTATE_OK);
  flowstate_record_list* rl = nullptr;
  ASSERT_EQ(flowstate_catalog_list_snapshots(&rl, cat_, "/cdc/orders", nullptr, 0, -1),
            FLOWSTATE_OK);
  EXPECT_EQ(flowstate_record_list_count(rl), 3u);
  flowstate_snapshot_record rec = FLOWSTATE_SNAPSHOT_RECORD_INIT;
  ASSERT_EQ(flowstate_record_list_get(rl, 0, &rec), FLOWSTATE_OK);
  EXPECT_EQ(rec.checkpoint_id, 3) << "newest completion first";
  flowstate_record_list_free(rl);

  // A savepoint's trigger id (version 2 of the record) is stored and handed back; a caller of
  // version 1 sends and receives records without it, arrays included.
  flowstate_snapshot_record sp = FLOWSTATE_SNAPSHOT_RECORD_INIT;
  sp.kind = FLOWSTATE_SNAPSHOT_SAVEPOINT;
  sp.origin = FLOWSTATE_ORIGIN_TRIGGERED;
  sp.path = "file:///sp/savepoint-a00000-000000000001";
  sp.trigger_id = "0123456789abcdef0123456789abcdef";
  ASSERT_EQ(flowstate_catalog_add_snapshot(&rl, cat_, "/cdc/orders", &sp), FLOWSTATE_OK)
      << flowstate_error_last_message();
  flowstate_snapshot_record got = FLOWSTATE_SNAPSHOT_RECORD_INIT;
  ASSERT_EQ(flowstate_record_list_get(rl, 0, &got), FLOWSTATE_OK);
  EXPECT_STREQ(got.trigger_id, "0123456789abcdef0123456789abcdef");
  flowstate_snapshot_record v1 = FLOWSTATE_SNAPSHOT_RECORD_INIT;
  v1.version = 1;
  v1.trigger_id = "untouched";
  ASSERT_EQ(flowstate_record_list_get(rl, 0, &v1), FLOWSTATE_OK);
  EXPECT_STREQ(v1.trigger_id, "untouched") << "a version-1 struct has no such field";
  EXPECT_EQ(v1.kind, FLOWSTATE_SNAPSHOT_SAVEPOINT);
  flowstate_record_list_free(rl);
  sp.path = "file:///sp/savepoint-a00000-000000000002";
  sp.trigger_id = "not-hex";
  EXPECT_EQ(flowstate_catalog_add_snapshot(&rl, cat_, "/cdc/orders", &sp),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(flowstate_error_last_message()).find("32 lower-case hex"),
            std::string::npos);
  // Two version-1 records laid out as a version-1 caller lays them out.
  const size_t v1_size = offsetof(flowstate_snapshot_record, trigger_id);
  std::vector<char> raw(2 * v1_size);
  const char* v1_paths[] = {"file:///sp/savepoint-a00000-000000000003",
                            "file:///sp/savepoint-a00000-000000000004"};
  for (size_t i = 0; i < 2; ++i) {
    flowstate_snapshot_record r = FLOWSTATE_SNAPSHOT_RECORD_INIT;
    r.version = 1;
    r.job_id = job;
    r.kind = FLOWSTATE_SNAPSHOT_SAVEPOINT;
    r.path = v1_paths[i];
    std::memcpy(raw.data() + i * v1_size, &r, v1_size);
  }
  ASSERT_EQ(flowstate_catalog_add_snapshots(
                cat_, reinterpret_cast<const flowstate_snapshot_record*>(raw.data()), 2),
            FLOWSTATE_OK)
      << flowstate_error_last_message();
  ASSERT_EQ(flowstate_catalog_find_snapshot(&rl, cat_, "/cdc/orders", v1_paths[1]), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_record_list_get(rl, 0, &got), FLOWSTATE_OK);
  EXPECT_STREQ(got.trigger_id, "");
  flowstate_record_list_free(rl);
  // The savepoints leave again: what follows is about the checkpoints.
  for (const char* p : {"file:///sp/savepoint-a00000-000000000001", v1_paths[0], v1_paths[1]}) {
    ASSERT_EQ(flowstate_catalog_find_snapshot(&rl, cat_, "/cdc/orders", p), FLOWSTATE_OK);
    ASSERT_EQ(flowstate_record_list_get(rl, 0, &got), FLOWSTATE_OK);
    flowstate_record_list_free(rl);
    ASSERT_EQ(flowstate_catalog_remove_snapshot(cat_, got.id, nullptr, 0), FLOWSTATE_OK) << p;
  }

  flowstate_storage* storage = nullptr;
  ASSERT_EQ(flowstate_storage_new(&storage, nullptr), FLOWSTATE_OK);
  flowstate_restore_options o = FLOWSTATE_RESTORE_OPTIONS_INIT;
  int progress_calls = 0;
  flowstate_operation op = FLOWSTATE_OPERATION_INIT;
  op.progress = [](void* user, const char*, uint64_t, uint64_t) {
    ++*static_cast<int*>(user);
    return 0;
  };
  op.progress_user_data = &progress_calls;
  o.operation = &op;
  flowstate_restore_decision* d = nullptr;
  ASSERT_EQ(flowstate_catalog_resolve_restore(&d, cat_, "/cdc/orders", storage, &o), FLOWSTATE_OK)
      << flowstate_error_last_message();
  const flowstate_restore_decision_info info = Decision(d);
  EXPECT_EQ(info.path, paths[1]);
  EXPECT_STREQ(info.strategy, "LATEST_CHECKPOINT");
  ASSERT_GE(info.candidate_count, 2u);
  flowstate_restore_candidate c = FLOWSTATE_RESTORE_CANDIDATE_INIT;
  ASSERT_EQ(flowstate_restore_decision_candidate_get(d, 0, &c), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_restore_decision_candidate_get(d, info.candidate_count, &c),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(c.path, paths[2]);
  EXPECT_EQ(c.restorable, 0);
  EXPECT_STRNE(c.verdict, "COMPLETE");
  std::string reasons;
  for (size_t i = 0; i < info.reason_count; ++i) reasons += std::string(info.reasons[i]) + "\n";
  EXPECT_THAT(reasons, HasSubstr("chk-3")) << reasons;
  EXPECT_GT(progress_calls, 0);
  flowstate_restore_decision_free(d);

  // Reconcile: chk-2 disappears, a chk-4 appears on disk.
  fs::remove_all(cp / run / "chk-2");
  Write(cp / run / "chk-4" / "_metadata", flowstate::testing::ValidMetadata(4, 4), 1700000400);
  flowstate_reconcile_report* rr = nullptr;
  ASSERT_EQ(flowstate_catalog_reconcile(&rr, cat_, "/cdc/orders", storage, nullptr), FLOWSTATE_OK)
      << flowstate_error_last_message();
  const flowstate_record_list* added = flowstate_reconcile_report_added(rr);
  ASSERT_EQ(flowstate_record_list_count(added), 1u);
  ASSERT_EQ(flowstate_record_list_get(added, 0, &rec), FLOWSTATE_OK);
  EXPECT_EQ(rec.origin, FLOWSTATE_ORIGIN_DISCOVERED_ON_STORAGE);
  EXPECT_EQ(rec.checkpoint_id, 4);
  const flowstate_record_list* missing = flowstate_reconcile_report_missing(rr);
  ASSERT_EQ(flowstate_record_list_count(missing), 1u);
  ASSERT_EQ(flowstate_record_list_get(missing, 0, &rec), FLOWSTATE_OK);
  EXPECT_EQ(rec.path, paths[1]);
  EXPECT_EQ(rec.state, FLOWSTATE_SNAPSHOT_STATE_MISSING);
  flowstate_reconcile_info ri = FLOWSTATE_RECONCILE_INFO_INIT;
  ASSERT_EQ(flowstate_reconcile_report_get(rr, &ri), FLOWSTATE_OK);
  EXPECT_GE(ri.unchanged, 1);
  EXPECT_EQ(ri.problem_count, 0u);
  ri.version = FLOWSTATE_RECONCILE_INFO_VERSION + 1;
  EXPECT_EQ(flowstate_reconcile_report_get(rr, &ri), FLOWSTATE_E_UNSUPPORTED_VERSION);
  flowstate_reconcile_report_free(rr);

  // Retention by age, with every snapshot too old: the newest completed one stays all the
  // same, the rest go from disk first, then the record.
  flowstate_job_list* jl = nullptr;
  ASSERT_EQ(flowstate_catalog_get_job(&jl, cat_, "/cdc/orders"), FLOWSTATE_OK);
  flowstate_job_info j = FLOWSTATE_JOB_INFO_INIT;
  ASSERT_EQ(flowstate_job_list_get(jl, 0, &j), FLOWSTATE_OK);
  j.retain_age_ms = 1;
  ASSERT_EQ(flowstate_catalog_update_job(nullptr, cat_, "/cdc/orders", &j), FLOWSTATE_OK);
  flowstate_job_list_free(jl);
  flowstate_prune_options po = FLOWSTATE_PRUNE_OPTIONS_INIT;
  po.dry_run = 1;
  flowstate_prune_report* pr = nullptr;
  ASSERT_EQ(flowstate_catalog_prune(&pr, cat_, "/cdc/orders", storage, &po), FLOWSTATE_OK);
  size_t planned = flowstate_record_list_count(flowstate_prune_report_deleted(pr));
  EXPECT_EQ(planned, 2u) << "chk-1 and chk-3 (chk-2 is MISSING already)";
  flowstate_prune_report_free(pr);
  EXPECT_TRUE(fs::exists(cp / run / "chk-1")) << "a dry run deletes nothing";
  po.dry_run = 0;
  ASSERT_EQ(flowstate_catalog_prune(&pr, cat_, "/cdc/orders", storage, &po), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_record_list_count(flowstate_prune_report_deleted(pr)), planned);
  const flowstate_record_list* kept = flowstate_prune_report_kept(pr);
  bool newest_kept = false;
  for (size_t i = 0; i < flowstate_record_list_count(kept); ++i) {
    ASSERT_EQ(flowstate_record_list_get(kept, i, &rec), FLOWSTATE_OK);
    if (rec.checkpoint_id == 4) {
      newest_kept = true;
      EXPECT_THAT(rec.note, HasSubstr("newest"));
    }
  }
  EXPECT_TRUE(newest_kept);
  flowstate_prune_report_free(pr);
  EXPECT_FALSE(fs::exists(cp / run / "chk-1"));
  EXPECT_TRUE(fs::exists(cp / run / "chk-4"));
  flowstate_storage_free(storage);
}

TEST_F(CatalogCapiTest, FailsClosedWhenNothingIsRestorable) {
  AddJob("/", "empty");
  flowstate_restore_options o = FLOWSTATE_RESTORE_OPTIONS_INIT;
  o.verify = 0;
  o.discover = 0;
  flowstate_restore_decision* d = nullptr;
  EXPECT_EQ(flowstate_catalog_resolve_restore(&d, cat_, "/empty", nullptr, &o),
            FLOWSTATE_E_ILLEGAL_STATE);
  EXPECT_EQ(d, nullptr);
  o.fail_closed = 0;
  ASSERT_EQ(flowstate_catalog_resolve_restore(&d, cat_, "/empty", nullptr, &o), FLOWSTATE_OK);
  EXPECT_EQ(Decision(d).path, nullptr);
  EXPECT_GE(Decision(d).reason_count, 1u);
  flowstate_restore_decision_free(d);
  o.verify = 1;
  EXPECT_EQ(flowstate_catalog_resolve_restore(&d, cat_, "/empty", nullptr, &o),
            FLOWSTATE_E_INVALID_ARGUMENT)
      << "verifying needs a storage";
}

TEST_F(CatalogCapiTest, RegisterSnapshotChecksStorageFirst) {
  AddJob("/cdc", "orders", nullptr);
  const fs::path good = tmp_.p / "cp" / "a0000000000000000000000000000001" / "chk-7";
  const fs::path torn = tmp_.p / "cp" / "a0000000000000000000000000000001" / "chk-8";
  const std::string meta = flowstate::testing::ValidMetadata(5, 7);
  Write(good / "_metadata", meta, 1700000000);
  Write(torn / "_metadata", flowstate::testing::ValidMetadata(5, 8).substr(0, 20), 1700000060);
  flowstate_storage* storage = nullptr;
  ASSERT_EQ(flowstate_storage_new(&storage, nullptr), FLOWSTATE_OK);
  const std::string good_uri = "file://" + good.string(), torn_uri = "file://" + torn.string();
  flowstate_snapshot_record r = FLOWSTATE_SNAPSHOT_RECORD_INIT;
  r.path = good_uri.c_str();
  r.origin = FLOWSTATE_ORIGIN_REGISTERED_BY_USER;
  flowstate_record_list* out = nullptr;
  ASSERT_EQ(flowstate_catalog_register_snapshot(&out, cat_, "/cdc/orders", &r, storage, nullptr),
            FLOWSTATE_OK)
      << flowstate_error_last_message();
  flowstate_snapshot_record got = FLOWSTATE_SNAPSHOT_RECORD_INIT;
  ASSERT_EQ(flowstate_record_list_get(out, 0, &got), FLOWSTATE_OK);
  EXPECT_EQ(got.kind, FLOWSTATE_SNAPSHOT_CHECKPOINT);
  EXPECT_EQ(got.checkpoint_id, 7);
  EXPECT_EQ(got.format_version, 5);
  EXPECT_EQ(got.size, static_cast<int64_t>(meta.size()));
  EXPECT_EQ(got.state, FLOWSTATE_SNAPSHOT_STATE_COMPLETED);
  flowstate_record_list_free(out);

  r.path = torn_uri.c_str();
  EXPECT_EQ(flowstate_catalog_register_snapshot(&out, cat_, "/cdc/orders", &r, storage, nullptr),
            FLOWSTATE_E_ILLEGAL_STATE);
  EXPECT_NE(std::string(flowstate_error_last_message()).find("not restorable"), std::string::npos);
  EXPECT_EQ(out, nullptr);
  flowstate_register_options o = FLOWSTATE_REGISTER_OPTIONS_INIT;
  o.force = 1;
  ASSERT_EQ(flowstate_catalog_register_snapshot(&out, cat_, "/cdc/orders", &r, storage, &o),
            FLOWSTATE_OK);
  ASSERT_EQ(flowstate_record_list_get(out, 0, &got), FLOWSTATE_OK);
  EXPECT_EQ(got.state, FLOWSTATE_SNAPSHOT_STATE_FAILED);
  flowstate_record_list_free(out);
  o.version = FLOWSTATE_REGISTER_OPTIONS_VERSION + 1;
  EXPECT_EQ(flowstate_catalog_register_snapshot(&out, cat_, "/cdc/orders", &r, storage, &o),
            FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(flowstate_catalog_register_snapshot(&out, cat_, "/cdc/none", &r, storage, nullptr),
            FLOWSTATE_E_NOT_FOUND);
  flowstate_storage_free(storage);

  // No storage: nothing checked, the kind from the directory's name.
  r.path = "file:///sp/savepoint-a00000-0123456789ab";
  ASSERT_EQ(flowstate_catalog_register_snapshot(&out, cat_, "/cdc/orders", &r, nullptr, nullptr),
            FLOWSTATE_OK);
  ASSERT_EQ(flowstate_record_list_get(out, 0, &got), FLOWSTATE_OK);
  EXPECT_EQ(got.kind, FLOWSTATE_SNAPSHOT_SAVEPOINT);
  EXPECT_EQ(got.size, -1);
  flowstate_record_list_free(out);
}

TEST_F(CatalogCapiTest, ListAccessorsRejectNullAndOldStructs) {
  EXPECT_EQ(flowstate_job_list_count(nullptr), 0u);
  EXPECT_EQ(flowstate_record_list_count(nullptr), 0u);
  flowstate_restore_decision_info info = FLOWSTATE_RESTORE_DECISION_INFO_INIT;
  EXPECT_EQ(flowstate_restore_decision_get(nullptr, &info), FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_job_info j = FLOWSTATE_JOB_INFO_INIT;
  EXPECT_EQ(flowstate_job_list_get(nullptr, 0, &j), FLOWSTATE_E_INVALID_ARGUMENT);
  j.version = 0;
  j.name = "x";
  EXPECT_EQ(flowstate_catalog_add_job(nullptr, cat_, &j), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(flowstate_catalog_add_job(nullptr, nullptr, &j), FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_catalog_free(nullptr);
}

// The C++ API over the same calls.
TEST(CatalogCppTest, RoundTripThroughTheCppApi) {
  Tmp tmp;
  flowstate::CatalogOptions co;
  co.actor = "cpp";
  auto cat = flowstate::Catalog::open((tmp.p / "c.db").string(), co);
  ASSERT_TRUE(cat.ok()) << cat.status().to_string();
  flowstate::JobInfo j;
  j.name = "emp";
  j.folder = "/cdc";
  j.strategy = flowstate::RestoreStrategy::latest_savepoint;
  auto added = cat->add_job(j);
  ASSERT_TRUE(added.ok()) << added.status().to_string();
  EXPECT_EQ(added->path, "/cdc/emp");
  EXPECT_EQ(flowstate::to_string(added->strategy), "LATEST_SAVEPOINT");
  EXPECT_EQ(flowstate::enum_parse<flowstate::Origin>("STOP").value(), flowstate::Origin::stop);
  EXPECT_EQ(flowstate::enum_parse<flowstate::Origin>("SOMETIMES").status().code(),
            flowstate::ErrorCode::invalid_argument);

  std::map<std::string, std::string> vault;
  flowstate::SecretStore store;
  store.put = [&](std::string_view n, std::string_view v) {
    vault[std::string(n)] = std::string(v);
    return flowstate::Status();
  };
  store.get = [&](std::string_view n) -> flowstate::Result<std::string> {
    auto it = vault.find(std::string(n));
    if (it == vault.end()) return flowstate::Status(flowstate::ErrorCode::not_found, "no such");
    return it->second;
  };
  const std::string script = "SET 'a.token' = 'tok-123';\nSELECT 1;\n";
  auto saved = cat->save_script("/cdc/emp", script, &store);
  ASSERT_TRUE(saved.ok()) << saved.status().to_string();
  ASSERT_EQ(saved->moved.size(), 1u);
  EXPECT_EQ(saved->moved[0].key, "a.token");
  EXPECT_EQ(saved->stored.find("tok-123"), std::string::npos);
  EXPECT_EQ(cat->resolve_script("/cdc/emp", &store).value(), script);

  flowstate::SnapshotRecord s;
  s.kind = flowstate::SnapshotKind::savepoint;
  s.origin = flowstate::Origin::registered_by_user;
  s.path = "file:///sp/savepoint-a0-000000000001";
  s.completion_ms = 1000;
  auto rec = cat->add_snapshot("/cdc/emp", s);
  ASSERT_TRUE(rec.ok()) << rec.status().to_string();
  EXPECT_EQ(cat->add_snapshot("/cdc/emp", s).status().code(), flowstate::ErrorCode::already_exists);
  flowstate::RestoreOptions ro;
  ro.verify = false;
  ro.discover = false;
  auto d = cat->resolve_restore("/cdc/emp", nullptr, ro);
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->path.value_or(""), s.path);
  EXPECT_EQ(d->snapshot_id, rec->id);
  ASSERT_TRUE(cat->set_snapshot_state(rec->id, flowstate::SnapshotState::disposed).ok());
  EXPECT_EQ(cat->resolve_restore("/cdc/emp", nullptr, ro).status().code(),
            flowstate::ErrorCode::illegal_state);
  auto tree = cat->tree("/");
  ASSERT_TRUE(tree.ok());
  ASSERT_EQ(tree->size(), 2u);
  EXPECT_EQ((*tree)[1].path, "/cdc");
  auto events = cat->list_events("/cdc/emp");
  ASSERT_TRUE(events.ok());
  ASSERT_FALSE(events->empty());
  for (const auto& e : *events) EXPECT_EQ(e.detail.find("tok-123"), std::string::npos);
}

}  // namespace
