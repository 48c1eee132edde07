// Whether the directories Flink writes to on a `file://` path are shared by every pod of a
// FlinkDeployment. A checkpoint, savepoint or HA directory on a pod's own disk (no volume
// mounted there, or an emptyDir or hostPath volume) is written by each pod for itself: a
// restarted or second JobManager cannot read what another pod wrote, so nothing can be
// restored from it. A volume backed by a PersistentVolumeClaim is shared when the claim allows
// ReadWriteMany; an NFS volume is shared.
//
// Thread-safety: pure functions.
#ifndef FLOWSTATE_SRC_CONFIG_PODS_H_
#define FLOWSTATE_SRC_CONFIG_PODS_H_

#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "config/effective.h"
#include "config/files.h"

namespace flowstate::core::config {

struct PodStorageFinding {
  std::string key;  // the option's registry key
  Diagnostic diagnostic;
};

// One finding per `file://` directory of the effective configuration (checkpoints, savepoints,
// HA storage) that the pods of `file`'s FlinkDeployment do not share, or whose sharing cannot
// be told from the file (a claim defined elsewhere, a volume type flowstate does not know).
// HA storage on a pod's own disk is an error when more than one JobManager runs; everything
// else a warning, or a note when it cannot tell. Nothing when `file` has no pods.
std::vector<PodStorageFinding> CheckPodStorage(const EffectiveConfig& config,
                                               const ConfigFile& file);

}  // namespace flowstate::core::config

#endif  // FLOWSTATE_SRC_CONFIG_PODS_H_
