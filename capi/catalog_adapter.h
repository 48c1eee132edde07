// The catalog's handles and the conversions between its C structs and the core's records,
// shared by the C ABI files of the catalog (catalog*.cc).
#ifndef FLOWSTATE_CAPI_CATALOG_ADAPTER_H_
#define FLOWSTATE_CAPI_CATALOG_ADAPTER_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi/capi.h"
#include "capi/storage_handle.h"
#include "catalog/catalog.h"
#include "common/strings.h"

struct flowstate_catalog {
  std::unique_ptr<flowstate::core::catalog::Catalog> impl;
};

struct flowstate_cluster_list {
  std::vector<flowstate::core::catalog::Cluster> rows;
};

struct flowstate_job_list {
  std::vector<flowstate::core::catalog::Job> rows;
  std::vector<std::string> paths;
  void Add(flowstate::core::catalog::Job j) {
    paths.push_back(j.Path());
    rows.push_back(std::move(j));
  }
};

struct flowstate_folder_list {
  std::vector<flowstate::core::catalog::FolderEntry> rows;
};

struct flowstate_run_list {
  std::vector<flowstate::core::catalog::Run> rows;
};

struct flowstate_record_list {
  std::vector<flowstate::core::catalog::SnapshotRecord> rows;
  std::vector<std::string> notes;
  void Add(flowstate::core::catalog::SnapshotRecord r, std::string note = {}) {
    rows.push_back(std::move(r));
    notes.push_back(std::move(note));
  }
};

struct flowstate_event_list {
  std::vector<flowstate::core::catalog::Event> rows;
};

struct flowstate_save_report {
  flowstate::core::catalog::SaveReport impl;
};

struct flowstate_secret_value {
  std::string value;
  bool set = false;
};

struct flowstate_restore_decision {
  flowstate::core::catalog::RestoreDecision impl;
  std::vector<const char*> reasons;  // views of impl.reasons
};

struct flowstate_reconcile_report {
  flowstate_record_list added, missing, disposed;
  int64_t unchanged = 0;
  std::vector<std::string> problems;
  std::vector<const char*> problem_views;  // views of problems
};

struct flowstate_prune_report {
  flowstate_record_list deleted, kept, failed;
};

namespace flowstate::capi {

namespace cat = core::catalog;
namespace st = core::storage;

core::Result<cat::RestoreStrategy> Strategy(int v);
core::Result<cat::Cluster> ClusterIn(const flowstate_cluster_info* c);
void ClusterOut(const cat::Cluster& c, flowstate_cluster_info* out);
core::Result<cat::Job> JobIn(const flowstate_job_info* j);
void JobOut(const cat::Job& j, const std::string& path, flowstate_job_info* out);
int JobResult(flowstate_job_list** out, core::Result<cat::Job> job);
core::Result<cat::Run> RunIn(const flowstate_run_info* r);
void RunOut(const cat::Run& r, flowstate_run_info* out);
core::Result<cat::SnapshotRecord> RecordIn(const flowstate_snapshot_record* r);
void RecordOut(const cat::SnapshotRecord& r, flowstate_snapshot_record* out);
// A one-record list for the caller's out-parameter (which may be NULL), or the error.
int RecordResult(flowstate_record_list** out, core::Result<cat::SnapshotRecord> record);
core::Status CheckStore(const flowstate_secret_store* s);
core::Result<cat::RestoreOptions> RestoreOptionsIn(const flowstate_restore_options* o);

// The host's callbacks as a SecretStore. Errors name the secret, never its value.
class CallbackSecretStore : public cat::SecretStore {
 public:
  explicit CallbackSecretStore(const flowstate_secret_store* s) : s_(s) {}

  core::Status Put(std::string_view name, std::string_view value) override {
    if (s_->put == nullptr) {
      return core::Status(core::Code::kUnsupported, "the secret store cannot store values");
    }
    std::string n(name);
    return FromCallback(s_->put(s_->user_data, n.c_str(), value.data(), value.size()), "store",
                        name);
  }

  core::Result<std::string> Get(std::string_view name) override {
    if (s_->get == nullptr) {
      return core::Status(core::Code::kUnsupported, "the secret store cannot hand out values");
    }
    std::string n(name);
    flowstate_secret_value v;
    FS_RETURN_IF_ERROR(FromCallback(s_->get(s_->user_data, n.c_str(), &v), "hand out", name));
    if (!v.set) {
      return core::Status(core::Code::kNotFound,
                          core::StrCat("the secret store has no value for ", core::Quote(name)));
    }
    return std::move(v.value);
  }

  core::Status Remove(std::string_view name) override {
    if (s_->version < 2 || s_->remove == nullptr) {
      return core::Status(core::Code::kUnsupported,
                          s_->version < 2 ? "the secret store (version 1) cannot remove values"
                                          : "the secret store has no remove callback");
    }
    std::string n(name);
    return FromCallback(s_->remove(s_->user_data, n.c_str()), "remove", name);
  }

 private:
  static core::Status FromCallback(int rc, std::string_view verb, std::string_view name) {
    if (rc == FLOWSTATE_OK) return core::Status();
    const core::Code code =
        rc < 0 && core::IsKnownCode(rc) ? static_cast<core::Code>(rc) : core::Code::kInternal;
    return core::Status(code, core::StrCat("the secret store did not ", verb, " ",
                                           core::Quote(name), " (", core::CodeName(rc), ")"));
  }
  const flowstate_secret_store* s_;
};

}  // namespace flowstate::capi

#endif  // FLOWSTATE_CAPI_CATALOG_ADAPTER_H_
