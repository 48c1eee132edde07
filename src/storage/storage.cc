#include "storage/storage.h"

#include "common/strings.h"

namespace flowstate::core::storage {

Result<std::unique_ptr<Storage>> Storage::Create(StorageConfig config) {
  FS_RETURN_IF_ERROR(config.Validate());
  return std::unique_ptr<Storage>(new Storage(std::move(config)));
}

Result<WebHdfsFileSystem*> Storage::WebHdfs(const Location& loc) {
  const std::string& auth = loc.authority();
  std::string key = auth;
  auto it = config_.webhdfs.find(auth);
  if (it == config_.webhdfs.end()) {
    std::string host = auth.substr(0, auth.find(':'));
    it = config_.webhdfs.find(host);
    if (it != config_.webhdfs.end()) key = host;
  }
  std::lock_guard lock(mu_);
  auto cached = webhdfs_.find(key);
  if (cached != webhdfs_.end()) return cached->second.get();
  WebHdfsEndpoint endpoint;
  if (it != config_.webhdfs.end()) {
    endpoint = it->second;
  } else if (loc.scheme() == Scheme::kWebHdfs || loc.scheme() == Scheme::kSWebHdfs) {
    endpoint.url = StrCat(loc.scheme() == Scheme::kSWebHdfs ? "https://" : "http://", auth);
  } else {
    return Status::NotFound(StrCat("no WebHDFS endpoint for HDFS ", Quote(auth),
                                   " (configure one, e.g. ", "[webhdfs \"", auth,
                                   "\"] url = http://namenode:9870)"));
  }
  auto fs = std::make_unique<WebHdfsFileSystem>(std::move(endpoint));
  WebHdfsFileSystem* raw = fs.get();
  webhdfs_[key] = std::move(fs);
  return raw;
}

Result<Resolved> Storage::Resolve(const Location& loc) {
  switch (loc.scheme()) {
    case Scheme::kMemory:
      return Resolved{&memory_, loc.path()};
    case Scheme::kHdfs:
    case Scheme::kWebHdfs:
    case Scheme::kSWebHdfs: {
      FS_ASSIGN_OR_RETURN(WebHdfsFileSystem * fs, WebHdfs(loc));
      return Resolved{fs, loc.path()};
    }
    case Scheme::kFile:
      break;
  }
  const Mount* best = nullptr;
  for (const Mount& m : config_.mounts) {
    if (m.flink_prefix.Contains(loc) &&
        (best == nullptr || m.flink_prefix.path().size() > best->flink_prefix.path().size())) {
      best = &m;
    }
  }
  if (best == nullptr) return Resolved{&local_, loc.path()};
  std::string rel = best->flink_prefix.RelativePath(loc);
  std::string path =
      rel.empty() ? best->host_path
                  : (best->host_path == "/" ? StrCat("/", rel) : StrCat(best->host_path, "/", rel));
  return Resolved{&nfs_, std::move(path)};
}

Result<FileStatus> Storage::Stat(const Location& location) {
  FS_ASSIGN_OR_RETURN(Resolved r, Resolve(location));
  return r.fs->Stat(r.path);
}

Result<std::vector<FileStatus>> Storage::List(const Location& location) {
  FS_ASSIGN_OR_RETURN(Resolved r, Resolve(location));
  return r.fs->ListAll(r.path);
}

Result<std::string> Storage::Read(const Location& location, uint64_t offset, uint64_t length) {
  FS_ASSIGN_OR_RETURN(Resolved r, Resolve(location));
  return r.fs->Read(r.path, offset, length);
}

Status Storage::Write(const Location& location, std::string_view data, bool overwrite) {
  FS_ASSIGN_OR_RETURN(Resolved r, Resolve(location));
  return r.fs->WriteAtomic(r.path, data, overwrite);
}

Status Storage::Mkdirs(const Location& location) {
  FS_ASSIGN_OR_RETURN(Resolved r, Resolve(location));
  return r.fs->Mkdirs(r.path);
}

Status Storage::Rename(const Location& from, const Location& to) {
  FS_ASSIGN_OR_RETURN(Resolved f, Resolve(from));
  FS_ASSIGN_OR_RETURN(Resolved t, Resolve(to));
  if (f.fs != t.fs) return Status::InvalidArgument("rename works within one file system only");
  return f.fs->Rename(f.path, t.path);
}

Status Storage::Delete(const Location& location) {
  FS_ASSIGN_OR_RETURN(Resolved r, Resolve(location));
  return r.fs->DeleteRecursive(r.path);
}

std::string Storage::Describe(const Location& loc) {
  Result<Resolved> r = Resolve(loc);
  if (r.ok() && r->fs == &nfs_) return StrCat(loc.ToString(), " (", r->path, " on this host)");
  return loc.ToString();
}

uint64_t Storage::webhdfs_requests() {
  std::lock_guard lock(mu_);
  uint64_t n = 0;
  for (const auto& [k, fs] : webhdfs_) n += fs->request_count();
  return n;
}

}  // namespace flowstate::core::storage
