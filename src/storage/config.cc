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
  while (!endpoint.url.empty() && endpoint.url.back() == '/') endpoint.url.pop_back();
  FS_RETURN_IF_ERROR(endpoint.Validate(StrCat("WebHDFS endpoint ", Quote(name), ": ")));
  if (endpoint.retries > 20) {
    return Status::InvalidArgument(
        StrCat("WebHDFS endpoint ", Quote(name), ": retries must be at most 20"));
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
