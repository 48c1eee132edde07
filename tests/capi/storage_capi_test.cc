// Storage through the C ABI and the C++ API (on mem:// and a real directory).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "../storage/metadata_builder.h"
#include "flowstate/flowstate.h"
#include "flowstate/storage.hpp"

namespace {

namespace fs = std::filesystem;

struct Tmp {
  fs::path p;
  Tmp() {
    std::string t = (fs::temp_directory_path() / "flowstate-capi-XXXXXX").string();
    p = ::mkdtemp(t.data());
  }
  ~Tmp() { fs::remove_all(p); }
};

std::string Header(int version, int64_t id) {
  std::string b = "\x49\x60\x67\x2d";
  for (int i = 3; i >= 0; --i) b += static_cast<char>((version >> (8 * i)) & 0xFF);
  for (int i = 7; i >= 0; --i)
    b += static_cast<char>((static_cast<uint64_t>(id) >> (8 * i)) & 0xFF);
  return b;
}

// Each record as its flowstate_<record>_get() fills it (the test fails on any error).
flowstate_file_info File(const flowstate_file_list* l, size_t i) {
  flowstate_file_info c = FLOWSTATE_FILE_INFO_INIT;
  EXPECT_EQ(flowstate_file_list_get(l, i, &c), FLOWSTATE_OK);
  return c;
}
flowstate_snapshot_info Snap(const flowstate_snapshot_list* l, size_t i) {
  flowstate_snapshot_info c = FLOWSTATE_SNAPSHOT_INFO_INIT;
  EXPECT_EQ(flowstate_snapshot_list_get(l, i, &c), FLOWSTATE_OK);
  return c;
}
flowstate_file_problem Problem(const flowstate_snapshot_list* l, size_t i, size_t p) {
  flowstate_file_problem c = FLOWSTATE_FILE_PROBLEM_INIT;
  EXPECT_EQ(flowstate_snapshot_list_problem_get(l, i, p, &c), FLOWSTATE_OK);
  return c;
}
flowstate_job_directory JobDir(const flowstate_snapshot_list* l, size_t i) {
  flowstate_job_directory c = FLOWSTATE_JOB_DIRECTORY_INIT;
  EXPECT_EQ(flowstate_snapshot_list_job_get(l, i, &c), FLOWSTATE_OK);
  return c;
}
flowstate_metadata_info Meta(const flowstate_metadata* m) {
  flowstate_metadata_info c = FLOWSTATE_METADATA_INFO_INIT;
  EXPECT_EQ(flowstate_metadata_get(m, &c), FLOWSTATE_OK);
  return c;
}
flowstate_operator_state Op(const flowstate_metadata* m, size_t i) {
  flowstate_operator_state c = FLOWSTATE_OPERATOR_STATE_INIT;
  EXPECT_EQ(flowstate_metadata_operator_get(m, i, &c), FLOWSTATE_OK);
  return c;
}
flowstate_state_file StateFile(const flowstate_metadata* m, size_t i) {
  flowstate_state_file c = FLOWSTATE_STATE_FILE_INIT;
  EXPECT_EQ(flowstate_metadata_file_get(m, i, &c), FLOWSTATE_OK);
  return c;
}
flowstate_match_info Match(const flowstate_match_list* l, size_t i) {
  flowstate_match_info c = FLOWSTATE_MATCH_INFO_INIT;
  EXPECT_EQ(flowstate_match_list_get(l, i, &c), FLOWSTATE_OK);
  return c;
}

TEST(StorageCapiTest, ConfigNormalizeResolve) {
  flowstate_storage_config* c = nullptr;
  ASSERT_EQ(flowstate_storage_config_new(&c), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_storage_config_add_mount(c, "file:///opt/flink/volume", "/mnt/vol"),
            FLOWSTATE_OK);
  EXPECT_EQ(flowstate_storage_config_add_mount(c, "hdfs://nn/x", "/mnt"),
            FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_webhdfs_options o = FLOWSTATE_WEBHDFS_OPTIONS_INIT;
  EXPECT_EQ(flowstate_storage_config_add_webhdfs(c, "ns1", &o), FLOWSTATE_E_INVALID_ARGUMENT)
      << "url is required";
  o.endpoint.url = "http://127.0.0.1:9870";
  ASSERT_EQ(flowstate_storage_config_add_webhdfs(c, "ns1", &o), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_storage_config_set_default_nameservice(c, "ns1"), FLOWSTATE_OK);
  flowstate_storage* s = nullptr;
  ASSERT_EQ(flowstate_storage_new(&s, c), FLOWSTATE_OK);
  flowstate_storage_config_free(c);  // the storage keeps its own copy

  char* out = nullptr;
  ASSERT_EQ(flowstate_storage_normalize(&out, s, "hdfs:///a/./b"), FLOWSTATE_OK);
  EXPECT_STREQ(out, "hdfs://ns1/a/b");
  flowstate_string_free(out);
  EXPECT_EQ(flowstate_storage_normalize(&out, s, "rel/path"), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(out, nullptr);

  char *kind = nullptr, *path = nullptr;
  ASSERT_EQ(flowstate_storage_resolve(&kind, &path, s, "file:///opt/flink/volume/cp/x"),
            FLOWSTATE_OK);
  EXPECT_STREQ(kind, "nfs");
  EXPECT_STREQ(path, "/mnt/vol/cp/x");
  flowstate_string_free(kind);
  flowstate_string_free(path);
  EXPECT_EQ(flowstate_storage_resolve(&kind, &path, s, "hdfs://unknown/x"), FLOWSTATE_E_NOT_FOUND);
  flowstate_storage_free(s);
}

TEST(StorageCapiTest, FileOperationsOnMemory) {
  flowstate_storage* s = nullptr;
  ASSERT_EQ(flowstate_storage_new(&s, nullptr), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_storage_mkdirs(s, "mem:///d"), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_storage_write(s, "mem:///d/f", "a\0b", 3, 0), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_storage_write(s, "mem:///d/f", "x", 1, 0), FLOWSTATE_E_ALREADY_EXISTS);
  char* data = nullptr;
  size_t len = 0;
  ASSERT_EQ(flowstate_storage_read(&data, &len, s, "mem:///d/f", 0, UINT64_MAX), FLOWSTATE_OK);
  EXPECT_EQ(std::string(data, len), std::string("a\0b", 3));
  flowstate_string_free(data);
  flowstate_file_list* l = nullptr;
  ASSERT_EQ(flowstate_storage_list(&l, s, "mem:///d"), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_file_list_count(l), 1u);
  EXPECT_STREQ(File(l, 0).name, "f");
  EXPECT_EQ(File(l, 0).type, FLOWSTATE_FILE_REGULAR);
  EXPECT_EQ(File(l, 0).size, 3u);
  // A record's getter: NULL out, an index past the end, and a version this library does not
  // know are errors that leave the caller's struct alone; an older version is accepted.
  flowstate_file_info info = FLOWSTATE_FILE_INFO_INIT;
  EXPECT_EQ(flowstate_file_list_get(l, 0, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_file_list_get(l, 1, &info), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_STREQ(flowstate_error_last_message(), "index out of range");
  EXPECT_EQ(flowstate_file_list_get(nullptr, 0, &info), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(info.name, nullptr);
  info.version = FLOWSTATE_FILE_INFO_VERSION + 1;
  EXPECT_EQ(flowstate_file_list_get(l, 0, &info), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_NE(std::string(flowstate_error_last_message()).find("flowstate_file_info"),
            std::string::npos);
  info.version = 0;
  EXPECT_EQ(flowstate_file_list_get(l, 0, &info), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(info.name, nullptr);
  flowstate_file_list_free(l);
  ASSERT_EQ(flowstate_storage_rename(s, "mem:///d/f", "mem:///d/g"), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_storage_stat(&l, s, "mem:///d/f"), FLOWSTATE_E_NOT_FOUND);
  EXPECT_EQ(flowstate_storage_rename(s, "mem:///d/g", "/tmp/x"), FLOWSTATE_E_INVALID_ARGUMENT);
  ASSERT_EQ(flowstate_storage_delete(s, "mem:///d"), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_storage_delete(s, "mem:///d"), FLOWSTATE_E_NOT_FOUND);
  flowstate_storage_free(s);
  flowstate_storage_free(nullptr);
  flowstate_file_list_free(nullptr);
  flowstate_snapshot_list_free(nullptr);
}

int CountProgress(void* user, const char*, uint64_t, uint64_t) {
  ++*static_cast<int*>(user);
  return 0;
}

TEST(StorageCapiTest, FindLatestAndListSnapshots) {
  Tmp t;
  const std::string job = "e0000000000000000000000000000005";
  fs::create_directories(t.p / job / "chk-3");
  fs::create_directories(t.p / job / "chk-4");
  std::ofstream(t.p / job / "chk-3" / "_metadata", std::ios::binary)
      << flowstate::testing::ValidMetadata(4, 3);
  std::ofstream(t.p / job / "chk-4" / "_metadata", std::ios::binary) << Header(4, 44);
  flowstate_storage* s = nullptr;
  ASSERT_EQ(flowstate_storage_new(&s, nullptr), FLOWSTATE_OK);
  std::string root = t.p.string();
  const char* roots[] = {root.c_str()};
  const char* jobs[] = {job.c_str()};
  flowstate_scan_options o = FLOWSTATE_SCAN_OPTIONS_INIT;
  o.job_ids = jobs;
  o.job_id_count = 1;
  int progress = 0;
  flowstate_operation op = FLOWSTATE_OPERATION_INIT;
  op.progress = &CountProgress;
  op.progress_user_data = &progress;
  o.operation = &op;
  flowstate_snapshot_list* l = nullptr;
  ASSERT_EQ(flowstate_storage_list_snapshots(&l, s, roots, 1, &o, nullptr), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_snapshot_list_count(l), 2u);
  EXPECT_GT(progress, 0);
  {
    // The layout before the operation context is refused by name, never misread.
    flowstate_scan_options old = o;
    old.version = 2;
    flowstate_snapshot_list* none = nullptr;
    EXPECT_EQ(flowstate_storage_list_snapshots(&none, s, roots, 1, &old, nullptr),
              FLOWSTATE_E_UNSUPPORTED_VERSION);
    EXPECT_NE(std::string(flowstate_error_last_message()).find("no longer reads"),
              std::string::npos);
    EXPECT_EQ(none, nullptr);
  }
  int corrupt = 0;
  for (size_t i = 0; i < 2; ++i) {
    if (Snap(l, i).verdict == FLOWSTATE_VERDICT_CORRUPT) {
      ++corrupt;
      EXPECT_STREQ(Snap(l, i).reason,
                   "checkpoint id 44 in _metadata does not match directory chk-4");
    }
  }
  EXPECT_EQ(corrupt, 1);
  EXPECT_EQ(flowstate_snapshot_list_job_count(l), 1u);
  EXPECT_STREQ(JobDir(l, 0).job_id, job.c_str());
  flowstate_snapshot_list_free(l);

  ASSERT_EQ(flowstate_storage_find_latest(&l, s, roots, 1, &o, nullptr), FLOWSTATE_OK);
  int64_t chosen = flowstate_snapshot_list_chosen(l);
  ASSERT_GE(chosen, 0);
  EXPECT_EQ(Snap(l, static_cast<size_t>(chosen)).checkpoint_id, 3);
  EXPECT_EQ(Snap(l, static_cast<size_t>(chosen)).restorable, 1);
  EXPECT_STREQ(Snap(l, static_cast<size_t>(chosen)).min_flink, "1.16");
  EXPECT_EQ(Snap(l, 0).kind, FLOWSTATE_SNAPSHOT_CHECKPOINT);
  flowstate_snapshot_list_free(l);

  const char* bad[] = {"not-a-job-id"};
  o.job_ids = bad;
  EXPECT_EQ(flowstate_storage_find_latest(&l, s, roots, 1, &o, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  o.job_ids = jobs;
  o.flink_version = "0.9";
  EXPECT_EQ(flowstate_storage_find_latest(&l, s, roots, 1, &o, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  o.flink_version = "1.13";
  EXPECT_EQ(flowstate_storage_find_latest(&l, s, roots, 1, &o, nullptr),
            FLOWSTATE_E_UNSUPPORTED_VERSION);
  o.flink_version = nullptr;
  flowstate_cancel_token* token = nullptr;
  flowstate_cancel_token_new(&token);
  flowstate_cancel_token_cancel(token);
  op.cancel = token;
  EXPECT_EQ(flowstate_storage_find_latest(&l, s, roots, 1, &o, nullptr), FLOWSTATE_E_CANCELLED);
  flowstate_cancel_token_free(token);
  EXPECT_EQ(flowstate_storage_find_latest(&l, s, roots, 0, nullptr, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_storage_free(s);
}

TEST(StorageCapiTest, HeaderCheck) {
  int version = 0;
  int64_t id = 0;
  std::string h = Header(6, 12);
  ASSERT_EQ(flowstate_metadata_check_header(&version, &id, h.data(), h.size()), FLOWSTATE_OK);
  EXPECT_EQ(version, 6);
  EXPECT_EQ(id, 12);
  EXPECT_EQ(flowstate_metadata_check_header(&version, &id, h.data(), 7), FLOWSTATE_E_CORRUPT);
  EXPECT_STREQ(flowstate_error_last_message(),
               "truncated: _metadata has 7 bytes, its header needs 16");
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_VERDICT, FLOWSTATE_VERDICT_IN_PROGRESS),
               "IN_PROGRESS");
  EXPECT_EQ(flowstate_enum_name(FLOWSTATE_ENUM_VERDICT, 9), nullptr);
}

TEST(StorageCppApiTest, StorageAndLatest) {
  Tmp t;
  const std::string job = "f0000000000000000000000000000006";
  fs::create_directories(t.p / job / "chk-1");
  std::ofstream(t.p / job / "chk-1" / "_metadata", std::ios::binary)
      << flowstate::testing::ValidMetadata(5, 1);
  flowstate::StorageConfig config;
  ASSERT_TRUE(config.add_mount("file:///opt/flink/volume", t.p.string()).ok());
  auto storage = flowstate::Storage::create(&config);
  ASSERT_TRUE(storage.ok());
  EXPECT_EQ(storage->normalize("file:/opt/flink/volume/").value(), "file:///opt/flink/volume");
  EXPECT_EQ(storage->resolve("file:///opt/flink/volume/x")->first, "nfs");
  flowstate::ScanOptions o;
  o.flink_version = "1.20";
  auto none = storage->find_latest({"file:///opt/flink/volume"}, o);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->latest(), nullptr) << "format 5 needs Flink 2.0";
  EXPECT_EQ(none->snapshots[0].target_reason,
            "format version 5 needs Flink 2.0 or later; the target is 1.20");
  o.flink_version = "2.0";
  auto found = storage->find_latest({"file:///opt/flink/volume"}, o);
  ASSERT_NE(found->latest(), nullptr);
  EXPECT_EQ(found->latest()->location, "file:///opt/flink/volume/" + job + "/chk-1");
  EXPECT_EQ(found->latest()->level, flowstate::VerifyLevel::files);
  EXPECT_EQ(found->latest()->operator_count, 1);
  EXPECT_EQ(found->latest()->inline_bytes, 16u);
  EXPECT_TRUE(storage->write("mem:///x", "y").ok());
  EXPECT_EQ(storage->read("mem:///x").value(), "y");
  EXPECT_EQ(storage->stat("mem:///nope").status().code(), flowstate::ErrorCode::not_found);
}

TEST(MetadataCapiTest, ParseInspectVerifyAndMatch) {
  using flowstate::testing::MetadataBuilder;
  // A checkpoint with one relative and one absolute state file.
  Tmp t;
  const std::string job = "a1000000000000000000000000000001";
  fs::path chk = t.p / job / "chk-4";
  fs::create_directories(chk);
  fs::create_directories(t.p / job / "shared");
  MetadataBuilder m;
  m.Header(5, 4).I32(1).OperatorStart(5, 0, 2, "Source: orders", "orders-source");
  m.I8(0).I32(1).I32(0).I32(0).I32(0);
  m.I8(11).I64(4).Utf("backend").I32(0).I32(128).I64(30).Relative("meta-file", 10).I32(1);
  m.Utf("000010.sst").Absolute("file:" + (t.p / job / "shared" / "sst-1").string(), 20);
  m.I32(0).Utf("id").I8(0).I32(0).I32(0).Raw(flowstate::testing::CheckpointTrailer());
  std::string bytes = m.Take();
  // The operator id is derived from the uid: write it where the builder put zeros.
  char* id = nullptr;
  ASSERT_EQ(flowstate_operator_id_from_uid(&id, "orders-source", (size_t)-1), FLOWSTATE_OK);
  std::string hex = id;
  flowstate_string_free(id);
  size_t at = 16 + 4 + 4 + 2 + 14 + 2 + 13;
  for (size_t i = 0; i < 16; ++i)
    bytes[at + i] = static_cast<char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  std::ofstream(chk / "_metadata", std::ios::binary) << bytes;
  std::ofstream(chk / "meta-file", std::ios::binary) << std::string(10, 'm');
  std::ofstream(t.p / job / "shared" / "sst-1", std::ios::binary) << std::string(20, 's');

  flowstate_metadata* parsed = nullptr;
  ASSERT_EQ(flowstate_metadata_parse(&parsed, bytes.data(), bytes.size()), FLOWSTATE_OK);
  EXPECT_EQ(Meta(parsed).format_version, 5);
  EXPECT_STREQ(Op(parsed, 0).id, hex.c_str());
  EXPECT_STREQ(Op(parsed, 0).uid, "orders-source");
  EXPECT_STREQ(Meta(parsed).kind, "CHECKPOINT");
  EXPECT_STREQ(Meta(parsed).type_name, "Checkpoint");
  EXPECT_EQ(Meta(parsed).file_count, 2u);
  EXPECT_STREQ(StateFile(parsed, 0).form, "relative");
  EXPECT_STREQ(StateFile(parsed, 0).location, "");
  flowstate_metadata_free(parsed);
  EXPECT_EQ(flowstate_metadata_parse(&parsed, bytes.data(), bytes.size() - 1), FLOWSTATE_E_CORRUPT);
  EXPECT_EQ(std::string(flowstate_error_last_message()).rfind("offset ", 0), 0u);

  flowstate_storage* s = nullptr;
  ASSERT_EQ(flowstate_storage_new(&s, nullptr), FLOWSTATE_OK);
  flowstate_metadata* md = nullptr;
  flowstate_snapshot_list* snap = nullptr;
  std::string uri = chk.string();
  ASSERT_EQ(flowstate_storage_inspect(&md, &snap, s, uri.c_str(), nullptr), FLOWSTATE_OK);
  EXPECT_EQ(Meta(md).parsed, 1);
  EXPECT_EQ(std::string(StateFile(md, 0).location), "file://" + (chk / "meta-file").string());
  EXPECT_EQ(Snap(snap, 0).verdict, FLOWSTATE_VERDICT_COMPLETE);
  EXPECT_EQ(Snap(snap, 0).level, FLOWSTATE_VERIFY_FILES);
  EXPECT_EQ(Snap(snap, 0).referenced_bytes, 30u);
  EXPECT_EQ(flowstate_snapshot_list_chosen(snap), 0);
  flowstate_metadata_free(md);
  flowstate_snapshot_list_free(snap);

  fs::remove(t.p / job / "shared" / "sst-1");
  ASSERT_EQ(flowstate_storage_inspect(nullptr, &snap, s, uri.c_str(), nullptr), FLOWSTATE_OK);
  EXPECT_EQ(Snap(snap, 0).verdict, FLOWSTATE_VERDICT_CORRUPT);
  ASSERT_EQ(Snap(snap, 0).problem_count, 1u);
  EXPECT_EQ(Problem(snap, 0, 0).found, -1);
  EXPECT_EQ(Problem(snap, 0, 0).expected, 20);
  EXPECT_NE(std::string(Problem(snap, 0, 0).message).find("is missing"), std::string::npos);
  EXPECT_EQ(flowstate_snapshot_list_chosen(snap), -1);
  flowstate_snapshot_list_free(snap);
  flowstate_scan_options o = FLOWSTATE_SCAN_OPTIONS_INIT;
  o.verify_level = FLOWSTATE_VERIFY_STRUCTURE;
  ASSERT_EQ(flowstate_storage_inspect(nullptr, &snap, s, uri.c_str(), &o), FLOWSTATE_OK);
  EXPECT_EQ(Snap(snap, 0).verdict, FLOWSTATE_VERDICT_COMPLETE);
  flowstate_snapshot_list_free(snap);
  o.verify_level = 9;
  EXPECT_EQ(flowstate_storage_inspect(nullptr, &snap, s, uri.c_str(), &o),
            FLOWSTATE_E_INVALID_ARGUMENT);

  flowstate_match_list* matches = nullptr;
  const char* ids[] = {hex.c_str()};
  std::string root = t.p.string();
  ASSERT_EQ(flowstate_storage_match(&matches, s, root.c_str(), ids, 1, nullptr), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_match_list_count(matches), 1u);
  EXPECT_STREQ(Match(matches, 0).job_id, job.c_str());
  EXPECT_EQ(Match(matches, 0).kind, FLOWSTATE_MATCH_ALL);
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_MATCH_KIND, FLOWSTATE_MATCH_ALL), "all");
  EXPECT_EQ(Match(matches, 0).extra_count, 0u);
  flowstate_match_list_free(matches);
  const char* bad[] = {"xyz"};
  EXPECT_EQ(flowstate_storage_match(&matches, s, root.c_str(), bad, 1, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_storage_free(s);

  // The C++ API over the same.
  EXPECT_EQ(flowstate::operator_id_from_uid("orders-source"), hex);
  EXPECT_EQ(flowstate::parse_metadata(bytes).value().operators[0].name, "Source: orders");
  auto storage = flowstate::Storage::create();
  auto inspected = storage->inspect(uri);
  ASSERT_TRUE(inspected.ok());
  EXPECT_EQ(inspected->second.verdict, flowstate::Verdict::corrupt);
  EXPECT_EQ(inspected->second.problems.size(), 1u);
  EXPECT_EQ(inspected->first.files[1].form, "absolute");
  auto found = storage->match(root, {hex});
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->at(0).kind, flowstate::MatchKind::all);
}

}  // namespace
