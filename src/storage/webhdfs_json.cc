#include "storage/webhdfs_json.h"

#include "common/strings.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"

namespace flowstate::core::storage {
namespace {

using Value = rapidjson::Value;

Status Malformed(std::string_view what) {
  return Status::Remote(StrCat("malformed WebHDFS answer: ", what));
}

Result<rapidjson::Document> ParseJson(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseStopWhenDoneFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    return Malformed(StrCat("invalid JSON at byte ", doc.GetErrorOffset(), ": ",
                            rapidjson::GetParseError_En(doc.GetParseError())));
  }
  return doc;
}

const Value* Member(const Value& obj, const char* name) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

Result<FileStatus> FromJson(const Value& v, std::string_view where,
                            std::string_view fallback_name) {
  if (!v.IsObject()) return Malformed(StrCat(where, " is not an object"));
  const Value* type = Member(v, "type");
  const Value* length = Member(v, "length");
  const Value* mtime = Member(v, "modificationTime");
  const Value* suffix = Member(v, "pathSuffix");
  if (type == nullptr || !type->IsString())
    return Malformed(StrCat(where, ".type must be a string"));
  if (length == nullptr || !length->IsNumber() || length->IsDouble() || length->GetInt64() < 0) {
    return Malformed(StrCat(where, ".length must be a non-negative integer"));
  }
  if (mtime == nullptr || !mtime->IsNumber() || mtime->IsDouble()) {
    return Malformed(StrCat(where, ".modificationTime must be an integer"));
  }
  if (suffix == nullptr || !suffix->IsString())
    return Malformed(StrCat(where, ".pathSuffix must be a string"));
  FileStatus s;
  std::string_view t(type->GetString(), type->GetStringLength());
  s.type = t == "DIRECTORY" ? FileType::kDirectory
           : t == "FILE"    ? FileType::kFile
           : t == "SYMLINK" ? FileType::kSymlink
                            : FileType::kOther;
  s.size = s.type == FileType::kDirectory ? 0 : static_cast<uint64_t>(length->GetInt64());
  s.mtime_ms = mtime->GetInt64();
  s.name = suffix->GetStringLength() > 0
               ? std::string(suffix->GetString(), suffix->GetStringLength())
               : std::string(fallback_name);
  if (s.name.find('/') != std::string::npos || s.name == "." || s.name == "..") {
    return Malformed(StrCat(where, ".pathSuffix ", Quote(s.name), " is not a file name"));
  }
  return s;
}

Result<std::vector<FileStatus>> StatusArray(const Value* fs, std::string_view where) {
  const Value* arr = fs ? Member(*fs, "FileStatus") : nullptr;
  if (arr == nullptr || !arr->IsArray())
    return Malformed(StrCat(where, ".FileStatus must be an array"));
  std::vector<FileStatus> out;
  out.reserve(arr->Size());
  for (rapidjson::SizeType i = 0; i < arr->Size(); ++i) {
    FS_ASSIGN_OR_RETURN(FileStatus s,
                        FromJson((*arr)[i], StrCat(where, ".FileStatus[", i, "]"), ""));
    if (s.name.empty()) return Malformed(StrCat(where, ".FileStatus[", i, "].pathSuffix is empty"));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

Result<FileStatus> DecodeFileStatus(std::string_view json, std::string_view name) {
  FS_ASSIGN_OR_RETURN(rapidjson::Document doc, ParseJson(json));
  const Value* fs = Member(doc, "FileStatus");
  if (fs == nullptr) return Malformed("no FileStatus object");
  return FromJson(*fs, "FileStatus", name);
}

Result<std::vector<FileStatus>> DecodeFileStatuses(std::string_view json) {
  FS_ASSIGN_OR_RETURN(rapidjson::Document doc, ParseJson(json));
  return StatusArray(Member(doc, "FileStatuses"), "FileStatuses");
}

Result<DirectoryListing> DecodeDirectoryListing(std::string_view json) {
  FS_ASSIGN_OR_RETURN(rapidjson::Document doc, ParseJson(json));
  const Value* dl = Member(doc, "DirectoryListing");
  if (dl == nullptr) return Malformed("no DirectoryListing object");
  const Value* partial = Member(*dl, "partialListing");
  const Value* remaining = Member(*dl, "remainingEntries");
  if (remaining == nullptr || !remaining->IsInt64() || remaining->GetInt64() < 0) {
    return Malformed("DirectoryListing.remainingEntries must be a non-negative integer");
  }
  DirectoryListing out;
  out.remaining = remaining->GetInt64();
  FS_ASSIGN_OR_RETURN(out.entries, StatusArray(partial ? Member(*partial, "FileStatuses") : nullptr,
                                               "DirectoryListing.partialListing.FileStatuses"));
  return out;
}

Result<bool> DecodeBoolean(std::string_view json) {
  FS_ASSIGN_OR_RETURN(rapidjson::Document doc, ParseJson(json));
  const Value* b = Member(doc, "boolean");
  if (b == nullptr || !b->IsBool()) return Malformed("expected {\"boolean\": true|false}");
  return b->GetBool();
}

bool IsRetriableRemote(std::string_view e) {
  return e == "StandbyException" || e == "RetriableException" || e == "SafeModeException" ||
         e == "ObserverRetryOnActiveException";
}

Status DecodeRemoteException(std::string_view json, int status, std::string_view path) {
  std::string exception, message;
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (!doc.HasParseError()) {
    const Value* re = Member(doc, "RemoteException");
    if (re != nullptr) {
      const Value* e = Member(*re, "exception");
      const Value* m = Member(*re, "message");
      if (e != nullptr && e->IsString()) exception.assign(e->GetString(), e->GetStringLength());
      if (m != nullptr && m->IsString()) message.assign(m->GetString(), m->GetStringLength());
    }
  }
  // The server's message, first line only (Java messages may carry more).
  message = std::string(StripAsciiWhitespace(message.substr(0, message.find('\n'))));
  if (message.size() > 500) message = message.substr(0, 500) + "...";
  std::string text = StrCat(path, ": ", exception.empty() ? StrCat("HTTP ", status) : exception,
                            message.empty() ? "" : StrCat(": ", message));
  if (exception == "FileNotFoundException") return Status::NotFound(text);
  if (exception == "FileAlreadyExistsException" || exception == "AlreadyBeingCreatedException") {
    return Status::AlreadyExists(text);
  }
  if (exception == "AccessControlException" || exception == "SecurityException" ||
      exception == "AuthorizationException" || exception == "InvalidToken") {
    return Status::PermissionDenied(text);
  }
  if (exception == "IllegalArgumentException" || exception == "InvalidPathException" ||
      exception == "ParentNotDirectoryException") {
    return Status::InvalidArgument(text);
  }
  if (exception == "UnsupportedOperationException") return Status::Unsupported(text);
  if (exception == "PathIsNotEmptyDirectoryException") return Status::Conflict(text);
  if (IsRetriableRemote(exception)) return Status::Unavailable(text);
  if (exception == "QuotaExceededException" || exception == "DSQuotaExceededException" ||
      exception == "NSQuotaExceededException") {
    return Status::Io(text);
  }
  switch (status) {
    case 400:
      return Status::InvalidArgument(text);
    case 401:
      return Status::PermissionDenied(text);
    case 404:
      return Status::NotFound(text);
    case 409:
      return Status::Conflict(text);
    case 502:
    case 503:
    case 504:
      return Status::Unavailable(text);
    default:
      return Status::Remote(text);
  }
}

}  // namespace flowstate::core::storage
