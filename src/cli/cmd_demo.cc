// `flowstate demo`: the seeds' story told against the Flink simulator on loopback, with a
// throwaway catalog and directories in a temporary folder. Each step says what it does and
// shows its result from the catalog and storage; the program exits 0 only if every result was
// what the step said it would be. The simulator runs scaled time (the seed's 6 s checkpoint
// interval at 1/20), so the whole story takes well under two minutes.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/command.h"
#include "flowstate/flowstate.hpp"
#include "rapidjson/document.h"

namespace flowstate::cli {
namespace {

namespace fs = std::filesystem;

// The seed's script (its first report), verbatim but for the test-only SETs: the CDC source's
// password is in it, as users write it.
constexpr const char* kSeedScript =
    "SET execution.runtime-mode = streaming;\n"
    "SET execution.checkpointing.interval = 6000;\n"
    "SET execution.checkpointing.externalized-checkpoint-retention = RETAIN_ON_CANCELLATION;\n"
    "SET execution.checkpointing.mode = EXACTLY_ONCE;\n"
    "SET state.checkpoints.num-retained = 3;\n"
    "SET restart-strategy = fixed-delay;\n"
    "SET restart-strategy.fixed-delay.attempts = 10;\n"
    "SET restart-strategy.fixed-delay.delay = 20s;\n"
    "SET jobmanager.memory.process.size = 1600m;\n"
    "SET taskmanager.numberOfTaskSlots = 1;\n"
    "EXECUTE CDCSOURCE dinkySource_mysqlCDC_to_Doris WITH (\n"
    "  'connector' = 'mysql-cdc', 'hostname' = 'hadoop102', 'port' = '3306',\n"
    "  'username' = 'root', 'password' = '000000', 'scan.startup.mode' = 'initial',\n"
    "  'parallelism' = '1', 'table-name' = 'emp_1\\.employees_[0-9]+',\n"
    "  'sink.connector' = 'print',)\n";
constexpr const char* kPassword = "000000";
constexpr const char* kTable = "emp_1.employees_1";
constexpr double kTimeScale = 0.05;  // 6 s checkpoints every 300 ms

struct DemoArgs {
  double timeout_s = 300;
  bool keep = false;
};

// Where the simulator is: $FLOWSTATE_SIM, beside the installed program, the build tree.
std::optional<std::string> FindSimulator(std::string* looked) {
  std::vector<std::string> candidates;
  std::error_code ec;
  if (const char* env = std::getenv("FLOWSTATE_SIM"); env != nullptr && *env != '\0') {
    *looked = std::string(env) + " (FLOWSTATE_SIM)";
    if (fs::is_regular_file(env, ec)) return std::string(env);
    return std::nullopt;  // named, so nothing else is taken for it
  }
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(
        (self.parent_path().parent_path() / "share/flowstate/flink_sim.py").string());
  }
#ifdef FLOWSTATE_SOURCE_SIM
  candidates.emplace_back(FLOWSTATE_SOURCE_SIM);
#endif
  for (const std::string& c : candidates) {
    *looked += (looked->empty() ? "" : ", ") + c;
    if (fs::is_regular_file(c, ec)) return c;
  }
  return std::nullopt;
}

std::optional<std::string> FindPython() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("FLOWSTATE_PYTHON"); env != nullptr && *env != '\0') {
    candidates.emplace_back(env);
  }
  candidates.emplace_back("/usr/bin/python3");
  if (const char* path = std::getenv("PATH"); path != nullptr) {
    std::string p(path);
    for (size_t at = 0; at <= p.size();) {
      const size_t colon = std::min(p.find(':', at), p.size());
      if (colon > at) candidates.push_back(p.substr(at, colon - at) + "/python3");
      at = colon + 1;
    }
  }
  for (const std::string& c : candidates) {
    if (::access(c.c_str(), X_OK) == 0) return c;
  }
  return std::nullopt;
}

// The simulator's process and its control API; killed and its folder removed on the way out.
class Simulator {
 public:
  ~Simulator() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  Status Start(const std::string& python, const std::string& script, const std::string& dir) {
    int out[2];
    if (::pipe(out) != 0) return Status(ErrorCode::io, "cannot create a pipe");
    pid_ = ::fork();
    if (pid_ < 0) return Status(ErrorCode::io, "cannot start the simulator");
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // it dies with the demo, however the demo ends
      sigset_t all;
      sigfillset(&all);
      ::sigprocmask(SIG_UNBLOCK, &all, nullptr);
      ::dup2(out[1], 1);
      const int null = ::open("/dev/null", O_WRONLY);
      if (null >= 0) ::dup2(null, 2);
      ::close(out[0]);
      ::execl(python.c_str(), python.c_str(), script.c_str(), "--state-dir", dir.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    // Its first line names the control port.
    std::string line;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < until) {
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[256];
      const ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
    ::close(out[0]);
    rapidjson::Document d;
    d.Parse(line.c_str());
    if (d.HasParseError() || !d.IsObject() || !d.HasMember("control") || !d["control"].IsInt()) {
      return Status(ErrorCode::unavailable,
                    "the simulator did not start (" + python + " " + script + ")");
    }
    port_ = d["control"].GetInt();
    return Status();
  }

  // One control request over loopback (HTTP/1.0, the connection closed after it); its JSON
  // answer.
  Result<rapidjson::Document> Ctl(const std::string& method, const std::string& path,
                                  const std::string& body = "") {
    const std::string fail = "the simulator's control API: " + method + " " + path + " failed";
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return Status(ErrorCode::io, fail);
    timeval tv{20, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string got;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
      const std::string payload = method == "POST" && body.empty() ? "{}" : body;
      const std::string req =
          method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n" +
          "Content-Type: application/json\r\nContent-Length: " + std::to_string(payload.size()) +
          "\r\n\r\n" + payload;
      size_t sent = 0;
      while (sent < req.size()) {
        const ssize_t n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      char buf[4096];
      for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
        got.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    const size_t head = got.find("\r\n\r\n");
    if (got.compare(0, 9, "HTTP/1.0 ") != 0 && got.compare(0, 9, "HTTP/1.1 ") != 0) {
      return Status(ErrorCode::unavailable, fail + ": no answer");
    }
    if (got.compare(9, 3, "200") != 0 || head == std::string::npos) {
      return Status(ErrorCode::unavailable, fail + " (HTTP " + got.substr(9, 3) + ")");
    }
    rapidjson::Document d;
    d.Parse(got.c_str() + head + 4);
    if (d.HasParseError()) return Status(ErrorCode::internal, "the simulator answered garbage");
    return d;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

class Story {
 public:
  Story(Context& ctx, Simulator& sim, const fs::path& dir, const DemoArgs& a)
      : ctx_(ctx), sim_(sim), dir_(dir), args_(a) {}

  // Says what the step does; `fn` returns its result in words, or why it was not what it said.
  bool Step(const std::string& title, const std::function<Result<std::string>()>& fn) {
    ++number_;
    *ctx_.out << "\n" << number_ << ". " << title << "\n" << std::flush;
    if (Interrupted()) return false;
    Result<std::string> r = fn();
    if (!r.ok()) {
      *ctx_.out << "   FAILED: " << r.status().message() << "\n" << std::flush;
      return false;
    }
    std::string text = *r;
    for (size_t at = 0; at < text.size();) {
      const size_t nl = std::min(text.find('\n', at), text.size());
      *ctx_.out << "   " << text.substr(at, nl - at) << "\n";
      at = nl + 1;
    }
    *ctx_.out << std::flush;
    return true;
  }

  bool Interrupted() const { return ctx_.interrupt != nullptr && ctx_.interrupt->is_cancelled(); }

  // ---- the story's parts ----
  Status Cluster(const std::string& name, const std::string& version) {
    const std::string spec =
        "{\"name\":\"" + name + "\",\"version\":\"" + version +
        "\",\"num_retained\":3,\"startup_ms\":10,\"time_scale\":" + std::to_string(kTimeScale) +
        "}";
    Result<rapidjson::Document> c = sim_.Ctl("POST", "/clusters", spec);
    if (!c.ok()) return c.status();
    ClusterInfo k;
    k.name = name;
    k.rest_url = (*c)["url"].GetString();
    k.flink_version = version;
    k.deployment = Deployment::session;
    k.checkpoint_dir = std::string("file://") + (*c)["checkpoint_dir"].GetString();
    k.savepoint_dir = std::string("file://") + (*c)["savepoint_dir"].GetString();
    k.runner_jar = (dir_ / "flowstate-runner.jar").string();
    checkpoint_dirs_[name] = (*c)["checkpoint_dir"].GetString();
    Result<ClusterInfo> put = cat_->put_cluster(k);
    return put.ok() ? Status() : put.status();
  }

  Status Insert(int n) {
    Result<rapidjson::Document> r = sim_.Ctl("POST", std::string("/sources/") + kTable + "/rows",
                                             "{\"count\":" + std::to_string(n) + "}");
    return r.ok() ? Status() : r.status();
  }

  // The rows run `job_id` has read since it started.
  Result<int64_t> Consumed(const std::string& job_id) {
    Result<rapidjson::Document> d = sim_.Ctl("GET", "/runs");
    if (!d.ok()) return d.status();
    for (const auto& r : (*d)["runs"].GetArray()) {
      if (job_id == r["job_id"].GetString()) {
        return r["position"].GetInt64() - r["start_position"].GetInt64();
      }
    }
    return int64_t{-1};
  }
  // Waits until the run has read `n` rows, then a little longer: exactly `n`, or why not.
  Status ReadsExactly(const std::string& job_id, int64_t n) {
    for (int i = 0; i < 500 && !Interrupted(); ++i) {
      Result<int64_t> c = Consumed(job_id);
      if (!c.ok()) return c.status();
      if (*c >= n) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    Result<int64_t> c = Consumed(job_id);
    if (!c.ok()) return c.status();
    if (*c != n) {
      return Status(ErrorCode::illegal_state,
                    "the run read " + std::to_string(*c) + " rows, not " + std::to_string(n));
    }
    return Status();
  }
  // Two checkpoint intervals: a checkpoint taken after the rows were read is complete.
  void CheckpointAfterRows() {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(static_cast<int>(6000 * kTimeScale * 2.5)));
  }
  // The complete checkpoints of `job_id` on the cluster's storage, by number.
  std::map<int64_t, std::string> OnStorage(const std::string& cluster, const std::string& job_id) {
    std::map<int64_t, std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(checkpoint_dirs_[cluster] + "/" + job_id, ec)) {
      const std::string name = e.path().filename().string();
      if (name.rfind("chk-", 0) == 0 && fs::exists(e.path() / "_metadata")) {
        out[std::stoll(name.substr(4))] = "file://" + e.path().string();
      }
    }
    return out;
  }
  ActionContext Act() const {
    ActionContext ac;
    ac.timeout_ms = static_cast<int64_t>(args_.timeout_s * 1000);
    ac.cancel = ctx_.interrupt;
    return ac;
  }
  Result<RunInfo> OpenRun() {
    Result<std::vector<RunInfo>> runs = cat_->list_runs("/cdc/emp_1");
    if (!runs.ok()) return runs.status();
    if (runs->empty()) return Status(ErrorCode::not_found, "no run recorded");
    return runs->back();
  }

  bool Tell();

 private:
  Context& ctx_;
  Simulator& sim_;
  fs::path dir_;
  const DemoArgs& args_;
  int number_ = 0;
  std::optional<Catalog> cat_;
  std::optional<Storage> storage_;
  std::optional<Lifecycle> life_;
  std::map<std::string, std::string> vault_;  // the host's secret store
  SecretStore store_;
  std::map<std::string, std::string> checkpoint_dirs_;
};

Status Expect(bool ok, const std::string& why) {
  return ok ? Status() : Status(ErrorCode::illegal_state, why);
}

#define DEMO_TRY(expr)                              \
  do {                                              \
    if (Status st_ = (expr); !st_.ok()) return st_; \
  } while (0)

bool Story::Tell() {
  store_.put = [this](std::string_view n, std::string_view v) {
    vault_[std::string(n)] = std::string(v);
    return Status();
  };
  store_.get = [this](std::string_view n) -> Result<std::string> {
    auto it = vault_.find(std::string(n));
    if (it == vault_.end()) return Status(ErrorCode::not_found, "no secret " + std::string(n));
    return it->second;
  };
  store_.remove = [this](std::string_view n) {
    vault_.erase(std::string(n));
    return Status();
  };
  std::string savepoint, retained_newest, run1_id;

  bool ok = Step("The seed's Flink 1.14 session cluster, and its CDC script as job /cdc/emp_1",
                 [&]() -> Result<std::string> {
                   std::ofstream(dir_ / "flowstate-runner.jar") << "PK\x03\x04 runner";
                   Result<Catalog> c = Catalog::open((dir_ / "catalog.db").string());
                   if (!c.ok()) return c.status();
                   cat_.emplace(std::move(*c));
                   Result<Storage> s = Storage::create();
                   if (!s.ok()) return s.status();
                   storage_.emplace(std::move(*s));
                   DEMO_TRY(Cluster("prod", "1.14"));
                   JobInfo j;
                   j.name = "emp_1";
                   j.folder = "/cdc";
                   j.cluster = "prod";
                   j.strategy = RestoreStrategy::latest_state;
                   Result<JobInfo> added = cat_->add_job(j);
                   if (!added.ok()) return added.status();
                   Result<SaveReport> saved = cat_->save_script("/cdc/emp_1", kSeedScript, &store_);
                   if (!saved.ok()) return saved.status();
                   DEMO_TRY(Expect(saved->stored.find(kPassword) == std::string::npos &&
                                       saved->moved.size() == 1,
                                   "the password was not moved to the secret store"));
                   LifecycleOptions lo;
                   lo.poll_ms = 20;
                   lo.secrets = &store_;
                   Result<Lifecycle> l = Lifecycle::open(*cat_, &*storage_, lo);
                   if (!l.ok()) return l.status();
                   life_.emplace(std::move(*l));
                   return std::string(
                              "cluster prod: Flink 1.14, session, checkpoints every 6 s "
                              "(run at 1/20 of real time), num-retained 3\n") +
                          "the CDC password moved to the secret store as ${secret:" +
                          saved->moved[0].name + "}; the catalog keeps only that reference";
                 });
  ok = ok && Step("Submit the job", [&]() -> Result<std::string> {
         Result<ActionReport> r = life_->start("/cdc/emp_1", {}, Act());
         if (!r.ok()) return r.status();
         Result<RunInfo> run = OpenRun();
         if (!run.ok()) return run.status();
         run1_id = run->flink_job_id;
         return "running as Flink job " + run1_id + " (no state to restore: a first start)";
       });
  ok = ok && Step("Two rows arrive in emp_1.employees_1", [&]() -> Result<std::string> {
         DEMO_TRY(Insert(2));
         DEMO_TRY(ReadsExactly(run1_id, 2));
         return std::string("the job read both");
       });
  ok = ok && Step("Smart stop (智能停止): stop with a savepoint", [&]() -> Result<std::string> {
         ActionOptions o;
         o.stop_mode = StopMode::smart;
         Result<ActionReport> r = life_->stop("/cdc/emp_1", o, Act());
         if (!r.ok()) return r.status();
         DEMO_TRY(Expect(!r->snapshots.empty() && r->snapshots[0].kind == SnapshotKind::savepoint,
                         "no savepoint was recorded"));
         savepoint = r->snapshots[0].path;
         return "savepoint " + savepoint + "\nverified on storage and recorded; the job is " +
                to_string(cat_->get_job("/cdc/emp_1")->state);
       });
  ok =
      ok && Step("One more row arrives; start the job again", [&]() -> Result<std::string> {
        DEMO_TRY(Insert(1));
        Result<ActionReport> r = life_->start("/cdc/emp_1", {}, Act());
        if (!r.ok()) return r.status();
        Result<RunInfo> run = OpenRun();
        if (!run.ok()) return run.status();
        DEMO_TRY(Expect(run->restored_from == savepoint, "it restored from " + run->restored_from));
        DEMO_TRY(ReadsExactly(run->flink_job_id, 1));
        return std::string("it resumed from the savepoint and read exactly the one new row");
      });
  ok = ok && Step("Normal stop (普通停止): cancel, keeping the retained checkpoints",
                  [&]() -> Result<std::string> {
                    Result<RunInfo> run = OpenRun();
                    if (!run.ok()) return run.status();
                    CheckpointAfterRows();
                    ActionOptions o;
                    o.stop_mode = StopMode::normal;
                    Result<ActionReport> r = life_->stop("/cdc/emp_1", o, Act());
                    if (!r.ok()) return r.status();
                    std::vector<std::string> recorded;
                    for (const SnapshotRecord& s : r->snapshots) recorded.push_back(s.path);
                    std::sort(recorded.begin(), recorded.end());
                    std::vector<std::string> stored;
                    for (const auto& [n, p] : OnStorage("prod", run->flink_job_id)) {
                      stored.push_back(p);
                      retained_newest = p;
                    }
                    std::sort(stored.begin(), stored.end());
                    DEMO_TRY(Expect(!stored.empty() && recorded == stored,
                                    "the catalog's retained checkpoints differ from storage's"));
                    std::string out =
                        std::to_string(stored.size()) +
                        " retained checkpoints, the same in the catalog as on storage:";
                    for (const std::string& p : stored) out += "\n  " + p;
                    return out;
                  });
  ok = ok && Step("One more row; start once from the newest retained checkpoint",
                  [&]() -> Result<std::string> {
                    DEMO_TRY(Insert(1));
                    ActionOptions o;
                    o.from = retained_newest;
                    Result<ActionReport> r = life_->start("/cdc/emp_1", o, Act());
                    if (!r.ok()) return r.status();
                    Result<RunInfo> run = OpenRun();
                    if (!run.ok()) return run.status();
                    DEMO_TRY(Expect(run->restored_from == retained_newest,
                                    "it restored from " + run->restored_from));
                    DEMO_TRY(ReadsExactly(run->flink_job_id, 1));
                    Result<JobInfo> j = cat_->get_job("/cdc/emp_1");
                    if (!j.ok()) return j.status();
                    DEMO_TRY(Expect(!j->once_path && j->strategy == RestoreStrategy::latest_state,
                                    "the job did not return to its standing strategy"));
                    return std::string("it read exactly the one new row; the job is back on ") +
                           to_string(j->strategy);
                  });
  ok = ok &&
       Step(
           "The cluster is destroyed after checkpoints the catalog never saw; rounds "
           "watch it go, a reconciling round reports the gap, the job resumes on a new "
           "cluster",
           [&]() -> Result<std::string> {
             Result<RunInfo> run = OpenRun();
             if (!run.ok()) return run.status();
             ObserveOptions watch;
             watch.lost_after_ms = 0;
             for (int i = 0; i < 2; ++i) {
               Result<ObserveReport> r = life_->observe(watch, Act());
               if (!r.ok()) return r.status();
               std::this_thread::sleep_for(std::chrono::milliseconds(300));
             }
             Result<int64_t> before = Consumed(run->flink_job_id);
             if (!before.ok()) return before.status();
             DEMO_TRY(Insert(3));
             DEMO_TRY(ReadsExactly(run->flink_job_id, *before + 3));
             CheckpointAfterRows();  // checkpoints no round sees
             Result<rapidjson::Document> killed = sim_.Ctl("DELETE", "/clusters/prod");
             if (!killed.ok()) return killed.status();
             const std::map<int64_t, std::string> stored = OnStorage("prod", run->flink_job_id);
             DEMO_TRY(Expect(!stored.empty(), "no checkpoint on storage"));
             const std::string newest = stored.rbegin()->second;
             std::string out;
             for (int i = 0; i < 2; ++i) {
               Result<ObserveReport> r = life_->observe(watch, Act());
               if (!r.ok()) return r.status();
               for (const ObservedChange& c : r->changes) {
                 out += "round: " + to_string(c.from_state) + " -> " + to_string(c.to_state) + "\n";
               }
             }
             Result<JobInfo> j = cat_->get_job("/cdc/emp_1");
             if (!j.ok()) return j.status();
             DEMO_TRY(Expect(j->state == JobState::lost, "the job is " + to_string(j->state)));
             ObserveOptions reconcile = watch;
             reconcile.reconcile_period_ms = 0;
             reconcile.reconcile_level = VerifyLevel::files;
             Result<ObserveReport> r = life_->observe(reconcile, Act());
             if (!r.ok()) return r.status();
             bool found = false;
             for (const JobGap& g : r->gaps) {
               for (const SnapshotRecord& s : g.added) {
                 out += "on storage, missed by the catalog: " + s.path + "\n";
                 found = found || s.path == newest;
               }
             }
             DEMO_TRY(Expect(found, "the gap did not name the newest checkpoint " + newest));
             Result<ActionReport> lost = life_->acknowledge_lost(
                 "/cdc/emp_1", "the cluster's namespace was deleted", Act());
             if (!lost.ok()) return lost.status();
             DEMO_TRY(Cluster("dr", "1.14"));
             Result<ActionReport> moved = life_->move("/cdc/emp_1", "dr", Act());
             if (!moved.ok()) return moved.status();
             DEMO_TRY(Insert(1));
             Result<ActionReport> resumed = life_->resume("/cdc/emp_1", {}, Act());
             if (!resumed.ok()) return resumed.status();
             Result<RunInfo> next = OpenRun();
             if (!next.ok()) return next.status();
             DEMO_TRY(Expect(next->restored_from == newest,
                             "it restored from " + next->restored_from + ", not " + newest));
             DEMO_TRY(ReadsExactly(next->flink_job_id, 1));
             return out + "resumed on cluster dr from " + newest +
                    "\nit read exactly the one new row: nothing lost, nothing read twice";
           });
  ok = ok &&
       Step(
           "config explain: which of the script's SETs take effect on the seed's session "
           "cluster",
           [&]() -> Result<std::string> {
             Result<Config> config = Config::create("1.14");
             if (!config.ok()) return config.status();
             DEMO_TRY(config->add_file(
                 "state.checkpoints.num-retained: 3\nstate.checkpoints.dir: file://" +
                     checkpoint_dirs_["prod"] + "\n",
                 "flink-conf.yaml", FileFormat::flink_conf));
             Result<JobInfo> j = cat_->get_job("/cdc/emp_1");
             if (!j.ok()) return j.status();
             ParseOptions po;
             po.source_name = "emp_1.sql";
             Result<Script> script = Script::parse(j->script, po);
             if (!script.ok()) return script.status();
             DEMO_TRY(config->add_script(*script));
             DEMO_TRY(config->set_deployment(Deployment::session, Submitter::dinky));
             std::string out;
             bool num_retained = false;
             (void)config->entries();  // evaluates the configuration
             for (const auto& [d, key] : config->diagnostics()) {
               if (d.severity != Severity::warning) continue;
               if (d.message.find("no effect") == std::string::npos) continue;
               out += d.message + "\n";
               num_retained = num_retained || key == "state.checkpoints.num-retained" ||
                              key == "execution.checkpointing.num-retained";
             }
             DEMO_TRY(Expect(num_retained, "no finding for SET state.checkpoints.num-retained"));
             DEMO_TRY(Expect(out.find(kPassword) == std::string::npos, "a secret shown"));
             return out + "every other SET takes effect";
           });
  return ok;
}

int RunDemo(Context& ctx, const DemoArgs& a) {
  std::string looked;
  const std::optional<std::string> sim_path = FindSimulator(&looked);
  if (!sim_path) {
    return ReportError(ctx, Status(ErrorCode::not_found,
                                   "the Flink simulator (flink_sim.py) the demo runs is not here; "
                                   "looked at: " +
                                       looked + ". Set FLOWSTATE_SIM to its path"));
  }
  const std::optional<std::string> python = FindPython();
  if (!python) {
    return ReportError(ctx, Status(ErrorCode::not_found,
                                   "python3 runs the Flink simulator and none was found (install "
                                   "python3, or set FLOWSTATE_PYTHON to one)"));
  }
  std::string tmpl = (fs::temp_directory_path() / "flowstate-demo-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return ReportError(ctx, Status(ErrorCode::io, "cannot create a temporary folder in " +
                                                      fs::temp_directory_path().string()));
  }
  const fs::path dir(tmpl);
  int code = 1;
  {
    Simulator sim;
    const auto t0 = std::chrono::steady_clock::now();
    *ctx.out << "flowstate demo: the seeds' story against a simulated Flink on 127.0.0.1\n"
             << "(simulator " << *sim_path << ", in " << dir.string() << ")\n";
    Status st = sim.Start(*python, *sim_path, (dir / "sim").string());
    if (!st.ok()) {
      *ctx.err << "flowstate demo: " << st.message() << "\n";
    } else {
      Story story(ctx, sim, dir, a);
      const bool ok = story.Tell();
      const double took =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (story.Interrupted()) {
        *ctx.out << "\ninterrupted: cleaning up\n";
        code = 130;
      } else {
        *ctx.out << "\n"
                 << (ok ? "every step did what it said" : "a step did not do what it said") << " ("
                 << static_cast<int>(took) << " s)\n";
        code = ok ? 0 : 1;
      }
    }
  }  // the simulator is killed here
  std::error_code ec;
  if (!a.keep) fs::remove_all(dir, ec);
  return code;
}

void RegisterDemo(CLI::App& app, Context& context) {
  DemoArgs& a = context.Make<DemoArgs>();
  CLI::App* demo = app.add_subcommand(
      "demo",
      "The seeds' story against a simulated Flink on loopback: submit, savepoint and checkpoint "
      "recovery, a destroyed cluster and the gap the catalog missed, which SETs take effect");
  demo->add_option("--timeout", a.timeout_s, "Give each action this many seconds (default 300)");
  demo->add_flag("--keep", a.keep, "Keep the temporary folder (catalog, simulator state)");
  context.OnRun(demo, [&context, &a] { return RunDemo(context, a); });
}

const GroupRegistration kDemo("demo", 5, &RegisterDemo);

}  // namespace
}  // namespace flowstate::cli
