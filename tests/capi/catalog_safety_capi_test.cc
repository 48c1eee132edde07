// Catalog safety through the C ABI and the C++ API: secret names per job with stores of
// version 1 and 2, scripts that are text, canonical paths and record removal, retention and
// open runs, read-only opens, and callers of the previous struct versions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "../storage/metadata_builder.h"
#include "capi_test_util.h"
#include "catalog_test_util.h"
#include "flowstate/catalog.hpp"
#include "flowstate/flowstate.h"
#include "flowstate/unstable.h"  // runs recorded by hand
#include "flowstate/unstable.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using flowstate::testing::Tmp;
using flowstate::testing::Vault;

// The first version of the struct, as an old caller compiled it: no `remove` member at all.
struct SecretStoreV1 {
  unsigned int version;
  int (*put)(void*, const char*, const char*, size_t);
  int (*get)(void*, const char*, flowstate_secret_value*);
  void* user_data;
};

class CatalogSafetyCapiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    flowstate_catalog_options o = FLOWSTATE_CATALOG_OPTIONS_INIT;
    path_ = (tmp_.p / "catalog.db").string();
    ASSERT_EQ(flowstate_catalog_open(&cat_, path_.c_str(), &o), FLOWSTATE_OK)
        << flowstate_error_last_message();
  }
  void TearDown() override { flowstate_catalog_free(cat_); }
  int64_t AddJob(const char* folder, const char* name) {
    flowstate_job_info j = FLOWSTATE_JOB_INFO_INIT;
    j.name = name;
    j.folder = folder;
    flowstate_job_list* out = nullptr;
    EXPECT_EQ(flowstate_catalog_add_job(&out, cat_, &j), FLOWSTATE_OK)
        << flowstate_error_last_message();
    flowstate_job_info got = FLOWSTATE_JOB_INFO_INIT;
    EXPECT_EQ(flowstate_job_list_get(out, 0, &got), FLOWSTATE_OK);
    const int64_t id = got.id;
    flowstate_job_list_free(out);
    return id;
  }
  std::string Script(const char* ref) {
    flowstate_job_list* out = nullptr;
    EXPECT_EQ(flowstate_catalog_get_job(&out, cat_, ref), FLOWSTATE_OK);
    flowstate_job_info j = FLOWSTATE_JOB_INFO_INIT;
    EXPECT_EQ(flowstate_job_list_get(out, 0, &j), FLOWSTATE_OK);
    std::string s = j.script != nullptr ? j.script : "";
    flowstate_job_list_free(out);
    return s;
  }
  std::string Resolve(const char* ref, const flowstate_secret_store* store) {
    char* text = nullptr;
    EXPECT_EQ(flowstate_catalog_resolve_script(&text, cat_, ref, store), FLOWSTATE_OK)
        << flowstate_error_last_message();
    std::string out = text != nullptr ? text : "";
    flowstate_string_free(text);
    return out;
  }
  Tmp tmp_;
  std::string path_;
  flowstate_catalog* cat_ = nullptr;
};

const char* const kScriptA =
    "CREATE TABLE src (id INT) WITH ('connector' = 'mysql-cdc', 'password' = 'cdc-secret');\n";
const char* const kScriptB =
    "CREATE TABLE src (id INT) WITH ('connector' = 'mysql-cdc', 'password' = 'other-secret');\n";

TEST_F(CatalogSafetyCapiTest, SameNamedJobsInTwoFoldersKeepTheirOwnSecrets) {
  const int64_t a = AddJob("/warehouse/cdc", "emp_1");
  const int64_t b = AddJob("/warehouse/other", "emp_1");
  Vault vault;
  flowstate_secret_store store = vault.store();
  ASSERT_EQ(flowstate_catalog_save_script(nullptr, cat_, "/warehouse/cdc/emp_1", kScriptA,
                                          static_cast<size_t>(-1), &store),
            FLOWSTATE_OK);
  ASSERT_EQ(flowstate_catalog_save_script(nullptr, cat_, "/warehouse/other/emp_1", kScriptB,
                                          static_cast<size_t>(-1), &store),
            FLOWSTATE_OK);
  EXPECT_EQ(vault.values.at("job." + std::to_string(a) + ".src.password"), "cdc-secret");
  EXPECT_EQ(vault.values.at("job." + std::to_string(b) + ".src.password"), "other-secret");
  EXPECT_THAT(Resolve("/warehouse/cdc/emp_1", &store), HasSubstr("'cdc-secret'"));
  EXPECT_THAT(Resolve("/warehouse/other/emp_1", &store), HasSubstr("'other-secret'"));
  // A version-2 store loses the value with the job.
  flowstate_diagnostics* diags = nullptr;
  ASSERT_EQ(flowstate_diagnostics_new(&diags), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_catalog_remove_job_v2(cat_, "/warehouse/cdc/emp_1", &store, diags),
            FLOWSTATE_OK);
  EXPECT_EQ(flowstate_diagnostics_count(diags), 0u);
  EXPECT_EQ(vault.values.count("job." + std::to_string(a) + ".src.password"), 0u);
  // A version-1 store keeps it, and the call says which.
  SecretStoreV1 old{1, &Vault::Put, &Vault::Get, &vault};
  const auto* old_store = reinterpret_cast<const flowstate_secret_store*>(&old);
  ASSERT_EQ(flowstate_catalog_remove_job_v2(cat_, "/warehouse/other/emp_1", old_store, diags),
            FLOWSTATE_OK);
  ASSERT_EQ(flowstate_diagnostics_count(diags), 1u);
  EXPECT_EQ(flowstate::testing::DiagAt(diags, 0).severity, FLOWSTATE_SEVERITY_WARNING);
  EXPECT_EQ(std::string(flowstate::testing::DiagAt(diags, 0).path),
            "job." + std::to_string(b) + ".src.password");
  EXPECT_THAT(flowstate::testing::DiagAt(diags, 0).message, HasSubstr("version 1"));
  EXPECT_EQ(vault.values.size(), 1u);
  flowstate_diagnostics_free(diags);
  // The old remove (no store at all) removes the job and names what stays in the audit log.
  AddJob("/w", "c");
  ASSERT_EQ(flowstate_catalog_save_script(nullptr, cat_, "/w/c", kScriptA, static_cast<size_t>(-1),
                                          &store),
            FLOWSTATE_OK);
  EXPECT_EQ(flowstate_catalog_remove_job(cat_, "/w/c"), FLOWSTATE_OK);
}

TEST_F(CatalogSafetyCapiTest, ScriptsAreTextAndComeBackWhole) {
  AddJob("/w", "s");
  Vault vault;
  flowstate_secret_store store = vault.store();
  const std::string binary = std::string("SELECT 1;\n\0\x01\x02 tail", 17) + std::string(4096, 'x');
  EXPECT_EQ(
      flowstate_catalog_save_script(nullptr, cat_, "/w/s", binary.data(), binary.size(), &store),
      FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("2:1: byte offset 10: a NUL byte"));
  EXPECT_EQ(Script("/w/s"), "");
  // UTF-8 text of any length goes in and comes out whole, at every step.
  std::string text = "-- 员工表 ✓\n" + std::string(kScriptA);
  for (int i = 0; i < 200; ++i) text += "SELECT '第" + std::to_string(i) + "行';\n";
  flowstate_save_report* rep = nullptr;
  ASSERT_EQ(flowstate_catalog_save_script(&rep, cat_, "/w/s", text.data(), text.size(), &store),
            FLOWSTATE_OK);
  const std::string stored = flowstate_save_report_stored(rep);
  flowstate_save_report_free(rep);
  EXPECT_EQ(Script("/w/s"), stored);
  EXPECT_EQ(Resolve("/w/s", &store), text);
  // The parser refuses what is not text too, naming the source.
  flowstate_sql_options o = FLOWSTATE_SQL_OPTIONS_INIT;
  o.source_name = "gbk.sql";
  flowstate_script* script = nullptr;
  const char gbk[] = "-- \xCA\xFD\xBE\xDD\nSELECT 1;\n";
  EXPECT_EQ(flowstate_sql_parse(&script, gbk, sizeof gbk - 1, &o, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(script, nullptr);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("gbk.sql:1:4: byte offset 3"));
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("GBK"));
}

TEST_F(CatalogSafetyCapiTest, OneCanonicalRecordPerLocationAndRemovingRecords) {
  AddJob("/w", "emp");
  const fs::path dir = tmp_.p / "cp" / "a0000000000000000000000000000001" / "chk-7";
  fs::create_directories(dir);
  std::ofstream(dir / "_metadata", std::ios::binary) << flowstate::testing::ValidMetadata(4, 7);
  flowstate_snapshot_record r = FLOWSTATE_SNAPSHOT_RECORD_INIT;
  const std::string plain = dir.string() + "/";
  r.path = plain.c_str();
  flowstate_record_list* out = nullptr;
  ASSERT_EQ(flowstate_catalog_add_snapshot(&out, cat_, "/w/emp", &r), FLOWSTATE_OK);
  flowstate_snapshot_record got = FLOWSTATE_SNAPSHOT_RECORD_INIT;
  ASSERT_EQ(flowstate_record_list_get(out, 0, &got), FLOWSTATE_OK);
  const int64_t id = got.id;
  EXPECT_EQ(std::string(got.path), "file://" + dir.string());
  flowstate_record_list_free(out);
  const std::string other = "file:" + dir.string();
  r.path = other.c_str();
  EXPECT_EQ(flowstate_catalog_add_snapshot(nullptr, cat_, "/w/emp", &r),
            FLOWSTATE_E_ALREADY_EXISTS);
  ASSERT_EQ(flowstate_catalog_find_snapshot(&out, cat_, "/w/emp", other.c_str()), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_record_list_get(out, 0, &got), FLOWSTATE_OK);
  EXPECT_EQ(got.id, id);
  flowstate_record_list_free(out);
  // ONCE: absolute only, stored canonical; clearing says what was dropped.
  EXPECT_EQ(flowstate_catalog_set_once(cat_, "/w/emp", "chk-7"), FLOWSTATE_E_INVALID_ARGUMENT);
  ASSERT_EQ(flowstate_catalog_set_once(cat_, "/w/emp", other.c_str()), FLOWSTATE_OK);
  char* dropped = nullptr;
  ASSERT_EQ(flowstate_catalog_clear_once(&dropped, cat_, "/w/emp"), FLOWSTATE_OK);
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(std::string(dropped), "file://" + dir.string());
  flowstate_string_free(dropped);
  ASSERT_EQ(flowstate_catalog_clear_once(&dropped, cat_, "/w/emp"), FLOWSTATE_OK);
  EXPECT_EQ(dropped, nullptr);
  // Files first, then the record.
  flowstate_storage* storage = nullptr;
  ASSERT_EQ(flowstate_storage_new(&storage, nullptr), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_catalog_remove_snapshot(cat_, id, nullptr, 1), FLOWSTATE_E_INVALID_ARGUMENT);
  ASSERT_EQ(flowstate_catalog_remove_snapshot(cat_, id, storage, 1), FLOWSTATE_OK)
      << flowstate_error_last_message();
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(flowstate_catalog_find_snapshot(&out, cat_, "/w/emp", other.c_str()),
            FLOWSTATE_E_NOT_FOUND);
  EXPECT_EQ(flowstate_catalog_remove_snapshot(cat_, id, nullptr, 0), FLOWSTATE_E_NOT_FOUND);
  flowstate_storage_free(storage);
}

TEST_F(CatalogSafetyCapiTest, OneOpenRunAndAnAtomicRestart) {
  AddJob("/w", "emp");
  flowstate_run_info run = FLOWSTATE_RUN_INFO_INIT;
  flowstate_run_list* out = nullptr;
  ASSERT_EQ(flowstate_catalog_start_run(&out, cat_, "/w/emp", &run), FLOWSTATE_OK);
  flowstate_run_info first = FLOWSTATE_RUN_INFO_INIT;
  ASSERT_EQ(flowstate_run_list_get(out, 0, &first), FLOWSTATE_OK);
  const int64_t first_id = first.id;
  flowstate_run_list_free(out);
  EXPECT_EQ(flowstate_catalog_start_run(nullptr, cat_, "/w/emp", &run), FLOWSTATE_E_ILLEGAL_STATE);
  EXPECT_THAT(flowstate_error_last_message(),
              HasSubstr("has an open run: run " + std::to_string(first_id)));
  EXPECT_EQ(flowstate_catalog_restart_run(nullptr, cat_, "/w/emp", first_id + 1, "CANCELED", &run),
            FLOWSTATE_E_ILLEGAL_STATE);
  ASSERT_EQ(flowstate_catalog_restart_run(&out, cat_, "/w/emp", first_id, "CANCELED", &run),
            FLOWSTATE_OK);
  flowstate_run_list_free(out);
  ASSERT_EQ(flowstate_catalog_list_runs(&out, cat_, "/w/emp"), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_run_list_count(out), 2u);
  flowstate_run_info r0 = FLOWSTATE_RUN_INFO_INIT, r1 = FLOWSTATE_RUN_INFO_INIT;
  flowstate_run_list_get(out, 0, &r0);
  flowstate_run_list_get(out, 1, &r1);
  EXPECT_EQ(std::string(r0.final_status), "CANCELED");
  EXPECT_GE(r0.ended_ms, 0);
  EXPECT_EQ(r1.ended_ms, -1);
  flowstate_run_list_free(out);
}

TEST_F(CatalogSafetyCapiTest, CallersOfTheFirstJobInfoKeepWorking) {
  // A version-1 caller knows nothing past updated_ms: those bytes are never read or written.
  flowstate_job_info j = FLOWSTATE_JOB_INFO_INIT;
  j.version = 1;
  j.name = "old";
  j.savepoint_retain_count = 12345;  // garbage, as far as a version-1 caller knows
  flowstate_job_list* out = nullptr;
  ASSERT_EQ(flowstate_catalog_add_job(&out, cat_, &j), FLOWSTATE_OK);
  flowstate_job_info got = FLOWSTATE_JOB_INFO_INIT;
  got.version = 1;
  got.savepoint_retain_count = 777;
  ASSERT_EQ(flowstate_job_list_get(out, 0, &got), FLOWSTATE_OK);
  EXPECT_EQ(std::string(got.path), "/old");
  EXPECT_EQ(got.savepoint_retain_count, 777) << "left alone";
  flowstate_job_list_free(out);
  // Version 2 reads and writes them.
  flowstate_job_info v2 = FLOWSTATE_JOB_INFO_INIT;
  v2.name = "new";
  v2.savepoint_retain_count = 3;
  v2.savepoint_retain_age_ms = 86400000;
  ASSERT_EQ(flowstate_catalog_add_job(&out, cat_, &v2), FLOWSTATE_OK);
  got = FLOWSTATE_JOB_INFO_INIT;
  ASSERT_EQ(flowstate_job_list_get(out, 0, &got), FLOWSTATE_OK);
  EXPECT_EQ(got.savepoint_retain_count, 3);
  EXPECT_EQ(got.savepoint_retain_age_ms, 86400000);
  flowstate_job_list_free(out);
  ASSERT_EQ(flowstate_catalog_get_job(&out, cat_, "/old"), FLOWSTATE_OK);
  got = FLOWSTATE_JOB_INFO_INIT;
  ASSERT_EQ(flowstate_job_list_get(out, 0, &got), FLOWSTATE_OK);
  EXPECT_EQ(got.savepoint_retain_count, -1) << "the version-1 caller's garbage was not stored";
  flowstate_job_list_free(out);
}

TEST_F(CatalogSafetyCapiTest, ReadOnlyOpensNeverCreateOrUpgrade) {
  flowstate_catalog_options ro = FLOWSTATE_CATALOG_OPTIONS_INIT;
  ro.read_only = 1;
  flowstate_catalog* c = nullptr;
  const std::string absent = (tmp_.p / "absent.db").string();
  EXPECT_EQ(flowstate_catalog_open(&c, absent.c_str(), &ro), FLOWSTATE_E_NOT_FOUND);
  EXPECT_FALSE(fs::exists(absent));
  const std::string old = (tmp_.p / "v1.db").string();
  fs::copy_file(std::string(FLOWSTATE_SOURCE_DIR) + "/tests/catalog/data/catalog-v1.db", old);
  EXPECT_EQ(flowstate_catalog_open(&c, old.c_str(), &ro), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("older flowstate"));
  ASSERT_EQ(flowstate_catalog_open(&c, path_.c_str(), &ro), FLOWSTATE_OK);
  flowstate_job_info j = FLOWSTATE_JOB_INFO_INIT;
  j.name = "x";
  EXPECT_EQ(flowstate_catalog_add_job(nullptr, c, &j), FLOWSTATE_E_PERMISSION_DENIED);
  flowstate_catalog_free(c);
}

// The C++ API over the same calls.
TEST(CatalogSafetyCppTest, SecretsRunsOnceAndRecordsThroughTheCppApi) {
  Tmp tmp;
  auto cat = flowstate::Catalog::open((tmp.p / "c.db").string());
  ASSERT_TRUE(cat.ok()) << cat.status().to_string();
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
  flowstate::JobInfo a, b;
  a.folder = "/warehouse/cdc";
  b.folder = "/warehouse/other";
  a.name = b.name = "emp_1";
  a.savepoint_retain_count = 2;
  const int64_t ida = cat->add_job(a)->id;
  const int64_t idb = cat->add_job(b)->id;
  EXPECT_EQ(cat->get_job("/warehouse/cdc/emp_1")->savepoint_retain_count, 2);
  ASSERT_TRUE(cat->save_script("/warehouse/cdc/emp_1", kScriptA, &store).ok());
  ASSERT_TRUE(cat->save_script("/warehouse/other/emp_1", kScriptB, &store).ok());
  EXPECT_THAT(cat->resolve_script("/warehouse/cdc/emp_1", &store).value(),
              HasSubstr("'cdc-secret'"));
  EXPECT_THAT(cat->resolve_script("/warehouse/other/emp_1", &store).value(),
              HasSubstr("'other-secret'"));
  // Without remove, the store keeps the value and the call names it.
  auto left = cat->remove_job("/warehouse/cdc/emp_1", store);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, std::vector<std::string>{"job." + std::to_string(ida) + ".src.password"});
  store.remove = [&](std::string_view n) {
    vault.erase(std::string(n));
    return flowstate::Status();
  };
  left = cat->remove_job("/warehouse/other/emp_1", store);
  ASSERT_TRUE(left.ok());
  EXPECT_TRUE(left->empty());
  EXPECT_EQ(vault.count("job." + std::to_string(idb) + ".src.password"), 0u);

  flowstate::JobInfo j;
  j.name = "runs";
  ASSERT_TRUE(cat->add_job(j).ok());
  auto first = flowstate::unstable::start_run(*cat, "/runs");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(flowstate::unstable::start_run(*cat, "/runs").status().code(),
            flowstate::ErrorCode::illegal_state);
  flowstate::RunInfo next;
  next.restored_from = "/sp/savepoint-a00000-000000000001/";
  auto second = flowstate::unstable::restart_run(*cat, "/runs", "CANCELED", next, first->id);
  ASSERT_TRUE(second.ok()) << second.status().to_string();
  EXPECT_EQ(second->restored_from, "file:///sp/savepoint-a00000-000000000001");
  ASSERT_TRUE(cat->set_once("/runs", std::string("file:/sp//x/")).ok());
  EXPECT_EQ(cat->clear_once("/runs").value(), std::optional<std::string>("file:///sp/x"));
  flowstate::SnapshotRecord s;
  s.path = "/cp/a0000000000000000000000000000001/chk-1";
  auto rec = cat->add_snapshot("/runs", s);
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(cat->find_snapshot("/runs", "file:/cp/a0000000000000000000000000000001/chk-1/")->id,
            rec->id);
  ASSERT_TRUE(cat->remove_snapshot(rec->id).ok());
  EXPECT_EQ(cat->get_snapshot(rec->id).status().code(), flowstate::ErrorCode::not_found);
}

// The lifecycle's view through the C ABI, on a schema-3 catalog opened (and upgraded) here:
// the job's state in flowstate_job_info version 3, the change of state in
// flowstate_event_info version 2; callers of the older layouts get what they knew.
TEST(CatalogLifecycleCapiTest, JobStatesAndTheirEventsAfterTheUpgrade) {
  Tmp tmp;
  const std::string path = (tmp.p / "v3.db").string();
  fs::copy_file(std::string(FLOWSTATE_SOURCE_DIR) + "/tests/catalog/data/catalog-v3.db", path);
  flowstate_catalog* c = nullptr;
  flowstate_catalog_options o = FLOWSTATE_CATALOG_OPTIONS_INIT;
  o.actor = "upgrader";
  ASSERT_EQ(flowstate_catalog_open(&c, path.c_str(), &o), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_catalog_schema_version(c), 6);

  flowstate_job_list* jobs = nullptr;
  ASSERT_EQ(flowstate_catalog_get_job(&jobs, c, "/warehouse/cdc/emp_1"), FLOWSTATE_OK);
  flowstate_job_info j;
  flowstate_job_info_init(&j);
  ASSERT_EQ(flowstate_job_list_get(jobs, 0, &j), FLOWSTATE_OK);
  EXPECT_EQ(j.state, FLOWSTATE_JOB_RUNNING);
  EXPECT_EQ(j.desired, FLOWSTATE_DESIRED_RUNNING);
  EXPECT_EQ(j.row_version, 0);
  // A version-2 caller's struct ends before the lifecycle's fields: they stay untouched.
  struct {
    flowstate_job_info info;
    int64_t guard;
  } v2;
  std::memset(&v2, 0x5a, sizeof v2);
  v2.info.version = 2;
  ASSERT_EQ(flowstate_job_list_get(jobs, 0, &v2.info), FLOWSTATE_OK);
  EXPECT_EQ(v2.info.state, 0x5a5a5a5a);
  flowstate_job_list_free(jobs);

  flowstate_event_list* events = nullptr;
  ASSERT_EQ(flowstate_catalog_list_events(&events, c, "/warehouse/cdc/emp_2", 10), FLOWSTATE_OK);
  ASSERT_GE(flowstate_event_list_count(events), 1u);
  flowstate_event_info e;
  flowstate_event_info_init(&e);
  ASSERT_EQ(flowstate_event_list_get(events, 0, &e), FLOWSTATE_OK);
  EXPECT_STREQ(e.action, "job.state");
  EXPECT_EQ(e.from_state, -1);
  EXPECT_EQ(e.to_state, FLOWSTATE_JOB_CANCELLED);
  EXPECT_STREQ(e.cause, "catalog schema 4");
  EXPECT_EQ(e.operation_id, -1);
  EXPECT_STREQ(e.detail, "status 'STOPPED' became CANCELLED: as its status said");
  flowstate_event_info old;
  std::memset(&old, 0x5a, sizeof old);
  old.version = 1;
  ASSERT_EQ(flowstate_event_list_get(events, 0, &old), FLOWSTATE_OK);
  EXPECT_EQ(old.to_state, 0x5a5a5a5a) << "a version-1 caller's struct has no such field";
  flowstate_event_list_free(events);
  flowstate_catalog_free(c);
}

}  // namespace
