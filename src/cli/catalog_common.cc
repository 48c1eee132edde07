#include "cli/catalog_common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iomanip>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/endpoint_settings.h"
#include "cli/format.h"
#include "cli/input.h"
#include "cli/json.h"
#include "cli/settings.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace flowstate::cli {

void AddCatalogOption(CLI::App* cmd, CatalogArgs& a) {
  cmd->add_option("--catalog", a.path,
                  "The catalog file (default: [catalog] path in the settings, else "
                  "$XDG_DATA_HOME/flowstate/catalog.db)");
}

Result<std::string> CatalogPath(Context& ctx, const CatalogArgs& a) {
  if (!a.path.empty()) return a.path;
  Result<const Settings*> settings = ctx.settings();
  if (!settings.ok()) return settings.status();
  if (const SettingsSection* s = (*settings)->Section("catalog")) {
    std::string p = s->Get("path");
    if (!p.empty()) return p;
  }
  std::string dir = Settings::DefaultDataDir();
  if (dir.empty()) {
    return Status(ErrorCode::invalid_argument,
                  "cannot tell where the catalog lives: give --catalog FILE (neither "
                  "XDG_DATA_HOME nor HOME is set)");
  }
  return dir + "/catalog.db";
}

Result<Catalog> OpenCatalog(Context& ctx, const CatalogArgs& a, bool write) {
  Result<std::string> path = CatalogPath(ctx, a);
  if (!path.ok()) return path.status();
  CatalogOptions o;
  o.create = write;
  o.read_only = !write;
  return Catalog::open(*path, o);
}

Result<FileSecrets> FileSecrets::Open(Context& ctx, const CatalogArgs& a) {
  FileSecrets f;
  Result<const Settings*> settings = ctx.settings();
  if (!settings.ok()) return settings.status();
  const SettingsSection* s = (*settings)->Section("catalog");
  f.path_ = s != nullptr ? s->Get("secrets") : std::string();
  if (f.path_.empty()) {
    Result<std::string> cat = CatalogPath(ctx, a);
    if (!cat.ok()) return cat.status();
    f.path_ = *cat + ".secrets";
  }
  Status st = f.Load();
  if (!st.ok()) return st;
  return f;
}

SecretStore FileSecrets::Store() {
  SecretStore s;
  s.put = [this](std::string_view name, std::string_view value) {
    values_[std::string(name)] = std::string(value);
    return Save();
  };
  s.get = [this](std::string_view name) -> Result<std::string> {
    auto it = values_.find(std::string(name));
    if (it == values_.end()) {
      return Status(ErrorCode::not_found, "no secret '" + std::string(name) + "' in " + path_);
    }
    return it->second;
  };
  s.remove = [this](std::string_view name) {
    if (values_.erase(std::string(name)) == 0) return Status();
    return Save();
  };
  return s;
}

Status FileSecrets::Load() {
  Result<std::string> text = ReadInput(path_);
  if (!text.ok()) {
    if (text.status().code() == ErrorCode::not_found || access(path_.c_str(), F_OK) != 0) {
      return Status();
    }
    return text.status();
  }
  rapidjson::Document doc;
  doc.Parse(text->data(), text->size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return Status(ErrorCode::corrupt, path_ + ": not a secrets file (a JSON object of strings)");
  }
  for (auto& m : doc.GetObject()) {
    if (!m.value.IsString()) {
      return Status(ErrorCode::corrupt, path_ + ": the value of '" +
                                            std::string(m.name.GetString()) + "' is not a string");
    }
    values_[m.name.GetString()] = std::string(m.value.GetString(), m.value.GetStringLength());
  }
  return Status();
}

Status FileSecrets::Save() const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (const auto& [k, v] : values_) {
    w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  w.EndObject();
  const std::string tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status(ErrorCode::io, "cannot write " + tmp + ": " + std::strerror(errno));
  }
  const char* p = buf.GetString();
  size_t left = buf.GetSize();
  bool ok = true;
  while (left > 0 && ok) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) {
      p += n;
      left -= static_cast<size_t>(n);
    }
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path_.c_str()) != 0) {
    const int e = ok ? errno : saved;
    ::unlink(tmp.c_str());
    return Status(ErrorCode::io, "cannot write " + path_ + ": " + std::strerror(e));
  }
  return Status();
}

Status SyncCluster(Context& ctx, Catalog& cat, const std::string& name) {
  if (name.empty()) return Status();
  Result<const Settings*> settings = ctx.settings();
  if (!settings.ok()) return settings.status();
  const SettingsSection* s = (*settings)->Section("cluster", name);
  if (s == nullptr) {
    if (cat.get_cluster(name).ok()) return Status();
    return Status(ErrorCode::not_found, "unknown cluster '" + name +
                                            "': describe it in the settings file as [cluster \"" +
                                            name +
                                            "\"] with url, flink-version and checkpoint-dir");
  }
  ClusterInfo k;
  k.name = name;
  k.rest_url = s->Get("url");
  k.sql_gateway_url = s->Get("sql-gateway");
  k.flink_version = s->Get("flink-version");
  k.checkpoint_dir = s->Get("checkpoint-dir");
  k.savepoint_dir = s->Get("savepoint-dir");
  k.storage = s->Get("storage");
  const std::string deployment = s->Get("deployment");
  if (!deployment.empty()) {
    Result<Deployment> d =
        ParseEnumOption<Deployment>("[cluster \"" + name + "\"] deployment", deployment);
    if (!d.ok()) return d.status();
    k.deployment = *d;
  }
  k.runner_jar = s->Get("runner-jar");
  k.runner_entry_class = s->Get("runner-class");
  k.runner_args = s->Get("runner-args");
  return cat.put_cluster(k).status();
}

// ---- records as JSON and text ---------------------------------------------------------

rapidjson::Value OptInt(int64_t v) {
  return v < 0 ? rapidjson::Value(rapidjson::kNullType) : rapidjson::Value(v);
}

rapidjson::Value JobJson(const JobInfo& j, rapidjson::Document::AllocatorType& al,
                         bool with_script) {
  rapidjson::Value o = ToJson(j, al);
  if (!with_script) o.RemoveMember("script");
  return o;
}

rapidjson::Value RecordsJson(const std::vector<SnapshotRecord>& rs,
                             rapidjson::Document::AllocatorType& al) {
  rapidjson::Value a(rapidjson::kArrayType);
  for (const SnapshotRecord& r : rs) a.PushBack(ToJson(r, al), al);
  return a;
}

void PrintRecords(std::ostream& out, const std::vector<SnapshotRecord>& rs, bool notes) {
  out << std::left << std::setw(7) << "ID" << std::setw(11) << "KIND" << std::setw(23) << "ORIGIN"
      << std::setw(10) << "STATE" << std::setw(8) << "CHK" << std::setw(21) << "COMPLETED (UTC)"
      << "PATH\n";
  for (const SnapshotRecord& r : rs) {
    out << std::left << std::setw(7) << r.id << std::setw(11) << to_string(r.kind) << std::setw(23)
        << to_string(r.origin) << std::setw(10) << to_string(r.state) << std::setw(8)
        << (r.checkpoint_id >= 0 ? std::to_string(r.checkpoint_id) : "-") << std::setw(21)
        << Utc(r.completion_ms) << r.path << "\n";
    if (notes && !r.note.empty()) out << "       " << r.note << "\n";
  }
}

Result<RestoreStrategy> ParseStrategy(const std::string& s) {
  return ParseEnumOption<RestoreStrategy>("the restore strategy", s);
}

// "/warehouse/cdc/emp" -> {"/warehouse/cdc", "emp"}
Result<std::pair<std::string, std::string>> SplitJobPath(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  const size_t slash = p.rfind('/');
  if (p.empty() || p[0] != '/' || slash == std::string::npos || slash + 1 >= p.size()) {
    return Status(ErrorCode::invalid_argument,
                  "a job is named by its path, such as /warehouse/cdc/emp, not '" + path + "'");
  }
  return std::make_pair(slash == 0 ? std::string("/") : p.substr(0, slash), p.substr(slash + 1));
}

ClusterResolver SettingsResolver(Context& ctx) {
  return [&ctx](const std::string& cluster, Endpoint& e) -> Status {
    Result<const Settings*> settings = ctx.settings();
    if (!settings.ok()) return settings.status();
    const SettingsSection* s = (*settings)->Section("cluster", cluster);
    if (s == nullptr) return Status();  // the recorded address, no credentials
    const std::string recorded = e.url;
    if (Status st = ReadEndpoint(**settings, *s, "token", &e); !st.ok()) return st;
    if (e.url.empty()) e.url = recorded;
    return Status();
  };
}

Result<OpenedLifecycle> OpenLifecycle(Context& ctx, Catalog& cat, const StorageArgs& storage,
                                      const SecretStore* secrets) {
  Result<Storage> s = MakeStorage(ctx, storage);
  if (!s.ok()) return s.status();
  LifecycleOptions lo;
  lo.resolve_cluster = SettingsResolver(ctx);
  lo.secrets = secrets;
  Result<Lifecycle> life = Lifecycle::open(cat, &*s, lo);  // borrows the storage's C handle
  if (!life.ok()) return life.status();
  return OpenedLifecycle{std::move(*s), std::move(*life)};
}

}  // namespace flowstate::cli
