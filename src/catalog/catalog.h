// The checkpoint catalog: clusters, jobs in folders, runs, checkpoints and savepoints, and the
// audit log, in one SQLite file; with restore strategies and the restore decision.
//
// Durability: WAL journal, a busy timeout, every multi-row change in one transaction (the
// change and its audit event commit together), prepared statements only. Safe for several
// threads (one connection, serialised) and several processes on one file (SQLite's locks).
//
// Secrets: scripts are stored with secret values replaced by ${secret:NAME} references; the
// host keeps the values (SecretStore) and resolves them when it needs the real text. Names
// are job.<id>.<statement>.<key>: unique per job for its whole life (a move or rename keeps
// them), removed from the store with the job.
//
// Paths: every checkpoint and savepoint path entering the catalog (records, ONCE paths, what
// a run restored from) is stored in one canonical form, storage::CanonicalLocation.
//
// Schema: PRAGMA user_version, forward-only migrations (schema.cc). Read-only opens never
// create, migrate or write.
//
// Thread-safety: every method may be called from any thread.
#ifndef FLOWSTATE_SRC_CATALOG_CATALOG_H_
#define FLOWSTATE_SRC_CATALOG_CATALOG_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/cancel.h"
#include "common/enums.h"
#include "common/flink_version.h"
#include "common/status.h"
#include "common/strings.h"
#include "config/effective.h"
#include "storage/layout.h"
#include "storage/storage.h"

namespace flowstate::core::catalog {

class Db;

// Values are part of the C ABI: append only.
enum class Origin : int { FLOWSTATE_ENUM_VALUES_ORIGIN(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(Origin) { return enum_type::origin; }
enum class SnapshotState : int { FLOWSTATE_ENUM_VALUES_SNAPSHOT_STATE(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(SnapshotState) { return enum_type::snapshot_state; }
enum class RestoreStrategy : int { FLOWSTATE_ENUM_VALUES_RESTORE_STRATEGY(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(RestoreStrategy) { return enum_type::restore_strategy; }
enum class ClaimMode : int { FLOWSTATE_ENUM_VALUES_CLAIM_MODE(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(ClaimMode) { return enum_type::claim_mode; }
// The lifecycle's vocabulary (src/job/lifecycle.h decides the transitions; the catalog stores
// them with their audit events).
enum class JobState : int { FLOWSTATE_ENUM_VALUES_JOB_STATE(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(JobState) { return enum_type::job_state; }
enum class DesiredState : int { FLOWSTATE_ENUM_VALUES_DESIRED_STATE(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(DesiredState) { return enum_type::desired_state; }
enum class OperationKind : int { FLOWSTATE_ENUM_VALUES_OPERATION_KIND(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(OperationKind) { return enum_type::operation_kind; }
enum class OperationPhase : int { FLOWSTATE_ENUM_VALUES_OPERATION_PHASE(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(OperationPhase) { return enum_type::operation_phase; }

const char* OriginName(Origin o);                    // "TRIGGERED", ...
const char* SnapshotStateName(SnapshotState s);      // "PENDING", ...
const char* RestoreStrategyName(RestoreStrategy s);  // "LATEST_STATE", ...
const char* ClaimModeName(ClaimMode m);              // "NO_CLAIM", "CLAIM", "LEGACY"
std::optional<Origin> ParseOrigin(std::string_view s);
std::optional<RestoreStrategy> ParseRestoreStrategy(std::string_view s);
std::optional<ClaimMode> ParseClaimMode(std::string_view s);

struct Cluster {
  int64_t id = 0;
  std::string name;
  std::string rest_url, sql_gateway_url;
  std::string flink_version;  // "1.20"; "" = unknown
  std::string checkpoint_dir, savepoint_dir;
  std::string storage;  // which storage settings reach its directories (a name)
  // Where jobs run: a session cluster they are submitted to (kUnknown is taken as one), or a
  // cluster created for a job.
  config::Deployment deployment = config::Deployment::kUnknown;
  // The runner: the jar (a file on the host) that runs a SQL script inside the cluster, its
  // entry class ("" = the jar's manifest) and its argument template ("" = the default; see
  // src/job/README.md). A jar run of it is the submission path for every Flink version and
  // for scripts with Dinky's extensions.
  std::string runner_jar, runner_entry_class, runner_args;
  // Kept by the lifecycle: the jar id of the last upload ("" = none) and the fingerprint of
  // the bytes it uploaded. Output only (PutCluster keeps them while runner_jar is unchanged).
  std::string runner_upload, runner_fingerprint;
};

struct Job {
  int64_t id = 0;
  std::string name;
  std::string folder = "/";  // "/warehouse/cdc"
  std::string cluster;       // cluster name, "" = none
  std::string script;        // with ${secret:NAME} references, never secret values
  // The lifecycle's: where the job stands, what the user last asked, and the row's version
  // (each change of state adds one; a writer that read an older version gets CONFLICT).
  JobState state = JobState::kNew;
  DesiredState desired = DesiredState::kNone;
  int64_t version = 0;
  RestoreStrategy strategy = RestoreStrategy::kLatestState;
  std::optional<std::string> once_path;       // ONCE(path): used by the next start only
  bool fail_closed = true;                    // refuse to start empty when the strategy needs state
  std::string checkpoint_dir, savepoint_dir;  // "" = the cluster's
  // Retention of checkpoints (PERIODIC, RETAINED_CHECKPOINT, DISCOVERED_ON_STORAGE) ...
  std::optional<int64_t> retain_count;   // keep the newest N
  std::optional<int64_t> retain_age_ms;  // older than this may go
  // ... and, separately, of savepoints (of any origin).
  std::optional<int64_t> savepoint_retain_count;
  std::optional<int64_t> savepoint_retain_age_ms;
  int64_t created_ms = 0, updated_ms = 0;

  std::string Path() const;  // "/warehouse/cdc/emp"
};

struct Run {
  int64_t id = 0;
  int64_t job_id = 0;
  std::string flink_job_id;  // 32 hex, "" until known
  std::string cluster;
  int64_t started_ms = 0;
  std::optional<int64_t> ended_ms;
  std::string final_status;
  std::string restored_from;  // "" = started empty
  std::optional<ClaimMode> claim_mode;
  std::optional<int64_t> restored_snapshot;
};

struct SnapshotRecord {
  int64_t id = 0;
  int64_t job_id = 0;
  std::optional<int64_t> run_id;
  storage::SnapshotKind kind = storage::SnapshotKind::kCheckpoint;
  std::optional<int64_t> checkpoint_id;
  std::string path;
  std::optional<int64_t> trigger_ms, completion_ms, size;
  std::optional<int64_t> format_version;
  std::string savepoint_format;  // "CANONICAL", "NATIVE" or ""
  Origin origin = Origin::kPeriodic;
  SnapshotState state = SnapshotState::kCompleted;
  std::optional<int64_t> claimed_by_run;  // restored in CLAIM mode: Flink owns it now
  bool keep = false;                      // never deleted by retention (a LEGACY restore source)
  std::string trigger_id;                 // a savepoint's: Flink's id of the trigger request, or ""
};

struct Event {
  int64_t id = 0;
  int64_t at_ms = 0;
  std::optional<int64_t> job_id, run_id;
  std::string job;  // the job's path when the event was written
  std::string action, actor, outcome, detail;
  // A change of the job's lifecycle state: from and to, why, and the operation it belongs to.
  std::optional<JobState> from_state, to_state;
  std::string cause;
  std::optional<int64_t> operation_id;
};

// One entry of the operation log: every remote effect of the lifecycle is preceded by its
// committed intent, so that a host killed at any instant leaves an operation that recovery
// resolves by asking the cluster and storage, never by sending it blindly again.
struct Operation {
  int64_t id = 0;
  int64_t job_id = 0;
  std::optional<int64_t> run_id;
  OperationKind kind = OperationKind::kSubmit;
  OperationPhase phase = OperationPhase::kIntent;
  // Client-chosen idempotency key: the Flink job id of a submit, the trigger id of a
  // savepoint or stop (32 lower-case hex), or "" when the version chooses its own.
  std::string key;
  std::string params;     // JSON; secrets only as ${secret:NAME} references
  bool exclusive = true;  // at most one exclusive operation in flight per job
  int64_t started_ms = 0, updated_ms = 0;
  std::optional<int64_t> deadline_ms, ended_ms;
  std::string owner;  // the process driving it ("host:pid:start"), for recovery
  int64_t attempts = 0;
  std::string result;  // a savepoint's location, the job id the cluster answered, ...
  std::string error;   // why it failed or was abandoned

  bool finished() const { return phase >= OperationPhase::kDone; }
};

// A change of a job's lifecycle state, written with its audit event in the transaction of
// whatever else the step records. The catalog checks only that the job is still where the
// caller saw it (state and version); src/job/ decides whether the step is legal.
struct StateChange {
  int64_t expected_version = 0;
  JobState from = JobState::kNew, to = JobState::kNew;
  std::optional<DesiredState> desired;  // nullopt: unchanged
  std::string action;                   // the audit event's action ("job.stop", "job.observe")
  std::string cause;                    // why: "user", "observed RUNNING", "recovery", ...
  std::optional<int64_t> run_id;
  std::string detail;
  // Moves the job to this catalog cluster with the change (NOT_FOUND for an unknown one).
  std::optional<std::string> cluster;
};

// What one step of an operation records besides the operation, in its transaction: the
// job's change of state, the run it opens (adopt, submit: linked to the operation) or ends,
// and the snapshots it recorded (a path the job has recorded already is left as it is).
struct StepEffects {
  std::optional<StateChange> change;
  std::optional<Run> start_run;
  std::optional<std::string> end_run;  // the open run's final status (FINISHED, CANCELED, ...)
  std::vector<SnapshotRecord> snapshots;
  // Taking over an operation (recovery): CONFLICT unless its owner is still this one.
  std::optional<std::string> expected_owner;
  // The run started leaves a pending ONCE path pending (the lifecycle consumes it only once
  // the start is confirmed) ...
  bool keep_once = false;
  // ... which this does: the ONCE path is cleared (audited) if it is still this one.
  std::optional<std::string> consume_once;
  // A user acknowledged the job's loss: a loss presumed from silence alone is confirmed.
  bool confirm_loss = false;
};

// What observation rounds keep of a watched job besides its state (schema 6).
struct Watch {
  std::string flink_status;                     // the last status a JobManager reported for its run
  std::optional<int64_t> observed_ms;           // when one last answered for it
  std::optional<int64_t> unreachable_since_ms;  // the current outage's first failed probe
  int64_t failed_probes = 0;                    // failed probes in the current outage
  bool presumed_lost = false;         // LOST by silence alone: a resume needs acknowledging
  std::optional<int64_t> stats_ms;    // its checkpoint statistics last fetched
  std::optional<int64_t> changed_ms;  // the last change a round saw in them or its status
  // The newest snapshot id of run `captured_run` taken from its statistics: the next round
  // looks only at newer ones.
  std::optional<int64_t> captured_run, captured_id;
};

// A job an observation round looks at: its head and cluster, its open run, what rounds kept
// of it, and the lifecycle's operation in flight for it (if any).
struct Watched {
  int64_t job_id = 0;
  std::string path;
  JobState state = JobState::kNew;
  int64_t version = 0;
  std::string cluster;
  std::optional<Run> run;
  Watch watch;
  std::optional<Operation> in_flight;
};

// What one round learned of one job, written with the others' in one transaction, only if
// the job is still at `expected_version` (else it is left out: someone acted on it since).
struct Observation {
  int64_t job_id = 0;
  int64_t expected_version = 0;
  std::optional<StateChange> change;      // cause and detail say what was seen
  std::optional<std::string> end_run;     // the open run's final status
  std::vector<SnapshotRecord> snapshots;  // added; a path the job has recorded is left as it is
  std::vector<std::string> disposed;      // the job's records of these paths become DISPOSED
  std::optional<Watch> watch;             // written as given
};

struct RoundWrite {
  std::vector<SnapshotRecord> recorded;                  // added now
  int64_t disposed = 0;                                  // records that became DISPOSED
  std::vector<std::pair<int64_t, std::string>> skipped;  // job id, why
};

struct StepResult {
  Operation operation;
  std::optional<Run> run;                // the run opened
  std::vector<SnapshotRecord> recorded;  // the snapshots added now
  int64_t job_version = 0;               // the job's row version after the step
};

struct FolderEntry {
  std::string path;
  int64_t jobs = 0;      // directly in it
  int64_t all_jobs = 0;  // in it and below
};

struct FolderListing {
  std::string path;
  std::vector<FolderEntry> folders;  // direct subfolders, by name
  std::vector<Job> jobs;             // direct jobs, by name (scripts left out)
};

struct JobQuery {
  std::string name_contains;      // case-sensitive substring
  std::optional<JobState> state;  // the lifecycle's; nullopt = any
  std::string cluster;
  std::string folder;  // this folder and below; "" = everywhere
  int64_t limit = 1000;
};

// Where the host keeps secret values.
class SecretStore {
 public:
  virtual ~SecretStore() = default;
  virtual Status Put(std::string_view name, std::string_view value) = 0;
  virtual Result<std::string> Get(std::string_view name) = 0;
  // Forgets `name` (NOT_FOUND for an unknown name counts as done). A store that cannot
  // remove returns UNSUPPORTED: the values of removed jobs then stay in it, and the catalog
  // says which (RemoveJob's result, the audit log).
  virtual Status Remove(std::string_view name) {
    return Status(Code::kUnsupported, StrCat("the secret store cannot remove ", name));
  }
};

struct MovedSecret {
  std::string name;              // ${secret:NAME}
  std::string key;               // the option or variable it was the value of
  int64_t line = 0, column = 0;  // where the value was
};

struct SaveReport {
  std::vector<MovedSecret> moved;
  std::string stored;  // the script as stored
};

struct RestoreOptions {
  std::optional<FlinkVersion> flink_version;  // default: the job's cluster's
  bool verify = true;  // check candidates on storage (false: the catalog's view only)
  storage::VerifyLevel level = storage::VerifyLevel::kFiles;
  bool discover = true;  // also look for newer checkpoints on storage
  // The uids of the job's stateful operators, as the host declares them: with a run whose
  // Flink job id was never recorded, its directories are found by them (by default, by the
  // operators of the job's newest readable recorded snapshot).
  std::vector<std::string> operator_uids;
  std::optional<bool> fail_closed;  // default: the job's setting
  size_t max_candidates = 8;
  OperationContext context;
};

struct RestoreCandidate {
  std::string path;
  std::string source;  // "catalog" or "storage"
  std::optional<int64_t> snapshot_id;
  storage::SnapshotKind kind = storage::SnapshotKind::kCheckpoint;
  int64_t completion_ms = 0;
  bool restorable = false;
  std::string verdict;  // COMPLETE, CORRUPT, ..., or "not checked"
  std::string reason;
};

struct RestoreDecision {
  std::optional<std::string> path;  // none: start empty
  std::optional<int64_t> snapshot_id;
  std::string strategy;  // "LATEST_STATE", "ONCE", "NONE"
  bool once = false;     // the ONCE path (consumed by the next start)
  std::vector<std::string> reasons;
  std::vector<RestoreCandidate> candidates;  // in the order considered
};

struct ReconcileReport {
  std::vector<SnapshotRecord> added;    // on storage, now recorded (DISCOVERED_ON_STORAGE)
  std::vector<SnapshotRecord> missing;  // recorded, gone from storage (now MISSING)
  // Recorded checkpoints gone from a directory that holds a newer complete checkpoint and no
  // older one: subsumed, deleted by Flink's retention (now DISPOSED).
  std::vector<SnapshotRecord> disposed;
  int64_t unchanged = 0;
  std::vector<std::string> problems;
};

// What removing a job did to its secret values.
struct SecretCleanup {
  std::vector<std::string> removed;                       // names removed from the store
  std::vector<std::pair<std::string, std::string>> left;  // names still in it, and why
};

struct PruneOptions {
  bool dry_run = false;
  std::optional<int64_t> now_ms;
};

struct PruneReport {
  std::vector<SnapshotRecord> deleted;                       // files deleted, records DISPOSED
  std::vector<std::pair<SnapshotRecord, std::string>> kept;  // eligible by age or count, kept: why
  std::vector<std::pair<SnapshotRecord, std::string>> failed;
};

class Catalog {
 public:
  struct Options {
    bool create = true;
    bool read_only = false;
    int busy_timeout_ms = 5000;
    std::string actor;               // recorded in events ("" = the OS user)
    std::function<int64_t()> clock;  // milliseconds since the epoch (tests)
  };
  // Opens (and creates) the catalog; refuses a file written by a newer flowstate
  // (UNSUPPORTED_VERSION), a foreign SQLite file and a damaged one (CORRUPT). The path
  // ":memory:" opens a private catalog that lives as long as this object (no file, nothing
  // durable: benchmarks and throwaway uses).
  static Result<std::unique_ptr<Catalog>> Open(const std::string& path, const Options& options);
  ~Catalog();

  static constexpr int kSchemaVersion = 6;
  int schema_version() const { return kSchemaVersion; }
  const std::string& path() const { return path_; }

  // ---- clusters ----
  Result<Cluster> PutCluster(const Cluster& c);  // by name: added or updated
  Result<Cluster> GetCluster(std::string_view name);
  Result<std::vector<Cluster>> ListClusters();
  Status RemoveCluster(std::string_view name);  // refused while jobs use it
  // The lifecycle uploaded the cluster's runner: the jar id the cluster gave it and the
  // fingerprint of the bytes (audited). NOT_FOUND for an unknown cluster.
  Status SetRunnerUpload(std::string_view cluster, std::string_view jar_id,
                         std::string_view fingerprint);

  // ---- folders ----
  Status CreateFolder(std::string_view path);  // parents too
  Result<FolderListing> ListFolder(std::string_view path);
  Result<std::vector<FolderEntry>> Tree(std::string_view path);   // every folder below, with counts
  Status MoveFolder(std::string_view from, std::string_view to);  // jobs and subfolders follow
  Status RemoveFolder(std::string_view path);                     // empty folders only

  // ---- jobs (a job is named by its id or its path "/folder/name") ----
  Result<Job> AddJob(const Job& job);
  Result<Job> GetJob(std::string_view ref);
  Result<std::vector<Job>> FindJobs(const JobQuery& q);
  Result<Job> MoveJob(std::string_view ref, std::string_view folder,
                      std::string_view new_name = {});
  // With its runs and snapshot records (the files stay), then its secret values from
  // `secrets` (nullptr: none are removed). The job goes first: a failure or a crash leaves a
  // value behind in the store, never a job whose values are gone.
  Result<SecretCleanup> RemoveJob(std::string_view ref, SecretStore* secrets = nullptr);
  Result<Job> UpdateJob(const Job& job);  // every field but id, script and timestamps
  // The same for the job `ref` names (path or id), read and written in one transaction.
  Result<Job> UpdateJob(std::string_view ref, const Job& job);
  Status SetStrategy(std::string_view ref, RestoreStrategy s);
  // ONCE(path): an absolute location (INVALID_ARGUMENT otherwise), stored canonical.
  Status SetOnce(std::string_view ref, std::string_view path);
  // Drops a pending ONCE path (audited); returns it, nullopt when none was pending.
  Result<std::optional<std::string>> ClearOnce(std::string_view ref);

  // Stores `text` with every secret value replaced by a reference (each value goes to
  // `secrets`); refuses to store a secret in the clear (no store: INVALID_ARGUMENT), and
  // text that is not UTF-8 or holds a NUL byte (INVALID_ARGUMENT with its position).
  // References under names of an older catalog are moved to the job's own names (audited);
  // values the new script no longer refers to are removed from the store when it can.
  Result<SaveReport> SaveScript(std::string_view ref, std::string_view text, SecretStore* secrets);
  // The stored script with its references resolved through `secrets`. ILLEGAL_STATE for a
  // reference whose value another job overwrote (before names were per job).
  Result<std::string> ResolveScript(std::string_view ref, SecretStore& secrets);

  // ---- runs ----
  // Records a start; consumes the job's ONCE path (audited). A run restored from a recorded
  // snapshot (restored_from in any spelling) is linked to it. ILLEGAL_STATE, naming the
  // open run, when another run of the job is open: one open run per job.
  Result<Run> StartRun(std::string_view ref, const Run& run);
  // Ends the job's open run with `final_status` and starts `run`, in one transaction.
  // `open_run`: the run the caller believes open (ILLEGAL_STATE when another is); nullopt:
  // whichever is open, or none.
  Result<Run> RestartRun(std::string_view ref, std::optional<int64_t> open_run,
                         std::string_view final_status, const Run& run);
  Status SetRunJobId(int64_t run_id, std::string_view flink_job_id);
  Status EndRun(int64_t run_id, std::string_view final_status,
                std::optional<int64_t> ended_ms = {});
  Result<std::vector<Run>> ListRuns(std::string_view ref);

  // ---- snapshots ----
  // job_id must be set; the path is stored canonical (ALREADY_EXISTS for a location the job
  // has recorded, in whatever spelling).
  Result<SnapshotRecord> AddSnapshot(const SnapshotRecord& s);
  // For the job `ref` names (path or id; s.job_id is ignored), in one transaction.
  Result<SnapshotRecord> AddSnapshot(std::string_view ref, const SnapshotRecord& s);
  // Registers a snapshot a user names (record.path, origin, trigger id, ...), checked on
  // `storage` first (options.scan says how deep): a record never points at nothing. Its kind,
  // checkpoint id, completion time, size, format version and savepoint format come from
  // storage. One that is not restorable is ILLEGAL_STATE saying why, unless options.force,
  // which records it as FAILED. Without storage nothing is checked and the kind follows the
  // directory's name (savepoint-...).
  struct RegisterOptions {
    bool force = false;
    storage::ScanOptions scan;
  };
  Result<SnapshotRecord> RegisterSnapshot(std::string_view ref, SnapshotRecord record,
                                          storage::Storage* storage,
                                          const RegisterOptions& options);
  // Many at once, one transaction (ALREADY_EXISTS for a path the job has recorded).
  Status AddSnapshots(const std::vector<SnapshotRecord>& batch);
  Status SetSnapshotState(int64_t id, SnapshotState state);
  Result<SnapshotRecord> GetSnapshot(int64_t id);
  // The job's record of `path`, in any spelling.
  Result<SnapshotRecord> FindSnapshot(std::string_view ref, std::string_view path);
  // Removes a record. With `files`, the snapshot's files are deleted through it first and
  // the record only once they are gone; a snapshot that a run may still use (a checkpoint
  // of an open run, one restored in CLAIM or LEGACY mode) is refused (ILLEGAL_STATE, why).
  Status RemoveSnapshot(int64_t id, storage::Storage* files = nullptr);
  // Newest completion first; `states` empty = all.
  Result<std::vector<SnapshotRecord>> ListSnapshots(std::string_view ref,
                                                    const std::vector<SnapshotState>& states = {},
                                                    int64_t limit = -1);

  Result<std::vector<Event>> ListEvents(std::string_view ref, int64_t limit = 100);

  // ---- the lifecycle's state and operation log ----
  // Changes the job's state (CONFLICT, naming both, when the job is no longer at
  // change.from and change.expected_version: someone else acted first); the job's new row
  // version.
  Result<int64_t> ChangeState(std::string_view ref, const StateChange& change);
  // Records an operation's intent, with the state change it starts (if any), in one
  // transaction. BUSY naming the operation in flight when an exclusive one is, CONFLICT as
  // ChangeState. The returned operation has its id.
  Result<Operation> BeginOperation(std::string_view ref, const Operation& op,
                                   const std::optional<StateChange>& change = std::nullopt);
  // Writes the operation's new phase, result, error, attempts, run and owner (the key and
  // params stay), with the state change it brings (if any), in one transaction. A finished
  // operation cannot change again (ILLEGAL_STATE).
  Result<Operation> UpdateOperation(const Operation& op,
                                    const std::optional<StateChange>& change = std::nullopt);
  // One step of an operation with everything it records, in one transaction: op.id 0
  // begins it (as BeginOperation), else it moves on (as UpdateOperation). The run opened
  // ends the job's open run first when effects.end_run says so; otherwise an open run is
  // ILLEGAL_STATE, as for StartRun.
  Result<StepResult> RecordStep(std::string_view ref, const Operation& op,
                                const StepEffects& effects);
  Result<Operation> GetOperation(int64_t id);
  // The job's operations, newest first (`ref` empty: every job's); only unfinished ones when
  // asked (what recovery resolves).
  Result<std::vector<Operation>> ListOperations(std::string_view ref, bool unfinished_only,
                                                int64_t limit = 100);

  // ---- observation rounds ----
  // The jobs a round watches on these clusters (all when empty): every job with an open run
  // whose Flink job id is known, LOST ones included (a lost id may show up again), in id
  // order, read in one transaction.
  Result<std::vector<Watched>> WatchList(const std::vector<std::string>& clusters);
  // A round's findings, in one transaction.
  Result<RoundWrite> RecordRound(const std::vector<Observation>& observations);
  // What rounds kept of the job (all defaults for one never watched).
  Result<Watch> GetWatch(std::string_view ref);

  // ---- decisions ----
  Result<RestoreDecision> ResolveRestore(std::string_view ref, storage::Storage* storage,
                                         const RestoreOptions& options);
  Result<ReconcileReport> Reconcile(std::string_view ref, storage::Storage& storage,
                                    const storage::ScanOptions& options);
  Result<PruneReport> Prune(std::string_view ref, storage::Storage& storage,
                            const PruneOptions& options);

 private:
  Catalog() = default;
  int64_t Now() const;
  // Brings the schema from `version` to kSchemaVersion, one transaction per step.
  Status MigrateLocked(int64_t version);
  Status MigrateTo2Locked();
  Status MigrateTo4Locked();
  Status StateChangeLocked(const Job& job, const StateChange& change,
                           std::optional<int64_t> operation_id);
  Result<Operation> OperationLocked(int64_t id);
  Result<Cluster> GetClusterLocked(std::string_view name);
  Result<Operation> BeginOperationLocked(const Job& job, const Operation& op);
  Result<Operation> UpdateOperationLocked(const Operation& op);
  Status EndOpenRunLocked(const Job& job, std::string_view final_status);
  Status WriteWatchLocked(int64_t job_id, const Watch& w);
  Result<Run> StartRunLocked(const Job& job, const Run& run, bool keep_once = false);
  Status ConsumeOnceLocked(const Job& job, const std::string& path, std::optional<int64_t> run_id);
  Result<std::optional<Run>> OpenRunLocked(int64_t job_id);
  Result<SnapshotRecord> SnapshotLocked(int64_t id);  // NOT_FOUND when there is none
  // The id of the job's record of `canonical` (a path in its canonical form), if any.
  Result<std::optional<int64_t>> RecordIdLocked(int64_t job_id, const std::string& canonical);
  // What keeps a job's snapshots from deletion: its runs, open or restored from.
  struct Holds {
    struct RunInfo {
      bool open = false;
      std::string flink_job_id;
      bool own_checkpoint = false;  // completed a checkpoint of its own
    };
    std::map<int64_t, RunInfo> runs;
    std::map<std::string, int64_t> open_by_job_id;  // Flink job id -> open run
    std::optional<int64_t> open_run;                // the job's open run
    std::set<std::string> run_job_ids;              // Flink job ids of all runs
    // Snapshot id -> the run restored from it, and how.
    std::map<int64_t, std::pair<int64_t, std::optional<ClaimMode>>> restored;
  };
  Result<Holds> HoldsLocked(int64_t job_id);
  // Why `r` must stay whatever retention says (a run may still use it), or "".
  static std::string HeldBy(const SnapshotRecord& r, const Holds& holds);
  // Removes `names` from `secrets` (nullptr: none are removed) and writes to the audit log
  // what stayed behind and why.
  SecretCleanup RemoveSecretsLocked(const Job& job, const std::vector<std::string>& names,
                                    SecretStore* secrets);
  Result<Job> JobLocked(std::string_view ref);
  // The job's id, folder, name and lifecycle fields only (what a change of state needs).
  Result<Job> JobHeadLocked(std::string_view ref);
  Status EventLocked(std::optional<int64_t> job_id, std::optional<int64_t> run_id,
                     std::string_view job, std::string_view action, std::string_view outcome,
                     std::string_view detail);
  // The event of a state change.
  Status EventLocked(const Job& job, const StateChange& change,
                     std::optional<int64_t> operation_id);
  Result<std::vector<SnapshotRecord>> SnapshotsLocked(int64_t job_id,
                                                      const std::vector<SnapshotState>& states,
                                                      int64_t limit);
  Result<SnapshotRecord> InsertSnapshotLocked(const SnapshotRecord& s);
  // The Flink job ids of the job's state on storage: its runs' and the job-id directories of
  // its newest recorded checkpoints.
  Result<std::vector<std::string>> FlinkJobIdsLocked(int64_t job_id);
  Status EnsureFolderLocked(std::string_view path);

  std::mutex mu_;
  // Held by every call: the mutex, and at the end every cached statement the call stepped is
  // reset (see Db::ResetHanded), so that no read transaction outlives the call.
  class Lock {
   public:
    explicit Lock(Catalog* c) : c_(c) { c_->mu_.lock(); }
    ~Lock();
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;

   private:
    Catalog* c_;
  };
  std::unique_ptr<Db> db_;
  std::string path_;
  Options options_;
};

// Folder paths: "/", "/a/b" (no trailing slash, no empty or dot segments).
Result<std::string> NormalizeFolder(std::string_view path);

}  // namespace flowstate::core::catalog

#endif  // FLOWSTATE_SRC_CATALOG_CATALOG_H_
