// HDFS over the WebHDFS REST API (WebHDFS.md): OPEN and CREATE follow the NameNode's 307
// redirect to a DataNode (two steps for CREATE), listings page with LISTSTATUS_BATCH,
// RemoteException answers become typed errors carrying the path and the server's message,
// authentication by user.name / doas / delegation token or Kerberos (SPNEGO), TLS verified
// by default, idempotent requests retried with backoff, connections reused.
//
// WebHDFS's RENAME cannot replace a file, so WriteAtomic(overwrite=false) is
// create-if-absent (CREATE under a temporary name, then RENAME), and overwrite=true deletes
// the old file before renaming (a reader may briefly find no file).
#ifndef FLOWSTATE_SRC_STORAGE_WEBHDFS_FS_H_
#define FLOWSTATE_SRC_STORAGE_WEBHDFS_FS_H_

#include <atomic>
#include <memory>
#include <string>

#include "http/http.h"
#include "storage/config.h"
#include "storage/filesystem.h"

namespace flowstate::core::storage {

class WebHdfsFileSystem : public FileSystem {
 public:
  explicit WebHdfsFileSystem(WebHdfsEndpoint endpoint);
  const char* kind() const override { return "webhdfs"; }
  Result<FileStatus> Stat(const std::string& path) override;
  Result<ListPage> List(const std::string& path, const std::string& start_after) override;
  Result<std::string> Read(const std::string& path, uint64_t offset, uint64_t length) override;
  Status WriteAtomic(const std::string& path, std::string_view data, bool overwrite) override;
  Status Mkdirs(const std::string& path) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status DeleteRecursive(const std::string& path) override;

  // HTTP requests sent so far (redirected DataNode requests included).
  uint64_t request_count() const { return http_.request_count(); }
  const WebHdfsEndpoint& endpoint() const { return endpoint_; }

 private:
  struct Answer {
    int status = 0;
    std::string body;
    std::string location;
  };
  std::string Url(const std::string& path, std::string_view op, std::string_view params) const;
  HttpRequest MakeRequest(std::string method, std::string url) const;
  // Sends with retries when `idempotent`; a RemoteException answer becomes the Status.
  Result<Answer> Call(std::string method, const std::string& path, std::string_view op,
                      std::string_view params, bool idempotent, std::string body = {},
                      uint64_t max_bytes = 0);
  Result<Answer> Send(HttpRequest request, const std::string& path, bool idempotent);

  WebHdfsEndpoint endpoint_;
  HttpClient http_;
  std::atomic<bool> batch_listing_{true};  // false once the server refused LISTSTATUS_BATCH
};

}  // namespace flowstate::core::storage

#endif  // FLOWSTATE_SRC_STORAGE_WEBHDFS_FS_H_
