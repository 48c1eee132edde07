// flowstate's own JSON form of what Flink answered: one stable shape for every Flink version
// (snake_case keys, -1 / "" normalised to null), used by the C ABI, the bindings and the CLI.
#ifndef FLOWSTATE_SRC_FLINK_JSON_OUT_H_
#define FLOWSTATE_SRC_FLINK_JSON_OUT_H_

#include <string>
#include <vector>

#include "common/status.h"
#include "flink/client.h"
#include "flink/types.h"

namespace flowstate::core::flink {

std::string ToJson(const ClusterOverview& v);
std::string ToJson(const ClusterConfig& v);
std::string ToJson(const std::vector<JobOverview>& v);
std::string ToJson(const JobDetails& v);
std::string ToJson(const JobExceptions& v);
std::string ToJson(const CheckpointStats& v);
std::string ToJson(const CheckpointEntry& v);
std::string ToJson(const CheckpointConfig& v);
std::string ToJson(const SavepointStatus& v);
std::string ToJson(const ResultPage& v);
std::string ToJson(const StatementResult& v);

// Answers of many clusters or jobs at once (JobsOverviewOfMany, CheckpointsOfMany): an array
// with, per request in order, {"jobs": [...]} / the statistics, or {"error": {"code",
// "message"}} (the message redacted).
std::string ToJson(const std::vector<Result<std::vector<JobOverview>>>& v);
std::string ToJson(const std::vector<Result<CheckpointStats>>& v);

}  // namespace flowstate::core::flink

#endif  // FLOWSTATE_SRC_FLINK_JSON_OUT_H_
