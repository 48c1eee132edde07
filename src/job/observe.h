// Observation rounds: what the clusters say of the catalog's running jobs, written back in one
// transaction per round. The host decides when and on which thread; nothing here starts a
// thread.
#ifndef FLOWSTATE_SRC_JOB_OBSERVE_H_
#define FLOWSTATE_SRC_JOB_OBSERVE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/cancel.h"
#include "common/status.h"
#include "flink/client.h"
#include "job/lifecycle.h"
#include "storage/storage.h"

namespace flowstate::core::job {

class ClusterResolver;

struct ObserveOptions {
  std::vector<std::string> clusters;  // the clusters to observe; empty: every one a run is on
  // Checkpoint statistics cost one request per job: a round fetches them for at most this
  // many jobs, those with a change first, then those not fetched for the longest ...
  size_t stats_budget = 200;
  // ... so that every running job's are fetched at least this often (a round that cannot
  // says how many it left behind).
  int64_t stats_period_ms = 60000;
  // A job whose cluster has not answered for this long and this many rounds becomes LOST,
  // presumed: resume and move then need the loss acknowledged.
  int64_t lost_after_ms = 60000;
  int64_t lost_after_probes = 2;
  size_t max_parallel = 64;  // requests in flight
  // Reconciling with storage (what the catalog missed, what is gone): each watched job at
  // most once per this period (-1: never; 0: every round), at most reconcile_budget jobs per
  // round (those changed in the round first, then the longest unreconciled), at this level.
  int64_t reconcile_period_ms = -1;
  size_t reconcile_budget = 16;
  storage::VerifyLevel reconcile_level = storage::VerifyLevel::kStructure;
};

// One job's records compared with storage in a round: the seed's manual comparison.
struct JobGap {
  std::string job;                                // its path
  std::vector<catalog::SnapshotRecord> added;     // on storage, the catalog lacked them: recorded
  std::vector<catalog::SnapshotRecord> missing;   // recorded, gone from storage: MISSING
  std::vector<catalog::SnapshotRecord> disposed;  // subsumed, deleted by Flink: DISPOSED
  std::vector<std::string> problems;              // what could not be compared
};

// One job's change of state in a round.
struct ObservedChange {
  std::string job;  // its path
  State from = State::kNew, to = State::kNew;
  std::string flink_status;  // "" when the cluster did not answer or did not know the job
  std::string why;
};

struct ObserveReport {
  std::vector<ObservedChange> changes;
  std::vector<catalog::SnapshotRecord> captured;  // recorded by this round
  int64_t disposed = 0;                           // records Flink's deletions made DISPOSED
  std::vector<std::string> unreachable;           // "<cluster>: why", per cluster
  std::vector<std::string> skipped;               // jobs left alone, and why
  std::vector<std::string> problems;              // what the round could not do
  std::vector<JobGap> reconciled;                 // the jobs compared with storage
  int64_t jobs = 0;                               // jobs observed
  int64_t statistics = 0;                         // checkpoint statistics fetched
  int64_t behind = 0;  // running jobs whose statistics are older than the period, left over
  uint64_t requests = 0, connections = 0;  // HTTP requests sent, new connections opened
  int64_t catalog_us = 0;                  // time spent reading and writing the catalog
  int64_t storage_us = 0;                  // time spent verifying snapshots on storage
};

// Keeps its HTTP connections and clients between rounds; one round at a time.
class Observer {
 public:
  Observer(catalog::Catalog* catalog, storage::Storage* storage, ClusterResolver* clusters,
           storage::VerifyLevel verify);
  ~Observer();

  Result<ObserveReport> Round(const ObserveOptions& options, const OperationContext& ctx);

 private:
  struct Client;
  Result<flink::RestClient*> ClientFor(const catalog::Cluster& cluster);

  catalog::Catalog* cat_;
  storage::Storage* storage_;
  ClusterResolver* clusters_;
  storage::VerifyLevel verify_;
  std::shared_ptr<HttpClient> http_;
  std::map<std::string, std::unique_ptr<Client>> clients_;  // by cluster name
  std::map<int64_t, int64_t> reconciled_ms_;                // by job id: when last compared
};

}  // namespace flowstate::core::job

#endif  // FLOWSTATE_SRC_JOB_OBSERVE_H_
