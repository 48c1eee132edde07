#include "config/pods.h"

#include <algorithm>
#include <string_view>

#include "common/strings.h"

namespace flowstate::core::config {
namespace {

using Role = PodStorage::Role;

// The local path of a file: URI ("file:///a/b" or "file:/a/b"); "" for any other scheme.
std::string LocalPath(std::string_view uri) {
  if (!StartsWith(uri, "file:")) return "";
  std::string_view rest = uri.substr(5);
  if (StartsWith(rest, "//")) {
    rest = rest.substr(2);
    if (!StartsWith(rest, "/")) return "";  // file://host/path: not a local path
  }
  return StartsWith(rest, "/") ? std::string(rest) : std::string();
}

bool Under(std::string_view path, std::string_view mount) {
  while (mount.size() > 1 && mount.back() == '/') mount.remove_suffix(1);
  if (mount == "/") return true;
  return StartsWith(path, mount) && (path.size() == mount.size() || path[mount.size()] == '/');
}

std::string Join(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string out;
  for (const std::string& i : items) StrAppend(&out, out.empty() ? "" : ", ", i);
  return out;
}

bool Sees(Role pod, Role of) { return of == Role::kAll || of == pod; }

const char* RoleName(Role r) {
  return r == Role::kJobManager ? "JobManager" : r == Role::kTaskManager ? "TaskManager" : "";
}

// How one role's pods hold `path`.
struct Holding {
  enum Kind { kOwnDisk, kShared, kCannotTell } kind = kOwnDisk;
  std::string why;
};

Holding Hold(const PodStorage& pods, Role role, const std::string& path) {
  const PodStorage::Mount* best = nullptr;
  for (const PodStorage::Mount& m : pods.mounts) {
    if (!Sees(role, m.role) || !Under(path, m.path)) continue;
    // The deepest mount holds the path; a role's own template beats the common one.
    if (best == nullptr || m.path.size() > best->path.size() ||
        (m.path.size() == best->path.size() && m.role != Role::kAll)) {
      best = &m;
    }
  }
  Holding h;
  if (best == nullptr) {
    h.why = "no volume is mounted there, so each pod writes its own disk";
    return h;
  }
  const PodStorage::Volume* volume = nullptr;
  for (const PodStorage::Volume& v : pods.volumes) {
    if (v.name == best->volume && Sees(role, v.role) &&
        (volume == nullptr || v.role != Role::kAll)) {
      volume = &v;
    }
  }
  const std::string mounted = StrCat("volume ", best->volume, " mounted at ", best->path);
  if (volume == nullptr) {
    h.kind = Holding::kCannotTell;
    h.why = StrCat(mounted, " is not among the pods' volumes in this file");
    return h;
  }
  if (volume->type == "emptyDir" || volume->type == "hostPath") {
    h.why = StrCat(mounted, " is an ", volume->type == "emptyDir" ? "emptyDir" : "hostPath",
                   " volume, which each pod has on its own node");
    return h;
  }
  if (volume->type == "nfs") {
    h.kind = Holding::kShared;
    return h;
  }
  if (volume->type == "persistentVolumeClaim") {
    for (const PodStorage::Claim& c : pods.claims) {
      if (c.name != volume->claim) continue;
      if (std::find(c.access_modes.begin(), c.access_modes.end(), "ReadWriteMany") !=
          c.access_modes.end()) {
        h.kind = Holding::kShared;
        return h;
      }
      h.why = StrCat(mounted, " is claim ", c.name, " (line ", c.line, "), whose access modes (",
                     Join(c.access_modes),
                     ") do not include ReadWriteMany: pods on other nodes cannot mount it");
      return h;
    }
    h.kind = Holding::kCannotTell;
    h.why = StrCat(mounted, " is claim ", volume->claim,
                   ", which is not in this file: whether every pod can mount it (ReadWriteMany) "
                   "cannot be told");
    return h;
  }
  h.kind = Holding::kCannotTell;
  h.why = StrCat(mounted, " is a ", volume->type.empty() ? std::string("volume") : volume->type,
                 " volume: whether every pod shares it cannot be told from the file");
  return h;
}

}  // namespace

std::vector<PodStorageFinding> CheckPodStorage(const EffectiveConfig& config,
                                               const ConfigFile& file) {
  std::vector<PodStorageFinding> out;
  const PodStorage& pods = file.pods;
  if (!pods.present) return out;
  const EffectiveEntry* ha_type = config.Find("high-availability.type");
  const bool ha_on =
      ha_type != nullptr && !ha_type->is_default && !EqualsIgnoreCase(ha_type->normalized, "NONE");
  const EffectiveEntry* replicas = config.Find("kubernetes.jobmanager.replicas");
  int64_t jobmanagers = 1;
  if (replicas != nullptr && replicas->valid) jobmanagers = replicas->typed.integer;

  struct Dir {
    const char* key;
    const char* what;
    bool jobmanager_only;
  };
  static constexpr Dir kDirs[] = {
      {"execution.checkpointing.dir", "checkpoints", false},
      {"execution.checkpointing.savepoint-dir", "savepoints", false},
      {"high-availability.storageDir", "HA metadata", true},
  };
  for (const Dir& dir : kDirs) {
    const EffectiveEntry* e = config.Find(dir.key);
    if (e == nullptr || e->is_default) continue;
    const bool ha = std::string_view(dir.key) == "high-availability.storageDir";
    if (ha && !ha_on) continue;
    const std::string path = LocalPath(e->value);
    if (path.empty()) continue;
    // The JobManager reads what every pod wrote; TaskManagers write checkpoints and savepoints.
    Holding worst;
    worst.kind = Holding::kShared;
    Role worst_role = Role::kAll;
    for (Role role : {Role::kJobManager, Role::kTaskManager}) {
      if (dir.jobmanager_only && role != Role::kJobManager) continue;
      Holding h = Hold(pods, role, path);
      if (h.kind == Holding::kOwnDisk ||
          (h.kind == Holding::kCannotTell && worst.kind == Holding::kShared)) {
        if (worst.kind != Holding::kOwnDisk) {
          worst = std::move(h);
          worst_role = role;
        }
      }
    }
    if (worst.kind == Holding::kShared) continue;
    // Say which pods when only one role's template differs.
    if (!dir.jobmanager_only) {
      const Role other = worst_role == Role::kJobManager ? Role::kTaskManager : Role::kJobManager;
      if (Hold(pods, other, path).kind == Holding::kShared) {
        worst.why = StrCat("in the ", RoleName(worst_role), " pods, ", worst.why);
      }
    }
    PodStorageFinding f;
    f.key = dir.key;
    Diagnostic& d = f.diagnostic;
    d.code = Code::kInvalidArgument;
    d.source = e->origin.source;
    d.line = e->origin.value_line >= 0 ? e->origin.value_line : e->origin.key_line;
    d.column = e->origin.value_line >= 0 ? e->origin.value_column : e->origin.key_column;
    const std::string head = StrCat(e->written_key, " = ", e->value, ": ");
    if (worst.kind == Holding::kCannotTell) {
      d.severity = Severity::kNote;
      d.message =
          StrCat(head, "whether the pods share the ", dir.what, " cannot be told: ", worst.why);
    } else if (ha && jobmanagers > 1) {
      d.severity = Severity::kError;
      d.message = StrCat(head, worst.why, "; with ", jobmanagers,
                         " JobManagers, the one that takes over cannot read the HA metadata the "
                         "leader wrote, and the jobs cannot be recovered. Mount a volume every "
                         "pod shares there (NFS, or a claim with ReadWriteMany)");
    } else {
      d.severity = Severity::kWarning;
      d.message =
          StrCat(head, worst.why, "; a restarted or second JobManager cannot read the ", dir.what,
                 " other pods wrote, so they cannot be restored from. Mount a volume "
                 "every pod shares there (NFS, or a claim with ReadWriteMany)");
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace flowstate::core::config
