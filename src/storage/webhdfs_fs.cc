#include "storage/webhdfs_fs.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include "common/cancel.h"
#include "common/log.h"
#include "common/strings.h"
#include "storage/webhdfs_json.h"

namespace flowstate::core::storage {
namespace {

std::atomic<uint64_t> g_temp{0};

std::string BaseName(const std::string& p) { return p.substr(p.rfind('/') + 1); }
std::string DirName(const std::string& p) {
  size_t s = p.rfind('/');
  return s == 0 ? "/" : p.substr(0, s);
}

bool Retryable(const Status& s) { return s.Is(Code::kUnavailable) || s.Is(Code::kTimeout); }

}  // namespace

WebHdfsFileSystem::WebHdfsFileSystem(WebHdfsEndpoint endpoint) : endpoint_(std::move(endpoint)) {}

std::string WebHdfsFileSystem::Url(const std::string& path, std::string_view op,
                                   std::string_view params) const {
  std::string url = StrCat(endpoint_.url, "/webhdfs/v1", UrlEncode(path, true), "?op=", op);
  if (!endpoint_.delegation_token.empty()) {
    StrAppend(&url, "&delegation=", UrlEncode(endpoint_.delegation_token, false));
  } else if (!endpoint_.user.empty() && !endpoint_.kerberos) {
    StrAppend(&url, "&user.name=", UrlEncode(endpoint_.user, false));
  }
  if (!endpoint_.doas.empty()) StrAppend(&url, "&doas=", UrlEncode(endpoint_.doas, false));
  if (!params.empty()) StrAppend(&url, "&", params);
  return url;
}

HttpRequest WebHdfsFileSystem::MakeRequest(std::string method, std::string url) const {
  return endpoint_.Request(std::move(method), std::move(url));
}

Result<WebHdfsFileSystem::Answer> WebHdfsFileSystem::Send(HttpRequest request,
                                                          const std::string& path,
                                                          bool idempotent) {
  std::mt19937 jitter(static_cast<uint32_t>(std::hash<std::string>()(path)));
  for (int attempt = 0;; ++attempt) {
    Result<HttpResponse> r = http_.Send(request);
    Status failure;
    if (!r.ok()) {
      failure = r.status();
    } else if (r->status >= 200 && r->status < 400) {
      return Answer{r->status, std::move(r->body), r->Header("location")};
    } else {
      failure = DecodeRemoteException(r->body, r->status, path);
    }
    // The operation's end (its deadline, its token) ends the retries too.
    const OperationContext* ctx = CurrentContext();
    const bool ended = failure.Is(Code::kCancelled) || (ctx != nullptr && !ctx->Check("").ok());
    bool again = !ended && idempotent && Retryable(failure) && attempt < endpoint_.retries;
    if (!again) return failure;
    int64_t backoff = endpoint_.retry_backoff_ms << attempt;
    backoff += static_cast<int64_t>(jitter() % static_cast<uint32_t>(backoff / 2 + 1));
    Log(LogLevel::kWarn, "storage", "WebHDFS ", request.method, " ", path, " failed (",
        failure.message(), "); retry ", attempt + 1, " of ", endpoint_.retries, " in ", backoff,
        " ms");
    FS_RETURN_IF_ERROR(SleepInContext(std::chrono::milliseconds(backoff),
                                      StrCat("WebHDFS ", request.method, " ", path)));
  }
}

Result<WebHdfsFileSystem::Answer> WebHdfsFileSystem::Call(std::string method,
                                                          const std::string& path,
                                                          std::string_view op,
                                                          std::string_view params, bool idempotent,
                                                          std::string body, uint64_t max_bytes) {
  HttpRequest req = MakeRequest(std::move(method), Url(path, op, params));
  req.body = std::move(body);
  if (max_bytes > 0) req.max_response_bytes = max_bytes;
  return Send(std::move(req), path, idempotent);
}

Result<FileStatus> WebHdfsFileSystem::Stat(const std::string& path) {
  FS_ASSIGN_OR_RETURN(Answer a, Call("GET", path, "GETFILESTATUS", "", true));
  Result<FileStatus> s = DecodeFileStatus(a.body, BaseName(path));
  if (!s.ok()) return s.status().WithContext(path);
  return s;
}

Result<ListPage> WebHdfsFileSystem::List(const std::string& path, const std::string& start_after) {
  if (batch_listing_) {
    std::string params =
        start_after.empty() ? "" : StrCat("startAfter=", UrlEncode(start_after, false));
    Result<Answer> a = Call("GET", path, "LISTSTATUS_BATCH", params, true);
    if (a.ok()) {
      Result<DirectoryListing> dl = DecodeDirectoryListing(a->body);
      if (!dl.ok()) return dl.status().WithContext(path);
      ListPage page;
      page.entries = std::move(dl->entries);
      if (dl->remaining > 0) {
        if (page.entries.empty())
          return Status::Remote(StrCat(path, ": listing page is empty but entries remain"));
        page.next = page.entries.back().name;
      }
      return page;
    }
    // Servers before Hadoop 2.8 do not know LISTSTATUS_BATCH.
    if (!a.status().Is(Code::kInvalidArgument) && !a.status().Is(Code::kUnsupported))
      return a.status();
    batch_listing_ = false;
  }
  if (!start_after.empty()) return ListPage{};
  FS_ASSIGN_OR_RETURN(Answer a, Call("GET", path, "LISTSTATUS", "", true));
  Result<std::vector<FileStatus>> all = DecodeFileStatuses(a.body);
  if (!all.ok()) return all.status().WithContext(path);
  ListPage page;
  page.entries = std::move(*all);
  return page;
}

Result<std::string> WebHdfsFileSystem::Read(const std::string& path, uint64_t offset,
                                            uint64_t length) {
  std::string params = StrCat("offset=", offset);
  if (length != kToEnd) StrAppend(&params, "&length=", length);
  // Room for the data, and for an error body (a RemoteException) when there is one.
  uint64_t limit = length == kToEnd ? endpoint_.max_response_bytes * 16
                                    : std::max<uint64_t>(length + 1, 1 << 20);
  FS_ASSIGN_OR_RETURN(Answer a, Call("GET", path, "OPEN", params, true, {}, limit));
  if (a.status == 307 || a.status == 302 || a.status == 303) {
    if (a.location.empty()) return Status::Remote(StrCat(path, ": redirect without a Location"));
    HttpRequest dn = MakeRequest("GET", a.location);
    dn.max_response_bytes = limit;
    FS_ASSIGN_OR_RETURN(Answer data, Send(std::move(dn), path, true));
    if (data.status != 200)
      return Status::Remote(StrCat(path, ": DataNode answered HTTP ", data.status));
    a = std::move(data);
  }
  if (a.body.size() > length) return Status::Remote(StrCat(path, ": more bytes than asked for"));
  return std::move(a.body);
}

Status WebHdfsFileSystem::WriteAtomic(const std::string& path, std::string_view data,
                                      bool overwrite) {
  const std::string tmp = StrCat(DirName(path), "/.", BaseName(path), ".tmp.", g_temp.fetch_add(1),
                                 ".", std::chrono::steady_clock::now().time_since_epoch().count());
  // Step 1: the NameNode says where to write; step 2: the DataNode takes the data.
  FS_ASSIGN_OR_RETURN(Answer nn, Call("PUT", tmp, "CREATE", "overwrite=false", false));
  if (nn.status != 307 || nn.location.empty()) {
    return Status::Remote(StrCat(tmp, ": CREATE expected a 307 redirect, got HTTP ", nn.status));
  }
  HttpRequest put = MakeRequest("PUT", nn.location);
  put.body = std::string(data);
  put.headers.emplace_back("Content-Type", "application/octet-stream");
  Result<Answer> dn = Send(std::move(put), tmp, false);
  if (!dn.ok()) {
    (void)Call("DELETE", tmp, "DELETE", "recursive=false", false);
    return dn.status();
  }
  if (dn->status != 201) {
    (void)Call("DELETE", tmp, "DELETE", "recursive=false", false);
    return Status::Remote(StrCat(tmp, ": DataNode answered HTTP ", dn->status, " to CREATE"));
  }
  if (overwrite) {
    Status del = DeleteRecursive(path);
    if (!del.ok() && !del.Is(Code::kNotFound)) {
      (void)Call("DELETE", tmp, "DELETE", "recursive=false", false);
      return del;
    }
  }
  Status moved = Rename(tmp, path);
  if (!moved.ok()) (void)Call("DELETE", tmp, "DELETE", "recursive=false", false);
  return moved;
}

Status WebHdfsFileSystem::Mkdirs(const std::string& path) {
  FS_ASSIGN_OR_RETURN(Answer a, Call("PUT", path, "MKDIRS", "", true));
  FS_ASSIGN_OR_RETURN(bool ok, DecodeBoolean(a.body));
  if (!ok) return Status::Io(StrCat("mkdirs ", path, ": the NameNode answered false"));
  return Status::Ok();
}

Status WebHdfsFileSystem::Rename(const std::string& from, const std::string& to) {
  FS_ASSIGN_OR_RETURN(
      Answer a, Call("PUT", from, "RENAME", StrCat("destination=", UrlEncode(to, true)), false));
  FS_ASSIGN_OR_RETURN(bool ok, DecodeBoolean(a.body));
  if (ok) return Status::Ok();
  // RENAME answers false for a missing source and for an existing destination.
  Result<FileStatus> src = Stat(from);
  if (!src.ok() && src.status().Is(Code::kNotFound))
    return Status::NotFound(StrCat("rename ", from, ": no such file"));
  return Status::AlreadyExists(StrCat("rename ", from, " to ", to, ": the destination exists"));
}

Status WebHdfsFileSystem::DeleteRecursive(const std::string& path) {
  FS_ASSIGN_OR_RETURN(Answer a, Call("DELETE", path, "DELETE", "recursive=true", false));
  FS_ASSIGN_OR_RETURN(bool ok, DecodeBoolean(a.body));
  if (!ok) return Status::NotFound(StrCat("delete ", path, ": no such file or directory"));
  return Status::Ok();
}

}  // namespace flowstate::core::storage
