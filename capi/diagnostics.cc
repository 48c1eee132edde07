// C ABI: diagnostics (include/flowstate/diagnostics.h).
#include "capi/capi.h"
#include "common/text_position.h"

using flowstate::capi::CheckVersion;
using flowstate::capi::EnumArg;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::NullArgument;
using flowstate::capi::OrNull;
using flowstate::capi::UnknownEnumValue;
namespace core = flowstate::core;

namespace {

const core::Diagnostic* Entry(const flowstate_diagnostics* diags, size_t index) {
  if (diags == nullptr || index >= diags->impl.size()) return nullptr;
  return &diags->impl.entries()[index];
}

}  // namespace

extern "C" {

FLOWSTATE_API int flowstate_diagnostics_new(flowstate_diagnostics** out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = new flowstate_diagnostics();
    return flowstate::capi::kOk;
  });
}

FLOWSTATE_API void flowstate_diagnostics_free(flowstate_diagnostics* diags) {
  GuardVoid([&] { delete diags; });
}

FLOWSTATE_API void flowstate_diagnostics_clear(flowstate_diagnostics* diags) {
  GuardVoid([&] {
    if (diags != nullptr) diags->impl.clear();
  });
}

FLOWSTATE_API size_t flowstate_diagnostics_count(const flowstate_diagnostics* diags) {
  return GuardValue<size_t>(0, [&] { return diags == nullptr ? 0 : diags->impl.size(); });
}

FLOWSTATE_API size_t flowstate_diagnostics_error_count(const flowstate_diagnostics* diags) {
  return GuardValue<size_t>(0, [&] { return diags == nullptr ? 0 : diags->impl.error_count(); });
}

FLOWSTATE_API flowstate_severity flowstate_diagnostics_severity(const flowstate_diagnostics* diags,
                                                                size_t index) {
  return GuardValue(FLOWSTATE_SEVERITY_NOTE, [&] {
    const core::Diagnostic* d = Entry(diags, index);
    return d ? static_cast<flowstate_severity>(d->severity) : FLOWSTATE_SEVERITY_NOTE;
  });
}

FLOWSTATE_API int flowstate_diagnostics_code(const flowstate_diagnostics* diags, size_t index) {
  return GuardValue(0, [&] {
    const core::Diagnostic* d = Entry(diags, index);
    return d ? static_cast<int>(d->code) : 0;
  });
}

FLOWSTATE_API const char* flowstate_diagnostics_message(const flowstate_diagnostics* diags,
                                                        size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const core::Diagnostic* d = Entry(diags, index);
    return d ? d->message.c_str() : nullptr;
  });
}

FLOWSTATE_API const char* flowstate_diagnostics_source(const flowstate_diagnostics* diags,
                                                       size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const core::Diagnostic* d = Entry(diags, index);
    return d ? OrNull(d->source) : nullptr;
  });
}

FLOWSTATE_API int64_t flowstate_diagnostics_offset(const flowstate_diagnostics* diags,
                                                   size_t index) {
  return GuardValue<int64_t>(-1, [&] {
    const core::Diagnostic* d = Entry(diags, index);
    return d ? d->offset : -1;
  });
}

FLOWSTATE_API int64_t flowstate_diagnostics_end_offset(const flowstate_diagnostics* diags,
                                                       size_t index) {
  return GuardValue<int64_t>(-1, [&] {
    const core::Diagnostic* d = Entry(diags, index);
    return d ? d->end_offset : -1;
  });
}

FLOWSTATE_API int64_t flowstate_diagnostics_line(const flowstate_diagnostics* diags, size_t index) {
  return GuardValue<int64_t>(-1, [&] {
    const core::Diagnostic* d = Entry(diags, index);
    return d ? d->line : -1;
  });
}

FLOWSTATE_API int64_t flowstate_diagnostics_column(const flowstate_diagnostics* diags,
                                                   size_t index) {
  return GuardValue<int64_t>(-1, [&] {
    const core::Diagnostic* d = Entry(diags, index);
    return d ? d->column : -1;
  });
}

FLOWSTATE_API const char* flowstate_diagnostics_path(const flowstate_diagnostics* diags,
                                                     size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const core::Diagnostic* d = Entry(diags, index);
    return d ? OrNull(d->path) : nullptr;
  });
}

FLOWSTATE_API int flowstate_diagnostics_http_status(const flowstate_diagnostics* diags,
                                                    size_t index) {
  return GuardValue(0, [&] {
    const core::Diagnostic* d = Entry(diags, index);
    return d ? d->http_status : 0;
  });
}

FLOWSTATE_API int flowstate_diagnostics_add(flowstate_diagnostics* diags, int severity, int code,
                                            const char* message, const char* source, int64_t offset,
                                            int64_t line, int64_t column, const char* path,
                                            int http_status) {
  return Guard([&] {
    if (diags == nullptr) return NullArgument("diags");
    if (message == nullptr) return NullArgument("message");
    if (!core::IsValid<core::Severity>(severity)) {
      return flowstate::capi::SetError(
          flowstate::capi::UnknownEnumValue(core::enum_type::severity, severity));
    }
    if (!core::IsKnownCode(code)) {
      return flowstate::capi::SetError(core::Code::kInvalidArgument, "unknown error code");
    }
    core::Diagnostic d;
    d.severity = static_cast<core::Severity>(severity);
    d.code = static_cast<core::Code>(code);
    d.message = message;
    if (source != nullptr) d.source = source;
    d.offset = offset < 0 ? -1 : offset;
    d.line = line < 1 ? -1 : line;
    d.column = column < 1 ? -1 : column;
    if (path != nullptr) d.path = path;
    d.http_status = http_status > 0 ? http_status : 0;
    diags->impl.Add(std::move(d));
    return flowstate::capi::kOk;
  });
}

FLOWSTATE_API int flowstate_diagnostics_format(char** out, const flowstate_diagnostics* diags) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (diags == nullptr) return NullArgument("diags");
    *out = flowstate::capi::CopyOut(diags->impl.ToString());
    return flowstate::capi::kOk;
  });
}

FLOWSTATE_API int flowstate_text_position(int64_t* out_line, int64_t* out_column, const char* text,
                                          size_t len, size_t offset) {
  return Guard([&] {
    if (out_line == nullptr) return NullArgument("out_line");
    if (out_column == nullptr) return NullArgument("out_column");
    if (text == nullptr && len > 0) return NullArgument("text");
    if (offset > len) {
      return flowstate::capi::SetError(core::Code::kInvalidArgument,
                                       "offset is past the end of the text");
    }
    core::TextPosition pos =
        core::PositionAt(std::string_view(text == nullptr ? "" : text, len), offset);
    *out_line = pos.line;
    *out_column = pos.column;
    return flowstate::capi::kOk;
  });
}

}  // extern "C"
