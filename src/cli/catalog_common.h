// What the catalog commands share: where the catalog file is, opening it (read-only for
// commands that only read), the secrets file the program keeps beside it, and clusters
// described in the settings.
#ifndef FLOWSTATE_SRC_CLI_CATALOG_COMMON_H_
#define FLOWSTATE_SRC_CLI_CATALOG_COMMON_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/command.h"
#include "cli/record_json.h"
#include "cli/storage_options.h"
#include "flowstate/flowstate.hpp"
#include "rapidjson/document.h"

namespace flowstate::cli {

struct CatalogArgs {
  std::string path;
};

void AddCatalogOption(CLI::App* cmd, CatalogArgs& a);

// --catalog FILE, else `path` in the settings' [catalog] section, else
// $XDG_DATA_HOME/flowstate/catalog.db.
Result<std::string> CatalogPath(Context& ctx, const CatalogArgs& a);

// For a command that changes the catalog: created (and upgraded) as needed. For one that
// only reads (`write` false): opened read-only, never created, upgraded or written, so that
// a user who may only read can run it.
Result<Catalog> OpenCatalog(Context& ctx, const CatalogArgs& a, bool write);

// Name -> value, kept as JSON in one file written atomically with mode 0600 (beside the
// catalog, or [catalog] secrets = FILE), as a host application would hand them to its vault.
class FileSecrets {
 public:
  static Result<FileSecrets> Open(Context& ctx, const CatalogArgs& a);
  // A store over this object: it must outlive the store.
  SecretStore Store();
  const std::string& path() const { return path_; }

 private:
  Status Load();
  Status Save() const;

  std::string path_;
  std::map<std::string, std::string> values_;
};

// A run as JSON: id, flink_job_id, cluster, started_ms, ended_ms (null while open),
// final_status, restored_from, restored_snapshot, claim_mode (null when not restored).

// The cluster `name` as the settings describe it, written to the catalog.
Status SyncCluster(Context& ctx, Catalog& cat, const std::string& name);

// How the lifecycle reaches a catalog cluster: the settings' [cluster "NAME"] endpoint keys
// (token, TLS) over the address the catalog records.
ClusterResolver SettingsResolver(Context& ctx);

// A lifecycle command's handles: storage from its options, and the lifecycle over the catalog
// and that storage, its clusters reached through SettingsResolver; `secrets` (may be null)
// resolves the scripts' references.
struct OpenedLifecycle {
  Storage storage;
  Lifecycle life;
};
Result<OpenedLifecycle> OpenLifecycle(Context& ctx, Catalog& cat, const StorageArgs& storage,
                                      const SecretStore* secrets = nullptr);

// Records as the jobs, snapshots and restore commands print them.
rapidjson::Value OptInt(int64_t v);  // null for a negative value (none)
rapidjson::Value JobJson(const JobInfo& j, rapidjson::Document::AllocatorType& al,
                         bool with_script);
rapidjson::Value RecordsJson(const std::vector<SnapshotRecord>& rs,
                             rapidjson::Document::AllocatorType& al);
void PrintRecords(std::ostream& out, const std::vector<SnapshotRecord>& rs, bool notes = false);
Result<RestoreStrategy> ParseStrategy(const std::string& s);
// "/warehouse/cdc/emp" -> {"/warehouse/cdc", "emp"}
Result<std::pair<std::string, std::string>> SplitJobPath(const std::string& path);

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_CATALOG_COMMON_H_
