// Test helpers for the storage layer: temporary directory trees with chosen modification
// times, _metadata bytes, the real samples, and the WebHDFS test server as a subprocess.
#ifndef FLOWSTATE_TESTS_STORAGE_STORAGE_TEST_UTIL_H_
#define FLOWSTATE_TESTS_STORAGE_STORAGE_TEST_UTIL_H_

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/http.h"

namespace flowstate::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "flowstate-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

inline void WriteFile(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

inline std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Sets a file's or directory's modification time (seconds since the epoch).
inline void SetMtime(const fs::path& p, int64_t seconds) {
  struct timespec times[2];
  times[0].tv_sec = times[1].tv_sec = seconds;
  times[0].tv_nsec = times[1].tv_nsec = 0;
  ::utimensat(AT_FDCWD, p.c_str(), times, 0);
}

// A _metadata header (magic, version, checkpoint id), big-endian, plus `extra` bytes.
inline std::string MetadataBytes(int version, int64_t id, size_t extra = 16,
                                 uint32_t magic = 0x4960672D) {
  std::string b;
  for (int i = 3; i >= 0; --i) b += static_cast<char>((magic >> (8 * i)) & 0xFF);
  for (int i = 3; i >= 0; --i)
    b += static_cast<char>((static_cast<uint32_t>(version) >> (8 * i)) & 0xFF);
  for (int i = 7; i >= 0; --i)
    b += static_cast<char>((static_cast<uint64_t>(id) >> (8 * i)) & 0xFF);
  b.append(extra, '\0');
  return b;
}

// A real `_metadata` Flink wrote ("flink1.20-hashmap-checkpoint-v4"; tests/storage/data/
// metadata-samples, with their provenance). A missing one fails the test.
inline std::string Sample(const std::string& name) {
  const fs::path path =
      fs::path(FLOWSTATE_SOURCE_DIR) / "tests/storage/data/metadata-samples" / name / "_metadata";
  if (!fs::exists(path)) throw std::runtime_error("test data missing: " + path.string());
  return ReadFile(path);
}

// The same bytes with the checkpoint id replaced (the header only; for layout tests).
inline std::string WithId(std::string bytes, int64_t id) {
  for (int i = 0; i < 8; ++i)
    bytes[8 + i] = static_cast<char>((static_cast<uint64_t>(id) >> (8 * (7 - i))) & 0xFF);
  return bytes;
}

// The WebHDFS test server (tests/storage/webhdfs_server.py) serving `root` on 127.0.0.1.
class WebHdfsServer {
 public:
  // `require_header` (NAME=VALUE): the NameNode sits behind a gateway that wants it.
  explicit WebHdfsServer(const std::string& root, int page_size = 2, const std::string& token = "",
                         const std::string& require_header = "") {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::string script = std::string(FLOWSTATE_SOURCE_DIR) + "/tests/storage/webhdfs_server.py";
    std::vector<std::string> args = {"python3", script,        "--root",
                                     root,      "--page-size", std::to_string(page_size)};
    if (!token.empty()) args.insert(args.end(), {"--token", token});
    if (!require_header.empty()) args.insert(args.end(), {"--require-header", require_header});
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::execv("/usr/bin/python3", argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    char c;
    while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    auto port = [&](const char* key) {
      size_t at = line.find(key);
      if (at == std::string::npos)
        throw std::runtime_error("WebHDFS test server did not start: " + line);
      return std::stoi(line.substr(line.find(':', at) + 1));
    };
    namenode_port_ = port("\"namenode\"");
    datanode_port_ = port("\"datanode\"");
  }
  ~WebHdfsServer() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(namenode_port_); }
  int namenode_port() const { return namenode_port_; }

  // POST /_control/<what> with a JSON body.
  void Control(const std::string& what, const std::string& json = "{}") {
    core::HttpRequest r;
    r.method = "POST";
    r.url = url() + "/_control/" + what;
    r.body = json;
    (void)client_.Send(r);
  }
  std::string Stats() {
    core::HttpRequest r;
    r.url = url() + "/_control/stats";
    auto resp = client_.Send(r);
    return resp.ok() ? resp->body : "";
  }

 private:
  pid_t pid_ = -1;
  int namenode_port_ = 0, datanode_port_ = 0;
  core::HttpClient client_;
};

}  // namespace flowstate::testing

#endif  // FLOWSTATE_TESTS_STORAGE_STORAGE_TEST_UTIL_H_
