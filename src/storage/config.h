// Which file system serves a location, and with which settings: one object the host
// application builds and passes in.
#ifndef FLOWSTATE_SRC_STORAGE_CONFIG_H_
#define FLOWSTATE_SRC_STORAGE_CONFIG_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/http.h"
#include "storage/location.h"

namespace flowstate::core::storage {

// A directory as the Flink cluster sees it (file:///opt/flink/volume) and where this host
// mounts the same export (/mnt/flink-volume). Locations below the prefix are read through
// the NFS file system at the host path.
struct Mount {
  Location flink_prefix;
  std::string host_path;  // absolute, normalised
};

// A NameNode's endpoint (url: http(s)://namenode:9870) and who acts there. Its defaults:
// connect in 5 s, 30 s per request, answers up to 64 MiB, 3 retries of idempotent requests
// from 200 ms.
struct WebHdfsEndpoint : Endpoint {
  WebHdfsEndpoint() {
    max_response_bytes = 64ull << 20;
    retries = 3;
    retry_backoff_ms = 200;
  }
  std::string user;              // user.name (simple authentication)
  std::string doas;              // proxy user
  std::string delegation_token;  // delegation=
};

struct StorageConfig {
  std::vector<Mount> mounts;
  std::map<std::string, WebHdfsEndpoint> webhdfs;  // by nameservice or host:port
  std::string default_nameservice;                 // for hdfs:///path

  Status AddMount(std::string_view flink_prefix, std::string_view host_path);
  Status AddWebHdfs(std::string_view name, WebHdfsEndpoint endpoint);
  Status Validate() const;
};

}  // namespace flowstate::core::storage

#endif  // FLOWSTATE_SRC_STORAGE_CONFIG_H_
