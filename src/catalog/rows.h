// Shared by the catalog's source files: reading rows into records, the path hash, secret
// reference names. Internal to src/catalog.
#ifndef FLOWSTATE_SRC_CATALOG_ROWS_H_
#define FLOWSTATE_SRC_CATALOG_ROWS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/sqlite.h"
#include "storage/storage.h"

namespace flowstate::core::catalog {

// FNV-1a, 64 bits: the stable hash behind the path index (equality is always checked on
// the path itself).
int64_t PathHash(std::string_view s);

bool IsDigits(std::string_view s);

// The folder range [Below(f), BelowEnd(f)): every path strictly below folder f.
std::string Below(std::string_view folder);
std::string BelowEnd(std::string_view folder);

// "checkpoint" or "savepoint".
std::string KindWord(storage::SnapshotKind k);

// The columns each reader expects, in order (jobs joined as j with clusters as c).
extern const char* const kJobColumns;
extern const char* const kSnapshotColumns;
// The snapshot columns schema 2 has (for its migration, which runs before later ones).
extern const char* const kSnapshotColumnsSchema2;
extern const char* const kRunColumns;
Job ReadJob(const Stmt& s);
SnapshotRecord ReadSnapshot(const Stmt& s);
Run ReadRun(const Stmt& s);
Run ReadRunAt(const Stmt& s, int first);  // the run columns from column `first` on

// Deletes a snapshot's directory through `storage`; one already gone counts as deleted.
Status DeleteSnapshotFiles(storage::Storage& storage, std::string_view path);

// The Flink job id a checkpoint's path names (<dir>/<job id>/chk-N), or "".
std::string CheckpointJobId(std::string_view path);

// ---- secret references ----

inline constexpr std::string_view kSecretRef = "${secret:";

// Letters, digits, '_', '-', '.' kept; anything else becomes '_'.
std::string SafeName(std::string_view s);

// Every job's names start with this: "job.42.".
std::string JobSecretPrefix(int64_t job_id);

// The ${secret:NAME} references of `script` outside comments, in order: each name, the
// byte range of the reference, and the quote it stands in (0 outside quotes).
struct SecretRefAt {
  std::string name;
  size_t begin = 0, end = 0;
  char quote = 0;
};
std::vector<SecretRefAt> SecretRefs(std::string_view script);

// The flowstate names of a script of schema 1: <job name>.<statement>.<key>[-n], made from
// the job's name at the time it was saved.
bool IsSchema1SecretName(std::string_view name, std::string_view job_name);

}  // namespace flowstate::core::catalog

#endif  // FLOWSTATE_SRC_CATALOG_ROWS_H_
