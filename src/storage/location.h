// Where a file or directory is, in one model for every form users and Flink write:
//   /abs/path, file:///abs/path, file:/abs/path (Flink's REST API), hdfs://nn:8020/path,
//   hdfs:///path (the default nameservice from the storage settings), webhdfs://host:port/path,
//   swebhdfs://host:port/path, and mem:///path (the in-memory file system, for tests).
// Paths are normalised ('//', '.', and '..' resolved); '..' that escapes the root and
// relative paths are refused.
//
// Thread-safety: a value type.
#ifndef FLOWSTATE_SRC_STORAGE_LOCATION_H_
#define FLOWSTATE_SRC_STORAGE_LOCATION_H_

#include <string>
#include <string_view>

#include "common/status.h"

namespace flowstate::core::storage {

enum class Scheme { kFile, kHdfs, kWebHdfs, kSWebHdfs, kMemory };

const char* SchemeName(Scheme s);  // "file", "hdfs", "webhdfs", "swebhdfs", "mem"

class Location {
 public:
  // `default_nameservice` completes hdfs:///path; empty means none is configured.
  static Result<Location> Parse(std::string_view uri, std::string_view default_nameservice = {});
  static Location Make(Scheme scheme, std::string authority, std::string path);

  Scheme scheme() const { return scheme_; }
  const std::string& authority() const { return authority_; }  // host[:port] or nameservice
  const std::string& path() const { return path_; }            // absolute, "/" for the root

  // Canonical form: file:///p, hdfs://ns/p, webhdfs://h:p/p, mem:///p.
  std::string ToString() const;
  std::string Name() const;  // last path component ("" for the root)
  Location Child(std::string_view name) const;
  Location Parent() const;
  // True when `other` is this location or below it (component-wise, same scheme/authority).
  bool Contains(const Location& other) const;
  // The part of other's path below this one ("a/b"), or "" when equal. REQUIRES: Contains.
  std::string RelativePath(const Location& other) const;

  friend bool operator==(const Location& a, const Location& b) {
    return a.scheme_ == b.scheme_ && a.authority_ == b.authority_ && a.path_ == b.path_;
  }
  friend bool operator<(const Location& a, const Location& b) {
    return a.ToString() < b.ToString();
  }

 private:
  Scheme scheme_ = Scheme::kFile;
  std::string authority_;
  std::string path_ = "/";
};

// The one spelling of a checkpoint or savepoint location that the catalog records and hands
// to Flink: what Flink accepts as a savepoint path. /d/chk-7, /d/chk-7/, file:/d/chk-7 and
// file:///d//chk-7 all become file:///d/chk-7. hdfs:///p stays hdfs:///p (Flink completes it
// with its own default file system, which this host may not know). Relative paths and
// unknown schemes are refused (INVALID_ARGUMENT, UNSUPPORTED). No mount table is applied:
// mounts say where this host reaches a location, never what it is called.
Result<std::string> CanonicalLocation(std::string_view uri);

// Normalises an absolute path: "/a//b/./c/../d" -> "/a/b/d". `what` names it in errors.
Result<std::string> NormalizePath(std::string_view path, std::string_view what);

// Joins a path and a relative name ("a/b" or "../x"), normalising the result.
Result<std::string> JoinPath(std::string_view base, std::string_view relative);

}  // namespace flowstate::core::storage

#endif  // FLOWSTATE_SRC_STORAGE_LOCATION_H_
