// The storage router: which file system serves a location, and under which path. local
// paths go to the local file system, paths below a mount prefix to the NFS file system at
// the host's mount point, hdfs:// and (s)webhdfs:// to a WebHDFS client per endpoint,
// mem:// to the in-memory file system.
//
// Thread-safety: all methods may be called from several threads at once.
#ifndef FLOWSTATE_SRC_STORAGE_STORAGE_H_
#define FLOWSTATE_SRC_STORAGE_STORAGE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "storage/config.h"
#include "storage/filesystem.h"
#include "storage/local_fs.h"
#include "storage/location.h"
#include "storage/memory_fs.h"
#include "storage/webhdfs_fs.h"

namespace flowstate::core::storage {

struct Resolved {
  FileSystem* fs = nullptr;  // owned by the Storage
  std::string path;          // the file system's own path
};

class Storage {
 public:
  static Result<std::unique_ptr<Storage>> Create(StorageConfig config);

  const StorageConfig& config() const { return config_; }
  Result<Location> Parse(std::string_view uri) const {
    return Location::Parse(uri, config_.default_nameservice);
  }
  Result<Resolved> Resolve(const Location& location);
  // Where `location` is for this host, as a displayable string (a mount's host path, or the
  // location itself).
  std::string Describe(const Location& location);

  // The file operations of whichever file system serves a location (routing in one place for
  // every layer). Rename works within one file system only (INVALID_ARGUMENT otherwise).
  Result<FileStatus> Stat(const Location& location);
  Result<std::vector<FileStatus>> List(const Location& location);  // sorted, all pages
  Result<std::string> Read(const Location& location, uint64_t offset, uint64_t length);
  Status Write(const Location& location, std::string_view data, bool overwrite);
  Status Mkdirs(const Location& location);
  Status Rename(const Location& from, const Location& to);
  Status Delete(const Location& location);  // a file or a directory tree

  MemoryFileSystem* memory() { return &memory_; }
  // HTTP requests all WebHDFS clients have sent.
  uint64_t webhdfs_requests();

 private:
  explicit Storage(StorageConfig config)
      : config_(std::move(config)), nfs_(LocalFileSystem::NfsOptions()) {}
  Result<WebHdfsFileSystem*> WebHdfs(const Location& location);

  StorageConfig config_;
  LocalFileSystem local_;
  LocalFileSystem nfs_;
  MemoryFileSystem memory_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<WebHdfsFileSystem>> webhdfs_;  // by endpoint key
};

}  // namespace flowstate::core::storage

#endif  // FLOWSTATE_SRC_STORAGE_STORAGE_H_
