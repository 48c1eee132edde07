// Starts flowstate's Flink cluster simulator (sim/flink_sim.py, with Debian's Python) for a
// test, on loopback, and drives its control API; the process is killed with the harness.
#ifndef FLOWSTATE_TESTS_FLINK_SIM_HARNESS_H_
#define FLOWSTATE_TESTS_FLINK_SIM_HARNESS_H_

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "http/http.h"
#include "rapidjson/document.h"

namespace flowstate::testing {

class FlinkSim {
 public:
  FlinkSim() {
    std::string t = (std::filesystem::temp_directory_path() / "flowstate-sim-XXXXXX").string();
    dir_ = ::mkdtemp(t.data());
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      const std::string sim = std::string(FLOWSTATE_SOURCE_DIR) + "/sim/flink_sim.py";
      ::execl("/usr/bin/python3", "python3", sim.c_str(), "--state-dir", dir_.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    FILE* f = ::fdopen(out[0], "r");
    char line[256] = {0};
    if (std::fgets(line, sizeof line, f) == nullptr)
      throw std::runtime_error("the simulator did not start");
    std::fclose(f);
    rapidjson::Document d;
    d.Parse(line);
    control_ = "http://127.0.0.1:" + std::to_string(d["control"].GetInt());
  }
  ~FlinkSim() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    std::filesystem::remove_all(dir_);
  }

  const std::string& dir() const { return dir_; }

  // POST/GET/DELETE on the control API: the parsed answer (throws on an error status).
  rapidjson::Document Ctl(const std::string& method, const std::string& path,
                          const std::string& body = "{}") {
    core::HttpRequest r;
    r.method = method;
    r.url = control_ + path;
    if (method == "POST") {
      r.body = body;
      r.headers.emplace_back("Content-Type", "application/json");
    }
    auto a = http_.Send(r);
    if (!a.ok() || a->status != 200) {
      throw std::runtime_error("control " + path + ": " +
                               (a.ok() ? a->body : a.status().ToString()));
    }
    rapidjson::Document d;
    d.Parse(a->body.c_str());
    return d;
  }

  // A cluster: {"url", "gateway_url", "checkpoint_dir", "savepoint_dir", ...}
  rapidjson::Document Cluster(const std::string& name, const std::string& version,
                              const std::string& extra = "") {
    return Ctl("POST", "/clusters",
               "{\"name\":\"" + name + "\",\"version\":\"" + version + "\"" +
                   (extra.empty() ? "" : "," + extra) + "}");
  }
  void Insert(const std::string& table, int n) {
    Ctl("POST", "/sources/" + table + "/rows", "{\"count\":" + std::to_string(n) + "}");
  }

 private:
  std::string dir_, control_;
  pid_t pid_ = -1;
  core::HttpClient http_;
};

}  // namespace flowstate::testing

#endif  // FLOWSTATE_TESTS_FLINK_SIM_HARNESS_H_
