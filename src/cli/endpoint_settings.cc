#include "cli/endpoint_settings.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace flowstate::cli {

namespace {

Status Bad(const Settings& settings, const SettingsEntry& e, const char* expected) {
  return Status(ErrorCode::invalid_argument, settings.path() + ":" + std::to_string(e.line) + ": " +
                                                 e.key + " = '" + e.value + "': expected " +
                                                 expected);
}

Status Bool(const Settings& settings, const SettingsEntry& e, bool* out) {
  const std::string& v = e.value;
  if (v == "true" || v == "yes" || v == "on" || v == "1") {
    *out = true;
  } else if (v == "false" || v == "no" || v == "off" || v == "0") {
    *out = false;
  } else {
    return Bad(settings, e, "true or false");
  }
  return Status();
}

// Seconds (a decimal, > 0 unless zero_ok) as whole milliseconds.
Status Millis(const Settings& settings, const SettingsEntry& e, bool zero_ok, int64_t* out) {
  char* end = nullptr;
  double s = std::strtod(e.value.c_str(), &end);
  if (e.value.empty() || end == nullptr || *end != '\0' || !std::isfinite(s) || s < 0 ||
      (s == 0 && !zero_ok) || s > 1e9) {
    return Bad(settings, e, zero_ok ? "seconds, 0 or more" : "seconds, more than 0");
  }
  *out = static_cast<int64_t>(std::llround(s * 1000));
  return Status();
}

Status Count(const Settings& settings, const SettingsEntry& e, uint64_t max, uint64_t* out) {
  char* end = nullptr;
  if (e.value.empty() || e.value[0] == '-') return Bad(settings, e, "a whole number");
  unsigned long long v = std::strtoull(e.value.c_str(), &end, 10);
  if (end == nullptr || *end != '\0' || v > max) return Bad(settings, e, "a whole number");
  *out = v;
  return Status();
}

}  // namespace

Status ReadEndpoint(const Settings& settings, const SettingsSection& s, std::string_view bearer_key,
                    Endpoint* out) {
  out->url = s.Get("url");
  if (const SettingsEntry* e = s.Find(bearer_key)) out->bearer_token = e->value;
  if (const SettingsEntry* e = s.Find("ca-file")) out->ca_file = e->value;
  if (const SettingsEntry* e = s.Find("client-cert")) out->client_cert = e->value;
  if (const SettingsEntry* e = s.Find("client-key")) out->client_key = e->value;
  bool b = false;
  if (const SettingsEntry* e = s.Find("kerberos")) {
    if (Status st = Bool(settings, *e, &b); !st.ok()) return st;
    out->kerberos = b;
  }
  if (const SettingsEntry* e = s.Find("verify-tls")) {
    if (Status st = Bool(settings, *e, &b); !st.ok()) return st;
    out->verify_tls = b;
  }
  if (const SettingsEntry* e = s.Find("insecure")) {
    if (Status st = Bool(settings, *e, &b); !st.ok()) return st;
    if (b) out->verify_tls = false;
  }
  int64_t ms = 0;
  if (const SettingsEntry* e = s.Find("connect-timeout")) {
    if (Status st = Millis(settings, *e, false, &ms); !st.ok()) return st;
    out->connect_timeout_ms = ms;
  }
  if (const SettingsEntry* e = s.Find("request-timeout")) {
    if (Status st = Millis(settings, *e, false, &ms); !st.ok()) return st;
    out->timeout_ms = ms;
  }
  if (const SettingsEntry* e = s.Find("retry-backoff")) {
    if (Status st = Millis(settings, *e, true, &ms); !st.ok()) return st;
    out->retry_backoff_ms = ms;
  }
  uint64_t n = 0;
  if (const SettingsEntry* e = s.Find("retries")) {
    if (Status st = Count(settings, *e, 100, &n); !st.ok()) return st;
    out->retries = static_cast<int>(n);
  }
  if (const SettingsEntry* e = s.Find("max-response-bytes")) {
    if (Status st = Count(settings, *e, UINT64_MAX, &n); !st.ok()) return st;
    out->max_response_bytes = n;
  }
  return Status();
}

Result<FlinkClient> ConnectCluster(Context& ctx, const std::string& cluster,
                                   const std::string& token, bool insecure,
                                   std::optional<double> request_timeout_s) {
  FlinkOptions o;
  if (cluster.find("://") != std::string::npos) {
    o.endpoint.url = cluster;
  } else {
    Result<const Settings*> settings = ctx.settings();
    if (!settings.ok()) return settings.status();
    const SettingsSection* s = (*settings)->Section("cluster", cluster);
    if (s == nullptr) {
      return Status(ErrorCode::not_found, "no cluster '" + cluster +
                                              "': give its URL, or describe it in the "
                                              "settings file as [cluster \"" +
                                              cluster + "\"] with url = ...");
    }
    if (Status st = ReadEndpoint(**settings, *s, "token", &o.endpoint); !st.ok()) return st;
    if (o.endpoint.url.empty()) {
      return Status(ErrorCode::invalid_argument, (*settings)->path() + ":" +
                                                     std::to_string(s->line) + ": [cluster \"" +
                                                     cluster + "\"] has no url");
    }
    o.flink_version = s->Get("flink-version");
  }
  if (!token.empty()) o.endpoint.bearer_token = token;
  if (insecure) o.endpoint.verify_tls = false;
  if (request_timeout_s) o.endpoint.timeout_ms = static_cast<int64_t>(*request_timeout_s * 1000);
  return FlinkClient::create(o);
}

}  // namespace flowstate::cli
