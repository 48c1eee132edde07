// Decoding Flink's REST answers, strictly and without trusting them: malformed JSON, wrong
// types and missing required fields are REMOTE errors ("protocol") naming the JSON path
// ($.jobs[3].state); never a crash. Fields a version does not send are left at their
// defaults. Each decoder is a pure function of the body (fuzzed).
#ifndef FLOWSTATE_SRC_FLINK_DECODE_H_
#define FLOWSTATE_SRC_FLINK_DECODE_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "flink/types.h"

namespace flowstate::core::flink {

Result<ClusterOverview> DecodeOverview(std::string_view json);
Result<ClusterConfig> DecodeConfig(std::string_view json);
Result<std::vector<JobOverview>> DecodeJobsOverview(std::string_view json);
Result<JobDetails> DecodeJobDetails(std::string_view json);
Result<std::string> DecodeJobStatus(std::string_view json);  // {"status": "RUNNING"}
Result<JobExceptions> DecodeExceptions(std::string_view json);
Result<CheckpointStats> DecodeCheckpointStats(std::string_view json);
Result<CheckpointEntry> DecodeCheckpointEntry(std::string_view json);
Result<CheckpointConfig> DecodeCheckpointConfig(std::string_view json);
Result<JobConfigInfo> DecodeJobConfig(std::string_view json);  // GET /jobs/{id}/config
// GET /jobmanager/config: [{"key": ..., "value": ...}, ...] in the order given.
Result<std::vector<std::pair<std::string, std::string>>> DecodeConfigurationEntries(
    std::string_view json);
Result<std::string> DecodeTriggerId(std::string_view json);  // {"request-id": "<32 hex>"}
Result<SavepointStatus> DecodeSavepointStatus(std::string_view json);
Result<std::string> DecodeJarUpload(std::string_view json);  // the jar id (basename of filename)
Result<std::vector<std::string>> DecodeJarIds(std::string_view json);  // GET /jars: files[].id
Result<std::string> DecodeJarRun(std::string_view json);               // {"jobid": "<32 hex>"}

// SQL Gateway
Result<std::vector<std::string>> DecodeApiVersions(std::string_view json);  // ["V1", ...]
Result<std::string> DecodeGatewayInfo(std::string_view json);  // {"version": "1.20.0", ...}
Result<std::string> DecodeSessionHandle(std::string_view json);
Result<std::map<std::string, std::string>> DecodeSessionConfig(
    std::string_view json);  // {"properties"}
Result<std::string> DecodeOperationHandle(std::string_view json);
Result<std::string> DecodeOperationStatus(std::string_view json);  // {"status": "RUNNING"}
Result<ResultPage> DecodeResultPage(std::string_view json);

// Flink's error body {"errors": [...]}: the first meaningful line (the exception's message
// without the Java class names and the stack trace) and the whole text. False when the body
// is not one.
bool DecodeErrorBody(std::string_view json, std::string* first_line, std::string* full_text);

// The first meaningful line of a Java exception text: "a.b.FooException: msg\n\tat ..." ->
// "msg"; "Internal server error." followed by the server-side exception gains its message.
std::string MeaningfulLine(std::string_view text);

}  // namespace flowstate::core::flink

#endif  // FLOWSTATE_SRC_FLINK_DECODE_H_
