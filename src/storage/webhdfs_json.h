// Decoding WebHDFS JSON answers (WebHDFS.md: FileStatus, FileStatuses, DirectoryListing,
// boolean, RemoteException), strictly: wrong types and missing required fields are REMOTE
// errors naming the JSON path, never a crash.
#ifndef FLOWSTATE_SRC_STORAGE_WEBHDFS_JSON_H_
#define FLOWSTATE_SRC_STORAGE_WEBHDFS_JSON_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/filesystem.h"

namespace flowstate::core::storage {

// {"FileStatus": {...}}; `name` is used when pathSuffix is empty (GETFILESTATUS).
Result<FileStatus> DecodeFileStatus(std::string_view json, std::string_view name);

// {"FileStatuses": {"FileStatus": [...]}} (LISTSTATUS).
Result<std::vector<FileStatus>> DecodeFileStatuses(std::string_view json);

// {"DirectoryListing": {"partialListing": {"FileStatuses": ...}, "remainingEntries": n}}
// (LISTSTATUS_BATCH).
struct DirectoryListing {
  std::vector<FileStatus> entries;
  int64_t remaining = 0;
};
Result<DirectoryListing> DecodeDirectoryListing(std::string_view json);

// {"boolean": true|false}
Result<bool> DecodeBoolean(std::string_view json);

// {"RemoteException": {"exception", "javaClassName", "message"}} as a typed Status for an
// answer with HTTP `status` about `path`. Bodies that are not a RemoteException give a
// Status from the HTTP status alone.
Status DecodeRemoteException(std::string_view json, int status, std::string_view path);

// Whether an error from DecodeRemoteException is worth retrying (standby or busy NameNode).
bool IsRetriableRemote(std::string_view exception_name);

}  // namespace flowstate::core::storage

#endif  // FLOWSTATE_SRC_STORAGE_WEBHDFS_JSON_H_
