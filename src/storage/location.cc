#include "storage/location.h"

#include <vector>

#include "common/strings.h"

namespace flowstate::core::storage {

const char* SchemeName(Scheme s) {
  switch (s) {
    case Scheme::kFile:
      return "file";
    case Scheme::kHdfs:
      return "hdfs";
    case Scheme::kWebHdfs:
      return "webhdfs";
    case Scheme::kSWebHdfs:
      return "swebhdfs";
    case Scheme::kMemory:
      return "mem";
  }
  return "file";
}

Result<std::string> NormalizePath(std::string_view path, std::string_view what) {
  if (path.empty() || path[0] != '/') {
    return Status::InvalidArgument(StrCat("relative path ", Quote(path), " for ", what,
                                          ": an absolute path or a URI is needed"));
  }
  for (char c : path) {
    if (c == '\0') return Status::InvalidArgument(StrCat(what, " contains a NUL byte"));
  }
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    if (part.empty() || part == ".") {
      // skip
    } else if (part == "..") {
      if (parts.empty()) {
        return Status::InvalidArgument(
            StrCat(what, " ", Quote(path), ": '..' goes above the root"));
      }
      parts.pop_back();
    } else {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out;
  for (std::string_view p : parts) StrAppend(&out, "/", p);
  return out.empty() ? std::string("/") : out;
}

Result<std::string> CanonicalLocation(std::string_view uri) {
  // Stands for "the default file system" while parsing hdfs:///p; never a real nameservice
  // (a control character cannot be one).
  constexpr std::string_view kDefaultFs = "\x01";
  FS_ASSIGN_OR_RETURN(Location l, Location::Parse(uri, kDefaultFs));
  std::string out = l.scheme() == Scheme::kHdfs && l.authority() == kDefaultFs
                        ? StrCat("hdfs://", l.path())
                        : l.ToString();
  // What is recorded reads back as itself: no control characters, no space at the end
  // (reading a location trims the spaces around it).
  for (char c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Status::InvalidArgument(
          StrCat(Quote(uri), ": a checkpoint or savepoint location holds no control characters"));
    }
  }
  if (out.back() == ' ') {
    return Status::InvalidArgument(
        StrCat(Quote(uri), ": a location's last name may not end in a space"));
  }
  return out;
}

Result<std::string> JoinPath(std::string_view base, std::string_view relative) {
  if (!relative.empty() && relative[0] == '/') return NormalizePath(relative, "path");
  return NormalizePath(StrCat(base, "/", relative), "path");
}

Result<Location> Location::Parse(std::string_view uri, std::string_view default_nameservice) {
  std::string_view u = StripAsciiWhitespace(uri);
  if (u.empty()) return Status::InvalidArgument("empty location: a path or URI is needed");
  Location loc;
  std::string_view path;
  size_t colon = u.find(':');
  size_t slash = u.find('/');
  bool has_scheme =
      colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash);
  if (!has_scheme) {
    loc.scheme_ = Scheme::kFile;
    path = u;
  } else {
    std::string scheme = AsciiLower(u.substr(0, colon));
    std::string_view rest = u.substr(colon + 1);
    if (scheme == "file") {
      loc.scheme_ = Scheme::kFile;
    } else if (scheme == "hdfs") {
      loc.scheme_ = Scheme::kHdfs;
    } else if (scheme == "webhdfs") {
      loc.scheme_ = Scheme::kWebHdfs;
    } else if (scheme == "swebhdfs") {
      loc.scheme_ = Scheme::kSWebHdfs;
    } else if (scheme == "mem") {
      loc.scheme_ = Scheme::kMemory;
    } else {
      return Status::Unsupported(StrCat("storage scheme ", Quote(scheme), " in ", Quote(u),
                                        " is not supported (file, hdfs, webhdfs, swebhdfs)"));
    }
    if (StartsWith(rest, "//")) {
      size_t end = rest.find('/', 2);
      loc.authority_ = std::string(
          rest.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2));
      path = end == std::string_view::npos ? std::string_view("/") : rest.substr(end);
    } else {
      path = rest;  // file:/abs, hdfs:/abs
    }
    if (loc.scheme_ == Scheme::kFile || loc.scheme_ == Scheme::kMemory) {
      if (!loc.authority_.empty() && loc.authority_ != "localhost") {
        return Status::InvalidArgument(
            StrCat(Quote(u), ": a ", scheme, " URI names no host (write file:///path)"));
      }
      loc.authority_.clear();
    } else if (loc.authority_.empty()) {
      if (loc.scheme_ != Scheme::kHdfs) {
        return Status::InvalidArgument(StrCat(Quote(u), ": ", scheme, " needs host:port"));
      }
      if (default_nameservice.empty()) {
        return Status::InvalidArgument(
            StrCat(Quote(u), ": hdfs:/// needs a default nameservice in the storage settings"));
      }
      loc.authority_ = std::string(default_nameservice);
    }
  }
  FS_ASSIGN_OR_RETURN(loc.path_, NormalizePath(path, Quote(u)));
  return loc;
}

Location Location::Make(Scheme scheme, std::string authority, std::string path) {
  Location l;
  l.scheme_ = scheme;
  l.authority_ = std::move(authority);
  l.path_ = std::move(path);
  return l;
}

std::string Location::ToString() const {
  return StrCat(SchemeName(scheme_), "://", authority_, path_);
}

std::string Location::Name() const {
  size_t slash = path_.rfind('/');
  return path_.substr(slash + 1);
}

Location Location::Child(std::string_view name) const {
  Location l = *this;
  l.path_ = path_ == "/" ? StrCat("/", name) : StrCat(path_, "/", name);
  return l;
}

Location Location::Parent() const {
  Location l = *this;
  size_t slash = path_.rfind('/');
  l.path_ = slash == 0 ? "/" : path_.substr(0, slash);
  return l;
}

bool Location::Contains(const Location& other) const {
  if (scheme_ != other.scheme_ || authority_ != other.authority_) return false;
  if (path_ == "/") return true;
  return other.path_ == path_ ||
         (StartsWith(other.path_, path_) && other.path_.size() > path_.size() &&
          other.path_[path_.size()] == '/');
}

std::string Location::RelativePath(const Location& other) const {
  if (other.path_ == path_) return "";
  return other.path_.substr(path_ == "/" ? 1 : path_.size() + 1);
}

}  // namespace flowstate::core::storage
