// An in-memory file system for tests: directories and files in a map, with modification
// times that tests can set. Thread-safe (one mutex).
#ifndef FLOWSTATE_SRC_STORAGE_MEMORY_FS_H_
#define FLOWSTATE_SRC_STORAGE_MEMORY_FS_H_

#include <map>
#include <mutex>
#include <string>

#include "storage/filesystem.h"

namespace flowstate::core::storage {

class MemoryFileSystem : public FileSystem {
 public:
  MemoryFileSystem();
  const char* kind() const override { return "memory"; }
  Result<FileStatus> Stat(const std::string& path) override;
  Result<ListPage> List(const std::string& path, const std::string& start_after) override;
  Result<std::string> Read(const std::string& path, uint64_t offset, uint64_t length) override;
  Status WriteAtomic(const std::string& path, std::string_view data, bool overwrite) override;
  Status Mkdirs(const std::string& path) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status DeleteRecursive(const std::string& path) override;

  // Test helpers: set a modification time; limit List pages to `n` entries (0 = all).
  Status SetMtime(const std::string& path, int64_t mtime_ms);
  void SetPageSize(size_t n);

 private:
  struct Node {
    bool dir = false;
    std::string data;
    int64_t mtime_ms = 0;
  };
  int64_t Now() const;
  Status CheckParent(const std::string& path) const;  // REQUIRES: mu_
  mutable std::mutex mu_;
  std::map<std::string, Node> nodes_;  // by normalised path; "/" exists
  size_t page_size_ = 0;
};

}  // namespace flowstate::core::storage

#endif  // FLOWSTATE_SRC_STORAGE_MEMORY_FS_H_
