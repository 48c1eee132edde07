// Scripts and their secret values: values move to the host's secret store under names of the
// job's own (job.<id>.<statement>.<key>), references resolve back, and names of schema 1
// (made from the job's name, so shared by jobs of one name) move to the job's names when
// the script is saved again.
#include <algorithm>
#include <map>
#include <set>

#include "catalog/catalog.h"
#include "catalog/rows.h"
#include "catalog/sqlite.h"
#include "common/log.h"
#include "common/redact.h"
#include "common/strings.h"
#include "common/text_check.h"
#include "common/text_position.h"
#include "sql/script.h"

namespace flowstate::core::catalog {

namespace {

// One change to the text being saved: [begin, end) becomes ${secret:name}.
struct Edit {
  size_t begin = 0, end = 0;
  std::string name;
  // A value that moves to the store (key and statement known) ...
  std::string key, value, context;
  // ... or a reference to a name the job does not own yet (copied or moved to `name`).
  std::string from;
  bool move = false;  // schema 1's name, owned by this job: removed from the store after
};

// "job.7." of a flowstate name of another job, or "" when `name` is not one.
std::string_view OtherJobPrefix(std::string_view name, int64_t self) {
  if (!StartsWith(name, "job.")) return {};
  size_t dot = name.find('.', 4);
  if (dot == std::string_view::npos || !IsDigits(name.substr(4, dot - 4))) return {};
  std::string_view prefix = name.substr(0, dot + 1);
  return prefix == JobSecretPrefix(self) ? std::string_view() : prefix;
}

}  // namespace

Result<SaveReport> Catalog::SaveScript(std::string_view ref, std::string_view text,
                                       SecretStore* secrets) {
  FS_RETURN_IF_ERROR(CheckText(text, "the script"));
  sql::ParseOptions po;
  po.substitute_variables = sql::VariableMode::kOff;
  po.source_name = "script";
  sql::Script script = sql::Script::ParseView(text, po);
  std::vector<Edit> edits;
  auto consider = [&](std::string_view key, std::string_view value, size_t b, size_t e,
                      std::string context) {
    if (!IsSecretKey(key) || value.empty()) return;
    if (StartsWith(value, kSecretRef)) return;  // already a reference
    Edit x;
    x.begin = b;
    x.end = e;
    x.key = std::string(key);
    x.value = std::string(value);
    x.context = std::move(context);
    edits.push_back(std::move(x));
  };
  for (size_t i = 0; i < script.size(); ++i) {
    const sql::Statement& st = script[i];
    std::string context = std::string(script.Name(i));
    if (context.empty()) context = StrCat("statement", i + 1);
    if (st.kind == sql::StatementKind::kSet) {
      sql::SetStatement set = script.ReadSet(i, nullptr);
      if (!set.valid || !set.has_key) continue;
      size_t b = set.value_begin, e = set.value_end;
      if (e > b + 1 && (text[b] == '\'' || text[b] == '"') && text[e - 1] == text[b]) ++b, --e;
      consider(set.key, set.value, b, e, "set");
    } else if (st.kind == sql::StatementKind::kVariable) {
      std::string_view value = sql::VariableValue(text, st);
      std::string_view stmt = text.substr(st.begin, st.end - st.begin);
      std::string_view name = StripAsciiWhitespace(stmt.substr(0, stmt.find(":=")));
      size_t b = static_cast<size_t>(value.data() - text.data());
      consider(name, value, b, b + value.size(), "variable");
    } else if (sql::KindHasWithOptions(st.kind)) {
      sql::OptionList list = script.ReadWithOptions(i, nullptr);
      for (const sql::Option& o : list.options) {
        size_t b = o.value_begin, e = o.value_end;
        if (e > b + 1 && text[b] == '\'' && text[e - 1] == '\'') ++b, --e;
        consider(o.key, o.value, b, e, context);
      }
    }
  }
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  const std::vector<SecretRefAt> refs = SecretRefs(text);

  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  const std::string own = JobSecretPrefix(job.id);
  struct Legacy {
    bool owner = false;  // the store holds this job's value
    std::string suffix;  // <statement>.<key>[-n]
  };
  std::map<std::string, Legacy> legacy;  // schema 1's names the job's script refers to
  {
    FS_ASSIGN_OR_RETURN(
        Stmt * q, db_->Cached("SELECT name, owner, suffix FROM legacy_secrets WHERE job_id=?"));
    q->Bind(1, job.id);
    for (;;) {
      FS_ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      legacy[q->Text(0)] = Legacy{q->Int(1) != 0, q->Text(2)};
    }
  }
  LineIndex index(text);
  auto at = [&index](size_t offset) {
    TextPosition p = index.PositionAt(offset);
    return StrCat(p.line, ":", p.column);
  };
  if (!edits.empty() && secrets == nullptr) {
    std::string where;
    for (const Edit& e : edits)
      StrAppend(&where, where.empty() ? "" : ", ", at(e.begin), " (", e.key, ")");
    return Status(Code::kInvalidArgument,
                  StrCat("the script holds secret values at ", where,
                         "; give a secret store to keep them out of the catalog"));
  }
  // References to names the job does not own: schema 1's names move, another job's names
  // are copied (a script taken from another job keeps working when that job goes). Without
  // a store they stay as they are, and keep resolving.
  std::set<std::string> used;
  for (const SecretRefAt& r : refs) {
    if (StartsWith(r.name, own)) used.insert(r.name);
  }
  std::vector<Edit> renames;
  if (secrets != nullptr) {
    for (const SecretRefAt& r : refs) {
      auto inside = std::find_if(edits.begin(), edits.end(), [&r](const Edit& e) {
        return r.begin >= e.begin && r.begin < e.end;
      });
      if (inside != edits.end()) continue;  // part of a value that moves whole
      std::string suffix;
      bool move = false;
      if (auto it = legacy.find(r.name); it != legacy.end()) {
        if (!it->second.owner) {
          return Status(
              Code::kIllegalState,
              StrCat("the script refers to ${secret:", r.name, "} at ", at(r.begin),
                     ", a name shared by jobs of one name before secret names were per job; "
                     "another job's value overwrote this job's: write the value in the script "
                     "again instead of the reference"));
        }
        suffix = it->second.suffix;
        move = true;
      } else if (std::string_view other = OtherJobPrefix(r.name, job.id); !other.empty()) {
        suffix = r.name.substr(other.size());
      } else {
        continue;  // the job's own, or a name the host manages
      }
      Edit x;
      x.begin = r.begin;
      x.end = r.end;
      x.from = r.name;
      x.move = move;
      x.context = suffix;
      renames.push_back(std::move(x));
    }
  }
  auto unique = [&used](std::string name) {
    const std::string base = name;
    for (int n = 2; used.count(name) > 0; ++n) name = StrCat(base, "-", n);
    used.insert(name);
    return name;
  };
  SaveReport report;
  for (Edit& e : edits) {
    e.name = unique(StrCat(own, SafeName(e.context), ".", SafeName(e.key)));
    FS_RETURN_IF_ERROR(secrets->Put(e.name, e.value));
    TextPosition p = index.PositionAt(e.begin);
    report.moved.push_back(MovedSecret{e.name, e.key, p.line, p.column});
  }
  for (Edit& e : renames) {
    e.name = unique(StrCat(own, e.context));
    Result<std::string> value = secrets->Get(e.from);
    if (!value.ok()) {
      return Status(value.status().code(),
                    StrCat("secret ", Quote(e.from), " the script refers to at ", at(e.begin), ": ",
                           value.status().message()));
    }
    FS_RETURN_IF_ERROR(secrets->Put(e.name, *value));
  }
  edits.insert(edits.end(), renames.begin(), renames.end());
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  std::string out;
  size_t from = 0;
  for (const Edit& e : edits) {
    StrAppend(&out, text.substr(from, e.begin - from), kSecretRef, e.name, "}");
    from = e.end;
  }
  StrAppend(&out, text.substr(from));

  // What the old script referred to and the new one does not: the job's own values, and
  // schema 1's names it owned, leave the store once the new script is stored.
  std::set<std::string> now_used;
  for (const SecretRefAt& r : SecretRefs(out)) now_used.insert(r.name);
  std::vector<std::string> stale;
  for (const SecretRefAt& r : SecretRefs(job.script)) {
    if (now_used.count(r.name) > 0 || std::count(stale.begin(), stale.end(), r.name) > 0) continue;
    auto it = legacy.find(r.name);
    if (StartsWith(r.name, own) || (it != legacy.end() && it->second.owner))
      stale.push_back(r.name);
  }
  for (const Edit& e : renames) {
    if (e.move && std::count(stale.begin(), stale.end(), e.from) == 0) stale.push_back(e.from);
  }

  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("UPDATE jobs SET script=?, updated_ms=? WHERE id=?"));
  s->Bind(1, out).Bind(2, Now()).Bind(3, job.id);
  FS_RETURN_IF_ERROR(s->Run());
  // Schema 1's names the new script no longer refers to are done with.
  FS_ASSIGN_OR_RETURN(Stmt * forget,
                      db_->Cached("DELETE FROM legacy_secrets WHERE job_id=? AND name=?"));
  for (const auto& [name, unused] : legacy) {
    if (now_used.count(name) > 0) continue;
    forget->Reset();
    forget->Bind(1, job.id).Bind(2, name);
    FS_RETURN_IF_ERROR(forget->Run());
  }
  std::string moved;
  for (const MovedSecret& m : report.moved) StrAppend(&moved, moved.empty() ? "" : ", ", m.name);
  FS_RETURN_IF_ERROR(
      EventLocked(job.id, {}, job.Path(), "script.save", "ok",
                  StrCat(text.size(), " bytes, ", report.moved.size(),
                         report.moved.size() == 1 ? " secret value moved to the secret store"
                                                  : " secret values moved to the secret store",
                         moved.empty() ? "" : ": " + moved)));
  for (const Edit& e : renames) {
    FS_RETURN_IF_ERROR(EventLocked(job.id, {}, job.Path(), e.move ? "secret.move" : "secret.copy",
                                   "ok",
                                   StrCat("${secret:", e.from, "} -> ${secret:", e.name, "}")));
  }
  FS_RETURN_IF_ERROR(tx.Commit());
  if (!stale.empty()) RemoveSecretsLocked(job, stale, secrets);
  report.stored = std::move(out);
  return report;
}

SecretCleanup Catalog::RemoveSecretsLocked(const Job& job, const std::vector<std::string>& names,
                                           SecretStore* secrets) {
  SecretCleanup out;
  for (const std::string& name : names) {
    Status st = secrets != nullptr ? secrets->Remove(name)
                                   : Status(Code::kUnsupported, "no secret store was given");
    if (st.ok() || st.Is(Code::kNotFound)) {
      out.removed.push_back(name);
    } else {
      out.left.emplace_back(name, st.message());
    }
  }
  if (out.left.empty()) return out;
  std::string left;
  for (const auto& [name, why] : out.left)
    StrAppend(&left, left.empty() ? "" : "; ", name, ": ", why);
  Log(LogLevel::kWarn, "catalog", "secret values of ", job.Path(),
      " left in the secret store: ", left);
  // The audit log says what the host still holds; a failure to write it is logged only (the
  // change itself is committed).
  Result<Transaction> tx = Transaction::Begin(db_.get());
  Status st = tx.status();
  if (st.ok())
    st = EventLocked(job.id, {}, job.Path(), "secret.remove", "failed",
                     StrCat(out.left.size(), " left in the store: ", left));
  if (st.ok()) st = tx->Commit();
  if (!st.ok()) Log(LogLevel::kWarn, "catalog", "audit log: ", st.message());
  return out;
}

Result<std::string> Catalog::ResolveScript(std::string_view ref, SecretStore& secrets) {
  std::string stored, path;
  std::vector<SecretRefAt> refs;
  {
    Lock lock(this);
    FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
    stored = std::move(job.script);
    path = job.Path();
    Status text = CheckText(stored, StrCat("the stored script of ", path));
    if (!text.ok()) {
      return Status(Code::kCorrupt, StrCat(text.message(),
                                           " (stored by an older flowstate, which "
                                           "took any bytes): save the script again as text"));
    }
    refs = SecretRefs(stored);
    // A name of schema 1 whose value another job overwrote would resolve to that job's.
    FS_ASSIGN_OR_RETURN(
        Stmt * q,
        db_->Cached("SELECT l.name, (SELECT j.folder || '/' || j.name FROM legacy_secrets o "
                    "JOIN jobs j ON j.id=o.job_id WHERE o.name=l.name AND o.owner=1) "
                    "FROM legacy_secrets l WHERE l.job_id=? AND l.owner=0"));
    q->Bind(1, job.id);
    std::map<std::string, std::string> overwritten;
    for (;;) {
      FS_ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      std::string by = q->OptText(1).value_or("");
      if (StartsWith(by, "//")) by = by.substr(1);
      overwritten[q->Text(0)] = by;
    }
    for (const SecretRefAt& r : refs) {
      auto it = overwritten.find(r.name);
      if (it == overwritten.end()) continue;
      TextPosition p = PositionAt(stored, r.begin);
      return Status(
          Code::kIllegalState,
          StrCat("job ", path, ": ${secret:", r.name, "} at ", p.line, ":", p.column,
                 " holds the value of ", it->second.empty() ? "another job" : "job " + it->second,
                 " (jobs of one name shared secret names before they were per job): save this "
                 "job's script again with its value"));
    }
  }
  // Each reference is replaced by its value, escaped for where it stands: inside '...' a
  // quote doubles, inside "..." too, elsewhere it goes as it is.
  std::string out;
  size_t from = 0;
  for (const SecretRefAt& r : refs) {
    Result<std::string> value = secrets.Get(r.name);
    if (!value.ok()) {
      return Status(value.status().code() == Code::kOk ? Code::kNotFound : value.status().code(),
                    StrCat("secret ", Quote(r.name), " of the script: ", value.status().message()));
    }
    out.append(stored, from, r.begin - from);
    for (char v : *value) {
      if (r.quote != 0 && v == r.quote) out += v;
      out += v;
    }
    from = r.end;
  }
  out.append(stored, from, std::string::npos);
  return out;
}

}  // namespace flowstate::core::catalog
