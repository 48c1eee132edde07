// Clients of Flink's REST APIs: the JobManager (RestClient, port 8081) and the SQL Gateway
// (SqlGatewayClient, port 8083, Flink 1.16 and later), over libcurl and RapidJSON.
//
// Version dialects: the cluster's Flink version (given, or read from GET /config on first
// need) decides what is sent. Fields a version does not know are never sent (Flink
// 1.14-1.19 answer 400 to them); asking for something the version cannot do (a NATIVE
// savepoint on 1.14, flinkConfiguration before 1.17, a claim mode before 1.15) is
// UNSUPPORTED before anything is sent.
//
// Errors: an HTTP error status becomes a typed error (404 NOT_FOUND, 409 CONFLICT, 400
// INVALID_ARGUMENT, 401/403 PERMISSION_DENIED, 408/504 TIMEOUT, 502/503 UNAVAILABLE, other
// 5xx REMOTE) whose message is the server's first meaningful line, never a stack trace; the
// whole text of the last error on this thread is LastErrorDetail(). Malformed answers are
// REMOTE naming the JSON path; transport failures are UNAVAILABLE or TIMEOUT.
//
// Thread-safety: both clients may be used from several threads at once.
#ifndef FLOWSTATE_SRC_FLINK_CLIENT_H_
#define FLOWSTATE_SRC_FLINK_CLIENT_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/cancel.h"
#include "common/flink_version.h"
#include "common/status.h"
#include "flink/types.h"
#include "http/http.h"

namespace flowstate::core::flink {

// A JobManager's or SQL Gateway's endpoint (the defaults of Endpoint: connect in 5 s, 30 s
// per request, answers up to 32 MiB, 2 retries of idempotent requests from 50 ms).
struct ClientOptions : Endpoint {
  std::optional<FlinkVersion> version;  // known already: no detection
};

// The whole text of the last Flink error answer on this thread (stack traces included).
const std::string& LastErrorDetail();

// The typed error of an answer with HTTP `status` and `body` to `what` ("GET /jobs/x").
Status ErrorFromAnswer(int status, std::string_view body, std::string_view what);

struct SavepointRequest {
  std::string target_directory;  // "" = the cluster's savepoint directory
  std::string format;            // "", "CANONICAL" or "NATIVE" (1.15+)
  std::string trigger_id;        // "" = a new one; the same id again never triggers twice (1.15+)
  bool cancel_job = false;
  // Flink 1.14 chooses the trigger id itself: a trigger_id given for it is UNSUPPORTED
  // (nothing sent) unless the caller accepts the id the server chooses (returned at once).
  bool accept_server_trigger_id = false;
};

struct StopRequest {
  std::string target_directory;
  std::string format;
  std::string trigger_id;
  bool drain = false;
  bool accept_server_trigger_id = false;  // as in SavepointRequest
};

struct RunRequest {
  std::string entry_class;
  std::vector<std::string> args;
  int64_t parallelism = -1;
  std::string job_id;          // fixes the job id (and so its checkpoint directory)
  std::string savepoint_path;  // restore from
  bool allow_non_restored_state = false;
  std::string claim_mode;  // "", CLAIM, NO_CLAIM, LEGACY (restoreMode before 1.20)
  std::map<std::string, std::string> flink_configuration;  // 1.17+
};

class RestClient {
 public:
  explicit RestClient(ClientOptions options, std::shared_ptr<HttpClient> http = nullptr);

  const ClientOptions& options() const { return options_; }
  // The cluster's Flink version: the one given, else GET /config (once).
  Result<FlinkVersion> Version();

  Result<ClusterOverview> Overview();
  Result<ClusterConfig> Config();
  Result<std::vector<JobOverview>> JobsOverview();
  Result<JobDetails> Job(std::string_view job_id);
  // GET /jobs/{id}/status (1.16+), the job details' state before.
  Result<std::string> JobStatus(std::string_view job_id);
  Result<JobExceptions> Exceptions(std::string_view job_id);
  Result<CheckpointStats> Checkpoints(std::string_view job_id);
  Result<CheckpointEntry> CheckpointDetails(std::string_view job_id, int64_t checkpoint_id);
  Result<CheckpointConfig> CheckpointConfiguration(std::string_view job_id);
  Result<JobConfigInfo> JobConfiguration(std::string_view job_id);  // GET /jobs/{id}/config
  // GET /jobmanager/config: the cluster's configuration, as it reports it.
  Result<std::vector<std::pair<std::string, std::string>>> ClusterConfiguration();

  // Trigger id of the operation; poll with SavepointState or wait with WaitForSavepoint.
  Result<std::string> TriggerSavepoint(std::string_view job_id, const SavepointRequest& r);
  Result<std::string> StopWithSavepoint(std::string_view job_id, const StopRequest& r);
  Result<SavepointStatus> SavepointState(std::string_view job_id, std::string_view trigger_id);
  // Polls until the savepoint is done: its location, or REMOTE with Flink's reason; TIMEOUT
  // at the context's deadline, CANCELLED when cancelled; progress ("savepoint", polls, 0).
  Result<std::string> WaitForSavepoint(std::string_view job_id, std::string_view trigger_id,
                                       const OperationContext& ctx, int64_t poll_ms = 200);
  Status Cancel(std::string_view job_id);

  // The jar id.
  Result<std::string> UploadJar(std::string_view file_name, std::string_view bytes);
  // The job id.
  Result<std::string> RunJar(std::string_view jar_id, const RunRequest& r);
  Result<std::vector<std::string>> JarIds();  // GET /jars: the uploaded jars' ids
  Status DeleteJar(std::string_view jar_id);

  // The request body RunJar / TriggerSavepoint / StopWithSavepoint send to `version` (tests).
  static Result<std::string> RunBody(const RunRequest& r, FlinkVersion version);
  static Result<std::string> SavepointBody(const SavepointRequest& r, FlinkVersion version);
  static Result<std::string> StopBody(const StopRequest& r, FlinkVersion version);

  // GET path -> body of a 2xx answer (typed error otherwise).
  Result<std::string> Get(std::string_view path);
  HttpRequest MakeRequest(std::string_view method, std::string_view path,
                          std::string body = {}) const;
  HttpClient& http() { return *http_; }

 private:
  Result<std::string> Call(std::string_view method, std::string_view path, std::string body,
                           bool idempotent);

  ClientOptions options_;
  std::shared_ptr<HttpClient> http_;
  std::mutex mu_;
  std::optional<FlinkVersion> version_;
};

// Job statuses of many clusters at once (GET /jobs/overview each, concurrently): one result
// per client, in order.
std::vector<Result<std::vector<JobOverview>>> JobsOverviewOfMany(
    const std::vector<RestClient*>& clients, size_t max_parallel = 64);
// Checkpoint statistics of many jobs of one cluster at once.
std::vector<Result<CheckpointStats>> CheckpointsOfMany(RestClient& client,
                                                       const std::vector<std::string>& job_ids,
                                                       size_t max_parallel = 64);
// Checkpoint statistics of jobs of several clusters at once: (client, job id) each, one
// result per pair, in order. Every request goes through the first client's HttpClient, so
// the clients share one (connections reused across clusters and calls).
std::vector<Result<CheckpointStats>> CheckpointsOfMany(
    const std::vector<std::pair<RestClient*, std::string>>& jobs, size_t max_parallel = 64);

// What a statement gave: its columns and rows, and the job it submitted.
struct StatementResult {
  std::string operation_handle;
  std::string status;  // FINISHED, ERROR, CANCELED, ...
  std::string job_id;
  std::vector<ResultColumn> columns;
  std::vector<ResultRow> rows;
};

class SqlGatewayClient {
 public:
  explicit SqlGatewayClient(ClientOptions options, std::shared_ptr<HttpClient> http = nullptr);

  // The newest API version the gateway offers (GET /api_versions, once): 1 to 4.
  Result<int> ApiVersion();
  Result<std::string> Info();  // the gateway's Flink version

  Result<std::string> OpenSession(std::string_view name,
                                  const std::map<std::string, std::string>& properties);
  Result<std::map<std::string, std::string>> SessionConfig(std::string_view session);
  Status Heartbeat(std::string_view session);
  Status CloseSession(std::string_view session);

  Result<std::string> Execute(std::string_view session, std::string_view statement,
                              const std::map<std::string, std::string>& execution_config = {},
                              int64_t execution_timeout_ms = -1);
  Result<std::string> OperationStatus(std::string_view session, std::string_view operation);
  Status CancelOperation(std::string_view session, std::string_view operation);
  Status CloseOperation(std::string_view session, std::string_view operation);
  Result<ResultPage> Fetch(std::string_view session, std::string_view operation, int64_t token);

  // Executes, waits for the operation to end and fetches every page.
  Result<StatementResult> Run(std::string_view session, std::string_view statement,
                              const OperationContext& ctx,
                              const std::map<std::string, std::string>& execution_config = {},
                              int64_t execution_timeout_ms = -1);
  // STOP JOB '<id>' WITH SAVEPOINT [WITH DRAIN]: the savepoint's path. Without a savepoint
  // Flink cancels the job; this client says so by asking for with_savepoint explicitly.
  Result<std::string> StopJob(std::string_view session, std::string_view job_id,
                              bool with_savepoint, bool drain, const OperationContext& ctx);

 private:
  Result<std::string> Call(std::string_view method, std::string_view path, std::string body);
  Result<std::string> Versioned(std::string_view path);

  ClientOptions options_;
  std::shared_ptr<HttpClient> http_;
  std::mutex mu_;
  std::optional<int> api_;
};

}  // namespace flowstate::core::flink

#endif  // FLOWSTATE_SRC_FLINK_CLIENT_H_
