// C ABI: diagnostics (include/flowstate/diagnostics.h).
#include "capi/capi.h"
#include "common/text_position.h"

using flowstate::capi::CheckVersion;
using flowstate::capi::EnumArg;
using flowstate::capi::FillOut;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::NullArgument;
using flowstate::capi::OrNull;
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

FLOWSTATE_API int flowstate_diagnostics_get(const flowstate_diagnostics* diags, size_t index,
                                            flowstate_diagnostic* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_DIAGNOSTIC_VERSION, "flowstate_diagnostic", Entry(diags, index),
                   [](const core::Diagnostic& d, flowstate_diagnostic* x) {
                     x->severity = static_cast<int>(d.severity);
                     x->code = static_cast<int>(d.code);
                     x->message = d.message.c_str();
                     x->source = OrNull(d.source);
                     x->offset = d.offset;
                     x->end_offset = d.end_offset;
                     x->line = d.line;
                     x->column = d.column;
                     x->path = OrNull(d.path);
                     x->http_status = d.http_status;
                   });
  });
}

FLOWSTATE_API int flowstate_diagnostics_add(flowstate_diagnostics* diags,
                                            const flowstate_diagnostic* entry) {
  return Guard([&] {
    if (diags == nullptr) return NullArgument("diags");
    if (entry == nullptr) return NullArgument("entry");
    core::Status v =
        CheckVersion(entry->version, FLOWSTATE_DIAGNOSTIC_VERSION, "flowstate_diagnostic");
    if (!v.ok()) return flowstate::capi::SetError(v);
    if (entry->message == nullptr) return NullArgument("entry->message");
    auto severity = EnumArg<core::Severity>(entry->severity);
    if (!severity.ok()) return flowstate::capi::SetError(severity.status());
    if (!core::IsKnownCode(entry->code)) {
      return flowstate::capi::SetError(core::Code::kInvalidArgument, "unknown error code");
    }
    core::Diagnostic d;
    d.severity = *severity;
    d.code = static_cast<core::Code>(entry->code);
    d.message = entry->message;
    if (entry->source != nullptr) d.source = entry->source;
    d.offset = entry->offset < 0 ? -1 : entry->offset;
    d.end_offset = entry->end_offset < d.offset ? -1 : entry->end_offset;
    d.line = entry->line < 1 ? -1 : entry->line;
    d.column = entry->column < 1 ? -1 : entry->column;
    if (entry->path != nullptr) d.path = entry->path;
    d.http_status = entry->http_status > 0 ? entry->http_status : 0;
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
