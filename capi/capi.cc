#include "capi/capi.h"

#include <cstdlib>
#include <cstring>
#include <exception>

#include "common/log.h"
#include "common/redact.h"
#include "common/strings.h"

namespace flowstate::capi {
namespace {

struct LastError {
  int code = FLOWSTATE_OK;
  std::string message;
};

LastError& ThreadLastError() noexcept {
  thread_local LastError error;
  return error;
}

}  // namespace

int SetError(core::Code code, std::string_view message) noexcept {
  LastError& last = ThreadLastError();
  last.code = static_cast<int>(code);
  try {
    last.message = core::RedactText(message);
  } catch (...) {
    last.message.clear();  // keeps the code; an allocation failure cannot lose it
  }
  return last.code;
}

int SetError(const core::Status& status) noexcept {
  if (status.ok()) return FLOWSTATE_OK;
  return SetError(status.code(), status.message());
}

core::Status CheckVersion(unsigned int version, unsigned int current, const char* what) {
  if (version == 0 || version > current) {
    return core::Status::UnsupportedVersion(core::StrCat(
        "unknown ", what, " version ", version, " (this library knows 1 to ", current, ")"));
  }
  return core::Status();
}

core::Status CheckVersionFrom(unsigned int version, unsigned int oldest, unsigned int current,
                              const char* what) {
  if (version != 0 && version < oldest) {
    return core::Status::UnsupportedVersion(core::StrCat(
        what, " version ", version, " is a layout this library no longer reads (it reads ", oldest,
        " to ", current, "): rebuild against this library's headers"));
  }
  return CheckVersion(version, current, what);
}

core::ProgressFn ToProgress(flowstate_progress_fn fn, void* user) {
  if (fn == nullptr) return {};
  return [fn, user](std::string_view phase, uint64_t done, uint64_t total) {
    std::string p(phase);
    return fn(user, p.c_str(), done, total) == 0;
  };
}

core::Result<core::OperationContext> OperationIn(const flowstate_operation* op) {
  core::OperationContext ctx;
  if (op == nullptr) return ctx;
  FS_RETURN_IF_ERROR(CheckVersion(op->version, FLOWSTATE_OPERATION_VERSION, "flowstate_operation"));
  ctx.deadline = core::Deadline::FromTimeoutMs(op->timeout_ms);
  if (op->cancel != nullptr) ctx.cancel = op->cancel->impl;
  ctx.progress = ToProgress(op->progress, op->progress_user_data);
  return ctx;
}

core::Status EndpointIn(const flowstate_endpoint& in, std::string_view what, core::Endpoint* out) {
  FS_RETURN_IF_ERROR(CheckVersion(in.version, FLOWSTATE_ENDPOINT_VERSION, "flowstate_endpoint"));
  if (in.url == nullptr || in.url[0] == '\0')
    return core::Status::InvalidArgument(core::StrCat(what, "url is required"));
  if (in.header_count > 0 && (in.header_names == nullptr || in.header_values == nullptr)) {
    return core::Status::InvalidArgument(
        core::StrCat(what, "header_names and header_values are required with header_count"));
  }
  out->url = in.url;
  out->bearer_token = Str(in.bearer_token);
  out->headers.clear();
  for (size_t i = 0; i < in.header_count; ++i) {
    if (in.header_names[i] == nullptr || in.header_values[i] == nullptr)
      return core::Status::InvalidArgument(core::StrCat(what, "header ", i, " is NULL"));
    out->headers.emplace_back(in.header_names[i], in.header_values[i]);
  }
  out->kerberos = in.kerberos != 0;
  out->tls.verify = in.verify_tls != 0;
  out->tls.ca_file = Str(in.ca_file);
  out->tls.client_cert = Str(in.client_cert);
  out->tls.client_key = Str(in.client_key);
  out->connect_timeout_ms = in.connect_timeout_ms;
  out->timeout_ms = in.timeout_ms;
  out->max_response_bytes = in.max_response_bytes;
  out->retries = in.retries;
  out->retry_backoff_ms = in.retry_backoff_ms;
  return out->Validate(what);
}

core::Status UnknownEnumValue(int type, int value) {
  const core::EnumTypeInfo* t = core::EnumType(type);
  return core::Status::InvalidArgument(core::StrCat("unknown ", t == nullptr ? "value" : t->id, " ",
                                                    value, ": expected one of ",
                                                    core::EnumChoices(type)));
}

int LastErrorCode() noexcept { return ThreadLastError().code; }

const char* LastErrorMessage() noexcept { return ThreadLastError().message.c_str(); }

void ClearLastError() noexcept {
  LastError& last = ThreadLastError();
  last.code = FLOWSTATE_OK;
  last.message.clear();
}

int CaughtException() noexcept {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return SetError(core::Code::kNoMemory, "out of memory");
  } catch (const std::exception& e) {
    try {
      std::string message = core::StrCat("unexpected exception: ", e.what());
      core::Log(core::LogLevel::kError, "capi", message);
      return SetError(core::Code::kInternal, message);
    } catch (...) {
      return SetError(core::Code::kInternal, "unexpected exception");
    }
  } catch (...) {
    return SetError(core::Code::kInternal, "unexpected exception of unknown type");
  }
}

int NullArgument(const char* name) noexcept {
  try {
    return SetError(core::Code::kInvalidArgument, core::StrCat(name, " must not be NULL"));
  } catch (...) {
    return SetError(core::Code::kInvalidArgument, "a required argument was NULL");
  }
}

char* CopyOut(std::string_view s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out == nullptr) throw std::bad_alloc();
  if (!s.empty()) std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

std::string_view TextArg(const char* text, size_t len) {
  if (text == nullptr) return {};
  return len == static_cast<size_t>(-1) ? std::string_view(text) : std::string_view(text, len);
}

}  // namespace flowstate::capi
