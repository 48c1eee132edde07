// Reading checkpoint storage as Flink lays it out (FACTS.md 5.1):
//   <checkpoint dir>/<job id>/chk-<n>/_metadata   (shared/ and taskowned/ beside chk-<n>)
//   <savepoint dir>/savepoint-<6 hex of job id>-<12 hex>/_metadata
// A root given to the readers may be a checkpoint directory (with job-id directories), a
// job-id directory, a savepoint directory, or one snapshot directory itself.
//
// Every snapshot gets a verdict with its reason. COMPLETE: _metadata present with the magic,
// a format version Flink writes (2-6) and, for chk-<n>, checkpoint id n. IN_PROGRESS: no
// _metadata (perhaps only ._metadata.inprogress.*). CORRUPT: truncated, wrong magic, unknown
// version, id mismatch, a chk- directory without a decimal id. UNREADABLE: the storage
// refused to show it. A header check cannot see a _metadata cut short after its header, nor
// missing state files: the verdict records the level it reached, so deeper levels can be
// added.
#ifndef FLOWSTATE_SRC_STORAGE_LAYOUT_H_
#define FLOWSTATE_SRC_STORAGE_LAYOUT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "common/diagnostics.h"
#include "common/enums.h"
#include "common/flink_version.h"
#include "storage/location.h"
#include "storage/metadata_reader.h"
#include "storage/storage.h"

namespace flowstate::core::storage {

enum class SnapshotKind : int { FLOWSTATE_ENUM_VALUES_SNAPSHOT_KIND(FLOWSTATE_ENUMERATOR) };
enum class Verdict : int { FLOWSTATE_ENUM_VALUES_VERDICT(FLOWSTATE_ENUMERATOR) };
enum class VerifyLevel : int { FLOWSTATE_ENUM_VALUES_VERIFY_LEVEL(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(SnapshotKind) { return enum_type::snapshot_kind; }
constexpr int EnumTypeOf(Verdict) { return enum_type::verdict; }
constexpr int EnumTypeOf(VerifyLevel) { return enum_type::verify_level; }

const char* SnapshotKindName(SnapshotKind k);  // "CHECKPOINT", "SAVEPOINT"
const char* VerdictName(Verdict v);            // "COMPLETE", ...
const char* VerifyLevelName(VerifyLevel l);    // "none", "header", "structure", "files"

// A state file a snapshot needs that is not as _metadata recorded it.
struct FileProblem {
  std::string location;   // where it was looked for
  int64_t expected = -1;  // the recorded size (or, for a segment, the least size); -1: any
  int64_t found = -1;     // the size found; -1: not there
  std::string message;
};

struct Snapshot {
  SnapshotKind kind = SnapshotKind::kCheckpoint;
  Location location;          // the chk-<n> or savepoint directory
  std::string job_id;         // 32 hex (checkpoints), the 6-hex prefix (savepoints), or ""
  int64_t directory_id = -1;  // n of chk-<n>
  int64_t directory_mtime_ms = 0;
  int64_t completion_time_ms = 0;  // _metadata's mtime when read, else the directory's
  bool completion_from_metadata = false;
  bool metadata_present = false;
  uint64_t metadata_size = 0;       // known when the directory was listed
  bool in_progress_marker = false;  // ._metadata.inprogress.* present
  Verdict verdict = Verdict::kInProgress;
  std::string reason;
  VerifyLevel level = VerifyLevel::kNone;  // how deep the verdict looked
  int format_version = 0;
  int64_t checkpoint_id = -1;             // from _metadata
  std::optional<FlinkVersion> min_flink;  // the first Flink that reads this format
  bool readable_by_target = true;         // by ScanOptions::target (true without one)
  std::string target_reason;              // why not, when not
  uint64_t exclusive_bytes = 0;           // files in the directory (listing mode)
  uint64_t file_count = 0;
  // From the whole _metadata (STRUCTURE and FILES levels).
  int operator_count = -1;            // -1: not read
  uint64_t referenced_files = 0;      // distinct files the state handles name
  uint64_t referenced_bytes = 0;      // their recorded sizes
  uint64_t inline_bytes = 0;          // state held inside _metadata
  std::string metadata_kind;          // "CHECKPOINT", "SAVEPOINT" or "" (v3 checkpoints)
  std::string savepoint_format;       // "CANONICAL", "NATIVE" or ""
  std::vector<FileProblem> problems;  // FILES: every referenced file that is not right

  bool restorable() const { return verdict == Verdict::kComplete && readable_by_target; }
};

struct JobDirectory {
  Location location;
  std::string job_id;
  uint64_t checkpoints = 0;
  uint64_t shared_bytes = 0;     // shared/ (incremental state, possibly of earlier runs)
  uint64_t taskowned_bytes = 0;  // taskowned/
};

struct ScanOptions {
  std::vector<std::string> job_ids;    // only these job-id directories (and their savepoints)
  bool include_savepoints = false;     // FindLatest: consider savepoints too
  std::optional<FlinkVersion> target;  // restorable means readable by this version
  // How deep a verdict looks: HEADER (the first 16 bytes), STRUCTURE (all of _metadata,
  // parsed to its exact end), FILES (and every file it references, with its size).
  VerifyLevel level = VerifyLevel::kFiles;
  // Below STRUCTURE, still read a _metadata of format version 3 or older to its end: Flink
  // up to 1.14 wrote it in place, so a JobManager that died while writing it left a
  // truncated file whose header is intact. Restore decisions set it.
  bool prove_in_place_writes = false;
  OperationContext context;  // deadline, cancellation, progress
};

struct ScanStats {
  uint64_t listings = 0;        // directory listings (pages included)
  uint64_t header_reads = 0;    // _metadata reads (the header, or the whole file)
  uint64_t metadata_bytes = 0;  // bytes of _metadata read
};

struct ScanResult {
  std::vector<Snapshot> snapshots;  // newest completion first
  std::vector<JobDirectory> jobs;
  Diagnostics problems;  // directories that could not be read, and the like
  ScanStats stats;
};

// Every snapshot below the roots with its verdict and sizes (one listing per directory).
Result<ScanResult> ListSnapshots(Storage& storage, const std::vector<Location>& roots,
                                 const ScanOptions& options);

struct LatestResult {
  std::optional<size_t> chosen;    // index into `examined`, or none: nothing restorable
  std::vector<Snapshot> examined;  // candidates checked, newest first, each with its verdict
  uint64_t candidates = 0;         // all candidates found
  Diagnostics problems;
  ScanStats stats;
};

// The newest restorable snapshot by completion time (not by id: ids restart after a
// stateless restart), across job-id directories (each run of a job has its own) and, when
// asked, savepoints; newest candidates first, stopping at the first COMPLETE one readable by
// the target version. One listing per directory; the candidates' order comes from the
// chk-<n> directories' modification times in those listings.
Result<LatestResult> FindLatest(Storage& storage, const std::vector<Location>& roots,
                                const ScanOptions& options);

// Checks one snapshot directory at options.level and fills the verdict fields of `s`; the
// parsed _metadata goes to `metadata` when given and read.
// `listing`, when given, is the snapshot directory's listing (saves listing it again).
// A failure that is the storage's rather than the snapshot's (UNAVAILABLE: the NameNode is
// gone; TIMEOUT, CANCELLED: the operation ended) is returned instead of becoming a verdict:
// a scan stops there rather than calling every snapshot after it UNREADABLE.
Status CheckSnapshot(Storage& storage, Snapshot* s, const ScanOptions& options, ScanStats* stats,
                     SnapshotMetadata* metadata = nullptr,
                     const std::vector<FileStatus>* listing = nullptr);

// The locations of the files a snapshot in `dir` references: relative names against `dir`
// (where _metadata is now, so a moved savepoint still resolves), absolute ones through the
// storage's URI model. Parallel to metadata.files; a path that cannot be a location is an
// empty Location with its reason in `errors` (same index).
std::vector<Location> ResolveFiles(Storage& storage, const Location& dir,
                                   const SnapshotMetadata& metadata,
                                   std::vector<std::string>* errors);

// Checks that every file exists with its recorded size, listing each directory once. Fails,
// as CheckSnapshot does, when the storage rather than a file is the problem.
Result<std::vector<FileProblem>> VerifyFiles(Storage& storage, const Location& dir,
                                             const SnapshotMetadata& metadata, ScanStats* stats,
                                             const OperationContext& context,
                                             const std::vector<FileStatus>* dir_listing = nullptr);

// One snapshot, given as its directory or its _metadata file.
struct Inspection {
  Snapshot snapshot;          // verdict at the level asked
  SnapshotMetadata metadata;  // when _metadata was read and parsed
  bool parsed = false;
  std::vector<Location> files;  // resolved, parallel to metadata.files
  ScanStats stats;
};
Result<Inspection> InspectSnapshot(Storage& storage, const Location& location,
                                   const ScanOptions& options);

// Which job-id directories under `root` hold state of the job whose operators have
// `expected_ids` (from its uids, or from another snapshot of it): each job directory's newest
// checkpoint that parses, matched operator by operator. Best matches first.
struct JobMatch {
  JobDirectory job;
  Snapshot snapshot;  // the checkpoint compared (STRUCTURE level)
  OperatorMatch match;
};
Result<std::vector<JobMatch>> MatchJobs(Storage& storage, const Location& root,
                                        const std::vector<std::string>& expected_ids,
                                        const ScanOptions& options);

// Name helpers: a 32-hex job id, chk-<n>, savepoint-<6 hex>-<12 hex>.
bool IsJobId(std::string_view name);
std::optional<int64_t> CheckpointDirId(std::string_view name);
bool IsSavepointDirName(std::string_view name);

}  // namespace flowstate::core::storage

#endif  // FLOWSTATE_SRC_STORAGE_LAYOUT_H_
