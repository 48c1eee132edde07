/// @file
/// flowstate/storage.hpp: checkpoint storage, C++ API over flowstate/storage.h.
#ifndef FLOWSTATE_STORAGE_HPP
#define FLOWSTATE_STORAGE_HPP

#include <cstdint>
#include <functional>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flowstate/cancel.hpp"
#include "flowstate/diagnostics.hpp"
#include "flowstate/endpoint.hpp"
#include "flowstate/records.hpp"
#include "flowstate/status.hpp"
#include "flowstate/storage.h"
#include "flowstate/unstable.h"  // listings, header_reads: measurement, may change

namespace flowstate {

struct WebHdfsOptions {
  Endpoint endpoint;  ///< http(s)://namenode:9870; kerberos: SPNEGO
  std::string user, doas, delegation_token;
};

/// Mounts and WebHDFS endpoints. Move-only.
class StorageConfig {
 public:
  StorageConfig() {
    flowstate_storage_config* raw = nullptr;
    if (flowstate_storage_config_new(&raw) != FLOWSTATE_OK) throw std::bad_alloc();
    handle_.reset(raw);
  }
  /// The C handle, for the C API (owned by this object).
  const flowstate_storage_config* get() const { return handle_.get(); }

  /// \copybrief flowstate_storage_config_add_mount
  /// (The C++ form of flowstate_storage_config_add_mount().)
  Status add_mount(std::string_view flink_prefix, std::string_view host_path) {
    std::string p(flink_prefix), h(host_path);
    return Status::from_c(flowstate_storage_config_add_mount(handle_.get(), p.c_str(), h.c_str()));
  }
  /// \copybrief flowstate_storage_config_set_default_nameservice
  /// (The C++ form of flowstate_storage_config_set_default_nameservice().)
  Status set_default_nameservice(std::string_view nameservice) {
    std::string n(nameservice);
    return Status::from_c(
        flowstate_storage_config_set_default_nameservice(handle_.get(), n.c_str()));
  }
  /// \copybrief flowstate_storage_config_add_webhdfs
  /// (The C++ form of flowstate_storage_config_add_webhdfs().)
  Status add_webhdfs(std::string_view name, const WebHdfsOptions& o) {
    flowstate_webhdfs_options c = FLOWSTATE_WEBHDFS_OPTIONS_INIT;
    detail::EndpointC endpoint(o.endpoint, &c.endpoint);
    auto opt = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
    c.user = opt(o.user);
    c.doas = opt(o.doas);
    c.delegation_token = opt(o.delegation_token);
    std::string n(name);
    return Status::from_c(flowstate_storage_config_add_webhdfs(handle_.get(), n.c_str(), &c));
  }

 private:
  detail::UniqueHandle<flowstate_storage_config, flowstate_storage_config_free> handle_;
};

// The records (FileEntry, SnapshotInfo with its FileProblems, JobDirectoryInfo, MetadataInfo
// with its OperatorStates and StateFiles, OperatorMatchInfo) are in flowstate/records.hpp.

namespace detail {

inline SnapshotInfo snapshot_at(const flowstate_snapshot_list* l, size_t i) {
  flowstate_snapshot_info c;
  init(c);
  if (flowstate_snapshot_list_get(l, i, &c) != FLOWSTATE_OK) return SnapshotInfo{};
  SnapshotInfo s = from_c(c);
  s.problems = read_n<flowstate_file_problem>(c.problem_count, [&](size_t p, auto* out) {
    return flowstate_snapshot_list_problem_get(l, i, p, out);
  });
  return s;
}

inline MetadataInfo metadata_info(const flowstate_metadata* m) {
  flowstate_metadata_info c;
  init(c);
  if (flowstate_metadata_get(m, &c) != FLOWSTATE_OK) return MetadataInfo{};
  MetadataInfo out = from_c(c);
  out.operators = read_n<flowstate_operator_state>(c.operator_count, [&](size_t i, auto* o) {
    return flowstate_metadata_operator_get(m, i, o);
  });
  out.files = read_n<flowstate_state_file>(
      c.file_count, [&](size_t i, auto* o) { return flowstate_metadata_file_get(m, i, o); });
  return out;
}
}  // namespace detail

/// Parses a whole _metadata from its bytes (CORRUPT with "offset N: ..." when it is not one).
inline Result<MetadataInfo> parse_metadata(std::string_view bytes) {
  flowstate_metadata* m = nullptr;
  int rc = flowstate_metadata_parse(&m, bytes.data(), bytes.size());
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  MetadataInfo out = detail::metadata_info(m);
  flowstate_metadata_free(m);
  return out;
}

/// Flink's operator id for a user-set uid (32 hex digits).
inline std::string operator_id_from_uid(std::string_view uid) {
  return detail::string_result([&](char** out) {
           return flowstate_operator_id_from_uid(out, uid.data(), uid.size());
         })
      .value_or(std::string());
}

struct SnapshotListing {
  std::vector<SnapshotInfo> snapshots;  ///< list: newest first; find_latest: in the order examined
  std::vector<JobDirectoryInfo> jobs;
  std::optional<size_t> chosen;  ///< find_latest: the restorable one, if any
  uint64_t candidates = 0, listings = 0, header_reads = 0;
  /// find_latest: the restorable snapshot chosen, or nullptr when nothing is restorable.
  const SnapshotInfo* latest() const { return chosen ? &snapshots[*chosen] : nullptr; }
};

struct ScanOptions {
  std::vector<std::string> job_ids;
  bool include_savepoints = false;
  std::string flink_version;  ///< "" = any
  int64_t timeout_ms = -1;
  VerifyLevel verify_level = VerifyLevel::files;
  const CancelToken* cancel = nullptr;
  /// Return false to stop the scan (it then fails with ErrorCode::cancelled).
  ProgressCallback progress;
};

/// The file systems behind locations. Thread-safe; move-only.
class Storage {
 public:
  /// \copybrief flowstate_storage_new
  /// (The C++ form of flowstate_storage_new().)
  static Result<Storage> create(const StorageConfig* config = nullptr) {
    flowstate_storage* raw = nullptr;
    int rc = flowstate_storage_new(&raw, config ? config->get() : nullptr);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    return Storage(raw);
  }

  /// The C handle, for the C API (owned by this object).
  flowstate_storage* get() const { return handle_.get(); }

  /// \copybrief flowstate_storage_normalize
  /// (The C++ form of flowstate_storage_normalize().)
  Result<std::string> normalize(std::string_view uri) const {
    std::string u(uri);
    return detail::string_result(
        [&](char** out) { return flowstate_storage_normalize(out, get(), u.c_str()); });
  }
  /// {file system kind, its path}
  Result<std::pair<std::string, std::string>> resolve(std::string_view uri) const {
    std::string u(uri);
    char *kind = nullptr, *path = nullptr;
    int rc = flowstate_storage_resolve(&kind, &path, get(), u.c_str());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    return std::make_pair(detail::take_string(kind), detail::take_string(path));
  }
  /// What the storage says of one path (flowstate_storage_stat()).
  Result<FileEntry> stat(std::string_view uri) const {
    auto l = file_list(uri, true);
    if (!l.ok()) return l.status();
    return l->front();
  }
  /// The entries of a directory (flowstate_storage_list()).
  Result<std::vector<FileEntry>> list(std::string_view uri) const { return file_list(uri, false); }
  /// \copybrief flowstate_storage_read
  /// (The C++ form of flowstate_storage_read().)
  Result<std::string> read(std::string_view uri, uint64_t offset = 0,
                           uint64_t length = std::numeric_limits<uint64_t>::max()) const {
    std::string u(uri);
    char* out = nullptr;
    size_t len = 0;
    int rc = flowstate_storage_read(&out, &len, get(), u.c_str(), offset, length);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    std::string data(out, len);
    flowstate_string_free(out);
    return data;
  }
  /// \copybrief flowstate_storage_write
  /// (The C++ form of flowstate_storage_write().)
  Status write(std::string_view uri, std::string_view data, bool overwrite = false) const {
    std::string u(uri);
    return Status::from_c(
        flowstate_storage_write(get(), u.c_str(), data.data(), data.size(), overwrite ? 1 : 0));
  }
  /// \copybrief flowstate_storage_mkdirs
  /// (The C++ form of flowstate_storage_mkdirs().)
  Status mkdirs(std::string_view uri) const {
    std::string u(uri);
    return Status::from_c(flowstate_storage_mkdirs(get(), u.c_str()));
  }
  /// \copybrief flowstate_storage_rename
  /// (The C++ form of flowstate_storage_rename().)
  Status rename(std::string_view from, std::string_view to) const {
    std::string f(from), t(to);
    return Status::from_c(flowstate_storage_rename(get(), f.c_str(), t.c_str()));
  }
  /// \copybrief flowstate_storage_delete
  /// (The C++ form of flowstate_storage_delete().)
  Status remove(std::string_view uri) const {
    std::string u(uri);
    return Status::from_c(flowstate_storage_delete(get(), u.c_str()));
  }

  /// Every checkpoint and savepoint below the roots with its verdict
  /// (flowstate_storage_list_snapshots()).
  Result<SnapshotListing> list_snapshots(const std::vector<std::string>& roots,
                                         const ScanOptions& o = {},
                                         Diagnostics* diags = nullptr) const {
    return scan(false, roots, o, diags);
  }
  /// The newest restorable snapshot below the roots and the candidates examined
  /// (flowstate_storage_find_latest()).
  Result<SnapshotListing> find_latest(const std::vector<std::string>& roots,
                                      const ScanOptions& o = {},
                                      Diagnostics* diags = nullptr) const {
    return scan(true, roots, o, diags);
  }

  /// \copybrief flowstate_storage_webhdfs_requests
  /// (The C++ form of flowstate_storage_webhdfs_requests().)
  uint64_t webhdfs_requests() const { return flowstate_storage_webhdfs_requests(get()); }

  /// One snapshot (its directory or _metadata), checked at o.verify_level: what _metadata
  /// holds and the verdict with its problems.
  Result<std::pair<MetadataInfo, SnapshotInfo>> inspect(std::string_view uri,
                                                        const ScanOptions& o = {}) const {
    std::string u(uri);
    std::vector<const char*> j;
    flowstate_operation op;
    flowstate_scan_options c = to_c(o, &j, &op);
    flowstate_metadata* m = nullptr;
    flowstate_snapshot_list* l = nullptr;
    int rc = flowstate_storage_inspect(&m, &l, get(), u.c_str(), &c);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    auto out = std::make_pair(detail::metadata_info(m), detail::snapshot_at(l, 0));
    flowstate_metadata_free(m);
    flowstate_snapshot_list_free(l);
    return out;
  }

  /// The job-id directories under `root` holding state of a job with these operator ids.
  Result<std::vector<OperatorMatchInfo>> match(std::string_view root,
                                               const std::vector<std::string>& operator_ids,
                                               const ScanOptions& o = {}) const {
    std::string r(root);
    std::vector<const char*> ids, j;
    for (const std::string& id : operator_ids) ids.push_back(id.c_str());
    flowstate_operation op;
    flowstate_scan_options c = to_c(o, &j, &op);
    flowstate_match_list* l = nullptr;
    int rc = flowstate_storage_match(&l, get(), r.c_str(), ids.data(), ids.size(), &c);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    std::vector<OperatorMatchInfo> out =
        detail::read_list(l, flowstate_match_list_count, flowstate_match_list_get);
    flowstate_match_list_free(l);
    return out;
  }

 private:
  explicit Storage(flowstate_storage* raw) : handle_(raw) {}

  Result<std::vector<FileEntry>> file_list(std::string_view uri, bool stat_only) const {
    std::string u(uri);
    flowstate_file_list* l = nullptr;
    int rc = stat_only ? flowstate_storage_stat(&l, get(), u.c_str())
                       : flowstate_storage_list(&l, get(), u.c_str());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    std::vector<FileEntry> out =
        detail::read_list(l, flowstate_file_list_count, flowstate_file_list_get);
    flowstate_file_list_free(l);
    return out;
  }

  /// The C options; they point into *job_ids and *op, which must outlive the call.
  static flowstate_scan_options to_c(const ScanOptions& o, std::vector<const char*>* job_ids,
                                     flowstate_operation* op) {
    for (const std::string& s : o.job_ids) job_ids->push_back(s.c_str());
    flowstate_scan_options c = FLOWSTATE_SCAN_OPTIONS_INIT;
    c.job_ids = job_ids->data();
    c.job_id_count = job_ids->size();
    c.include_savepoints = o.include_savepoints ? 1 : 0;
    c.flink_version = o.flink_version.empty() ? nullptr : o.flink_version.c_str();
    c.verify_level = static_cast<int>(o.verify_level);
    *op = detail::operation_to_c(o.timeout_ms, o.cancel, o.progress);
    c.operation = op;
    return c;
  }

  Result<SnapshotListing> scan(bool latest, const std::vector<std::string>& roots,
                               const ScanOptions& o, Diagnostics* diags) const {
    std::vector<const char*> r, j;
    for (const std::string& s : roots) r.push_back(s.c_str());
    flowstate_operation op;
    flowstate_scan_options c = to_c(o, &j, &op);
    flowstate_snapshot_list* l = nullptr;
    Diagnostics local;
    Diagnostics& d = diags ? *diags : local;
    int rc = latest ? flowstate_storage_find_latest(&l, get(), r.data(), r.size(), &c, d.get())
                    : flowstate_storage_list_snapshots(&l, get(), r.data(), r.size(), &c, d.get());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc, d.get());
    SnapshotListing out;
    for (size_t i = 0; i < flowstate_snapshot_list_count(l); ++i) {
      out.snapshots.push_back(detail::snapshot_at(l, i));
    }
    out.jobs =
        detail::read_list(l, flowstate_snapshot_list_job_count, flowstate_snapshot_list_job_get);
    int64_t chosen = flowstate_snapshot_list_chosen(l);
    if (chosen >= 0) out.chosen = static_cast<size_t>(chosen);
    out.candidates = flowstate_snapshot_list_candidates(l);
    out.listings = flowstate_snapshot_list_listings(l);
    out.header_reads = flowstate_snapshot_list_header_reads(l);
    flowstate_snapshot_list_free(l);
    return out;
  }

  detail::UniqueHandle<flowstate_storage, flowstate_storage_free> handle_;
};

}  // namespace flowstate

#endif  // FLOWSTATE_STORAGE_HPP
