// A small blocking HTTP client over libcurl, shared by the WebHDFS file system and the
// Flink REST client: connection reuse through a pool of handles, TLS verification on by
// default, bounded response bodies, and transport failures as typed errors (UNAVAILABLE for
// a connection that fails or drops, TIMEOUT when the deadline passes, REMOTE for a broken
// or oversized response). Redirects are not followed: callers decide.
//
// Every exchange is bounded by the operation in force on its thread (CurrentContext(), set
// by a ContextScope): its timeout is cut to the deadline's remaining time (TIMEOUT naming
// the deadline), and with a cancellation token it is polled in 20 ms slices and abandoned
// (CANCELLED) as soon as the token fires.
//
// Thread-safety: Send() may be called from several threads at once.
#ifndef FLOWSTATE_SRC_HTTP_HTTP_H_
#define FLOWSTATE_SRC_HTTP_HTTP_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace flowstate::core {

struct TlsOptions {
  bool verify = true;       // verify the server's certificate and host name
  std::string ca_file;      // PEM bundle; empty: the system's
  std::string client_cert;  // PEM; empty: none
  std::string client_key;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int64_t connect_timeout_ms = 5000;
  int64_t timeout_ms = 30000;  // the whole exchange
  uint64_t max_response_bytes = 64ull << 20;
  bool negotiate = false;  // SPNEGO (Kerberos) through GSS-API
  TlsOptions tls;
  // Multipart form upload of one file (for jar uploads): field name, file name, content.
  std::string form_field, form_filename, form_content_type;
};

// Where a service is and how to reach it: authentication, TLS, timeouts, limits and retries.
// One description for every HTTP service the library talks to (a JobManager, a SQL Gateway,
// a WebHDFS NameNode); each client's options extend it and set their own defaults.
struct Endpoint {
  std::string url;           // http(s)://host:port, optionally with a path prefix (a proxy)
  std::string bearer_token;  // Authorization: Bearer <token>
  std::vector<std::pair<std::string, std::string>> headers;  // sent with every request
  bool kerberos = false;                                     // SPNEGO with the host's ticket
  TlsOptions tls;
  int64_t connect_timeout_ms = 5000;
  int64_t timeout_ms = 30000;  // per request, the whole exchange
  uint64_t max_response_bytes = 32ull << 20;
  int retries = 2;                // idempotent requests after a transport failure
  int64_t retry_backoff_ms = 50;  // before the first retry, doubled per attempt

  // A request to `url` carrying this endpoint's headers, authentication, TLS and limits.
  HttpRequest Request(std::string method, std::string url) const;
  // INVALID_ARGUMENT naming the field (prefixed by `what`) for a value no request can use.
  Status Validate(std::string_view what) const;
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Any HTTP status is a response (the caller interprets it); only transport failures are
  // errors. Error messages name the method and the URL with secrets redacted.
  Result<HttpResponse> Send(const HttpRequest& request);

  // Many requests at once over libcurl's multi interface, at most `max_parallel` in flight;
  // one result per request, in order. The multi handle and its connections are kept for the
  // next call (a pool of them, one per concurrent caller): a round of requests to the same
  // servers opens no new connection while the servers keep theirs open.
  std::vector<Result<HttpResponse>> SendAll(const std::vector<HttpRequest>& requests,
                                            size_t max_parallel = 64);

  // Requests sent so far (attempts that reached the transport), for benchmarks and tests.
  uint64_t request_count() const { return requests_.load(); }
  // New connections opened so far (TCP connects, each with its TLS handshake over HTTPS).
  uint64_t connection_count() const { return connects_.load(); }

 private:
  struct MultiSlot;
  void* Acquire();
  void Release(void* handle);
  MultiSlot* AcquireMulti();
  void ReleaseMulti(MultiSlot* slot);
  std::mutex mu_;
  std::vector<void*> idle_;  // CURL* easy handles, each with its connection cache
  std::vector<std::unique_ptr<MultiSlot>> idle_multis_;  // each with its connection cache
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> connects_{0};
};

// Percent-encodes everything but unreserved characters (and '/' when keep_slash).
std::string UrlEncode(std::string_view s, bool keep_slash);

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_HTTP_HTTP_H_
