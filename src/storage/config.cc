#include "storage/config.h"

#include "common/strings.h"

namespace flowstate::core::storage {

Status StorageConfig::AddMount(std::string_view flink_prefix, std::string_view host_path) {
  FS_ASSIGN_OR_RETURN(Location prefix, Location::Parse(flink_prefix, default_nameservice));
  if (prefix.scheme() != Scheme::kFile) {
    return Status::InvalidArgument(
        StrCat("mount prefix ", Quote(flink_prefix),
               " must be a file: location (an NFS volume as Flink sees it)"));
  }
  FS_ASSIGN_OR_RETURN(std::string host, NormalizePath(host_path, "mount path"));
  for (const Mount& m : mounts) {
    if (m.flink_prefix == prefix) {
      return Status::AlreadyExists(
          StrCat("mount prefix ", Quote(prefix.ToString()), " is already mapped"));
    }
  }
  mounts.push_back(Mount{std::move(prefix), std::move(host)});
  return Status::Ok();
}

Status StorageConfig::AddWebHdfs(std::string_view name, WebHdfsEndpoint endpoint) {
  if (name.empty())
    return Status::InvalidArgument("a WebHDFS endpoint needs a nameservice or host:port");
  if (!StartsWith(endpoint.base_url, "http://") && !StartsWith(endpoint.base_url, "https://")) {
    return Status::InvalidArgument(StrCat("WebHDFS URL ", Quote(endpoint.base_url), " for ",
                                          Quote(name), " must start with http:// or https://"));
  }
  while (!endpoint.base_url.empty() && endpoint.base_url.back() == '/')
    endpoint.base_url.pop_back();
  if (endpoint.retries < 0 || endpoint.retries > 20) {
    return Status::InvalidArgument("WebHDFS retries must be between 0 and 20");
  }
  if (endpoint.timeout_ms <= 0 || endpoint.connect_timeout_ms <= 0) {
    return Status::InvalidArgument("WebHDFS timeouts must be positive");
  }
  webhdfs[std::string(name)] = std::move(endpoint);
  return Status::Ok();
}

Status StorageConfig::Validate() const {
  if (!default_nameservice.empty() && webhdfs.count(default_nameservice) == 0) {
    return Status::InvalidArgument(
        StrCat("default nameservice ", Quote(default_nameservice), " has no WebHDFS endpoint"));
  }
  return Status::Ok();
}

}  // namespace flowstate::core::storage
