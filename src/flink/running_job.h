// What a running job really has, fetched from its JobManager for the comparison with an
// explanation (config/running.h): its checkpoint configuration, its job configuration and the
// cluster's configuration, and, given the storage, how many completed checkpoints of the job
// its checkpoint directory holds. Checkpointing off (404 from /checkpoints/config) is an
// answer, not an error; any other failure of the JobManager is. Storage that cannot be read
// is not: the count is left out and the reason kept (the REST answers still compare).
#ifndef FLOWSTATE_SRC_FLINK_RUNNING_JOB_H_
#define FLOWSTATE_SRC_FLINK_RUNNING_JOB_H_

#include <string_view>

#include "common/cancel.h"
#include "common/status.h"
#include "config/running.h"
#include "flink/client.h"
#include "storage/storage.h"

namespace flowstate::core::flink {

struct RunningJobOptions {
  // Where the job's checkpoints are read to count them (the directory of the latest completed
  // checkpoint the JobManager reports); nullptr: not counted.
  storage::Storage* storage = nullptr;
  // Bounds every request (REST and storage); progress phases "fetch" (of 4) and the
  // storage scan's ("check").
  OperationContext context;
};

Result<config::RunningJob> FetchRunningJob(RestClient& client, std::string_view job_id,
                                           const RunningJobOptions& options = {});

}  // namespace flowstate::core::flink

#endif  // FLOWSTATE_SRC_FLINK_RUNNING_JOB_H_
