// One contract, every file system: local disk, NFS (local semantics), memory, WebHDFS.
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "storage/local_fs.h"
#include "storage/memory_fs.h"
#include "storage/webhdfs_fs.h"
#include "storage_test_util.h"

namespace flowstate::core::storage {
namespace {

using flowstate::testing::TempDir;
using flowstate::testing::WebHdfsServer;

struct Fixture {
  std::unique_ptr<TempDir> dir;
  std::unique_ptr<WebHdfsServer> server;
  std::unique_ptr<FileSystem> fs;
  std::string root;  // a directory in `fs` to work in
};

using Factory = std::function<Fixture()>;

struct Param {
  const char* name;
  Factory make;
};

class FileSystemContract : public ::testing::TestWithParam<Param> {
 protected:
  void SetUp() override {
    f_ = GetParam().make();
    ASSERT_TRUE(f_.fs->Mkdirs(f_.root).ok());
  }
  FileSystem& fs() { return *f_.fs; }
  std::string P(const std::string& rel) { return f_.root + "/" + rel; }
  Fixture f_;
};

TEST_P(FileSystemContract, WriteStatReadList) {
  ASSERT_TRUE(fs().Mkdirs(P("a/b")).ok());
  ASSERT_TRUE(fs().WriteAtomic(P("a/b/f.bin"), std::string("\x00hello\xff", 7), false).ok());
  auto st = fs().Stat(P("a/b/f.bin"));
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->name, "f.bin");
  EXPECT_EQ(st->type, FileType::kFile);
  EXPECT_EQ(st->size, 7u);
  EXPECT_GT(st->mtime_ms, 0);
  EXPECT_EQ(*fs().Read(P("a/b/f.bin"), 0, kToEnd), std::string("\x00hello\xff", 7));
  EXPECT_EQ(*fs().Read(P("a/b/f.bin"), 1, 5), "hello");
  EXPECT_EQ(*fs().Read(P("a/b/f.bin"), 5, 100), std::string("o\xff", 2));
  EXPECT_EQ(*fs().Read(P("a/b/f.bin"), 99, 4), "");
  auto dir = fs().Stat(P("a/b"));
  ASSERT_TRUE(dir.ok());
  EXPECT_TRUE(dir->is_dir());
  auto entries = fs().ListAll(P("a"));
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].name, "b");
}

TEST_P(FileSystemContract, ListingIsSortedAndPagesComplete) {
  ASSERT_TRUE(fs().Mkdirs(P("d")).ok());
  for (int i = 6; i >= 0; --i)
    ASSERT_TRUE(fs().WriteAtomic(P("d/f" + std::to_string(i)), "x", false).ok());
  auto all = fs().ListAll(P("d"));
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ((*all)[i].name, "f" + std::to_string(i));
}

TEST_P(FileSystemContract, AtomicWriteCreateIfAbsentAndOverwrite) {
  ASSERT_TRUE(fs().WriteAtomic(P("g"), "one", false).ok());
  Status again = fs().WriteAtomic(P("g"), "two", false);
  EXPECT_EQ(again.code(), Code::kAlreadyExists) << again.ToString();
  EXPECT_EQ(*fs().Read(P("g"), 0, kToEnd), "one");
  ASSERT_TRUE(fs().WriteAtomic(P("g"), "three", true).ok());
  EXPECT_EQ(*fs().Read(P("g"), 0, kToEnd), "three");
  // No temporary file is left behind.
  auto all = fs().ListAll(f_.root);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
}

TEST_P(FileSystemContract, RenameNeverReplaces) {
  ASSERT_TRUE(fs().WriteAtomic(P("x"), "x", false).ok());
  ASSERT_TRUE(fs().WriteAtomic(P("y"), "y", false).ok());
  EXPECT_EQ(fs().Rename(P("x"), P("y")).code(), Code::kAlreadyExists);
  EXPECT_EQ(*fs().Read(P("y"), 0, kToEnd), "y");
  ASSERT_TRUE(fs().Rename(P("x"), P("z")).ok());
  EXPECT_EQ(fs().Stat(P("x")).status().code(), Code::kNotFound);
  EXPECT_EQ(fs().Rename(P("missing"), P("w")).code(), Code::kNotFound);
}

TEST_P(FileSystemContract, DeleteRecursive) {
  ASSERT_TRUE(fs().Mkdirs(P("t/u/v")).ok());
  ASSERT_TRUE(fs().WriteAtomic(P("t/u/v/f"), "f", false).ok());
  ASSERT_TRUE(fs().DeleteRecursive(P("t")).ok());
  EXPECT_EQ(fs().Stat(P("t")).status().code(), Code::kNotFound);
  EXPECT_EQ(fs().DeleteRecursive(P("t")).code(), Code::kNotFound);
}

TEST_P(FileSystemContract, ErrorsAreTypedAndNameThePath) {
  auto missing = fs().Stat(P("nope"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_NE(missing.status().message().find("nope"), std::string::npos)
      << missing.status().message();
  EXPECT_EQ(fs().Read(P("nope"), 0, 4).status().code(), Code::kNotFound);
  EXPECT_EQ(fs().ListAll(P("nope")).status().code(), Code::kNotFound);
  EXPECT_FALSE(fs().WriteAtomic(P("no/parent/f"), "x", false).ok());
}

Fixture Local(LocalFileSystem::Options o) {
  Fixture f;
  f.dir = std::make_unique<TempDir>();
  f.fs = std::make_unique<LocalFileSystem>(o);
  f.root = f.dir->str() + "/work";
  return f;
}

INSTANTIATE_TEST_SUITE_P(
    AllFileSystems, FileSystemContract,
    ::testing::Values(Param{"local", [] { return Local(LocalFileSystem::Options()); }},
                      Param{"nfs", [] { return Local(LocalFileSystem::NfsOptions()); }},
                      Param{"memory",
                            [] {
                              Fixture f;
                              auto m = std::make_unique<MemoryFileSystem>();
                              m->SetPageSize(3);
                              f.fs = std::move(m);
                              f.root = "/work";
                              return f;
                            }},
                      Param{"webhdfs",
                            [] {
                              Fixture f;
                              f.dir = std::make_unique<TempDir>();
                              f.server = std::make_unique<WebHdfsServer>(f.dir->str(), 2);
                              WebHdfsEndpoint e;
                              e.url = f.server->url();
                              e.user = "flink";
                              f.fs = std::make_unique<WebHdfsFileSystem>(e);
                              f.root = "/work";
                              return f;
                            }}),
    [](const ::testing::TestParamInfo<Param>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace flowstate::core::storage
