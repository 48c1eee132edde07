// The lifecycle's actions against a cluster, each preceded by a committed operation record
// (intent before effect) and each step written in one catalog transaction with the state
// change it brings: adopt a running job, trigger a savepoint, stop (pause, stop, smart,
// normal), cancel; and recovery of the operations whose owner is gone.
//
// Every remote side effect follows the commit of its intent; every snapshot counts only once
// its _metadata is verified on storage; a job is acted on by one owner at a time (the
// catalog's operation log: BUSY; its row version: CONFLICT). Kill points on both sides of
// every commit and every HTTP exchange let tests kill the host anywhere (KillPoints()).
//
// Thread-safety: one Lifecycle may run actions on different jobs from several threads.
#ifndef FLOWSTATE_SRC_JOB_ENGINE_H_
#define FLOWSTATE_SRC_JOB_ENGINE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "common/cancel.h"
#include "common/status.h"
#include "flink/client.h"
#include "job/lifecycle.h"
#include "job/observe.h"
#include "storage/layout.h"
#include "storage/storage.h"

namespace flowstate::core::job {

// ---- kill points ------------------------------------------------------------------------

// Every point an action passes, in the order of the actions' steps: "<action>.<step>.before"
// and ".after" around each commit and each HTTP exchange.
const std::vector<std::string>& KillPoints();
// Called at every point crossed (tests kill the process there); nullptr: none.
using KillHook = void (*)(const char* point);
void SetKillHook(KillHook hook);

// ---- owners -----------------------------------------------------------------------------

// This process as an operation's owner: "host:pid:start" (start: the process's start time
// in clock ticks since boot, so that a reused pid is not taken for the owner).
const std::string& ThisOwner();
enum class OwnerState { kAlive, kGone, kUnknown };
// On this host, by pid and start time; another host's owner is kUnknown.
OwnerState CheckOwner(std::string_view owner);

// ---- clusters ---------------------------------------------------------------------------

// How the lifecycle reaches a catalog cluster: its endpoint options (credentials and TLS
// come from the host, never from the catalog).
class ClusterResolver {
 public:
  virtual ~ClusterResolver() = default;
  virtual Result<flink::ClientOptions> Resolve(const catalog::Cluster& cluster) = 0;
};

// The catalog's URL with the defaults of ClientOptions (no credentials).
class PlainClusterResolver : public ClusterResolver {
 public:
  Result<flink::ClientOptions> Resolve(const catalog::Cluster& cluster) override;
};

// ---- actions ----------------------------------------------------------------------------

struct LifecycleOptions {
  std::string owner;  // "" = ThisOwner()
  // Where the scripts' ${secret:NAME} values are (borrowed, outlives the Lifecycle): read at
  // the last moment before a submission, never recorded. nullptr: a script with a reference
  // is refused before anything is sent.
  catalog::SecretStore* secrets = nullptr;
  int64_t poll_ms = 100;                                           // between status polls
  storage::VerifyLevel verify = storage::VerifyLevel::kStructure;  // how snapshots are checked
};

struct SavepointOptions {
  std::string target_directory;  // "" = the job's or cluster's savepoint directory
  std::string format;            // "", CANONICAL or NATIVE (1.15+)
};

struct StopOptions {
  StopMode mode = StopMode::kSmart;
  bool drain = false;            // pause and smart: stop with --drain
  bool allow_fallback = true;    // smart: cancel and keep the newest checkpoint on failure
  bool force = false;            // cancel even when Flink deletes checkpoints on cancellation
  std::string target_directory;  // as SavepointOptions
};

// How a start reaches the cluster: auto is the SQL Gateway when the cluster names one and no
// runner, else the runner (FLOWSTATE_SUBMIT_*).
enum class SubmitPath : int { FLOWSTATE_ENUM_VALUES_SUBMIT_PATH(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(SubmitPath) { return enum_type::submit_path; }

struct StartOptions {
  SubmitPath path = SubmitPath::kAuto;
  // A snapshot to start from this once (the job's ONCE path, consumed only when the start is
  // confirmed; the standing strategy stays); "" = the restore decision.
  std::string from;
  bool allow_non_restored_state = false;
  int64_t parallelism = -1;  // -1: the job's configuration decides
  // The uids of the job's stateful operators, as the host declares them: a run whose Flink job
  // id was never recorded is found on storage by them (by default, by the operators of the
  // job's newest readable recorded snapshot).
  std::vector<std::string> operator_uids;
};

struct Transition {
  State from = State::kNew, to = State::kNew;
  std::string cause;
};

struct ActionReport {
  catalog::Operation operation;
  std::vector<Transition> transitions;
  std::vector<catalog::SnapshotRecord> snapshots;  // recorded by the action, newest first
  std::vector<std::string> reasons;                // what happened, for people
  int commits = 0;                                 // catalog transactions the action wrote
};

struct RecoverReport {
  std::vector<ActionReport> resolved;  // one per operation resolved
  std::vector<std::string> skipped;    // operations left alone, with why
};

class Lifecycle {
 public:
  // Borrowed: the catalog, storage (may be nullptr: actions that record snapshots then fail
  // closed) and the resolver outlive the Lifecycle.
  Lifecycle(catalog::Catalog* catalog, storage::Storage* storage, ClusterResolver* clusters,
            LifecycleOptions options = {});
  ~Lifecycle();
  Lifecycle(Lifecycle&&) noexcept;
  Lifecycle& operator=(Lifecycle&&) noexcept;

  // Brings in a job the cluster already runs (a host that drove Flink itself): a run made
  // from what the JobManager reports. ILLEGAL_STATE when the job id is not running there.
  Result<ActionReport> Adopt(std::string_view ref, std::string_view flink_job_id,
                             const OperationContext& ctx);
  // Starts a new run of an idle job: the restore decision (fail closed as the job says), the
  // job-level configuration for the cluster's version, then a jar run of the cluster's runner
  // with a Flink job id chosen and recorded first (reused on every retry of this attempt,
  // never by another), after checking the cluster has no job with it. Waits until the run is
  // RUNNING and, when it restores, until Flink reports the snapshot it restored: only then is
  // a ONCE path consumed (a failed attempt leaves it pending).
  Result<ActionReport> Start(std::string_view ref, const StartOptions& options,
                             const OperationContext& ctx);
  // Starts again a job whose run was lost (LOST: a 404 from a reachable JobManager, or a
  // destroyed cluster acknowledged) or has ended: as Start, with the restore decision looking
  // for state on storage across all of the job's runs; a lost run is ended LOST with the intent.
  Result<ActionReport> Resume(std::string_view ref, const StartOptions& options,
                              const OperationContext& ctx);
  // Stops the running job as `stop` says, waits until the run has ended, then starts it by
  // the restore decision: never a start before the old run has ended. The report is both
  // actions' (their operations are two: the STOP, then the SUBMIT it reports).
  Result<ActionReport> Restart(std::string_view ref, const StopOptions& stop,
                               const StartOptions& start, const OperationContext& ctx);
  // A savepoint of the running job, recorded once verified on storage.
  Result<ActionReport> Savepoint(std::string_view ref, const SavepointOptions& options,
                                 const OperationContext& ctx);
  // Stops the running job in one of the seed's four ways (see src/job/README.md).
  Result<ActionReport> Stop(std::string_view ref, const StopOptions& options,
                            const OperationContext& ctx);
  // Cancels the job's run (STARTING, RUNNING, UNREACHABLE); retained checkpoints recorded.
  Result<ActionReport> Cancel(std::string_view ref, const OperationContext& ctx);
  // Moves the job to another catalog cluster: legal while no run the old cluster may still
  // hold is open (idle, or LOST); the state stays, the move is audited. Nothing is sent.
  Result<ActionReport> Move(std::string_view ref, std::string_view cluster,
                            const OperationContext& ctx);
  // A user declares the job's cluster destroyed: UNREACHABLE becomes LOST (audited, with
  // `why`), after which resume may start the job elsewhere. Nothing is sent.
  Result<ActionReport> AcknowledgeLost(std::string_view ref, std::string_view why,
                                       const OperationContext& ctx);
  // Resolves every unfinished operation whose owner is gone, by probing (the trigger id, the
  // job's status, the checkpoint statistics, then storage), never by sending it again.
  Result<RecoverReport> Recover(const OperationContext& ctx);

  // One observation round over the catalog's watched jobs (src/job/observe.h): every cluster's
  // jobs overview at once, checkpoint statistics for a bounded number of jobs, each job's
  // Flink status mapped by the lifecycle's table, everything written in one transaction.
  // Rounds of one Lifecycle run one at a time and keep their connections between rounds.
  Result<ObserveReport> Observe(const ObserveOptions& options, const OperationContext& ctx);
  // Rounds every `interval` until ctx is cancelled or its deadline comes (OK), or on_round
  // returns false (OK). Each round's result (a failed round's error included) goes to
  // on_round; each round has at most the interval, and no less than 5 s, to finish.
  using RoundFn = std::function<bool(const Result<ObserveReport>&)>;
  Status Watch(const ObserveOptions& options, std::chrono::milliseconds interval,
               const RoundFn& on_round, const OperationContext& ctx);

 private:
  Result<ActionReport> StartAs(std::string_view ref, const StartOptions& options,
                               const OperationContext& ctx, Action action);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace flowstate::core::job

#endif  // FLOWSTATE_SRC_JOB_ENGINE_H_
