// C ABI: checkpoints and savepoints on storage, the whole _metadata, and operator matching
// (include/flowstate/storage.h).
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "capi/capi.h"
#include "capi/storage_handle.h"
#include "common/strings.h"
#include "flowstate/unstable.h"
#include "storage/layout.h"
#include "storage/metadata_header.h"
#include "storage/metadata_reader.h"
#include "storage/storage.h"

namespace core = flowstate::core;
namespace st = flowstate::core::storage;
using flowstate::capi::At;
using flowstate::capi::CopyOut;
using flowstate::capi::FillOut;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::kOk;
using flowstate::capi::NullArgument;
using flowstate::capi::ParseLocation;
using flowstate::capi::SetError;
using flowstate::capi::ToScanOptions;

struct flowstate_snapshot_list {
  struct Row {
    st::Snapshot s;
    std::string location, min_flink;
  };
  struct Job {
    st::JobDirectory j;
    std::string location;
  };
  std::vector<Row> rows;
  std::vector<Job> jobs;
  int64_t chosen = -1;
  uint64_t candidates = 0, listings = 0, header_reads = 0;
};

struct flowstate_metadata {
  bool parsed = false;
  st::SnapshotMetadata m;
  std::vector<std::string> locations;  // resolved file locations ("" when parsed from bytes)
  std::string kind, format;
};

struct flowstate_match_list {
  struct Row {
    std::string job_id, job_location, snapshot_location;
    st::OperatorMatch match;
    std::vector<const char*> missing, extra;  // views of match.missing and match.extra
  };
  std::vector<Row> rows;
};

namespace {

core::Result<std::vector<st::Location>> Roots(const flowstate_storage* s, const char* const* roots,
                                              size_t n) {
  if (n == 0) return core::Status::InvalidArgument("at least one location is needed");
  if (roots == nullptr) return core::Status::InvalidArgument("roots must not be NULL");
  std::vector<st::Location> out;
  for (size_t i = 0; i < n; ++i) {
    FS_ASSIGN_OR_RETURN(st::Location loc, ParseLocation(s, roots[i]));
    out.push_back(std::move(loc));
  }
  return out;
}

void AddRow(flowstate_snapshot_list* l, st::Snapshot s) {
  flowstate_snapshot_list::Row r;
  r.location = s.location.ToString();
  if (s.min_flink) r.min_flink = s.min_flink->ToString();
  r.s = std::move(s);
  l->rows.push_back(std::move(r));
}

// What both scans do around the scan itself: arguments checked, the scan run, its problems
// handed to diags, its request counts kept, and the list filled from the result by `fill`.
template <typename RunFn, typename FillFn>
int Scan(flowstate_snapshot_list** out, flowstate_storage* storage, const char* const* roots,
         size_t root_count, const flowstate_scan_options* options, flowstate_diagnostics* diags,
         RunFn run, FillFn fill) {
  if (out == nullptr) return NullArgument("out");
  *out = nullptr;
  if (storage == nullptr) return NullArgument("storage");
  auto o = ToScanOptions(options);
  if (!o.ok()) return SetError(o.status());
  auto locs = Roots(storage, roots, root_count);
  if (!locs.ok()) return SetError(locs.status());
  auto result = run(*storage->impl, *locs, *o);
  if (!result.ok()) return SetError(result.status());
  if (diags != nullptr) diags->impl.Append(result->problems);
  auto list = std::make_unique<flowstate_snapshot_list>();
  fill(*result, list.get());
  list->listings = result->stats.listings;
  list->header_reads = result->stats.header_reads;
  *out = list.release();
  return kOk;
}

void SnapshotOut(const flowstate_snapshot_list::Row& r, flowstate_snapshot_info* o) {
  const st::Snapshot& s = r.s;
  o->kind = static_cast<int>(s.kind);
  o->location = r.location.c_str();
  o->job_id = s.job_id.c_str();
  o->directory_id = s.directory_id;
  o->checkpoint_id = s.checkpoint_id;
  o->verdict = static_cast<int>(s.verdict);
  o->reason = s.reason.c_str();
  o->level = static_cast<int>(s.level);
  o->format_version = s.format_version;
  o->min_flink = flowstate::capi::OrNull(r.min_flink);
  o->restorable = s.restorable() ? 1 : 0;
  o->target_reason = s.target_reason.c_str();
  o->completion_time_ms = s.completion_time_ms;
  o->completion_from_metadata = s.completion_from_metadata ? 1 : 0;
  o->metadata_size = s.metadata_size;
  o->exclusive_bytes = s.exclusive_bytes;
  o->file_count = s.file_count;
  o->operator_count = s.operator_count;
  o->referenced_files = s.referenced_files;
  o->referenced_bytes = s.referenced_bytes;
  o->inline_bytes = s.inline_bytes;
  o->metadata_kind = s.metadata_kind.c_str();
  o->savepoint_format = s.savepoint_format.c_str();
  o->problem_count = s.problems.size();
}

const char* FormName(st::MetadataFile::Form form) {
  switch (form) {
    case st::MetadataFile::Form::kAbsolute:
      return "absolute";
    case st::MetadataFile::Form::kRelative:
      return "relative";
    case st::MetadataFile::Form::kSegment:
      return "segment";
  }
  return "";
}

}  // namespace

extern "C" {

FLOWSTATE_API int flowstate_storage_list_snapshots(flowstate_snapshot_list** out,
                                                   flowstate_storage* storage,
                                                   const char* const* roots, size_t root_count,
                                                   const flowstate_scan_options* options,
                                                   flowstate_diagnostics* diags) {
  return Guard([&] {
    return Scan(out, storage, roots, root_count, options, diags, st::ListSnapshots,
                [](st::ScanResult& r, flowstate_snapshot_list* list) {
                  for (st::Snapshot& s : r.snapshots) AddRow(list, std::move(s));
                  for (st::JobDirectory& j : r.jobs) {
                    list->jobs.push_back({j, j.location.ToString()});
                  }
                  list->candidates = list->rows.size();
                });
  });
}

FLOWSTATE_API int flowstate_storage_find_latest(flowstate_snapshot_list** out,
                                                flowstate_storage* storage,
                                                const char* const* roots, size_t root_count,
                                                const flowstate_scan_options* options,
                                                flowstate_diagnostics* diags) {
  return Guard([&] {
    return Scan(out, storage, roots, root_count, options, diags, st::FindLatest,
                [](st::LatestResult& r, flowstate_snapshot_list* list) {
                  for (st::Snapshot& s : r.examined) AddRow(list, std::move(s));
                  list->chosen = r.chosen ? static_cast<int64_t>(*r.chosen) : -1;
                  list->candidates = r.candidates;
                });
  });
}

FLOWSTATE_API void flowstate_snapshot_list_free(flowstate_snapshot_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_snapshot_list_count(const flowstate_snapshot_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API int64_t flowstate_snapshot_list_chosen(const flowstate_snapshot_list* list) {
  return GuardValue<int64_t>(-1, [&] { return list == nullptr ? int64_t{-1} : list->chosen; });
}

FLOWSTATE_API uint64_t flowstate_snapshot_list_candidates(const flowstate_snapshot_list* list) {
  return GuardValue<uint64_t>(0, [&] { return list == nullptr ? 0 : list->candidates; });
}

FLOWSTATE_API uint64_t flowstate_snapshot_list_listings(const flowstate_snapshot_list* list) {
  return GuardValue<uint64_t>(0, [&] { return list == nullptr ? 0 : list->listings; });
}

FLOWSTATE_API uint64_t flowstate_snapshot_list_header_reads(const flowstate_snapshot_list* list) {
  return GuardValue<uint64_t>(0, [&] { return list == nullptr ? 0 : list->header_reads; });
}

FLOWSTATE_API size_t flowstate_snapshot_list_job_count(const flowstate_snapshot_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->jobs.size(); });
}

FLOWSTATE_API int flowstate_snapshot_list_get(const flowstate_snapshot_list* list, size_t index,
                                              flowstate_snapshot_info* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_SNAPSHOT_INFO_VERSION, "flowstate_snapshot_info",
                   At(list == nullptr ? nullptr : &list->rows, index), SnapshotOut);
  });
}

FLOWSTATE_API int flowstate_snapshot_list_problem_get(const flowstate_snapshot_list* list,
                                                      size_t index, size_t problem,
                                                      flowstate_file_problem* out) {
  return Guard([&] {
    const auto* row = At(list == nullptr ? nullptr : &list->rows, index);
    return FillOut(out, FLOWSTATE_FILE_PROBLEM_VERSION, "flowstate_file_problem",
                   At(row == nullptr ? nullptr : &row->s.problems, problem),
                   [](const st::FileProblem& p, flowstate_file_problem* o) {
                     o->location = p.location.c_str();
                     o->expected = p.expected;
                     o->found = p.found;
                     o->message = p.message.c_str();
                   });
  });
}

FLOWSTATE_API int flowstate_snapshot_list_job_get(const flowstate_snapshot_list* list, size_t index,
                                                  flowstate_job_directory* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_JOB_DIRECTORY_VERSION, "flowstate_job_directory",
                   At(list == nullptr ? nullptr : &list->jobs, index),
                   [](const flowstate_snapshot_list::Job& j, flowstate_job_directory* o) {
                     o->location = j.location.c_str();
                     o->job_id = j.j.job_id.c_str();
                     o->checkpoints = j.j.checkpoints;
                     o->shared_bytes = j.j.shared_bytes;
                     o->taskowned_bytes = j.j.taskowned_bytes;
                   });
  });
}

FLOWSTATE_API int flowstate_metadata_check_header(int* out_version, int64_t* out_checkpoint_id,
                                                  const char* bytes, size_t len) {
  return Guard([&] {
    if (out_version == nullptr) return NullArgument("out_version");
    if (out_checkpoint_id == nullptr) return NullArgument("out_checkpoint_id");
    if (bytes == nullptr && len > 0) return NullArgument("bytes");
    st::HeaderCheck c =
        st::CheckMetadataHeader(std::string_view(bytes == nullptr ? "" : bytes, len));
    if (!c.header) return SetError(core::Code::kCorrupt, c.problem);
    *out_version = c.header->version;
    *out_checkpoint_id = c.header->checkpoint_id;
    return kOk;
  });
}

FLOWSTATE_API int flowstate_metadata_parse(flowstate_metadata** out, const char* bytes,
                                           size_t len) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (bytes == nullptr && len > 0) return NullArgument("bytes");
    auto parsed = st::ReadMetadata(std::string_view(bytes == nullptr ? "" : bytes, len));
    if (!parsed.ok()) return SetError(parsed.status());
    auto m = std::make_unique<flowstate_metadata>();
    m->parsed = true;
    m->m = std::move(parsed).value();
    m->locations.assign(m->m.files.size(), "");
    m->kind = m->m.Kind();
    m->format = m->m.Format();
    *out = m.release();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_storage_inspect(flowstate_metadata** out_metadata,
                                            flowstate_snapshot_list** out_snapshot,
                                            flowstate_storage* storage, const char* uri,
                                            const flowstate_scan_options* options) {
  return Guard([&] {
    if (out_metadata != nullptr) *out_metadata = nullptr;
    if (out_snapshot != nullptr) *out_snapshot = nullptr;
    if (storage == nullptr) return NullArgument("storage");
    auto o = ToScanOptions(options);
    if (!o.ok()) return SetError(o.status());
    auto loc = ParseLocation(storage, uri);
    if (!loc.ok()) return SetError(loc.status());
    auto inspected = st::InspectSnapshot(*storage->impl, *loc, *o);
    if (!inspected.ok()) return SetError(inspected.status());
    if (out_metadata != nullptr) {
      auto m = std::make_unique<flowstate_metadata>();
      m->parsed = inspected->parsed;
      m->m = std::move(inspected->metadata);
      for (const st::Location& l : inspected->files) m->locations.push_back(l.ToString());
      m->locations.resize(m->m.files.size());
      m->kind = m->m.Kind();
      m->format = m->m.Format();
      *out_metadata = m.release();
    }
    if (out_snapshot != nullptr) {
      auto list = std::make_unique<flowstate_snapshot_list>();
      AddRow(list.get(), std::move(inspected->snapshot));
      list->candidates = 1;
      list->chosen = list->rows[0].s.restorable() ? 0 : -1;
      list->listings = inspected->stats.listings;
      list->header_reads = inspected->stats.header_reads;
      *out_snapshot = list.release();
    }
    return kOk;
  });
}

FLOWSTATE_API void flowstate_metadata_free(flowstate_metadata* metadata) {
  GuardVoid([&] { delete metadata; });
}

FLOWSTATE_API int flowstate_metadata_get(const flowstate_metadata* metadata,
                                         flowstate_metadata_info* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_METADATA_INFO_VERSION, "flowstate_metadata_info", metadata,
                   [](const flowstate_metadata& m, flowstate_metadata_info* o) {
                     o->parsed = m.parsed ? 1 : 0;
                     o->format_version = m.m.version;
                     o->checkpoint_id = m.m.checkpoint_id;
                     o->size = m.m.size;
                     o->kind = m.kind.c_str();
                     o->format = m.format.c_str();
                     o->type_name = m.m.properties.type_name.c_str();
                     o->master_states = m.m.master_states;
                     o->inline_bytes = m.m.inline_bytes;
                     o->inline_handles = m.m.inline_handles;
                     o->operator_count = m.m.operators.size();
                     o->file_count = m.m.files.size();
                   });
  });
}

FLOWSTATE_API int flowstate_metadata_operator_get(const flowstate_metadata* metadata, size_t index,
                                                  flowstate_operator_state* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_OPERATOR_STATE_VERSION, "flowstate_operator_state",
                   At(metadata == nullptr ? nullptr : &metadata->m.operators, index),
                   [](const st::MetadataOperator& op, flowstate_operator_state* o) {
                     o->id = op.id.c_str();
                     o->name = op.name.c_str();
                     o->uid = op.uid.c_str();
                     o->parallelism = op.parallelism;
                     o->max_parallelism = op.max_parallelism;
                     o->subtasks = op.subtask_states;
                     o->finished_subtasks = op.finished_subtasks;
                     o->fully_finished = op.fully_finished ? 1 : 0;
                     o->inline_bytes = op.inline_bytes;
                     o->coordinator_bytes = op.coordinator_bytes;
                     o->file_handles = op.file_handles;
                   });
  });
}

FLOWSTATE_API int flowstate_metadata_file_get(const flowstate_metadata* metadata, size_t index,
                                              flowstate_state_file* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_STATE_FILE_VERSION, "flowstate_state_file",
                   At(metadata == nullptr ? nullptr : &metadata->m.files, index),
                   [&](const st::MetadataFile& f, flowstate_state_file* o) {
                     o->path = f.path.c_str();
                     o->location = metadata->locations[index].c_str();
                     o->form = FormName(f.form);
                     o->size = f.size;
                     o->segment_start = f.segment_start;
                     o->references = f.references;
                   });
  });
}

FLOWSTATE_API int flowstate_operator_id_from_uid(char** out, const char* uid, size_t len) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (uid == nullptr) return NullArgument("uid");
    *out = CopyOut(st::OperatorIdFromUid(flowstate::capi::TextArg(uid, len)));
    return kOk;
  });
}

FLOWSTATE_API int flowstate_storage_match(flowstate_match_list** out, flowstate_storage* storage,
                                          const char* root, const char* const* expected_ids,
                                          size_t expected_count,
                                          const flowstate_scan_options* options) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (storage == nullptr) return NullArgument("storage");
    if (expected_count > 0 && expected_ids == nullptr) return NullArgument("expected_ids");
    std::vector<std::string> ids;
    for (size_t i = 0; i < expected_count; ++i) {
      std::string_view id = expected_ids[i] == nullptr ? "" : expected_ids[i];
      bool hex = id.size() == 32;
      for (char c : id) hex = hex && std::isxdigit(static_cast<unsigned char>(c)) != 0;
      if (!hex) {
        return SetError(core::Code::kInvalidArgument,
                        core::StrCat("not an operator id (32 hex digits): ", core::Quote(id)));
      }
      ids.emplace_back(id);
    }
    auto o = ToScanOptions(options);
    if (!o.ok()) return SetError(o.status());
    auto loc = ParseLocation(storage, root);
    if (!loc.ok()) return SetError(loc.status());
    auto matches = st::MatchJobs(*storage->impl, *loc, ids, *o);
    if (!matches.ok()) return SetError(matches.status());
    auto list = std::make_unique<flowstate_match_list>();
    for (st::JobMatch& m : *matches) {
      list->rows.push_back({m.job.job_id,
                            m.job.location.ToString(),
                            m.snapshot.location.ToString(),
                            std::move(m.match),
                            {},
                            {}});
    }
    for (flowstate_match_list::Row& r : list->rows) {  // rows no longer move: views are stable
      for (const std::string& id : r.match.missing) r.missing.push_back(id.c_str());
      for (const std::string& id : r.match.extra) r.extra.push_back(id.c_str());
    }
    *out = list.release();
    return kOk;
  });
}

FLOWSTATE_API void flowstate_match_list_free(flowstate_match_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_match_list_count(const flowstate_match_list* list) {
  return GuardValue<size_t>(0, [&]() -> size_t { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API int flowstate_match_list_get(const flowstate_match_list* list, size_t index,
                                           flowstate_match_info* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_MATCH_INFO_VERSION, "flowstate_match_info",
                   At(list == nullptr ? nullptr : &list->rows, index),
                   [](const flowstate_match_list::Row& r, flowstate_match_info* o) {
                     o->job_id = r.job_id.c_str();
                     o->job_location = r.job_location.c_str();
                     o->snapshot_location = r.snapshot_location.c_str();
                     o->kind = static_cast<int>(r.match.kind);
                     o->matched_count = r.match.matched.size();
                     o->missing = r.missing.data();
                     o->missing_count = r.missing.size();
                     o->extra = r.extra.data();
                     o->extra_count = r.extra.size();
                   });
  });
}

}  // extern "C"
