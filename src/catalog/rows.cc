#include "catalog/rows.h"

#include "common/strings.h"

namespace flowstate::core::catalog {

int64_t PathHash(std::string_view s) { return static_cast<int64_t>(Fnv1a64(s)); }

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string KindWord(storage::SnapshotKind k) {
  return k == storage::SnapshotKind::kSavepoint ? "savepoint" : "checkpoint";
}

const char* const kJobColumns =
    "j.id, j.name, j.folder, COALESCE(c.name, ''), j.script, j.strategy, j.once_path, "
    "j.fail_closed, j.checkpoint_dir, j.savepoint_dir, j.retain_count, j.retain_age_ms, "
    "j.created_ms, j.updated_ms, j.savepoint_retain_count, j.savepoint_retain_age_ms, j.state, "
    "j.desired, j.version";

Job ReadJob(const Stmt& s) {
  Job j;
  j.id = s.Int(0);
  j.name = s.Text(1);
  j.folder = s.Text(2);
  j.cluster = s.Text(3);
  j.script = s.Text(4);
  j.strategy = static_cast<RestoreStrategy>(s.Int(5));
  j.once_path = s.OptText(6);
  j.fail_closed = s.Int(7) != 0;
  j.checkpoint_dir = s.Text(8);
  j.savepoint_dir = s.Text(9);
  j.retain_count = s.OptInt(10);
  j.retain_age_ms = s.OptInt(11);
  j.created_ms = s.Int(12);
  j.updated_ms = s.Int(13);
  j.savepoint_retain_count = s.OptInt(14);
  j.savepoint_retain_age_ms = s.OptInt(15);
  j.state = static_cast<JobState>(s.Int(16));
  j.desired = static_cast<DesiredState>(s.Int(17));
  j.version = s.Int(18);
  return j;
}

const char* const kSnapshotColumnsSchema2 =
    "id, job_id, run_id, kind, checkpoint_id, path, trigger_ms, completion_ms, size, "
    "format_version, savepoint_format, origin, state, claimed_by_run, keep";
const char* const kSnapshotColumns =
    "id, job_id, run_id, kind, checkpoint_id, path, trigger_ms, completion_ms, size, "
    "format_version, savepoint_format, origin, state, claimed_by_run, keep, trigger_id";

SnapshotRecord ReadSnapshot(const Stmt& s) {
  SnapshotRecord r;
  r.id = s.Int(0);
  r.job_id = s.Int(1);
  r.run_id = s.OptInt(2);
  r.kind = static_cast<storage::SnapshotKind>(s.Int(3));
  r.checkpoint_id = s.OptInt(4);
  r.path = s.Text(5);
  r.trigger_ms = s.OptInt(6);
  r.completion_ms = s.OptInt(7);
  r.size = s.OptInt(8);
  r.format_version = s.OptInt(9);
  r.savepoint_format = s.OptText(10).value_or("");
  r.origin = static_cast<Origin>(s.Int(11));
  r.state = static_cast<SnapshotState>(s.Int(12));
  r.claimed_by_run = s.OptInt(13);
  r.keep = s.Int(14) != 0;
  if (s.ColumnCount() > 15) r.trigger_id = s.Text(15);  // schema 3
  return r;
}

const char* const kRunColumns =
    "id, job_id, flink_job_id, cluster, started_ms, ended_ms, final_status, restored_from, "
    "claim_mode, restored_snapshot";

Run ReadRun(const Stmt& s) { return ReadRunAt(s, 0); }

Run ReadRunAt(const Stmt& s, int first) {
  Run r;
  r.id = s.Int(first);
  r.job_id = s.Int(first + 1);
  r.flink_job_id = s.Text(first + 2);
  r.cluster = s.Text(first + 3);
  r.started_ms = s.Int(first + 4);
  r.ended_ms = s.OptInt(first + 5);
  r.final_status = s.Text(first + 6);
  r.restored_from = s.Text(first + 7);
  if (auto m = s.OptInt(first + 8)) r.claim_mode = static_cast<ClaimMode>(*m);
  r.restored_snapshot = s.OptInt(first + 9);
  return r;
}

std::string SafeName(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    out += ok ? c : '_';
  }
  return out.empty() ? std::string("_") : out;
}

std::string JobSecretPrefix(int64_t job_id) { return StrCat("job.", job_id, "."); }

std::vector<SecretRefAt> SecretRefs(std::string_view text) {
  std::vector<SecretRefAt> out;
  char quote = 0;
  bool line_comment = false, block_comment = false;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (quote == 0 && !line_comment && !block_comment) {
      if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') line_comment = true;
      if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') block_comment = true;
    } else if (line_comment && c == '\n') {
      line_comment = false;
    } else if (block_comment && c == '*' && i + 1 < text.size() && text[i + 1] == '/') {
      block_comment = false;
    }
    if (!line_comment && !block_comment && text.compare(i, kSecretRef.size(), kSecretRef) == 0) {
      const size_t end = text.find('}', i);
      if (end != std::string_view::npos) {
        out.push_back(SecretRefAt{
            std::string(text.substr(i + kSecretRef.size(), end - i - kSecretRef.size())), i,
            end + 1, quote});
        i = end + 1;
        continue;
      }
    }
    if (!line_comment && !block_comment) {
      if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        if (i + 1 < text.size() && text[i + 1] == quote) {
          ++i;  // a doubled quote stands for itself
        } else {
          quote = 0;
        }
      }
    }
    ++i;
  }
  return out;
}

bool IsSchema1SecretName(std::string_view name, std::string_view job_name) {
  const std::string prefix = StrCat(SafeName(job_name), ".");
  if (!StartsWith(name, prefix)) return false;
  // <statement>.<key>[-n] follows: at least one more '.', and only the characters SafeName keeps.
  std::string_view rest = name.substr(prefix.size());
  if (rest.find('.') == std::string_view::npos) return false;
  return SafeName(rest) == rest;
}

std::string Below(std::string_view folder) {
  return folder == "/" ? std::string("/") : StrCat(folder, "/");
}

std::string BelowEnd(std::string_view folder) {
  return folder == "/" ? std::string("0") : StrCat(folder, "0");  // '0' follows '/'
}

}  // namespace flowstate::core::catalog
