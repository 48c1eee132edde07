// Readers of the files a cluster's configuration comes from, each by the rules of whoever
// reads it for real:
//
//   flink-conf.yaml   Flink 1.x's own line reader (GlobalConfiguration): one `key: value` per
//                     line, split at the first ": ", '#' starts a comment anywhere, quotes are
//                     kept, malformed lines are skipped with a warning. Not YAML.
//   config.yaml       standard YAML (1.19+ optional, the only file in 2.x), nested maps
//                     flattened with '.', read through libyaml with limits.
//   FlinkDeployment / the Kubernetes operator's resources: spec.flinkVersion,
//   FlinkSessionJob   spec.flinkConfiguration, and the keys the operator derives from the
//                     spec (image, service account, resources, replicas, job settings).
//
// Every setting keeps file:line:column of its key and value; problems are diagnostics with
// the same positions.
#ifndef FLOWSTATE_SRC_CONFIG_FILES_H_
#define FLOWSTATE_SRC_CONFIG_FILES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostics.h"
#include "common/enums.h"
#include "common/flink_version.h"
#include "common/status.h"
#include "config/yaml.h"

namespace flowstate::core::config {

// Values are part of the C ABI (FLOWSTATE_CONFIG_FILE_*): append only.
enum class FileFormat : int { FLOWSTATE_ENUM_VALUES_FILE_FORMAT(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(FileFormat) { return enum_type::file_format; }
const char* FileFormatName(FileFormat f);  // "flink-conf.yaml", "config.yaml", "deployment"

// Where a value came from. Values are part of the C ABI (FLOWSTATE_CONFIG_LAYER_*).
enum class Layer : int { FLOWSTATE_ENUM_VALUES_CONFIG_LAYER(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(Layer) { return enum_type::config_layer; }
const char* LayerName(
    Layer layer);  // "default", "cluster-file", "deployment", "script", "override"

struct Origin {
  Layer layer = Layer::kDefault;
  std::string source;                          // file or script name, or the override's label
  int64_t key_line = -1, key_column = -1;      // 1-based; -1 = not known
  int64_t value_line = -1, value_column = -1;  // 1-based; -1 = not known
  int64_t key_offset = -1, key_end = -1;       // byte offsets in a script's source
  int64_t value_offset = -1, value_end = -1;
  std::string detail;  // e.g. "spec.jobManager.resource.memory"
  // From a FlinkSessionJob's spec.flinkConfiguration: the job's own configuration (the
  // operator sends it with the jar run), not the cluster's; the scope rules treat it as they
  // treat the script's SETs.
  bool job_resource = false;

  // "flink-conf.yaml:12", "job.sql:4:5", "default", "override".
  std::string ToString() const;
};

// One write of a key, as written.
struct Setting {
  std::string key;
  std::string value;
  Origin origin;
  bool derived = false;    // written by flowstate for a resource field (not spelled by a user)
  bool yaml_flow = false;  // the value came from standard YAML (lists/maps may be [..]/{..})
  bool reset = false;      // a RESET of `key` (value empty)
  bool reset_all = false;  // a RESET of every key
};

// What a FlinkDeployment's pod templates mount, and the PersistentVolumeClaims in the same
// file: enough to tell whether a file:// directory is shared by every pod.
struct PodStorage {
  // Pods of a role see the mounts and volumes of the common template and of their own.
  enum class Role : uint8_t { kAll, kJobManager, kTaskManager };
  struct Mount {
    Role role = Role::kAll;
    std::string path;    // mountPath
    std::string volume;  // the volume's name
    int64_t line = -1;
  };
  struct Volume {
    Role role = Role::kAll;
    std::string name;
    std::string type;   // "persistentVolumeClaim", "emptyDir", "hostPath", "nfs", ...
    std::string claim;  // persistentVolumeClaim.claimName
    int64_t line = -1;
  };
  struct Claim {
    std::string name;
    std::vector<std::string> access_modes;
    int64_t line = -1;
  };
  bool present = false;       // a FlinkDeployment was read (its pods have no volume unless listed)
  std::vector<Mount> mounts;  // of the flink-main-container
  std::vector<Volume> volumes;  // of the pods
  std::vector<Claim> claims;    // PersistentVolumeClaim documents of the same file
};

struct ConfigFile {
  FileFormat format = FileFormat::kAuto;
  std::string name;
  std::vector<Setting> settings;  // in file order
  Diagnostics diagnostics;        // warnings about skipped lines, duplicate keys, ...
  // The Flink version the file names (a resource's spec.flinkVersion, or the operator's
  // $internal.flink.version), when it names one.
  std::optional<FlinkVersion> flink_version;
  std::string kind;           // resources: FlinkDeployment or FlinkSessionJob
  std::string resource_name;  // resources: metadata.name
  PodStorage pods;            // FlinkDeployment: what its pods mount
};

// Never fails: every problem is a diagnostic (Flink 1.x itself only logs them).
ConfigFile ReadFlinkConf(std::string_view text, std::string_view name);
// PARSE (with line:column) when the YAML is malformed, INVALID_ARGUMENT past a limit.
Result<ConfigFile> ReadConfigYaml(std::string_view text, std::string_view name,
                                  const YamlLimits& limits = {});
// The first FlinkDeployment or FlinkSessionJob in the (multi-document) YAML; NOT_FOUND when
// there is none.
Result<ConfigFile> ReadDeployment(std::string_view text, std::string_view name,
                                  const YamlLimits& limits = {});

// The format a file is in, from its name and, failing that, its content.
FileFormat DetectFormat(std::string_view name, std::string_view text);
Result<ConfigFile> ReadClusterFile(std::string_view text, std::string_view name,
                                   FileFormat format = FileFormat::kAuto,
                                   const YamlLimits& limits = {});

}  // namespace flowstate::core::config

#endif  // FLOWSTATE_SRC_CONFIG_FILES_H_
