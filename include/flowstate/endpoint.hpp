/// @file
/// flowstate/endpoint.hpp: how the library reaches an HTTP service (flowstate_endpoint).
#ifndef FLOWSTATE_ENDPOINT_HPP
#define FLOWSTATE_ENDPOINT_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "flowstate/endpoint.h"

namespace flowstate {

/// A JobManager, SQL Gateway or WebHDFS NameNode. Unset values take the defaults of the
/// service's options (flowstate_flink_options_init, flowstate_webhdfs_options_init).
struct Endpoint {
  std::string url;  ///< http(s)://host:port (required)
  std::string bearer_token;
  std::vector<std::pair<std::string, std::string>> headers;  ///< sent with every request
  std::optional<bool> kerberos;                              ///< SPNEGO with the host's ticket
  std::optional<bool> verify_tls;
  std::string ca_file, client_cert, client_key;  ///< PEM files; empty: none
  std::optional<int64_t> connect_timeout_ms, timeout_ms;
  std::optional<uint64_t> max_response_bytes;
  std::optional<int> retries;
  std::optional<int64_t> retry_backoff_ms;
};

namespace detail {
/// Sets what `e` sets in `c` (which holds its service's defaults). `c` then points into `e`
/// and into this object, which must outlive its use and stay where it is.
class EndpointC {
 public:
  EndpointC(const Endpoint& e, flowstate_endpoint* c) {
    auto opt = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
    c->url = e.url.c_str();
    c->bearer_token = opt(e.bearer_token);
    for (const auto& [k, v] : e.headers) {
      names_.push_back(k.c_str());
      values_.push_back(v.c_str());
    }
    c->header_names = names_.data();
    c->header_values = values_.data();
    c->header_count = names_.size();
    if (e.kerberos) c->kerberos = *e.kerberos ? 1 : 0;
    if (e.verify_tls) c->verify_tls = *e.verify_tls ? 1 : 0;
    c->ca_file = opt(e.ca_file);
    c->client_cert = opt(e.client_cert);
    c->client_key = opt(e.client_key);
    if (e.connect_timeout_ms) c->connect_timeout_ms = *e.connect_timeout_ms;
    if (e.timeout_ms) c->timeout_ms = *e.timeout_ms;
    if (e.max_response_bytes) c->max_response_bytes = *e.max_response_bytes;
    if (e.retries) c->retries = *e.retries;
    if (e.retry_backoff_ms) c->retry_backoff_ms = *e.retry_backoff_ms;
  }
  EndpointC(const EndpointC&) = delete;
  EndpointC& operator=(const EndpointC&) = delete;

 private:
  std::vector<const char*> names_, values_;
};
}  // namespace detail

}  // namespace flowstate

#endif  // FLOWSTATE_ENDPOINT_HPP
