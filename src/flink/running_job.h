// What a running job really has, fetched from its JobManager for the comparison with an
// explanation (config/running.h): its checkpoint configuration, its job configuration and the
// cluster's configuration. Checkpointing off (404 from /checkpoints/config) is an answer, not
// an error; any other failure is.
#ifndef FLOWSTATE_SRC_FLINK_RUNNING_JOB_H_
#define FLOWSTATE_SRC_FLINK_RUNNING_JOB_H_

#include <string_view>

#include "common/status.h"
#include "config/running.h"
#include "flink/client.h"

namespace flowstate::core::flink {

// Three GETs; the client's own timeouts and retries apply to each.
Result<config::RunningJob> FetchRunningJob(RestClient& client, std::string_view job_id);

}  // namespace flowstate::core::flink

#endif  // FLOWSTATE_SRC_FLINK_RUNNING_JOB_H_
