// WebHDFS specifics against the test server: redirects, paging, errors, auth, faults.
#include <gtest/gtest.h>

#include <chrono>

#include "storage/webhdfs_fs.h"
#include "storage/webhdfs_json.h"
#include "storage_test_util.h"

namespace flowstate::core::storage {
namespace {

using flowstate::testing::TempDir;
using flowstate::testing::WebHdfsServer;
using flowstate::testing::WriteFile;

class WebHdfsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.path() / "cp/job/chk-1/_metadata", "0123456789abcdef-rest");
    for (int i = 0; i < 5; ++i) WriteFile(dir_.path() / "cp/many" / ("f" + std::to_string(i)), "x");
  }
  WebHdfsEndpoint Endpoint() {
    WebHdfsEndpoint e;
    e.url = server_.url();
    e.user = "flink";
    e.retry_backoff_ms = 10;
    e.timeout_ms = 3000;
    return e;
  }
  TempDir dir_;
  WebHdfsServer server_{dir_.str(), 2};
};

TEST_F(WebHdfsTest, OpenFollowsTheNameNodeRedirectToADataNode) {
  WebHdfsFileSystem fs(Endpoint());
  auto head = fs.Read("/cp/job/chk-1/_metadata", 0, 16);
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(*head, "0123456789abcdef");
  EXPECT_EQ(fs.request_count(), 2u) << "one OPEN to the NameNode, one GET to the DataNode";
  EXPECT_NE(server_.Stats().find("\"DN_OPEN\": 1"), std::string::npos) << server_.Stats();
}

TEST_F(WebHdfsTest, ListStatusBatchPages) {
  WebHdfsFileSystem fs(Endpoint());
  auto first = fs.List("/cp/many", "");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->entries.size(), 2u);
  EXPECT_EQ(first->next, "f1");
  auto all = fs.ListAll("/cp/many");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 5u);
  EXPECT_NE(server_.Stats().find("\"LISTSTATUS_BATCH\": 4"), std::string::npos) << server_.Stats();
}

TEST_F(WebHdfsTest, CreateIsTwoSteps) {
  WebHdfsFileSystem fs(Endpoint());
  ASSERT_TRUE(fs.WriteAtomic("/cp/new", "data", false).ok());
  EXPECT_EQ(flowstate::testing::ReadFile(dir_.path() / "cp/new"), "data");
  std::string stats = server_.Stats();
  EXPECT_NE(stats.find("\"CREATE\": 1"), std::string::npos) << stats;
  EXPECT_NE(stats.find("\"DN_CREATE\": 1"), std::string::npos) << stats;
  EXPECT_NE(stats.find("\"RENAME\": 1"), std::string::npos) << stats;
}

TEST_F(WebHdfsTest, RemoteExceptionsBecomeTypedErrorsWithPathAndMessage) {
  WebHdfsFileSystem fs(Endpoint());
  auto missing = fs.Stat("/cp/absent");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "/cp/absent: FileNotFoundException: File does not exist: /cp/absent");
  auto dir_read = fs.Read("/cp/job", 0, 4);
  EXPECT_EQ(dir_read.status().code(), Code::kNotFound);
  EXPECT_EQ(dir_read.status().message(),
            "/cp/job: FileNotFoundException: Path is not a file: /cp/job");
  EXPECT_EQ(fs.WriteAtomic("/cp/job/chk-1/_metadata", "x", false).code(), Code::kAlreadyExists);
}

TEST_F(WebHdfsTest, DelegationTokenIsRequiredAndChecked) {
  TempDir d;
  WebHdfsServer secured(d.str(), 2, "s3cret");
  WebHdfsEndpoint e;
  e.url = secured.url();
  e.retries = 0;
  WebHdfsFileSystem anonymous(e);
  auto r = anonymous.Stat("/");
  EXPECT_EQ(r.status().code(), Code::kPermissionDenied);
  EXPECT_NE(r.status().message().find("SecurityException"), std::string::npos);
  e.delegation_token = "wrong";
  WebHdfsFileSystem wrong(e);
  EXPECT_EQ(wrong.Stat("/").status().code(), Code::kPermissionDenied);
  e.delegation_token = "s3cret";
  WebHdfsFileSystem right(e);
  EXPECT_TRUE(right.Stat("/").ok());
}

TEST(WebHdfsEndpointTest, HeadersAndBearerTokenOfTheEndpointReachTheNameNode) {
  // A NameNode behind an authenticating gateway: the endpoint's headers go with every
  // request, as they do to a JobManager.
  TempDir d;
  WriteFile(d.path() / "cp/x", "1");
  WebHdfsServer gated(d.str(), 2, "", "Authorization=Bearer gw-token");
  WebHdfsEndpoint e;
  e.url = gated.url();
  e.retries = 0;
  auto denied = WebHdfsFileSystem(e).Stat("/cp/x");
  EXPECT_EQ(denied.status().code(), Code::kPermissionDenied) << denied.status().ToString();
  EXPECT_NE(denied.status().message().find("HTTP 401"), std::string::npos)
      << denied.status().message();
  e.bearer_token = "gw-token";
  auto with_token = WebHdfsFileSystem(e).Stat("/cp/x");
  EXPECT_TRUE(with_token.ok()) << with_token.status().ToString();
  e.bearer_token.clear();
  e.headers = {{"Authorization", "Bearer gw-token"}};
  auto with_header = WebHdfsFileSystem(e).Stat("/cp/x");
  EXPECT_TRUE(with_header.ok()) << with_header.status().ToString();
  EXPECT_EQ(with_header->size, 1u);
}

TEST(WebHdfsEndpointTest, TheConfigRefusesWhatNoRequestCanUse) {
  StorageConfig c;
  WebHdfsEndpoint e;
  e.url = "http://nn:9870";
  e.timeout_ms = 0;
  Status st = c.AddWebHdfs("ns1", e);
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(st.message(), "WebHDFS endpoint 'ns1': timeout_ms must be positive");
  e.timeout_ms = 1000;
  e.headers = {{"X-Evil", "a\r\nHost: elsewhere"}};
  EXPECT_EQ(c.AddWebHdfs("ns1", e).code(), Code::kInvalidArgument);
  e.headers.clear();
  e.url = "nn:9870";
  EXPECT_NE(c.AddWebHdfs("ns1", e).message().find("is not an http:// or https:// URL"),
            std::string::npos);
  e.url = "http://nn:9870/";
  ASSERT_TRUE(c.AddWebHdfs("ns1", e).ok());
  EXPECT_EQ(c.webhdfs["ns1"].url, "http://nn:9870");
  EXPECT_EQ(c.webhdfs["ns1"].retries, 3) << "a NameNode's default";
}

TEST_F(WebHdfsTest, Transient503IsRetriedForIdempotentCalls) {
  WebHdfsFileSystem fs(Endpoint());
  server_.Control("faults", R"({"status": 503, "fail": 2})");
  auto st = fs.Stat("/cp/job");
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(fs.request_count(), 3u);
}

TEST_F(WebHdfsTest, RetriesRunOutWithAnUnavailableError) {
  WebHdfsEndpoint e = Endpoint();
  e.retries = 1;
  WebHdfsFileSystem fs(e);
  server_.Control("faults", R"({"status": 503, "fail": 5})");
  auto st = fs.Stat("/cp/job");
  EXPECT_EQ(st.status().code(), Code::kUnavailable);
  EXPECT_NE(st.status().message().find("StandbyException"), std::string::npos);
  server_.Control("reset");
}

TEST_F(WebHdfsTest, NonIdempotentCallsAreNotRetried) {
  WebHdfsFileSystem fs(Endpoint());
  server_.Control("faults", R"({"status": 503, "fail": 1})");
  EXPECT_EQ(fs.Rename("/cp/job", "/cp/job2").code(), Code::kUnavailable);
  EXPECT_EQ(fs.request_count(), 1u);
}

TEST_F(WebHdfsTest, DroppedConnectionIsRetried) {
  WebHdfsFileSystem fs(Endpoint());
  server_.Control("faults", R"({"drop": 1})");
  EXPECT_TRUE(fs.Stat("/cp/job").ok());
}

TEST_F(WebHdfsTest, ABodyCutShortIsUnavailableAndRetried) {
  WebHdfsEndpoint e = Endpoint();
  e.retries = 0;
  WebHdfsFileSystem fs(e);
  server_.Control("faults", R"({"truncate": 1})");
  auto st = fs.Stat("/cp/job");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), Code::kUnavailable) << st.status().ToString();
  // As a dropped connection: a read is tried again.
  WebHdfsEndpoint again = Endpoint();
  again.retries = 2;
  WebHdfsFileSystem patient(again);
  server_.Control("faults", R"({"truncate": 1})");
  EXPECT_TRUE(patient.Stat("/cp/job").ok());
}

TEST_F(WebHdfsTest, HangingServerIsCutOffByTheTimeout) {
  WebHdfsEndpoint e = Endpoint();
  e.retries = 0;
  e.timeout_ms = 300;
  WebHdfsFileSystem fs(e);
  server_.Control("faults", R"({"hang": 1})");
  auto start = std::chrono::steady_clock::now();
  auto st = fs.Stat("/cp/job");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(st.status().code(), Code::kTimeout) << st.status().ToString();
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST_F(WebHdfsTest, UnreachableNameNodeIsUnavailable) {
  WebHdfsEndpoint e;
  e.url = "http://127.0.0.1:1";
  e.retries = 0;
  WebHdfsFileSystem fs(e);
  EXPECT_EQ(fs.Stat("/").status().code(), Code::kUnavailable);
}

TEST(WebHdfsJsonTest, MalformedAnswersAreRemoteErrors) {
  EXPECT_EQ(DecodeFileStatus("not json", "x").status().code(), Code::kRemote);
  EXPECT_EQ(DecodeFileStatus(R"({"FileStatus": {"type": 1}})", "x").status().message(),
            "malformed WebHDFS answer: FileStatus.type must be a string");
  EXPECT_EQ(
      DecodeDirectoryListing(R"({"DirectoryListing": {"remainingEntries": -1}})").status().code(),
      Code::kRemote);
  EXPECT_EQ(
      DecodeFileStatuses(R"({"FileStatuses": {"FileStatus": [{"type": "FILE", "length": 1, )"
                         R"("modificationTime": 2, "pathSuffix": "../x"}]}})")
          .status()
          .message(),
      "malformed WebHDFS answer: FileStatuses.FileStatus[0].pathSuffix '../x' is not a file name");
  EXPECT_EQ(*DecodeBoolean(R"({"boolean": false})"), false);
  EXPECT_FALSE(DecodeBoolean(R"({"boolean": "yes"})").ok());
}

TEST(WebHdfsJsonTest, RemoteExceptionMapping) {
  auto re = [](const char* e, int status) {
    return DecodeRemoteException(std::string(R"({"RemoteException":{"exception":")") + e +
                                     R"(","javaClassName":"x","message":"msg\nat trace"}})",
                                 status, "/p");
  };
  EXPECT_EQ(re("FileNotFoundException", 404).code(), Code::kNotFound);
  EXPECT_EQ(re("AccessControlException", 403).code(), Code::kPermissionDenied);
  EXPECT_EQ(re("FileAlreadyExistsException", 403).code(), Code::kAlreadyExists);
  EXPECT_EQ(re("StandbyException", 403).code(), Code::kUnavailable);
  EXPECT_EQ(re("IllegalArgumentException", 400).code(), Code::kInvalidArgument);
  EXPECT_EQ(re("PathIsNotEmptyDirectoryException", 403).code(), Code::kConflict);
  EXPECT_EQ(re("AccessControlException", 403).message(), "/p: AccessControlException: msg");
  EXPECT_EQ(DecodeRemoteException("<html>", 502, "/p").code(), Code::kUnavailable);
  EXPECT_EQ(DecodeRemoteException("", 500, "/p").message(), "/p: HTTP 500");
}

}  // namespace
}  // namespace flowstate::core::storage
