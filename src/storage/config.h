// Which file system serves a location, and with which settings: one object the host
// application builds and passes in.
#ifndef FLOWSTATE_SRC_STORAGE_CONFIG_H_
#define FLOWSTATE_SRC_STORAGE_CONFIG_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/location.h"

namespace flowstate::core::storage {

// A directory as the Flink cluster sees it (file:///opt/flink/volume) and where this host
// mounts the same export (/mnt/flink-volume). Locations below the prefix are read through
// the NFS file system at the host path.
struct Mount {
  Location flink_prefix;
  std::string host_path;  // absolute, normalised
};

// How to reach one HDFS nameservice (or one host:port) over WebHDFS.
struct WebHdfsEndpoint {
  std::string base_url;          // http(s)://namenode:9870
  std::string user;              // user.name (simple authentication)
  std::string doas;              // proxy user
  std::string delegation_token;  // delegation=
  bool kerberos = false;         // SPNEGO through libcurl's GSS-API
  bool verify_tls = true;
  std::string ca_file, client_cert, client_key;
  int64_t connect_timeout_ms = 5000;
  int64_t timeout_ms = 30000;      // per request, total
  int retries = 3;                 // for idempotent requests only
  int64_t retry_backoff_ms = 200;  // doubled per attempt
  uint64_t max_json_bytes = 64ull << 20;
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
