#include "storage/layout.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "common/cancel.h"
#include "common/log.h"
#include "common/strings.h"
#include "storage/metadata_header.h"

namespace flowstate::core::storage {
namespace {

// A failure of the storage rather than of a snapshot: the scan stops with it.
bool EndsScan(const Status& st) {
  return st.Is(Code::kUnavailable) || st.Is(Code::kTimeout) || st.Is(Code::kCancelled);
}

constexpr std::string_view kMetadata = "_metadata";
constexpr std::string_view kInProgressPrefix = "._metadata.inprogress.";

bool IsHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

struct Candidate {
  Snapshot snapshot;
  bool listed = false;  // its directory was listed (sizes, _metadata facts known)
};

// A candidate as it is ordered: 40 bytes, its directory's name kept in Gathered::names and
// its parent in Gathered::parents. A Snapshot (with its Location and strings) is made only
// for the candidates examined.
struct Key {
  int64_t mtime_ms = 0;  // the snapshot directory's
  int64_t dir_id = -1;   // n of chk-<n>
  uint32_t parent = 0;
  uint32_t name_at = 0;
  uint32_t name_size = 0;
  int32_t full = -1;  // index into Gathered::full when made whole already, else -1
  SnapshotKind kind = SnapshotKind::kCheckpoint;
};

Candidate MakeCandidate(SnapshotKind kind, const Location& dir, std::string job_id,
                        int64_t mtime_ms);

struct Gathered {
  std::vector<Location> parents;
  std::string names;
  std::vector<Key> keys;
  std::vector<Candidate> full;  // candidates that carry more than a key (a root snapshot)
  std::vector<JobDirectory> jobs;

  uint32_t AddParent(const Location& dir) {
    parents.push_back(dir);
    return static_cast<uint32_t>(parents.size() - 1);
  }
  void Add(SnapshotKind kind, uint32_t parent, std::string_view name, int64_t mtime_ms) {
    Key k;
    k.mtime_ms = mtime_ms;
    k.kind = kind;
    k.parent = parent;
    k.name_at = static_cast<uint32_t>(names.size());
    k.name_size = static_cast<uint32_t>(name.size());
    if (kind == SnapshotKind::kCheckpoint) k.dir_id = CheckpointDirId(name).value_or(-1);
    names.append(name);
    keys.push_back(k);
  }
  void AddFull(Candidate c) {
    Key k;
    k.mtime_ms = c.snapshot.directory_mtime_ms;
    k.dir_id = c.snapshot.directory_id;
    k.kind = c.snapshot.kind;
    k.full = static_cast<int32_t>(full.size());
    full.push_back(std::move(c));
    keys.push_back(k);
  }
  std::string_view Name(const Key& k) const {
    return std::string_view(names).substr(k.name_at, k.name_size);
  }
  std::string LocationText(const Key& k) const {
    if (k.full >= 0) return full[static_cast<size_t>(k.full)].snapshot.location.ToString();
    return parents[k.parent].Child(Name(k)).ToString();
  }
  // The candidate itself (moved out when it was whole already).
  Candidate Take(const Key& k) {
    if (k.full >= 0) return std::move(full[static_cast<size_t>(k.full)]);
    const Location& parent = parents[k.parent];
    std::string_view name = Name(k);
    return MakeCandidate(
        k.kind, parent.Child(name),
        k.kind == SnapshotKind::kCheckpoint ? parent.Name() : std::string(name.substr(10, 6)),
        k.mtime_ms);
  }
  // a is newer than b: the later directory mtime (the rename that completes a checkpoint
  // sets it), then the higher id, then the location.
  bool Newer(const Key& a, const Key& b) const {
    if (a.mtime_ms != b.mtime_ms) return a.mtime_ms > b.mtime_ms;
    if (a.dir_id != b.dir_id) return a.dir_id > b.dir_id;
    return LocationText(b) < LocationText(a);
  }
};

bool JobWanted(const ScanOptions& o, std::string_view job_id) {
  if (o.job_ids.empty()) return true;
  return std::find(o.job_ids.begin(), o.job_ids.end(), job_id) != o.job_ids.end();
}

bool SavepointWanted(const ScanOptions& o, std::string_view name) {
  if (o.job_ids.empty()) return true;
  std::string_view prefix = name.substr(10, 6);  // savepoint-XXXXXX-...
  for (const std::string& j : o.job_ids) {
    if (j.substr(0, 6) == prefix) return true;
  }
  return false;
}

Result<std::vector<FileStatus>> ListDir(Storage& storage, const Location& loc, ScanStats* stats) {
  FS_ASSIGN_OR_RETURN(Resolved r, storage.Resolve(loc));
  std::vector<FileStatus> all;
  std::string after;
  for (;;) {
    ++stats->listings;
    FS_ASSIGN_OR_RETURN(ListPage page, r.fs->List(r.path, after));
    for (FileStatus& s : page.entries) all.push_back(std::move(s));
    if (page.next.empty()) break;
    after = std::move(page.next);
  }
  return all;
}

// Sum of file sizes below a directory (recursive), for shared/ and taskowned/.
uint64_t TreeBytes(Storage& storage, const Location& loc, ScanStats* stats, int depth = 0) {
  if (depth > 32) return 0;
  Result<std::vector<FileStatus>> entries = ListDir(storage, loc, stats);
  if (!entries.ok()) return 0;
  uint64_t n = 0;
  for (const FileStatus& e : *entries) {
    n += e.is_dir() ? TreeBytes(storage, loc.Child(e.name), stats, depth + 1) : e.size;
  }
  return n;
}

Candidate MakeCandidate(SnapshotKind kind, const Location& dir, std::string job_id,
                        int64_t mtime_ms) {
  Candidate c;
  c.snapshot.kind = kind;
  c.snapshot.location = dir;
  c.snapshot.job_id = std::move(job_id);
  c.snapshot.directory_mtime_ms = mtime_ms;
  c.snapshot.completion_time_ms = mtime_ms;
  if (kind == SnapshotKind::kCheckpoint) {
    c.snapshot.directory_id = CheckpointDirId(dir.Name()).value_or(-1);
  }
  return c;
}

// Records facts about a snapshot directory from its own listing.
void ApplyListing(const std::vector<FileStatus>& entries, Snapshot* s) {
  s->exclusive_bytes = 0;
  s->file_count = 0;
  for (const FileStatus& e : entries) {
    if (e.is_dir()) continue;
    s->exclusive_bytes += e.size;
    ++s->file_count;
    if (e.name == kMetadata) {
      s->metadata_present = true;
      s->metadata_size = e.size;
      s->completion_time_ms = e.mtime_ms;
      s->completion_from_metadata = true;
    } else if (StartsWith(e.name, kInProgressPrefix)) {
      s->in_progress_marker = true;
    }
  }
}

// The children of a checkpoint-or-savepoint directory that are snapshots or job dirs.
Status GatherChildren(Storage& storage, const Location& dir, const std::vector<FileStatus>& entries,
                      const ScanOptions& options, bool listing_mode, Gathered* out,
                      ScanStats* stats, Diagnostics* problems, int depth);

Status GatherJobDir(Storage& storage, const Location& dir, const std::vector<FileStatus>& entries,
                    bool listing_mode, Gathered* out, ScanStats* stats) {
  JobDirectory job;
  job.location = dir;
  job.job_id = dir.Name();
  const uint32_t parent = out->AddParent(dir);
  for (const FileStatus& e : entries) {
    if (!e.is_dir()) continue;
    if (StartsWith(e.name, "chk-")) {
      if (CheckpointDirId(e.name)) {
        out->Add(SnapshotKind::kCheckpoint, parent, e.name, e.mtime_ms);
        ++job.checkpoints;
      } else if (listing_mode) {
        Candidate c =
            MakeCandidate(SnapshotKind::kCheckpoint, dir.Child(e.name), job.job_id, e.mtime_ms);
        c.snapshot.verdict = Verdict::kCorrupt;
        c.snapshot.reason = StrCat("directory ", Quote(e.name), " is not chk-<checkpoint id>");
        c.listed = true;  // nothing more to learn
        out->AddFull(std::move(c));
      }
    } else if (listing_mode && e.name == "shared") {
      job.shared_bytes = TreeBytes(storage, dir.Child(e.name), stats);
    } else if (listing_mode && e.name == "taskowned") {
      job.taskowned_bytes = TreeBytes(storage, dir.Child(e.name), stats);
    }
  }
  out->jobs.push_back(std::move(job));
  return Status::Ok();
}

Status GatherChildren(Storage& storage, const Location& dir, const std::vector<FileStatus>& entries,
                      const ScanOptions& options, bool listing_mode, Gathered* out,
                      ScanStats* stats, Diagnostics* problems, int depth) {
  bool looks_like_job_dir = false;
  for (const FileStatus& e : entries)
    looks_like_job_dir |= e.is_dir() && StartsWith(e.name, "chk-");
  if (looks_like_job_dir) {
    if (!JobWanted(options, dir.Name()) && IsJobId(dir.Name())) return Status::Ok();
    FS_RETURN_IF_ERROR(GatherJobDir(storage, dir, entries, listing_mode, out, stats));
  }
  size_t jobs_seen = 0;
  uint32_t parent = UINT32_MAX;
  for (const FileStatus& e : entries) {
    if (!e.is_dir()) continue;
    if (IsSavepointDirName(e.name)) {
      if (SavepointWanted(options, e.name)) {
        if (parent == UINT32_MAX) parent = out->AddParent(dir);
        out->Add(SnapshotKind::kSavepoint, parent, e.name, e.mtime_ms);
      }
    } else if (IsJobId(e.name) && depth == 0) {
      if (!JobWanted(options, e.name)) continue;
      FS_RETURN_IF_ERROR(options.context.Progress("list", ++jobs_seen, 0));
      Location job_dir = dir.Child(e.name);
      Result<std::vector<FileStatus>> job_entries = ListDir(storage, job_dir, stats);
      if (!job_entries.ok()) {
        if (job_entries.status().Is(Code::kNotFound)) continue;  // removed meanwhile
        if (EndsScan(job_entries.status())) {
          return Status(job_entries.status().code(), StrCat("cannot list ", job_dir.ToString(),
                                                            ": ", job_entries.status().message()));
        }
        Diagnostic d;
        d.severity = Severity::kWarning;
        d.code = job_entries.status().code();
        d.message = job_entries.status().message();
        d.path = job_dir.ToString();
        problems->Add(std::move(d));
        continue;
      }
      FS_RETURN_IF_ERROR(GatherJobDir(storage, job_dir, *job_entries, listing_mode, out, stats));
    }
  }
  return Status::Ok();
}

Status Gather(Storage& storage, const std::vector<Location>& roots, const ScanOptions& options,
              bool listing_mode, Gathered* out, ScanStats* stats, Diagnostics* problems) {
  std::set<std::string> seen;
  for (const Location& root : roots) {
    if (!seen.insert(root.ToString()).second) continue;
    FS_RETURN_IF_ERROR(options.context.Check("scanning storage"));
    Result<std::vector<FileStatus>> entries = ListDir(storage, root, stats);
    if (!entries.ok()) return entries.status().WithContext(StrCat("reading ", root.ToString()));
    bool is_snapshot = CheckpointDirId(root.Name()).has_value() || IsSavepointDirName(root.Name());
    for (const FileStatus& e : *entries) {
      is_snapshot |= !e.is_dir() && (e.name == kMetadata || StartsWith(e.name, kInProgressPrefix));
    }
    if (is_snapshot) {
      bool checkpoint = CheckpointDirId(root.Name()).has_value();
      std::string job = checkpoint && IsJobId(root.Parent().Name()) ? root.Parent().Name()
                        : IsSavepointDirName(root.Name())           ? root.Name().substr(10, 6)
                                                                    : std::string();
      Result<FileStatus> self = [&]() -> Result<FileStatus> {
        FS_ASSIGN_OR_RETURN(Resolved r, storage.Resolve(root));
        return r.fs->Stat(r.path);
      }();
      Candidate c = MakeCandidate(checkpoint ? SnapshotKind::kCheckpoint : SnapshotKind::kSavepoint,
                                  root, job, self.ok() ? self->mtime_ms : 0);
      ApplyListing(*entries, &c.snapshot);
      c.listed = true;
      out->AddFull(std::move(c));
      continue;
    }
    FS_RETURN_IF_ERROR(
        GatherChildren(storage, root, *entries, options, listing_mode, out, stats, problems, 0));
  }
  return Status::Ok();
}

bool NewerFirst(const Snapshot& a, const Snapshot& b) {
  if (a.completion_time_ms != b.completion_time_ms)
    return a.completion_time_ms > b.completion_time_ms;
  if (a.directory_id != b.directory_id) return a.directory_id > b.directory_id;
  return b.location < a.location;
}

}  // namespace

const char* SnapshotKindName(SnapshotKind k) {
  const char* name = NameOf(k);
  return name != nullptr ? name : "CHECKPOINT";
}

const char* VerdictName(Verdict v) {
  const char* name = NameOf(v);
  return name != nullptr ? name : "UNREADABLE";
}

const char* VerifyLevelName(VerifyLevel l) {
  const char* name = NameOf(l);
  return name != nullptr ? name : "none";
}

bool IsJobId(std::string_view name) { return name.size() == 32 && IsHex(name); }

std::optional<int64_t> CheckpointDirId(std::string_view name) {
  if (!StartsWith(name, "chk-") || name.size() == 4 || name.size() > 4 + 18) return std::nullopt;
  int64_t v = 0;
  for (char c : name.substr(4)) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool IsSavepointDirName(std::string_view name) {
  // savepoint-<6 hex>-<12 hex>
  return name.size() == 29 && StartsWith(name, "savepoint-") && name[16] == '-' &&
         IsHex(name.substr(10, 6)) && IsHex(name.substr(17, 12));
}

namespace {

// A _metadata larger than this is not read whole (Flink inlines at most a few MiB per handle;
// coordinator state has no bound, but hundreds of MiB would be a job flowstate cannot check).
constexpr uint64_t kMaxMetadataBytes = 512ull << 20;

std::string Plural(uint64_t n, std::string_view one, std::string_view many) {
  return StrCat(n, " ", n == 1 ? one : many);
}

}  // namespace

Status CheckSnapshot(Storage& storage, Snapshot* s, const ScanOptions& options, ScanStats* stats,
                     SnapshotMetadata* metadata, const std::vector<FileStatus>* listing) {
  s->problems.clear();
  if (options.level == VerifyLevel::kNone) {
    // From the listing alone.
    s->level = VerifyLevel::kNone;
    s->verdict = s->metadata_present ? Verdict::kComplete : Verdict::kInProgress;
    s->reason = s->metadata_present ? "_metadata present (not read)" : "no _metadata";
    return Status();
  }
  s->level = VerifyLevel::kHeader;
  Result<Resolved> r = storage.Resolve(s->location);
  if (!r.ok()) {
    s->verdict = Verdict::kUnreadable;
    s->reason = r.status().message();
    return Status();
  }
  const std::string path = r->path == "/" ? "/_metadata" : StrCat(r->path, "/_metadata");
  bool whole = options.level >= VerifyLevel::kStructure;
  ++stats->header_reads;
  Result<std::string> head =
      r->fs->Read(path, 0, whole ? kMaxMetadataBytes + 1 : kMetadataHeaderSize);
  if (!head.ok()) {
    if (head.status().Is(Code::kNotFound)) {
      s->metadata_present = false;
      if (!s->in_progress_marker) {
        // One listing tells "being written" from "nothing there".
        Result<std::vector<FileStatus>> entries = ListDir(storage, s->location, stats);
        if (entries.ok()) ApplyListing(*entries, s);
      }
      s->verdict = Verdict::kInProgress;
      s->reason =
          s->in_progress_marker
              ? "no _metadata, only ._metadata.inprogress.*: still being written, or abandoned"
              : "no _metadata: the checkpoint never completed, or it is being deleted";
      return Status();
    }
    if (EndsScan(head.status())) {
      return Status(
          head.status().code(),
          StrCat(s->location.ToString(), ": cannot read _metadata: ", head.status().message()));
    }
    s->verdict = Verdict::kUnreadable;
    s->reason = StrCat("cannot read _metadata: ", head.status().message());
    return Status();
  }
  stats->metadata_bytes += head->size();
  s->metadata_present = true;
  HeaderCheck check = CheckMetadataHeader(*head);
  if (!check.header) {
    s->verdict = Verdict::kCorrupt;
    s->reason = check.problem;
    return Status();
  }
  s->format_version = check.header->version;
  s->checkpoint_id = check.header->checkpoint_id;
  s->min_flink = MinFlinkForFormat(s->format_version);
  if (s->kind == SnapshotKind::kCheckpoint && s->directory_id >= 0 &&
      s->checkpoint_id != s->directory_id) {
    s->verdict = Verdict::kCorrupt;
    s->reason = StrCat("checkpoint id ", s->checkpoint_id,
                       " in _metadata does not match directory chk-", s->directory_id);
    return Status();
  }
  if (options.target && s->min_flink && *options.target < *s->min_flink) {
    s->readable_by_target = false;
    s->target_reason =
        StrCat("format version ", s->format_version, " needs Flink ", s->min_flink->ToString(),
               " or later; the target is ", options.target->ToString());
  }
  const std::string leftover =
      s->in_progress_marker ? " (a leftover ._metadata.inprogress.* lies beside it)" : "";
  s->verdict = Verdict::kComplete;
  s->reason = StrCat("_metadata present: format version ", s->format_version, ", checkpoint id ",
                     s->checkpoint_id, leftover);
  if (!whole && options.prove_in_place_writes && s->format_version <= 3) {
    // Written in place up to 1.14: an intact header proves nothing; read it to its end.
    whole = true;
    ++stats->header_reads;
    head = r->fs->Read(path, 0, kMaxMetadataBytes + 1);
    if (!head.ok()) {
      if (EndsScan(head.status())) {
        return Status(
            head.status().code(),
            StrCat(s->location.ToString(), ": cannot read _metadata: ", head.status().message()));
      }
      s->verdict = head.status().Is(Code::kNotFound) ? Verdict::kInProgress : Verdict::kUnreadable;
      s->reason = StrCat("cannot read _metadata: ", head.status().message());
      return Status();
    }
    stats->metadata_bytes += head->size();
  }
  if (!whole) return Status();

  if (head->size() > kMaxMetadataBytes) {
    s->verdict = Verdict::kUnreadable;
    s->reason = StrCat("_metadata is larger than ", kMaxMetadataBytes,
                       " bytes; flowstate does not verify it");
    return Status();
  }
  Result<SnapshotMetadata> parsed = ReadMetadata(*head);
  if (!parsed.ok()) {
    s->verdict = Verdict::kCorrupt;
    s->reason = StrCat(parsed.status().Is(Code::kUnsupportedVersion) ? "_metadata cannot be read: "
                                                                     : "_metadata is damaged: ",
                       parsed.status().message());
    return Status();
  }
  s->level = VerifyLevel::kStructure;
  s->operator_count = static_cast<int>(parsed->operators.size());
  s->referenced_files = parsed->files.size();
  s->referenced_bytes = parsed->FileBytes();
  s->inline_bytes = parsed->inline_bytes;
  s->metadata_kind = parsed->Kind();
  s->savepoint_format = parsed->Format();
  const std::string summary =
      StrCat("format version ", s->format_version, ", checkpoint id ", s->checkpoint_id, ", ",
             Plural(parsed->operators.size(), "operator", "operators"), ", ",
             Plural(parsed->files.size(), "state file", "state files"));
  s->reason = StrCat("_metadata parsed to its end (", summary, ")", leftover);
  if (options.level >= VerifyLevel::kFiles) {
    FS_ASSIGN_OR_RETURN(
        s->problems, VerifyFiles(storage, s->location, *parsed, stats, options.context, listing));
    s->level = VerifyLevel::kFiles;
    if (!s->problems.empty()) {
      bool unreadable = std::all_of(s->problems.begin(), s->problems.end(),
                                    [](const FileProblem& p) { return p.found == -2; });
      s->verdict = unreadable ? Verdict::kUnreadable : Verdict::kCorrupt;
      s->reason = s->problems.front().message;
      if (s->problems.size() > 1) {
        StrAppend(&s->reason, " (and ",
                  Plural(s->problems.size() - 1, "more problem", "more problems"), ")");
      }
    } else {
      s->reason = StrCat(
          "_metadata parsed to its end and every referenced file is there with its "
          "recorded size (",
          summary, ")", leftover);
    }
  }
  if (metadata != nullptr) *metadata = std::move(parsed).value();
  return Status();
}

std::vector<Location> ResolveFiles(Storage& storage, const Location& dir,
                                   const SnapshotMetadata& metadata,
                                   std::vector<std::string>* errors) {
  std::vector<Location> out;
  out.reserve(metadata.files.size());
  if (errors != nullptr) errors->assign(metadata.files.size(), "");
  for (size_t i = 0; i < metadata.files.size(); ++i) {
    const MetadataFile& f = metadata.files[i];
    std::string why;
    Location loc;
    if (!f.valid_path) {
      why = StrCat("the file name ", Quote(f.path), " in _metadata is not a usable path");
    } else if (f.form == MetadataFile::Form::kRelative) {
      loc = dir.Child(f.path);
    } else {
      Result<Location> parsed = storage.Parse(f.path);
      if (parsed.ok()) {
        loc = std::move(parsed).value();
      } else {
        why = StrCat("the path ", Quote(f.path), " in _metadata: ", parsed.status().message());
      }
    }
    if (errors != nullptr) (*errors)[i] = std::move(why);
    out.push_back(std::move(loc));
  }
  return out;
}

Result<std::vector<FileProblem>> VerifyFiles(Storage& storage, const Location& dir,
                                             const SnapshotMetadata& metadata, ScanStats* stats,
                                             const OperationContext& context,
                                             const std::vector<FileStatus>* dir_listing) {
  std::vector<FileProblem> problems;
  std::vector<std::string> errors;
  std::vector<Location> locations = ResolveFiles(storage, dir, metadata, &errors);
  // One listing per distinct directory.
  std::map<Location, std::vector<size_t>> by_dir;
  for (size_t i = 0; i < locations.size(); ++i) {
    if (!errors[i].empty()) {
      problems.push_back(
          FileProblem{metadata.files[i].path, metadata.files[i].size, -1, errors[i]});
      continue;
    }
    by_dir[locations[i].Parent()].push_back(i);
  }
  uint64_t done = 0;
  for (const auto& [parent, indexes] : by_dir) {
    Status go = context.Progress("files", done, locations.size());
    if (!go.ok()) {
      problems.push_back(
          FileProblem{parent.ToString(), -1, -2, StrCat("verification stopped: ", go.message())});
      break;
    }
    Result<std::vector<FileStatus>> entries = dir_listing != nullptr && parent == dir
                                                  ? Result<std::vector<FileStatus>>(*dir_listing)
                                                  : ListDir(storage, parent, stats);
    if (!entries.ok() && EndsScan(entries.status())) {
      return Status(entries.status().code(),
                    StrCat("cannot list ", parent.ToString(), ": ", entries.status().message()));
    }
    std::map<std::string, const FileStatus*, std::less<>> names;
    if (entries.ok()) {
      for (const FileStatus& e : *entries) names.emplace(e.name, &e);
    }
    for (size_t i : indexes) {
      ++done;
      const MetadataFile& f = metadata.files[i];
      const std::string where = locations[i].ToString();
      if (!entries.ok() && !entries.status().Is(Code::kNotFound)) {
        problems.push_back(FileProblem{where, f.size, -2,
                                       StrCat("cannot list ", parent.ToString(), " to check ",
                                              where, ": ", entries.status().message())});
        continue;
      }
      auto it = names.find(locations[i].Name());
      if (it == names.end() || it->second->is_dir()) {
        problems.push_back(FileProblem{
            where, f.size, -1,
            StrCat("state file ", where, " is missing",
                   f.form == MetadataFile::Form::kAbsolute &&
                           where.find("/shared/") != std::string::npos
                       ? " (shared state: an earlier run's retention or a hand clean-up may have "
                         "deleted it)"
                       : "")});
        continue;
      }
      const int64_t found = static_cast<int64_t>(it->second->size);
      if (f.form == MetadataFile::Form::kSegment) {
        const int64_t need = f.segment_start + f.size;
        if (found < need) {
          problems.push_back(FileProblem{
              where, need, found,
              StrCat("state file ", where, " has ", found, " bytes; its segments need ", need)});
        }
      } else if (f.size >= 0 && found != f.size) {
        problems.push_back(FileProblem{
            where, f.size, found,
            StrCat("state file ", where, " has ", found, " bytes; _metadata recorded ", f.size)});
      }
    }
  }
  (void)context.Progress("files", done, locations.size());
  return problems;
}

Result<Inspection> InspectSnapshot(Storage& storage, const Location& location,
                                   const ScanOptions& options) {
  ContextScope scope(options.context);  // bounds every request the scan makes
  Inspection out;
  Location dir = location.Name() == kMetadata ? location.Parent() : location;
  out.snapshot.location = dir;
  const std::string name = dir.Name();
  if (IsSavepointDirName(name)) {
    out.snapshot.kind = SnapshotKind::kSavepoint;
    out.snapshot.job_id = name.substr(10, 6);
  } else {
    out.snapshot.kind = SnapshotKind::kCheckpoint;
    out.snapshot.directory_id = CheckpointDirId(name).value_or(-1);
    if (IsJobId(dir.Parent().Name())) out.snapshot.job_id = dir.Parent().Name();
  }
  Result<std::vector<FileStatus>> entries = ListDir(storage, dir, &out.stats);
  if (!entries.ok()) return entries.status();
  ApplyListing(*entries, &out.snapshot);
  FS_RETURN_IF_ERROR(
      CheckSnapshot(storage, &out.snapshot, options, &out.stats, &out.metadata, &*entries));
  out.parsed = out.snapshot.level >= VerifyLevel::kStructure;
  if (out.parsed) out.files = ResolveFiles(storage, dir, out.metadata, nullptr);
  return out;
}

Result<std::vector<JobMatch>> MatchJobs(Storage& storage, const Location& root,
                                        const std::vector<std::string>& expected_ids,
                                        const ScanOptions& options) {
  ContextScope scope(options.context);
  ScanOptions o = options;
  o.level = VerifyLevel::kNone;
  FS_ASSIGN_OR_RETURN(ScanResult scan, ListSnapshots(storage, {root}, o));
  std::vector<JobMatch> out;
  for (const JobDirectory& job : scan.jobs) {
    // The job directory's checkpoints, newest first: compare the first one that parses.
    for (Snapshot& s : scan.snapshots) {
      if (s.kind != SnapshotKind::kCheckpoint || s.job_id != job.job_id || !s.metadata_present) {
        continue;
      }
      ScanOptions structure = options;
      structure.level = VerifyLevel::kStructure;
      SnapshotMetadata metadata;
      Snapshot checked = s;
      FS_RETURN_IF_ERROR(CheckSnapshot(storage, &checked, structure, &scan.stats, &metadata));
      if (checked.level < VerifyLevel::kStructure) continue;
      JobMatch m;
      m.job = job;
      m.snapshot = std::move(checked);
      m.match = MatchOperators(expected_ids, metadata);
      out.push_back(std::move(m));
      break;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const JobMatch& a, const JobMatch& b) {
    if (a.match.kind != b.match.kind) return a.match.kind < b.match.kind;
    if (a.match.matched.size() != b.match.matched.size())
      return a.match.matched.size() > b.match.matched.size();
    return a.snapshot.completion_time_ms > b.snapshot.completion_time_ms;
  });
  return out;
}

Result<ScanResult> ListSnapshots(Storage& storage, const std::vector<Location>& roots,
                                 const ScanOptions& options) {
  ContextScope scope(options.context);  // bounds every request the scan makes
  ScanResult out;
  Gathered g;
  FS_RETURN_IF_ERROR(Gather(storage, roots, options, true, &g, &out.stats, &out.problems));
  uint64_t done = 0;
  for (const Key& k : g.keys) {
    FS_RETURN_IF_ERROR(options.context.Progress("check", ++done, g.keys.size()));
    Candidate c = g.Take(k);
    if (!c.listed) {
      Result<std::vector<FileStatus>> entries = ListDir(storage, c.snapshot.location, &out.stats);
      if (!entries.ok()) {
        if (entries.status().Is(Code::kNotFound)) continue;  // deleted by retention meanwhile
        if (EndsScan(entries.status())) {
          return Status(entries.status().code(),
                        StrCat("cannot list ", c.snapshot.location.ToString(), ": ",
                               entries.status().message()));
        }
        c.snapshot.verdict = Verdict::kUnreadable;
        c.snapshot.reason = entries.status().message();
        out.snapshots.push_back(std::move(c.snapshot));
        continue;
      }
      ApplyListing(*entries, &c.snapshot);
      c.listed = true;
      if (c.snapshot.verdict != Verdict::kCorrupt || c.snapshot.reason.empty()) {
        FS_RETURN_IF_ERROR(
            CheckSnapshot(storage, &c.snapshot, options, &out.stats, nullptr, &*entries));
      }
      out.snapshots.push_back(std::move(c.snapshot));
      continue;
    }
    if (c.snapshot.verdict != Verdict::kCorrupt || c.snapshot.reason.empty()) {
      FS_RETURN_IF_ERROR(CheckSnapshot(storage, &c.snapshot, options, &out.stats));
    }
    out.snapshots.push_back(std::move(c.snapshot));
  }
  std::sort(out.snapshots.begin(), out.snapshots.end(), NewerFirst);
  out.jobs = std::move(g.jobs);
  return out;
}

Result<LatestResult> FindLatest(Storage& storage, const std::vector<Location>& roots,
                                const ScanOptions& options) {
  ContextScope scope(options.context);  // bounds every request the scan makes
  LatestResult out;
  Gathered g;
  FS_RETURN_IF_ERROR(Gather(storage, roots, options, false, &g, &out.stats, &out.problems));
  std::vector<Key>& keys = g.keys;
  if (!options.include_savepoints) {
    keys.erase(std::remove_if(keys.begin(), keys.end(),
                              [](const Key& k) { return k.kind == SnapshotKind::kSavepoint; }),
               keys.end());
  }
  out.candidates = keys.size();
  // Newest on top of a heap: building it is linear, and only the candidates examined are
  // taken off it (usually one), so the tree is never sorted whole.
  auto older = [&g](const Key& a, const Key& b) { return g.Newer(b, a); };
  std::make_heap(keys.begin(), keys.end(), older);
  while (!keys.empty()) {
    std::pop_heap(keys.begin(), keys.end(), older);
    Key k = keys.back();
    keys.pop_back();
    Snapshot s = g.Take(k).snapshot;
    FS_RETURN_IF_ERROR(options.context.Progress("check", out.examined.size() + 1, out.candidates));
    FS_RETURN_IF_ERROR(CheckSnapshot(storage, &s, options, &out.stats));
    Log(LogLevel::kDebug, "storage", s.location.ToString(), ": ", VerdictName(s.verdict), ": ",
        s.reason);
    out.examined.push_back(std::move(s));
    if (out.examined.back().restorable()) {
      out.chosen = out.examined.size() - 1;
      break;
    }
  }
  return out;
}

}  // namespace flowstate::core::storage
