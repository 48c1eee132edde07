#include "http/http.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>

#include "common/cancel.h"
#include "common/log.h"
#include "common/redact.h"
#include "common/strings.h"

namespace flowstate::core {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  std::string* body;
  uint64_t limit;
  bool overflow = false;
};

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t bytes = size * n;
  if (sink->body->size() + bytes > sink->limit) {
    sink->overflow = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  sink->body->append(data, bytes);
  return bytes;
}

size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string_view line(data, size * n);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name = AsciiLower(StripAsciiWhitespace(line.substr(0, colon)));
    (*headers)[name] = std::string(StripAsciiWhitespace(line.substr(colon + 1)));
  } else if (StartsWith(line, "HTTP/")) {
    headers->clear();  // a new response (after 100-continue)
  }
  return size * n;
}

struct ReadState {
  const std::string* body;
  size_t pos = 0;
};

size_t ReadBody(char* out, size_t size, size_t n, void* user) {
  auto* st = static_cast<ReadState*>(user);
  size_t take = std::min(size * n, st->body->size() - st->pos);
  std::memcpy(out, st->body->data() + st->pos, take);
  st->pos += take;
  return take;
}

}  // namespace

std::string UrlEncode(std::string_view s, bool keep_slash) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/');
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A multi handle with the easy handles that ran on it. Its connection cache outlives the
// transfers: the next caller that takes the slot reuses what the servers kept open.
struct HttpClient::MultiSlot {
  CURLM* multi = nullptr;
  std::vector<CURL*> spare;
  MultiSlot() : multi(curl_multi_init()) {
    // Idle connections kept between calls (libcurl's default, four per easy handle added,
    // would shrink to nothing as the last transfers of a call are removed).
    if (multi != nullptr) curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 256L);
  }
  ~MultiSlot() {
    for (CURL* c : spare) curl_easy_cleanup(c);
    if (multi != nullptr) curl_multi_cleanup(multi);
  }
  MultiSlot(const MultiSlot&) = delete;
  MultiSlot& operator=(const MultiSlot&) = delete;
  CURL* Easy() {
    if (spare.empty()) return curl_easy_init();
    CURL* c = spare.back();
    spare.pop_back();
    curl_easy_reset(c);
    return c;
  }
};

HttpClient::HttpClient() { GlobalInit(); }

HttpClient::~HttpClient() {
  idle_multis_.clear();
  for (void* h : idle_) curl_easy_cleanup(static_cast<CURL*>(h));
}

HttpClient::MultiSlot* HttpClient::AcquireMulti() {
  {
    std::lock_guard lock(mu_);
    if (!idle_multis_.empty()) {
      MultiSlot* slot = idle_multis_.back().release();
      idle_multis_.pop_back();
      return slot;
    }
  }
  auto slot = std::make_unique<MultiSlot>();
  return slot->multi == nullptr ? nullptr : slot.release();
}

void HttpClient::ReleaseMulti(MultiSlot* slot) {
  std::unique_ptr<MultiSlot> owned(slot);
  std::lock_guard lock(mu_);
  if (idle_multis_.size() < 8) idle_multis_.push_back(std::move(owned));
}

void* HttpClient::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      void* h = idle_.back();
      idle_.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void HttpClient::Release(void* handle) {
  curl_easy_reset(static_cast<CURL*>(handle));  // keeps the connection cache
  std::lock_guard lock(mu_);
  if (idle_.size() < 16) {
    idle_.push_back(handle);
    return;
  }
  curl_easy_cleanup(static_cast<CURL*>(handle));
}

// One request's transfer state on an easy handle: set up, performed (alone or in a multi
// handle), then turned into a response or a typed error.
// OpenSSL's words for a TLS handshake answered in plain HTTP ("HTTP/1.1 400 ..." read as a
// TLS record).
static bool SpeaksPlainHttp(const char* error) {
  const std::string_view e(error);
  return e.find("wrong version number") != std::string_view::npos ||
         e.find("packet length too long") != std::string_view::npos ||
         e.find("http request") != std::string_view::npos;
}

class Transfer {
 public:
  // `ctx`: the operation's context (may be null): its deadline bounds the exchange.
  Transfer(const HttpRequest& req, CURL* curl, const OperationContext* ctx)
      : req_(req), curl_(curl) {
    sink_ = Sink{&resp_.body, req.max_response_bytes};
    upload_ = ReadState{&req.body};
    timeout_ms_ = req.timeout_ms;
    connect_ms_ = req.connect_timeout_ms;
    if (ctx != nullptr && !ctx->deadline.is_never()) {
      // At least 1 ms: 0 means "no timeout" to libcurl.
      const int64_t left = std::max<int64_t>(1, ctx->deadline.Remaining().count());
      if (left < timeout_ms_) {
        timeout_ms_ = left;
        by_deadline_ = true;
      }
      connect_ms_ = std::min(connect_ms_, left);
    }
  }
  ~Transfer() {
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);  // the handle may outlive this buffer
    curl_slist_free_all(headers_);
    curl_mime_free(mime_);
  }
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  void Setup() {
    CURL* curl = curl_;
    const HttpRequest& req = req_;
    curl_easy_setopt(curl, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_ms_));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms_));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &WriteBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink_);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &WriteHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &resp_.headers);
    curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, req.tls.verify ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, req.tls.verify ? 2L : 0L);
    if (!req.tls.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, req.tls.ca_file.c_str());
    if (!req.tls.client_cert.empty())
      curl_easy_setopt(curl, CURLOPT_SSLCERT, req.tls.client_cert.c_str());
    if (!req.tls.client_key.empty())
      curl_easy_setopt(curl, CURLOPT_SSLKEY, req.tls.client_key.c_str());
    if (req.negotiate) {
      curl_easy_setopt(curl, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_NEGOTIATE));
      curl_easy_setopt(curl, CURLOPT_USERPWD, ":");
    }
    for (const auto& [k, v] : req.headers)
      headers_ = curl_slist_append(headers_, StrCat(k, ": ", v).c_str());
    headers_ = curl_slist_append(headers_, "Expect:");  // no 100-continue round trip

    if (!req.form_field.empty()) {
      mime_ = curl_mime_init(curl);
      curl_mimepart* part = curl_mime_addpart(mime_);
      curl_mime_name(part, req.form_field.c_str());
      curl_mime_filename(part, req.form_filename.c_str());
      curl_mime_data(part, req.body.data(), req.body.size());
      if (!req.form_content_type.empty()) curl_mime_type(part, req.form_content_type.c_str());
      curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime_);
    } else if (req.method == "GET") {
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else if (req.method == "HEAD") {
      curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req.method.c_str());
      if (req.method == "PUT" || req.method == "POST" || req.method == "PATCH") {
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, &ReadBody);
        curl_easy_setopt(curl, CURLOPT_READDATA, &upload_);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
      }
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers_);
  }

  Result<HttpResponse> Finish(CURLcode rc) {
    const HttpRequest& req = req_;
    const std::string where = StrCat(req.method, " ", RedactText(req.url));
    if (rc != CURLE_OK) {
      std::string what = curl_easy_strerror(rc);
      Log(LogLevel::kDebug, "http", where, " failed: ", what);
      switch (rc) {
        case CURLE_OPERATION_TIMEDOUT:
          if (by_deadline_) {
            return Status::Timeout(
                StrCat(where, ": the operation's deadline passed while waiting for the answer (",
                       timeout_ms_, " ms were left)"));
          }
          return Status::Timeout(
              StrCat(where, ": no complete answer within ", req.timeout_ms, " ms"));
        case CURLE_WRITE_ERROR:
          if (sink_.overflow) {
            return Status::Remote(
                StrCat(where, ": response larger than ", req.max_response_bytes, " bytes"));
          }
          return Status::Io(StrCat(where, ": ", what));
        case CURLE_PARTIAL_FILE:
          // The connection went after the headers: as unavailable as one that dropped before
          // them, and retried where the call may be.
          return Status::Unavailable(StrCat(where,
                                            ": the connection closed in the middle of the answer (",
                                            resp_.body.size(), " bytes of its body arrived)"));
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_GOT_NOTHING:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
          return Status::Unavailable(StrCat(where, ": ", what));
        case CURLE_SEND_FAIL_REWIND:
          // A reused connection closed without an answer and curl would send the body again:
          // it is not (no request is repeated blindly), and whether the first one arrived is
          // unknown, as for any connection that dropped.
          return Status::Unavailable(
              StrCat(where,
                     ": the connection closed without an answer (the request may have "
                     "arrived)"));
        case CURLE_SSL_CONNECT_ERROR:
          if (SpeaksPlainHttp(error_)) {
            return Status::Unavailable(
                StrCat(where, ": the server does not speak TLS (a plain-HTTP port? use http://)"));
          }
          return Status::PermissionDenied(
              StrCat(where, ": TLS: ", error_[0] != '\0' ? error_ : what.c_str()));
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CACERT_BADFILE:
          return Status::PermissionDenied(StrCat(where, ": TLS: ", what));
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
          return Status::InvalidArgument(StrCat(where, ": ", what));
        default:
          return Status::Remote(StrCat(where, ": ", what));
      }
    }
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    resp_.status = static_cast<int>(status);
    Log(LogLevel::kTrace, "http", where, " -> ", resp_.status, " (", resp_.body.size(), " bytes)");
    return std::move(resp_);
  }

 private:
  const HttpRequest& req_;
  CURL* curl_;
  int64_t timeout_ms_ = 0, connect_ms_ = 0;
  bool by_deadline_ = false;  // the operation's deadline, not the request's timeout, bounds it
  char error_[CURL_ERROR_SIZE] = {};  // libcurl's own words for a failure
  HttpResponse resp_;
  Sink sink_{nullptr, 0};
  ReadState upload_{nullptr};
  curl_slist* headers_ = nullptr;
  curl_mime* mime_ = nullptr;
};

namespace {
// The transfer's result, counting the connections it opened.
Result<HttpResponse> Finished(Transfer& t, CURL* curl, CURLcode rc,
                              std::atomic<uint64_t>* connects) {
  long opened = 0;
  if (curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &opened) == CURLE_OK && opened > 0) {
    connects->fetch_add(static_cast<uint64_t>(opened), std::memory_order_relaxed);
  }
  return t.Finish(rc);
}
}  // namespace

Result<HttpResponse> HttpClient::Send(const HttpRequest& req) {
  const OperationContext* ctx = CurrentContext();
  const std::string what = StrCat(req.method, " ", RedactText(req.url));
  if (ctx != nullptr) FS_RETURN_IF_ERROR(ctx->Check(what));
  if (ctx == nullptr || !ctx->cancel) {
    CURL* curl = static_cast<CURL*>(Acquire());
    if (curl == nullptr) return Status::NoMemory("cannot create an HTTP handle");
    struct Releaser {
      HttpClient* c;
      void* h;
      ~Releaser() { c->Release(h); }
    } releaser{this, curl};
    Transfer t(req, curl, ctx);
    t.Setup();
    requests_.fetch_add(1, std::memory_order_relaxed);
    return Finished(t, curl, curl_easy_perform(curl), &connects_);
  }
  // A token can fire while the server keeps us waiting: the transfer runs on a multi handle
  // polled in short slices, and is abandoned (its connection closed) when the token fires.
  // The multi handle comes from the pool, with its connections; the easy handle is one of
  // its own (a pooled one, kept for curl_easy_perform, must not pass through a multi handle).
  MultiSlot* slot = AcquireMulti();
  CURL* curl = slot == nullptr ? nullptr : slot->Easy();
  if (curl == nullptr) {
    if (slot != nullptr) ReleaseMulti(slot);
    return Status::NoMemory("cannot create an HTTP handle");
  }
  CURLM* multi = slot->multi;
  struct Cleanup {
    HttpClient* client;
    MultiSlot* slot;
    CURL* curl;
    ~Cleanup() {
      curl_multi_remove_handle(slot->multi, curl);
      slot->spare.push_back(curl);
      client->ReleaseMulti(slot);
    }
  };
  Transfer t(req, curl, ctx);
  Cleanup cleanup{this, slot, curl};  // declared after the transfer: the handles go first
  t.Setup();
  requests_.fetch_add(1, std::memory_order_relaxed);
  curl_multi_add_handle(multi, curl);
  CURLcode rc = CURLE_OK;
  bool cancelled = false;
  for (;;) {
    int running = 0;
    curl_multi_perform(multi, &running);
    int queued = 0;
    bool done = false;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg == CURLMSG_DONE) {
        rc = msg->data.result;
        done = true;
      }
    }
    if (done) break;
    if (ctx->cancel->IsCancelled()) {
      cancelled = true;
      break;
    }
    curl_multi_poll(multi, nullptr, 0, 20, nullptr);
  }
  if (cancelled) {
    Log(LogLevel::kDebug, "http", what, " abandoned: cancelled");
    return Status::Cancelled(StrCat(what, ": cancelled while waiting for the answer"));
  }
  return Finished(t, curl, rc, &connects_);
}

std::vector<Result<HttpResponse>> HttpClient::SendAll(const std::vector<HttpRequest>& requests,
                                                      size_t max_parallel) {
  std::vector<Result<HttpResponse>> out(requests.size(),
                                        Result<HttpResponse>(Status::Internal("not sent")));
  if (requests.empty()) return out;
  const OperationContext* ctx = CurrentContext();
  if (max_parallel == 0) max_parallel = 1;
  MultiSlot* slot = AcquireMulti();
  if (slot == nullptr) {
    for (auto& r : out) r = Status::NoMemory("cannot create an HTTP multi handle");
    return out;
  }
  // Connections are kept by the multi handle, reused across its transfers and by the next
  // call that takes it from the pool. Transfers in flight are bounded below; connections are
  // not, so that the idle ones to each server survive for the next call.
  CURLM* multi = slot->multi;
  struct Active {
    size_t index;
    CURL* curl;
    std::unique_ptr<Transfer> transfer;
  };
  std::vector<Active> active;
  std::vector<CURL*>& spare = slot->spare;
  size_t next = 0, done = 0;
  auto start = [&](size_t i) {
    CURL* curl = slot->Easy();
    if (curl == nullptr) {
      out[i] = Status::NoMemory("cannot create an HTTP handle");
      ++done;
      return;
    }
    auto t = std::make_unique<Transfer>(requests[i], curl, ctx);
    t->Setup();
    curl_easy_setopt(curl, CURLOPT_PRIVATE, reinterpret_cast<char*>(i));
    curl_multi_add_handle(multi, curl);
    requests_.fetch_add(1, std::memory_order_relaxed);
    active.push_back(Active{i, curl, std::move(t)});
  };
  while (done < requests.size()) {
    if (ctx != nullptr) {
      // What has not finished when the context ends ends with it.
      Status st = ctx->Check("HTTP requests");
      if (!st.ok()) {
        for (Active& a : active) {
          out[a.index] = st;
          curl_multi_remove_handle(multi, a.curl);
          spare.push_back(a.curl);
        }
        for (size_t i = next; i < requests.size(); ++i) out[i] = st;
        active.clear();
        break;
      }
    }
    while (next < requests.size() && active.size() < max_parallel) start(next++);
    if (active.empty()) continue;
    int running = 0;
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* curl = msg->easy_handle;
      const CURLcode rc = msg->data.result;
      auto it = std::find_if(active.begin(), active.end(),
                             [curl](const Active& a) { return a.curl == curl; });
      if (it == active.end()) continue;
      out[it->index] = Finished(*it->transfer, curl, rc, &connects_);
      curl_multi_remove_handle(multi, curl);
      spare.push_back(curl);
      active.erase(it);
      ++done;
    }
    if (done < requests.size() && !active.empty()) curl_multi_poll(multi, nullptr, 0, 20, nullptr);
  }
  ReleaseMulti(slot);
  return out;
}

HttpRequest Endpoint::Request(std::string method, std::string request_url) const {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(request_url);
  r.headers = headers;
  if (!bearer_token.empty())
    r.headers.emplace_back("Authorization", StrCat("Bearer ", bearer_token));
  r.negotiate = kerberos;
  r.tls = tls;
  r.connect_timeout_ms = connect_timeout_ms;
  r.timeout_ms = timeout_ms;
  r.max_response_bytes = max_response_bytes;
  return r;
}

Status Endpoint::Validate(std::string_view what) const {
  if (!StartsWith(url, "http://") && !StartsWith(url, "https://")) {
    return Status::InvalidArgument(
        StrCat(what, "url ", Quote(RedactText(url)), " is not an http:// or https:// URL"));
  }
  if (connect_timeout_ms <= 0)
    return Status::InvalidArgument(StrCat(what, "connect_timeout_ms must be positive"));
  if (timeout_ms <= 0) return Status::InvalidArgument(StrCat(what, "timeout_ms must be positive"));
  if (max_response_bytes == 0)
    return Status::InvalidArgument(StrCat(what, "max_response_bytes must be positive"));
  if (retries < 0) return Status::InvalidArgument(StrCat(what, "retries must not be negative"));
  if (retry_backoff_ms < 0)
    return Status::InvalidArgument(StrCat(what, "retry_backoff_ms must not be negative"));
  for (const auto& [name, value] : headers) {
    if (name.empty() || name.find_first_of(":\r\n") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return Status::InvalidArgument(
          StrCat(what, "header ", Quote(name), " is not a valid HTTP header line"));
    }
  }
  return Status();
}

}  // namespace flowstate::core
