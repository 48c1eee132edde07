// What a submission sends: the runner's arguments from its template, the job-level
// configuration of a script for the cluster's version, and the checks made before anything
// is sent (a script the gateway cannot run, a configuration a version cannot take).
//
// The runner's argument template is whitespace-separated words; each word may hold
// placeholders, replaced whole (a value with spaces stays one argument):
//   {script_base64}  the script with its secrets resolved, base64 (RFC 4648)
//   {script}         the same as text
//   {config_json}    the job-level configuration as a JSON object of strings
//   {job_id}         the Flink job id chosen for this start attempt (32 hex)
//   {job_name}       the job's pipeline.name
// "{{" and "}}" are literal braces. The default is kDefaultRunnerArgs.
//
// Thread-safety: functions only.
#ifndef FLOWSTATE_SRC_JOB_SUBMIT_H_
#define FLOWSTATE_SRC_JOB_SUBMIT_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/flink_version.h"
#include "common/status.h"
#include "config/effective.h"

namespace flowstate::core::job {

inline constexpr const char* kDefaultRunnerArgs =
    "--script-base64 {script_base64} --config-json {config_json}";

struct RunnerValues {
  std::string script;  // secrets resolved
  std::map<std::string, std::string> config;
  std::string job_id, job_name;
};

// The arguments of a jar run of the runner; INVALID_ARGUMENT naming an unknown placeholder or
// an unclosed brace, with its column in the template.
Result<std::vector<std::string>> ExpandRunnerArgs(std::string_view tmpl, const RunnerValues& v);
// Whether the template passes the configuration on (needed before 1.17: the jar run takes no
// flinkConfiguration then).
bool PassesConfig(std::string_view tmpl);

std::string Base64(std::string_view bytes);
// A fingerprint of a file's bytes (not a secure hash): a changed runner is uploaded again.
std::string Fingerprint(std::string_view bytes);

// The job-level configuration a submission sends: the script's SETs over the cluster's
// defaults, with `overrides` (pipeline.name, the job's directories) last, each under the
// version's own name of the key. Reasons for what cannot take effect go to `notes`; a value
// the version refuses is INVALID_ARGUMENT with its line and column.
Result<std::map<std::string, std::string>> SubmissionConfig(
    std::string_view script, FlinkVersion version, config::Deployment deployment,
    config::Submitter submitter, const std::vector<std::pair<std::string, std::string>>& overrides,
    std::vector<std::string>* notes);

// Statements of Dinky's that only its runner (a jar run) can execute: EXECUTE CDCSOURCE, JAR,
// PIPELINE. The first one's line, or 0 for none.
int64_t DinkyExtensionLine(std::string_view script, std::string* which);

// What the SQL Gateway is sent for a script, in order: every statement but SET and RESET
// (their values go into the session's configuration), a statement set whole. A script must
// yield exactly one Flink job (one INSERT, or one statement set): otherwise INVALID_ARGUMENT
// naming the lines of the jobs it would start (or saying it starts none). Dinky's extensions
// are UNSUPPORTED there, naming their line: only a runner executes them.
Result<std::vector<std::string>> GatewayStatements(std::string_view script);

}  // namespace flowstate::core::job

#endif  // FLOWSTATE_SRC_JOB_SUBMIT_H_
