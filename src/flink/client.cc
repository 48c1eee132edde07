#include "flink/client.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "common/cancel.h"
#include "common/log.h"
#include "common/strings.h"
#include "flink/decode.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace flowstate::core::flink {
namespace {

thread_local std::string last_error_detail;

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Key(Writer& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}
void Str(Writer& w, std::string_view k, std::string_view v) {
  Key(w, k);
  w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}

std::string NewTriggerId() {
  static thread_local std::mt19937_64 rng(
      std::random_device{}() ^
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  static const char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (char& c : id) c = kHex[rng() & 15];
  return id;
}

bool IsHex32(std::string_view s) {
  if (s.size() != 32) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status CheckJobId(std::string_view id) {
  if (!IsHex32(id)) {
    return Status::InvalidArgument(
        StrCat("a Flink job id is 32 lower-case hex digits, not ", Quote(id)));
  }
  return Status();
}

Status CheckFormat(std::string_view format, FlinkVersion v) {
  if (format.empty() || format == "CANONICAL") return Status();
  if (format != "NATIVE") {
    return Status::InvalidArgument(
        StrCat("a savepoint format is CANONICAL or NATIVE, not ", Quote(format)));
  }
  if (v < FlinkVersion{1, 15}) {
    return Status(Code::kUnsupported, StrCat("Flink ", v.ToString(),
                                             " writes canonical savepoints only "
                                             "(formatType came with 1.15)"));
  }
  return Status();
}

std::string BaseUrl(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// A request to `path` below the client's URL, with its headers, TLS and limits.
HttpRequest BaseRequest(const ClientOptions& o, std::string_view method, std::string_view path,
                        std::string body) {
  HttpRequest r = o.Request(std::string(method), StrCat(o.url, path));
  if (!body.empty() || method == "POST" || method == "PATCH") {
    r.headers.emplace_back("Content-Type", "application/json");
  }
  r.headers.emplace_back("Accept", "application/json");
  r.body = std::move(body);
  return r;
}

}  // namespace

const std::string& LastErrorDetail() { return last_error_detail; }

namespace {

bool LooksLikeHtml(std::string_view body) {
  std::string_view b = StripAsciiWhitespace(body.substr(0, 512));
  if (b.empty() || b[0] != '<') return false;
  std::string head = AsciiLower(b.substr(0, 64));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 ||
         head.find("<head") != std::string::npos || head.find("<title") != std::string::npos ||
         head.find("<body") != std::string::npos;
}

// The page's <title>, on one line and short ("502 Bad Gateway"), or "".
std::string HtmlTitle(std::string_view body) {
  const std::string lower = AsciiLower(body.substr(0, 4096));
  const size_t open = lower.find("<title>");
  if (open == std::string::npos) return "";
  const size_t close = lower.find("</title>", open);
  if (close == std::string::npos) return "";
  std::string t;
  for (char c : body.substr(open + 7, std::min<size_t>(close - open - 7, 120))) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    t.push_back(c);
  }
  return std::string(StripAsciiWhitespace(t));
}

}  // namespace

Status ErrorFromAnswer(int status, std::string_view body, std::string_view what) {
  std::string line, full;
  std::string message;
  if (DecodeErrorBody(body, &line, &full)) {
    if (line.size() > 500) line = StrCat(line.substr(0, 500), "...");
    message = StrCat(what, ": HTTP ", status, ": ", line);
  } else if (LooksLikeHtml(body)) {
    // Not Flink's answer: a proxy or load balancer in front of it answered with a page.
    full = std::string(body.substr(0, 4096));
    std::string title = HtmlTitle(body);
    message = StrCat(what, ": HTTP ", status, " from a proxy (HTML page)",
                     title.empty() ? "" : ": ", title);
  } else {
    full = std::string(body.substr(0, 4096));
    line = full.empty() ? std::string("no error text") : MeaningfulLine(full);
    if (line.size() > 500) line = StrCat(line.substr(0, 500), "...");
    message = StrCat(what, ": HTTP ", status, ": ", line);
  }
  last_error_detail = full;
  switch (status) {
    case 400:
      return Status::InvalidArgument(message);
    case 401:
    case 403:
      return Status::PermissionDenied(message);
    case 404:
      return Status::NotFound(message);
    case 409:
      return Status(Code::kConflict, message);
    case 408:
    case 504:
      return Status::Timeout(message);
    case 502:
    case 503:
      return Status::Unavailable(message);
    default:
      return Status::Remote(message);
  }
}

// ---- RestClient -------------------------------------------------------------------------------

RestClient::RestClient(ClientOptions options, std::shared_ptr<HttpClient> http)
    : options_(std::move(options)),
      http_(http ? std::move(http) : std::make_shared<HttpClient>()),
      version_(options_.version) {
  options_.url = BaseUrl(options_.url);
}

HttpRequest RestClient::MakeRequest(std::string_view method, std::string_view path,
                                    std::string body) const {
  return BaseRequest(options_, method, path, std::move(body));
}

Result<std::string> RestClient::Call(std::string_view method, std::string_view path,
                                     std::string body, bool idempotent) {
  HttpRequest req = MakeRequest(method, path, std::move(body));
  const std::string what = StrCat(method, " ", path);
  for (int attempt = 0;; ++attempt) {
    Result<HttpResponse> r = http_->Send(req);
    if (!r.ok()) {
      if (idempotent && attempt < options_.retries && r.status().Is(Code::kUnavailable)) {
        FS_RETURN_IF_ERROR(
            SleepInContext(std::chrono::milliseconds(options_.retry_backoff_ms << attempt), what));
        continue;
      }
      return r.status();
    }
    if (r->status >= 200 && r->status < 300) return std::move(r->body);
    if (idempotent && attempt < options_.retries && (r->status == 502 || r->status == 503)) {
      FS_RETURN_IF_ERROR(
          SleepInContext(std::chrono::milliseconds(options_.retry_backoff_ms << attempt), what));
      continue;
    }
    Status error = ErrorFromAnswer(r->status, r->body, what);
    if (r->status == 404 && options_.version &&
        error.message().find(": HTTP 404: Not found: /") != std::string::npos) {
      // The router's own 404: this cluster has no such URL, which the version the client was
      // told would have.
      return Status(error.code(),
                    StrCat(error.message(), " (the cluster does not know this URL, which Flink ",
                           options_.version->ToString(),
                           " has: is the configured Flink version "
                           "right? leave it out to read it from the cluster)"));
    }
    return error;
  }
}

Result<std::string> RestClient::Get(std::string_view path) { return Call("GET", path, {}, true); }

Result<FlinkVersion> RestClient::Version() {
  {
    std::lock_guard lock(mu_);
    if (version_) return *version_;
  }
  FS_ASSIGN_OR_RETURN(ClusterConfig c, Config());
  Result<FlinkVersion> v = FlinkVersion::ParseAnyRelease(c.flink_version);
  if (!v.ok()) {
    return Status::Remote(StrCat("the cluster at ", options_.url, " reports Flink version ",
                                 Quote(c.flink_version), ", which flowstate cannot read"));
  }
  FS_RETURN_IF_ERROR(CheckKnownFlink(*v, StrCat("the cluster at ", options_.url, " runs Flink")));
  std::lock_guard lock(mu_);
  version_ = *v;
  return *v;
}

Result<ClusterOverview> RestClient::Overview() {
  FS_ASSIGN_OR_RETURN(std::string b, Get("/overview"));
  return DecodeOverview(b);
}

Result<ClusterConfig> RestClient::Config() {
  FS_ASSIGN_OR_RETURN(std::string b, Get("/config"));
  return DecodeConfig(b);
}

Result<std::vector<JobOverview>> RestClient::JobsOverview() {
  FS_ASSIGN_OR_RETURN(std::string b, Get("/jobs/overview"));
  return DecodeJobsOverview(b);
}

Result<JobDetails> RestClient::Job(std::string_view id) {
  FS_RETURN_IF_ERROR(CheckJobId(id));
  FS_ASSIGN_OR_RETURN(std::string b, Get(StrCat("/jobs/", id)));
  return DecodeJobDetails(b);
}

Result<std::string> RestClient::JobStatus(std::string_view id) {
  FS_RETURN_IF_ERROR(CheckJobId(id));
  FS_ASSIGN_OR_RETURN(FlinkVersion v, Version());
  if (v < FlinkVersion{1, 16}) {
    FS_ASSIGN_OR_RETURN(JobDetails d, Job(id));
    return d.state;
  }
  FS_ASSIGN_OR_RETURN(std::string b, Get(StrCat("/jobs/", id, "/status")));
  return DecodeJobStatus(b);
}

Result<JobExceptions> RestClient::Exceptions(std::string_view id) {
  FS_RETURN_IF_ERROR(CheckJobId(id));
  FS_ASSIGN_OR_RETURN(std::string b, Get(StrCat("/jobs/", id, "/exceptions")));
  return DecodeExceptions(b);
}

Result<CheckpointStats> RestClient::Checkpoints(std::string_view id) {
  FS_RETURN_IF_ERROR(CheckJobId(id));
  FS_ASSIGN_OR_RETURN(std::string b, Get(StrCat("/jobs/", id, "/checkpoints")));
  return DecodeCheckpointStats(b);
}

Result<CheckpointEntry> RestClient::CheckpointDetails(std::string_view id, int64_t checkpoint_id) {
  FS_RETURN_IF_ERROR(CheckJobId(id));
  FS_ASSIGN_OR_RETURN(std::string b,
                      Get(StrCat("/jobs/", id, "/checkpoints/details/", checkpoint_id)));
  return DecodeCheckpointEntry(b);
}

Result<CheckpointConfig> RestClient::CheckpointConfiguration(std::string_view id) {
  FS_RETURN_IF_ERROR(CheckJobId(id));
  FS_ASSIGN_OR_RETURN(std::string b, Get(StrCat("/jobs/", id, "/checkpoints/config")));
  return DecodeCheckpointConfig(b);
}

Result<JobConfigInfo> RestClient::JobConfiguration(std::string_view id) {
  FS_RETURN_IF_ERROR(CheckJobId(id));
  FS_ASSIGN_OR_RETURN(std::string b, Get(StrCat("/jobs/", id, "/config")));
  return DecodeJobConfig(b);
}

Result<std::vector<std::pair<std::string, std::string>>> RestClient::ClusterConfiguration() {
  FS_ASSIGN_OR_RETURN(std::string b, Get("/jobmanager/config"));
  return DecodeConfigurationEntries(b);
}

Result<std::string> RestClient::SavepointBody(const SavepointRequest& r, FlinkVersion v) {
  FS_RETURN_IF_ERROR(CheckFormat(r.format, v));
  if (!r.trigger_id.empty() && !IsHex32(r.trigger_id)) {
    return Status::InvalidArgument(
        StrCat("a trigger id is 32 lower-case hex digits, not ", Quote(r.trigger_id)));
  }
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  if (!r.target_directory.empty()) Str(w, "target-directory", r.target_directory);
  Key(w, "cancel-job");
  w.Bool(r.cancel_job);
  if (v >= FlinkVersion{1, 15}) {  // formatType and triggerId came with 1.15
    if (!r.format.empty()) Str(w, "formatType", r.format);
    if (!r.trigger_id.empty()) Str(w, "triggerId", r.trigger_id);
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

Result<std::string> RestClient::StopBody(const StopRequest& r, FlinkVersion v) {
  FS_RETURN_IF_ERROR(CheckFormat(r.format, v));
  if (!r.trigger_id.empty() && !IsHex32(r.trigger_id)) {
    return Status::InvalidArgument(
        StrCat("a trigger id is 32 lower-case hex digits, not ", Quote(r.trigger_id)));
  }
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  if (!r.target_directory.empty()) Str(w, "targetDirectory", r.target_directory);  // camelCase here
  Key(w, "drain");
  w.Bool(r.drain);
  if (v >= FlinkVersion{1, 15}) {
    if (!r.format.empty()) Str(w, "formatType", r.format);
    if (!r.trigger_id.empty()) Str(w, "triggerId", r.trigger_id);
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

Result<std::string> RestClient::RunBody(const RunRequest& r, FlinkVersion v) {
  if (!r.job_id.empty()) FS_RETURN_IF_ERROR(CheckJobId(r.job_id));
  if (!r.claim_mode.empty()) {
    if (r.claim_mode != "CLAIM" && r.claim_mode != "NO_CLAIM" && r.claim_mode != "LEGACY") {
      return Status::InvalidArgument(
          StrCat("a claim mode is CLAIM, NO_CLAIM or LEGACY, not ", Quote(r.claim_mode)));
    }
    FS_RETURN_IF_ERROR(CheckClaimMode(r.claim_mode, v));
  }
  if (!r.flink_configuration.empty() && v < FlinkVersion{1, 17}) {
    return Status(Code::kUnsupported,
                  StrCat("Flink ", v.ToString(),
                         " takes no flinkConfiguration with a jar run "
                         "(it came with 1.17); set the options in the cluster's configuration"));
  }
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  if (!r.entry_class.empty()) Str(w, "entryClass", r.entry_class);
  if (!r.args.empty()) {  // programArgsList: programArgs (one string) is gone in 2.0
    Key(w, "programArgsList");
    w.StartArray();
    for (const std::string& a : r.args)
      w.String(a.data(), static_cast<rapidjson::SizeType>(a.size()));
    w.EndArray();
  }
  if (r.parallelism > 0) {
    Key(w, "parallelism");
    w.Int64(r.parallelism);
  }
  if (!r.job_id.empty()) Str(w, "jobId", r.job_id);
  if (!r.savepoint_path.empty()) {
    Str(w, "savepointPath", r.savepoint_path);
    Key(w, "allowNonRestoredState");
    w.Bool(r.allow_non_restored_state);
  }
  if (!r.claim_mode.empty() && v >= FlinkVersion{1, 15}) {
    // restoreMode (1.15) was renamed claimMode in 1.20.
    Str(w, v >= FlinkVersion{1, 20} ? "claimMode" : "restoreMode", r.claim_mode);
  }
  if (!r.flink_configuration.empty()) {
    Key(w, "flinkConfiguration");
    w.StartObject();
    for (const auto& [k, val] : r.flink_configuration) Str(w, k, val);
    w.EndObject();
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

namespace {

// A trigger id the caller chose is honoured (1.15+) or refused before anything is sent:
// Flink 1.14 reads no trigger id, and would trigger a second savepoint for the same one.
Status CheckTriggerId(FlinkVersion v, const std::string& trigger_id, bool accept_server_id) {
  if (v >= FlinkVersion{1, 15} || trigger_id.empty() || accept_server_id) return Status();
  return Status::Unsupported(StrCat(
      "Flink ", v.ToString(),
      " chooses a savepoint's trigger id itself and ignores one given, so trigger id ", trigger_id,
      " cannot keep a retry from triggering a second savepoint; "
      "nothing was sent (accept the server's trigger id to go on, and record "
      "the one returned)"));
}

}  // namespace

Result<std::string> RestClient::TriggerSavepoint(std::string_view id, const SavepointRequest& r) {
  FS_RETURN_IF_ERROR(CheckJobId(id));
  FS_ASSIGN_OR_RETURN(FlinkVersion v, Version());
  FS_RETURN_IF_ERROR(CheckTriggerId(v, r.trigger_id, r.accept_server_trigger_id));
  SavepointRequest req = r;
  const bool idempotent = v >= FlinkVersion{1, 15};
  if (idempotent && req.trigger_id.empty()) req.trigger_id = NewTriggerId();
  FS_ASSIGN_OR_RETURN(std::string body, SavepointBody(req, v));
  // With a client-chosen trigger id a retry never triggers a second savepoint.
  FS_ASSIGN_OR_RETURN(std::string b,
                      Call("POST", StrCat("/jobs/", id, "/savepoints"), body, idempotent));
  return DecodeTriggerId(b);
}

Result<std::string> RestClient::StopWithSavepoint(std::string_view id, const StopRequest& r) {
  FS_RETURN_IF_ERROR(CheckJobId(id));
  FS_ASSIGN_OR_RETURN(FlinkVersion v, Version());
  FS_RETURN_IF_ERROR(CheckTriggerId(v, r.trigger_id, r.accept_server_trigger_id));
  StopRequest req = r;
  const bool idempotent = v >= FlinkVersion{1, 15};
  if (idempotent && req.trigger_id.empty()) req.trigger_id = NewTriggerId();
  FS_ASSIGN_OR_RETURN(std::string body, StopBody(req, v));
  FS_ASSIGN_OR_RETURN(std::string b, Call("POST", StrCat("/jobs/", id, "/stop"), body, idempotent));
  return DecodeTriggerId(b);
}

Result<SavepointStatus> RestClient::SavepointState(std::string_view id, std::string_view trigger) {
  FS_RETURN_IF_ERROR(CheckJobId(id));
  FS_ASSIGN_OR_RETURN(std::string b,
                      Get(StrCat("/jobs/", id, "/savepoints/", UrlEncode(trigger, false))));
  return DecodeSavepointStatus(b);
}

Result<std::string> RestClient::WaitForSavepoint(std::string_view id, std::string_view trigger,
                                                 const OperationContext& ctx, int64_t poll_ms) {
  ContextScope scope(ctx);  // every status request is bounded by the wait's deadline and token
  for (uint64_t polls = 1;; ++polls) {
    FS_ASSIGN_OR_RETURN(SavepointStatus s, SavepointState(id, trigger));
    if (s.completed) {
      if (s.failure) {
        last_error_detail = s.failure->stack_trace;
        return Status::Remote(StrCat("the savepoint of job ", id, " failed: ", s.failure->message));
      }
      return s.location;
    }
    FS_RETURN_IF_ERROR(ctx.Progress("savepoint", polls, 0));
    FS_RETURN_IF_ERROR(ctx.Sleep(std::chrono::milliseconds(poll_ms),
                                 StrCat("waiting for the savepoint of job ", id)));
  }
}

Status RestClient::Cancel(std::string_view id) {
  FS_RETURN_IF_ERROR(CheckJobId(id));
  // Cancelling twice is harmless (Flink 1.15+ answers 202 to an already cancelled job).
  return Call("PATCH", StrCat("/jobs/", id, "?mode=cancel"), {}, true).status();
}

Result<std::string> RestClient::UploadJar(std::string_view file_name, std::string_view bytes) {
  if (file_name.size() < 5 || file_name.substr(file_name.size() - 4) != ".jar") {
    return Status::InvalidArgument(
        StrCat("Flink takes jar files only (a name ending in .jar), not ", Quote(file_name)));
  }
  HttpRequest req = MakeRequest("POST", "/jars/upload");
  req.headers.erase(std::remove_if(req.headers.begin(), req.headers.end(),
                                   [](const auto& h) { return h.first == "Content-Type"; }),
                    req.headers.end());
  req.body = std::string(bytes);
  req.form_field = "jarfile";
  req.form_filename = std::string(file_name);
  req.form_content_type = "application/x-java-archive";
  FS_ASSIGN_OR_RETURN(HttpResponse r, http_->Send(req));
  if (r.status < 200 || r.status >= 300)
    return ErrorFromAnswer(r.status, r.body, "POST /jars/upload");
  return DecodeJarUpload(r.body);
}

Result<std::vector<std::string>> RestClient::JarIds() {
  FS_ASSIGN_OR_RETURN(std::string b, Get("/jars"));
  return DecodeJarIds(b);
}

Result<std::string> RestClient::RunJar(std::string_view jar_id, const RunRequest& r) {
  FS_ASSIGN_OR_RETURN(FlinkVersion v, Version());
  FS_ASSIGN_OR_RETURN(std::string body, RunBody(r, v));
  // Not retried: without a fixed job id a retry could start the job twice.
  FS_ASSIGN_OR_RETURN(
      std::string b,
      Call("POST", StrCat("/jars/", UrlEncode(jar_id, false), "/run"), body, !r.job_id.empty()));
  return DecodeJarRun(b);
}

Status RestClient::DeleteJar(std::string_view jar_id) {
  return Call("DELETE", StrCat("/jars/", UrlEncode(jar_id, false)), {}, true).status();
}

std::vector<Result<std::vector<JobOverview>>> JobsOverviewOfMany(
    const std::vector<RestClient*>& clients, size_t max_parallel) {
  std::vector<Result<std::vector<JobOverview>>> out;
  if (clients.empty()) return out;
  std::vector<HttpRequest> reqs;
  for (RestClient* c : clients) reqs.push_back(c->MakeRequest("GET", "/jobs/overview"));
  std::vector<Result<HttpResponse>> answers = clients[0]->http().SendAll(reqs, max_parallel);
  for (Result<HttpResponse>& a : answers) {
    if (!a.ok()) {
      out.emplace_back(a.status());
    } else if (a->status < 200 || a->status >= 300) {
      out.emplace_back(ErrorFromAnswer(a->status, a->body, "GET /jobs/overview"));
    } else {
      out.emplace_back(DecodeJobsOverview(a->body));
    }
  }
  return out;
}

std::vector<Result<CheckpointStats>> CheckpointsOfMany(RestClient& client,
                                                       const std::vector<std::string>& ids,
                                                       size_t max_parallel) {
  std::vector<std::pair<RestClient*, std::string>> jobs;
  jobs.reserve(ids.size());
  for (const std::string& id : ids) jobs.emplace_back(&client, id);
  return CheckpointsOfMany(jobs, max_parallel);
}

std::vector<Result<CheckpointStats>> CheckpointsOfMany(
    const std::vector<std::pair<RestClient*, std::string>>& jobs, size_t max_parallel) {
  std::vector<Result<CheckpointStats>> out(
      jobs.size(), Result<CheckpointStats>(Status::Internal("not fetched")));
  if (jobs.empty()) return out;
  std::vector<HttpRequest> reqs;
  std::vector<size_t> where;
  for (size_t i = 0; i < jobs.size(); ++i) {
    Status ok = CheckJobId(jobs[i].second);
    if (!ok.ok()) {
      out[i] = ok;
      continue;
    }
    reqs.push_back(
        jobs[i].first->MakeRequest("GET", StrCat("/jobs/", jobs[i].second, "/checkpoints")));
    where.push_back(i);
  }
  std::vector<Result<HttpResponse>> answers = jobs[0].first->http().SendAll(reqs, max_parallel);
  for (size_t k = 0; k < answers.size(); ++k) {
    Result<HttpResponse>& a = answers[k];
    const size_t i = where[k];
    if (!a.ok()) {
      out[i] = a.status();
    } else if (a->status < 200 || a->status >= 300) {
      out[i] =
          ErrorFromAnswer(a->status, a->body, StrCat("GET /jobs/", jobs[i].second, "/checkpoints"));
    } else {
      out[i] = DecodeCheckpointStats(a->body);
    }
  }
  return out;
}

// ---- SqlGatewayClient
// -----------------------------------------------------------------------------

SqlGatewayClient::SqlGatewayClient(ClientOptions options, std::shared_ptr<HttpClient> http)
    : options_(std::move(options)), http_(http ? std::move(http) : std::make_shared<HttpClient>()) {
  options_.url = BaseUrl(options_.url);
}

Result<std::string> SqlGatewayClient::Call(std::string_view method, std::string_view path,
                                           std::string body) {
  FS_ASSIGN_OR_RETURN(HttpResponse a,
                      http_->Send(BaseRequest(options_, method, path, std::move(body))));
  if (a.status >= 200 && a.status < 300) return std::move(a.body);
  return ErrorFromAnswer(a.status, a.body, StrCat(method, " ", path));
}

Result<int> SqlGatewayClient::ApiVersion() {
  {
    std::lock_guard lock(mu_);
    if (api_) return *api_;
  }
  FS_ASSIGN_OR_RETURN(std::string b, Call("GET", "/api_versions", {}));
  FS_ASSIGN_OR_RETURN(std::vector<std::string> versions, DecodeApiVersions(b));
  int best = 0;
  for (const std::string& v : versions) {
    if (v.size() == 2 && v[0] == 'V' && v[1] >= '1' && v[1] <= '4')
      best = std::max(best, v[1] - '0');
  }
  if (best == 0)
    return Status::Remote("the SQL Gateway offers no API version flowstate speaks (V1 to V4)");
  std::lock_guard lock(mu_);
  api_ = best;
  return best;
}

Result<std::string> SqlGatewayClient::Versioned(std::string_view path) {
  FS_ASSIGN_OR_RETURN(int v, ApiVersion());
  return StrCat("/v", v, path);
}

Result<std::string> SqlGatewayClient::Info() {
  FS_ASSIGN_OR_RETURN(std::string b, Call("GET", "/info", {}));
  return DecodeGatewayInfo(b);
}

Result<std::string> SqlGatewayClient::OpenSession(
    std::string_view name, const std::map<std::string, std::string>& properties) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  if (!name.empty()) Str(w, "sessionName", name);
  Key(w, "properties");
  w.StartObject();
  for (const auto& [k, v] : properties) Str(w, k, v);
  w.EndObject();
  w.EndObject();
  FS_ASSIGN_OR_RETURN(std::string path, Versioned("/sessions"));
  FS_ASSIGN_OR_RETURN(std::string b,
                      Call("POST", path, std::string(buf.GetString(), buf.GetSize())));
  return DecodeSessionHandle(b);
}

Result<std::map<std::string, std::string>> SqlGatewayClient::SessionConfig(
    std::string_view session) {
  FS_ASSIGN_OR_RETURN(std::string path, Versioned(StrCat("/sessions/", UrlEncode(session, false))));
  FS_ASSIGN_OR_RETURN(std::string b, Call("GET", path, {}));
  return DecodeSessionConfig(b);
}

Status SqlGatewayClient::Heartbeat(std::string_view session) {
  FS_ASSIGN_OR_RETURN(std::string path,
                      Versioned(StrCat("/sessions/", UrlEncode(session, false), "/heartbeat")));
  return Call("POST", path, {}).status();
}

Status SqlGatewayClient::CloseSession(std::string_view session) {
  FS_ASSIGN_OR_RETURN(std::string path, Versioned(StrCat("/sessions/", UrlEncode(session, false))));
  return Call("DELETE", path, {}).status();
}

Result<std::string> SqlGatewayClient::Execute(std::string_view session, std::string_view statement,
                                              const std::map<std::string, std::string>& config,
                                              int64_t timeout_ms) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  Str(w, "statement", statement);
  if (!config.empty()) {
    Key(w, "executionConfig");
    w.StartObject();
    for (const auto& [k, v] : config) Str(w, k, v);
    w.EndObject();
  }
  if (timeout_ms > 0) {
    Key(w, "executionTimeout");
    w.Int64(timeout_ms);
  }
  w.EndObject();
  FS_ASSIGN_OR_RETURN(std::string path,
                      Versioned(StrCat("/sessions/", UrlEncode(session, false), "/statements")));
  FS_ASSIGN_OR_RETURN(std::string b,
                      Call("POST", path, std::string(buf.GetString(), buf.GetSize())));
  return DecodeOperationHandle(b);
}

Result<std::string> SqlGatewayClient::OperationStatus(std::string_view session,
                                                      std::string_view op) {
  FS_ASSIGN_OR_RETURN(std::string path,
                      Versioned(StrCat("/sessions/", UrlEncode(session, false), "/operations/",
                                       UrlEncode(op, false), "/status")));
  FS_ASSIGN_OR_RETURN(std::string b, Call("GET", path, {}));
  return DecodeOperationStatus(b);
}

Status SqlGatewayClient::CancelOperation(std::string_view session, std::string_view op) {
  FS_ASSIGN_OR_RETURN(std::string path,
                      Versioned(StrCat("/sessions/", UrlEncode(session, false), "/operations/",
                                       UrlEncode(op, false), "/cancel")));
  return Call("POST", path, {}).status();
}

Status SqlGatewayClient::CloseOperation(std::string_view session, std::string_view op) {
  FS_ASSIGN_OR_RETURN(std::string path,
                      Versioned(StrCat("/sessions/", UrlEncode(session, false), "/operations/",
                                       UrlEncode(op, false), "/close")));
  return Call("DELETE", path, {}).status();
}

Result<ResultPage> SqlGatewayClient::Fetch(std::string_view session, std::string_view op,
                                           int64_t token) {
  FS_ASSIGN_OR_RETURN(int v, ApiVersion());
  std::string path = StrCat("/v", v, "/sessions/", UrlEncode(session, false), "/operations/",
                            UrlEncode(op, false), "/result/", token);
  if (v >= 2) StrAppend(&path, "?rowFormat=JSON");  // required from V2 on
  FS_ASSIGN_OR_RETURN(std::string b, Call("GET", path, {}));
  return DecodeResultPage(b);
}

Result<StatementResult> SqlGatewayClient::Run(std::string_view session, std::string_view statement,
                                              const OperationContext& ctx,
                                              const std::map<std::string, std::string>& config,
                                              int64_t execution_timeout_ms) {
  ContextScope scope(ctx);  // every request of the statement is bounded by its deadline and token
  StatementResult out;
  FS_ASSIGN_OR_RETURN(out.operation_handle,
                      Execute(session, statement, config, execution_timeout_ms));
  for (uint64_t polls = 1;; ++polls) {
    FS_ASSIGN_OR_RETURN(out.status, OperationStatus(session, out.operation_handle));
    if (out.status != "INITIALIZED" && out.status != "PENDING" && out.status != "RUNNING") break;
    FS_RETURN_IF_ERROR(ctx.Progress("statement", polls, 0));
    FS_RETURN_IF_ERROR(ctx.Sleep(std::chrono::milliseconds(20), "waiting for the statement"));
  }
  if (out.status != "FINISHED") {
    // ERROR: the reason is in the answer to fetching the result.
    Result<ResultPage> p = Fetch(session, out.operation_handle, 0);
    if (!p.ok()) return p.status();
    return Status::Remote(StrCat("the statement ended ", out.status));
  }
  // The first page by token 0, then each next page at the nextResultUri the gateway gave, as
  // given (NOT_READY included): it names the API version, token and row format to use.
  FS_ASSIGN_OR_RETURN(ResultPage p, Fetch(session, out.operation_handle, 0));
  const std::string own = StrCat("/sessions/", UrlEncode(session, false), "/operations/",
                                 UrlEncode(out.operation_handle, false), "/result/");
  for (std::string previous;;) {
    if (p.result_type != "NOT_READY") {
      if (out.columns.empty()) out.columns = p.columns;
      if (!p.job_id.empty()) out.job_id = p.job_id;
      for (ResultRow& r : p.rows) out.rows.push_back(std::move(r));
    }
    if (p.result_type == "EOS" || p.next_uri.empty()) break;
    const std::string& next = p.next_uri;
    // Only a path of this gateway's, for this operation's result.
    if (next.size() > 2048 || next[0] != '/' || next.find(own) == std::string::npos ||
        next.find("/../") != std::string::npos || next.find("//") != std::string::npos) {
      return Status::Remote(StrCat("unexpected nextResultUri ", Quote(next),
                                   " (expected a path to ", own, "<token>)"));
    }
    if (p.result_type == "NOT_READY") {
      FS_RETURN_IF_ERROR(
          ctx.Sleep(std::chrono::milliseconds(20), "waiting for the statement's result"));
    } else if (next == previous) {
      return Status::Remote(StrCat("nextResultUri does not move on: ", Quote(next)));
    }
    previous = next;
    FS_ASSIGN_OR_RETURN(std::string b, Call("GET", next, {}));
    FS_ASSIGN_OR_RETURN(p, DecodeResultPage(b));
  }
  return out;
}

Result<std::string> SqlGatewayClient::StopJob(std::string_view session, std::string_view job_id,
                                              bool with_savepoint, bool drain,
                                              const OperationContext& ctx) {
  FS_RETURN_IF_ERROR(CheckJobId(job_id));
  {
    ContextScope scope(ctx);
    FS_ASSIGN_OR_RETURN(int api, ApiVersion());
    if (api < 2) {
      // STOP JOB came with Flink 1.17, whose gateway added API V2; a V1-only gateway (1.16)
      // would fail to parse the statement.
      return Status::Unsupported(
          StrCat("this SQL Gateway speaks API V", api,
                 " only (Flink 1.16): STOP JOB came "
                 "with 1.17; nothing was sent (stop the job through the JobManager)"));
    }
  }
  std::string stmt = StrCat("STOP JOB '", job_id, "'");
  if (with_savepoint) StrAppend(&stmt, " WITH SAVEPOINT");
  if (drain) StrAppend(&stmt, " WITH DRAIN");
  FS_ASSIGN_OR_RETURN(StatementResult r, Run(session, stmt, ctx));
  if (!with_savepoint) return std::string();
  for (size_t c = 0; c < r.columns.size(); ++c) {
    if (r.columns[c].name == "savepoint path" && !r.rows.empty() && c < r.rows[0].fields.size() &&
        r.rows[0].fields[c].is_string()) {
      return r.rows[0].fields[c].text;
    }
  }
  return Status::Remote("STOP JOB WITH SAVEPOINT answered without a savepoint path");
}

}  // namespace flowstate::core::flink
