// The file-system interface of the storage layer (in the manner of LevelDB's Env): local
// disks, NFS mounts, HDFS over WebHDFS and memory all look the same to the checkpoint
// readers. Paths are the file system's own absolute paths ("/a/b").
//
// Thread-safety: every implementation may be used from several threads at once.
#ifndef FLOWSTATE_SRC_STORAGE_FILESYSTEM_H_
#define FLOWSTATE_SRC_STORAGE_FILESYSTEM_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "common/enums.h"
#include "common/status.h"

namespace flowstate::core::storage {

enum class FileType : int { FLOWSTATE_ENUM_VALUES_FILE_TYPE(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(FileType) { return enum_type::file_type; }

struct FileStatus {
  std::string name;  // last path component
  FileType type = FileType::kFile;
  uint64_t size = 0;     // bytes; 0 for directories
  int64_t mtime_ms = 0;  // modification time, milliseconds since the epoch

  bool is_dir() const { return type == FileType::kDirectory; }
};

struct ListPage {
  std::vector<FileStatus> entries;  // sorted by name
  std::string next;                 // pass as start_after for the next page; empty: done
};

inline constexpr uint64_t kToEnd = std::numeric_limits<uint64_t>::max();

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual const char* kind() const = 0;  // "local", "nfs", "webhdfs", "memory"

  // NOT_FOUND when nothing is there.
  virtual Result<FileStatus> Stat(const std::string& path) = 0;
  // Entries with names after `start_after` ("" = from the start); may return fewer than all.
  virtual Result<ListPage> List(const std::string& path, const std::string& start_after) = 0;
  // All entries (every page).
  Result<std::vector<FileStatus>> ListAll(const std::string& path);
  // Up to `length` bytes from `offset` (fewer at the end of the file).
  virtual Result<std::string> Read(const std::string& path, uint64_t offset, uint64_t length) = 0;
  // Writes `data` atomically: to a temporary name, then renamed into place, so readers see
  // the old file or the new one, never a part. Without `overwrite`, ALREADY_EXISTS when the
  // file exists (create-if-absent).
  virtual Status WriteAtomic(const std::string& path, std::string_view data, bool overwrite) = 0;
  // Creates the directory and its parents; OK when it exists.
  virtual Status Mkdirs(const std::string& path) = 0;
  // Renames; ALREADY_EXISTS when `to` exists (never replaces).
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  // Deletes a file or a directory tree; NOT_FOUND when nothing is there.
  virtual Status DeleteRecursive(const std::string& path) = 0;
};

}  // namespace flowstate::core::storage

#endif  // FLOWSTATE_SRC_STORAGE_FILESYSTEM_H_
