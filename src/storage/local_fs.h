// Local POSIX file systems: plain local disks, and NFS mounts (the same calls, plus a
// bounded retry when the server answers ESTALE, and fsync of the file and its directory
// before an atomic rename counts as done). Neither relies on file locks.
#ifndef FLOWSTATE_SRC_STORAGE_LOCAL_FS_H_
#define FLOWSTATE_SRC_STORAGE_LOCAL_FS_H_

#include <string>

#include "storage/filesystem.h"

namespace flowstate::core::storage {

class LocalFileSystem : public FileSystem {
 public:
  struct Options {
    const char* kind = "local";
    int estale_retries = 0;  // extra attempts after ESTALE
    bool fsync = true;       // fsync written files and their directory
  };
  LocalFileSystem() : LocalFileSystem(Options()) {}
  explicit LocalFileSystem(Options options) : options_(options) {}

  // The NFS flavour.
  static Options NfsOptions() {
    Options o;
    o.kind = "nfs";
    o.estale_retries = 3;
    return o;
  }

  const char* kind() const override { return options_.kind; }
  Result<FileStatus> Stat(const std::string& path) override;
  Result<ListPage> List(const std::string& path, const std::string& start_after) override;
  Result<std::string> Read(const std::string& path, uint64_t offset, uint64_t length) override;
  Status WriteAtomic(const std::string& path, std::string_view data, bool overwrite) override;
  Status Mkdirs(const std::string& path) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status DeleteRecursive(const std::string& path) override;

 private:
  template <typename F>
  auto Retry(F&& f) -> decltype(f());
  Options options_;
};

// A Status for errno `err` of operation `op` on `path`: NOT_FOUND, PERMISSION_DENIED,
// ALREADY_EXISTS, or IO with the system's message.
Status ErrnoStatus(int err, std::string_view op, std::string_view path);

}  // namespace flowstate::core::storage

#endif  // FLOWSTATE_SRC_STORAGE_LOCAL_FS_H_
