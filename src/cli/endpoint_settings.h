// The keys every endpoint section of the settings file shares ([cluster "NAME"] and
// [webhdfs "NAME"]), read one way for both:
//   url                                  http(s)://host:port
//   kerberos = true                      SPNEGO with the host's ticket
//   verify-tls = false, or insecure = true
//   ca-file, client-cert, client-key     PEM files
//   connect-timeout, request-timeout     seconds
//   retries, retry-backoff (seconds), max-response-bytes
// and the bearer token under a key the section names (a cluster's `token`; for WebHDFS,
// whose `token` is a delegation token, `bearer-token`). Unset keys keep the library's
// defaults.
#ifndef FLOWSTATE_SRC_CLI_ENDPOINT_SETTINGS_H_
#define FLOWSTATE_SRC_CLI_ENDPOINT_SETTINGS_H_

#include <optional>
#include <string>
#include <string_view>

#include "cli/command.h"
#include "cli/settings.h"
#include "flowstate/endpoint.hpp"
#include "flowstate/flink.hpp"
#include "flowstate/status.hpp"

namespace flowstate::cli {

// *out <- the endpoint keys of `section`; a value that is not what its key expects is
// INVALID_ARGUMENT at the settings file's path and line.
Status ReadEndpoint(const Settings& settings, const SettingsSection& section,
                    std::string_view bearer_key, Endpoint* out);

// A JobManager's client: `cluster` is its URL, or the name of a [cluster "NAME"] section of
// the settings (url, token, flink-version and the endpoint keys); a `token` given wins over
// the section's, as do `insecure` and `request_timeout_s` (seconds per request).
Result<FlinkClient> ConnectCluster(Context& ctx, const std::string& cluster,
                                   const std::string& token, bool insecure,
                                   std::optional<double> request_timeout_s);

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_ENDPOINT_SETTINGS_H_
