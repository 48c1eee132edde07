#include "storage/location.h"

#include <gtest/gtest.h>

#include "storage/config.h"

namespace flowstate::core::storage {
namespace {

struct Good {
  const char* in;
  const char* canonical;
};

TEST(LocationTest, EveryFormUsersAndFlinkWrite) {
  const Good cases[] = {
      {"/opt/flink/volume/flink-cp", "file:///opt/flink/volume/flink-cp"},
      {"file:///opt/flink/volume/flink-cp/", "file:///opt/flink/volume/flink-cp"},
      {"file:/tmp/savepoints/savepoint-d9813b-8a68e674325b",
       "file:///tmp/savepoints/savepoint-d9813b-8a68e674325b"},
      {"file://localhost/data", "file:///data"},
      {"hdfs://nn:8020/flink/cp", "hdfs://nn:8020/flink/cp"},
      {"HDFS://nn:8020//flink/./cp/../cp2", "hdfs://nn:8020/flink/cp2"},
      {"hdfs:///flink/cp", "hdfs://ns1/flink/cp"},
      {"hdfs:/flink/cp", "hdfs://ns1/flink/cp"},
      {"webhdfs://127.0.0.1:9870/a", "webhdfs://127.0.0.1:9870/a"},
      {"swebhdfs://nn:9871/a", "swebhdfs://nn:9871/a"},
      {"mem:///x/y", "mem:///x/y"},
      {"  /a  ", "file:///a"},
      {"/", "file:///"},
  };
  for (const Good& c : cases) {
    auto loc = Location::Parse(c.in, "ns1");
    ASSERT_TRUE(loc.ok()) << c.in << ": " << loc.status().message();
    EXPECT_EQ(loc->ToString(), c.canonical) << c.in;
  }
}

TEST(LocationTest, RefusedWithAClearReason) {
  struct Bad {
    const char* in;
    Code code;
    const char* message;
  } cases[] = {
      {"relative/dir", Code::kInvalidArgument,
       "relative path 'relative/dir' for 'relative/dir': an absolute path or a URI is needed"},
      {"/a/../../etc", Code::kInvalidArgument,
       "'/a/../../etc' '/a/../../etc': '..' goes above the root"},
      {"hdfs:///x", Code::kInvalidArgument,
       "'hdfs:///x': hdfs:/// needs a default nameservice in the storage settings"},
      {"webhdfs:///x", Code::kInvalidArgument, "'webhdfs:///x': webhdfs needs host:port"},
      {"file://remote/x", Code::kInvalidArgument,
       "'file://remote/x': a file URI names no host (write file:///path)"},
      {"s3://bucket/x", Code::kUnsupported,
       "storage scheme 's3' in 's3://bucket/x' is not supported (file, hdfs, webhdfs, swebhdfs)"},
      {"", Code::kInvalidArgument, "empty location: a path or URI is needed"},
  };
  for (const Bad& b : cases) {
    auto loc = Location::Parse(b.in);
    ASSERT_FALSE(loc.ok()) << b.in;
    EXPECT_EQ(loc.status().code(), b.code) << b.in;
    EXPECT_EQ(loc.status().message(), b.message) << b.in;
  }
}

TEST(LocationTest, ChildParentContains) {
  auto root = *Location::Parse("file:///opt/flink/volume");
  auto chk = root.Child("flink-cp").Child("chk-3");
  EXPECT_EQ(chk.ToString(), "file:///opt/flink/volume/flink-cp/chk-3");
  EXPECT_EQ(chk.Name(), "chk-3");
  EXPECT_EQ(chk.Parent().Parent(), root);
  EXPECT_TRUE(root.Contains(chk));
  EXPECT_EQ(root.RelativePath(chk), "flink-cp/chk-3");
  EXPECT_FALSE(root.Contains(*Location::Parse("file:///opt/flink/volume2")));
  EXPECT_FALSE(root.Contains(*Location::Parse("hdfs://ns/opt/flink/volume")));
  EXPECT_EQ(Location::Parse("/")->Parent().ToString(), "file:///");
}

TEST(LocationTest, CanonicalLocationIsOneSpellingFlinkAccepts) {
  // The same checkpoint as users, Flink's REST API and storage listings write it.
  for (const char* in : {"/d/chk-7", "/d/chk-7/", "file:/d/chk-7", "file:///d/chk-7",
                         "file://localhost/d/chk-7", "FILE:/d//chk-7/./", " /d/x/../chk-7 "}) {
    Result<std::string> c = CanonicalLocation(in);
    ASSERT_TRUE(c.ok()) << in << ": " << c.status().ToString();
    EXPECT_EQ(*c, "file:///d/chk-7") << in;
  }
  EXPECT_EQ(*CanonicalLocation("hdfs://nameservice1/flink/cp/x/chk-1/"),
            "hdfs://nameservice1/flink/cp/x/chk-1");
  EXPECT_EQ(*CanonicalLocation("hdfs://nn:8020//flink/sp"), "hdfs://nn:8020/flink/sp");
  // Flink completes hdfs:///p with its own default file system: kept as written.
  EXPECT_EQ(*CanonicalLocation("hdfs:///flink/cp/chk-3/"), "hdfs:///flink/cp/chk-3");
  EXPECT_EQ(*CanonicalLocation("hdfs:/flink/cp"), "hdfs:///flink/cp");
  // Not locations: refused with the reason.
  Result<std::string> rel = CanonicalLocation("chk-7");
  ASSERT_FALSE(rel.ok());
  EXPECT_NE(rel.status().message().find("absolute"), std::string::npos) << rel.status().message();
  EXPECT_EQ(CanonicalLocation("s3://bucket/cp").status().code(), Code::kUnsupported);
  EXPECT_FALSE(CanonicalLocation("").ok());
  EXPECT_FALSE(CanonicalLocation("file://otherhost/d").ok());
  // What is recorded must read back as itself (found by fuzzing: a form feed, a last space).
  EXPECT_FALSE(CanonicalLocation("/d/\x0c//").ok());
  EXPECT_FALSE(CanonicalLocation("/d/chk-7 /").ok());
  EXPECT_EQ(*CanonicalLocation("/d/my dir/chk-7"), "file:///d/my dir/chk-7");
}

TEST(LocationTest, JoinAndNormalize) {
  EXPECT_EQ(*JoinPath("/a/b", "c/../d"), "/a/b/d");
  EXPECT_EQ(*JoinPath("/a/b", "/x"), "/x");
  EXPECT_FALSE(JoinPath("/a", "../../x").ok());
}

TEST(StorageConfigTest, MountsAndEndpointsAreValidated) {
  StorageConfig c;
  EXPECT_TRUE(c.AddMount("file:///opt/flink/volume", "/mnt/flink-volume").ok());
  EXPECT_EQ(c.AddMount("file:///opt/flink/volume", "/other").code(), Code::kAlreadyExists);
  EXPECT_EQ(c.AddMount("hdfs://nn/x", "/mnt").code(), Code::kInvalidArgument);
  EXPECT_EQ(c.AddMount("file:///x", "relative").code(), Code::kInvalidArgument);
  WebHdfsEndpoint e;
  e.url = "nn:9870";
  EXPECT_EQ(c.AddWebHdfs("ns1", e).code(), Code::kInvalidArgument);
  e.url = "http://nn:9870/";
  EXPECT_TRUE(c.AddWebHdfs("ns1", e).ok());
  EXPECT_EQ(c.webhdfs["ns1"].url, "http://nn:9870");
  c.default_nameservice = "ns2";
  EXPECT_EQ(c.Validate().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace flowstate::core::storage
