/** @file
 * flowstate/endpoint.h: how the library reaches an HTTP service.
 *
 * One struct for every HTTP service flowstate talks to: a JobManager and a SQL Gateway
 * (flowstate_flink_options), a WebHDFS NameNode (flowstate_webhdfs_options). Each of those
 * embeds a flowstate_endpoint by value, and its _init sets the defaults for that service.
 * Strings are copied by the call that takes the options; NULL means none.
 */
#ifndef FLOWSTATE_ENDPOINT_H
#define FLOWSTATE_ENDPOINT_H

#include "flowstate/common.h"

FLOWSTATE_BEGIN_DECLS

#define FLOWSTATE_ENDPOINT_VERSION 1
typedef struct flowstate_endpoint {
  unsigned int version; /**< FLOWSTATE_ENDPOINT_VERSION */
  const char *url;      /**< http(s)://host:port, optionally with a path prefix (required) */
  /** authentication */
  const char *bearer_token;        /**< Authorization: Bearer ...; NULL: none */
  const char *const *header_names; /**< extra headers sent with every request */
  const char *const *header_values;
  size_t header_count;
  int kerberos; /**< 1: SPNEGO with the host's Kerberos ticket */
  /** TLS */
  int verify_tls;                                 /**< verify certificate and host name */
  const char *ca_file, *client_cert, *client_key; /**< PEM files; NULL: none */
  /** timeouts and limits */
  int64_t connect_timeout_ms;
  int64_t timeout_ms; /**< per request, the whole exchange */
  uint64_t max_response_bytes;
  int retries;              /**< of idempotent requests after a transport failure */
  int64_t retry_backoff_ms; /**< before the first retry, doubled per attempt */
} flowstate_endpoint;

/** The defaults of a JobManager or SQL Gateway: verify TLS, connect in 5 s, 30 s per request,
 * answers up to 32 MiB, 2 retries from 50 ms. */
#define FLOWSTATE_ENDPOINT_INIT                                                                 \
  {                                                                                             \
    FLOWSTATE_ENDPOINT_VERSION, NULL, NULL, NULL, NULL, 0, 0, 1, NULL, NULL, NULL, 5000, 30000, \
        33554432u, 2, 50                                                                        \
  }
/** Sets *out to FLOWSTATE_ENDPOINT_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_endpoint_init(flowstate_endpoint *out);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_ENDPOINT_H */
