// Catalog: folders (the tree jobs live in).
#include "catalog/catalog.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>

#include "catalog/rows.h"
#include "catalog/sqlite.h"
#include "common/log.h"
#include "common/redact.h"
#include "common/strings.h"
#include "storage/location.h"

namespace flowstate::core::catalog {

// ---- folders ----------------------------------------------------------------------------

Status Catalog::EnsureFolderLocked(std::string_view path) {
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("INSERT OR IGNORE INTO folders(path) VALUES(?)"));
  std::string prefix;
  size_t i = 1;
  while (i <= path.size()) {
    size_t e = path.find('/', i);
    if (e == std::string_view::npos) e = path.size();
    prefix = std::string(path.substr(0, e));
    if (prefix.size() > 1) {
      s->Reset();
      s->Bind(1, prefix);
      FS_RETURN_IF_ERROR(s->Run());
    }
    i = e + 1;
  }
  return Status();
}

Status Catalog::CreateFolder(std::string_view path) {
  FS_ASSIGN_OR_RETURN(std::string folder, NormalizeFolder(path));
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_RETURN_IF_ERROR(EnsureFolderLocked(folder));
  FS_RETURN_IF_ERROR(EventLocked({}, {}, "", "folder.create", "ok", folder));
  return tx.Commit();
}

Result<FolderListing> Catalog::ListFolder(std::string_view path) {
  FS_ASSIGN_OR_RETURN(std::string folder, NormalizeFolder(path));
  Lock lock(this);
  FolderListing out;
  out.path = folder;
  FS_ASSIGN_OR_RETURN(Stmt * exists, db_->Cached("SELECT 1 FROM folders WHERE path=?"));
  exists->Bind(1, folder);
  FS_ASSIGN_OR_RETURN(bool found, exists->Step());
  if (!found)
    return Status(Code::kNotFound, StrCat("no folder ", Quote(folder), " in the catalog"));
  // Direct subfolders: paths below with no further '/'.
  const std::string below = Below(folder), end = BelowEnd(folder);
  FS_ASSIGN_OR_RETURN(Stmt * sub, db_->Cached("SELECT path FROM folders WHERE path>=? AND path<? "
                                              "AND instr(substr(path, ?), '/')=0 ORDER BY path"));
  sub->Bind(1, below).Bind(2, end).Bind(3, static_cast<int64_t>(below.size() + 1));
  std::vector<std::string> subs;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, sub->Step());
    if (!row) break;
    subs.push_back(sub->Text(0));
  }
  FS_ASSIGN_OR_RETURN(Stmt * count,
                      db_->Cached("SELECT (SELECT count(*) FROM jobs WHERE folder=?1), "
                                  "(SELECT count(*) FROM jobs WHERE folder=?1 OR "
                                  "(folder>=?2 AND folder<?3))"));
  for (const std::string& p : subs) {
    count->Reset();
    count->Bind(1, p).Bind(2, Below(p)).Bind(3, BelowEnd(p));
    FS_ASSIGN_OR_RETURN(bool row, count->Step());
    out.folders.push_back(FolderEntry{p, row ? count->Int(0) : 0, row ? count->Int(1) : 0});
  }
  FS_ASSIGN_OR_RETURN(
      Stmt * jobs,
      db_->Cached("SELECT j.id, j.name, j.folder, COALESCE(c.name, ''), '', j.strategy, "
                  "j.once_path, j.fail_closed, j.checkpoint_dir, j.savepoint_dir, j.retain_count, "
                  "j.retain_age_ms, j.created_ms, j.updated_ms, j.savepoint_retain_count, "
                  "j.savepoint_retain_age_ms, j.state, j.desired, j.version FROM jobs j LEFT JOIN "
                  "clusters c "
                  "ON j.cluster_id=c.id WHERE j.folder=? ORDER BY j.name"));
  jobs->Bind(1, folder);
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, jobs->Step());
    if (!row) break;
    out.jobs.push_back(ReadJob(*jobs));
  }
  return out;
}

Result<std::vector<FolderEntry>> Catalog::Tree(std::string_view path) {
  FS_ASSIGN_OR_RETURN(std::string folder, NormalizeFolder(path));
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("SELECT path FROM folders WHERE path=?1 OR "
                                            "(path>=?2 AND path<?3) ORDER BY path"));
  s->Bind(1, folder).Bind(2, Below(folder)).Bind(3, BelowEnd(folder));
  std::vector<std::string> paths;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    paths.push_back(s->Text(0));
  }
  if (paths.empty()) return Status(Code::kNotFound, StrCat("no folder ", Quote(folder)));
  FS_ASSIGN_OR_RETURN(Stmt * counts,
                      db_->Cached("SELECT folder, count(*) FROM jobs WHERE folder=?1 OR "
                                  "(folder>=?2 AND folder<?3) GROUP BY folder"));
  counts->Bind(1, folder).Bind(2, Below(folder)).Bind(3, BelowEnd(folder));
  std::map<std::string, int64_t> direct;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, counts->Step());
    if (!row) break;
    direct[counts->Text(0)] = counts->Int(1);
  }
  std::vector<FolderEntry> out;
  for (const std::string& p : paths) {
    FolderEntry e{p, direct.count(p) ? direct[p] : 0, 0};
    const std::string b = Below(p);
    for (const auto& [f, n] : direct) {
      if (f == p || f.compare(0, b.size(), b) == 0) e.all_jobs += n;
    }
    out.push_back(std::move(e));
  }
  return out;
}

Status Catalog::MoveFolder(std::string_view from, std::string_view to) {
  FS_ASSIGN_OR_RETURN(std::string src, NormalizeFolder(from));
  FS_ASSIGN_OR_RETURN(std::string dst, NormalizeFolder(to));
  if (src == "/") return Status(Code::kInvalidArgument, "the root folder cannot move");
  if (dst == src || StartsWith(dst, Below(src))) {
    return Status(Code::kInvalidArgument,
                  StrCat("cannot move ", Quote(src), " into itself (", Quote(dst), ")"));
  }
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Stmt * exists, db_->Cached("SELECT 1 FROM folders WHERE path=?"));
  exists->Bind(1, src);
  FS_ASSIGN_OR_RETURN(bool found, exists->Step());
  if (!found) return Status(Code::kNotFound, StrCat("no folder ", Quote(src)));
  exists->Reset();
  exists->Bind(1, dst);
  FS_ASSIGN_OR_RETURN(bool taken, exists->Step());
  if (taken) return Status(Code::kAlreadyExists, StrCat("folder ", Quote(dst), " already exists"));
  // The parents of the destination, then the folder and everything below, renamed.
  std::string parent = dst.substr(0, dst.find_last_of('/'));
  if (!parent.empty()) FS_RETURN_IF_ERROR(EnsureFolderLocked(parent));
  FS_ASSIGN_OR_RETURN(Stmt * list, db_->Cached("SELECT path FROM folders WHERE path=?1 OR "
                                               "(path>=?2 AND path<?3) ORDER BY path"));
  list->Bind(1, src).Bind(2, Below(src)).Bind(3, BelowEnd(src));
  std::vector<std::string> paths;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, list->Step());
    if (!row) break;
    paths.push_back(list->Text(0));
  }
  FS_ASSIGN_OR_RETURN(Stmt * ins, db_->Cached("INSERT INTO folders(path) VALUES(?)"));
  FS_ASSIGN_OR_RETURN(Stmt * jobs,
                      db_->Cached("UPDATE jobs SET folder=?, updated_ms=? WHERE folder=?"));
  FS_ASSIGN_OR_RETURN(Stmt * del, db_->Cached("DELETE FROM folders WHERE path=?"));
  for (const std::string& p : paths) {
    std::string moved = dst + p.substr(src.size());
    ins->Reset();
    ins->Bind(1, moved);
    FS_RETURN_IF_ERROR(ins->Run());
    jobs->Reset();
    jobs->Bind(1, moved).Bind(2, Now()).Bind(3, p);
    FS_RETURN_IF_ERROR(jobs->Run());
  }
  for (auto it = paths.rbegin(); it != paths.rend(); ++it) {
    del->Reset();
    del->Bind(1, *it);
    FS_RETURN_IF_ERROR(del->Run());
  }
  FS_RETURN_IF_ERROR(EventLocked({}, {}, "", "folder.move", "ok", StrCat(src, " -> ", dst)));
  return tx.Commit();
}

Status Catalog::RemoveFolder(std::string_view path) {
  FS_ASSIGN_OR_RETURN(std::string folder, NormalizeFolder(path));
  if (folder == "/") return Status(Code::kInvalidArgument, "the root folder cannot be removed");
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(
      Stmt * n, db_->Cached("SELECT (SELECT count(*) FROM jobs WHERE folder=?1 OR (folder>=?2 "
                            "AND folder<?3)), (SELECT count(*) FROM folders WHERE path>=?2 AND "
                            "path<?3)"));
  n->Bind(1, folder).Bind(2, Below(folder)).Bind(3, BelowEnd(folder));
  FS_ASSIGN_OR_RETURN(bool row, n->Step());
  if (row && (n->Int(0) > 0 || n->Int(1) > 0)) {
    return Status(Code::kIllegalState, StrCat("folder ", Quote(folder), " is not empty (",
                                              n->Int(0), " jobs, ", n->Int(1), " subfolders)"));
  }
  FS_ASSIGN_OR_RETURN(Stmt * del, db_->Cached("DELETE FROM folders WHERE path=?"));
  del->Bind(1, folder);
  FS_RETURN_IF_ERROR(del->Run());
  if (db_->Changes() == 0) return Status(Code::kNotFound, StrCat("no folder ", Quote(folder)));
  FS_RETURN_IF_ERROR(EventLocked({}, {}, "", "folder.remove", "ok", folder));
  return tx.Commit();
}

}  // namespace flowstate::core::catalog
