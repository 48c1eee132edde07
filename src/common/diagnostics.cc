#include "common/diagnostics.h"

#include <algorithm>

#include "common/strings.h"

namespace flowstate::core {

const char* SeverityName(Severity severity) {
  const char* name = NameOf(severity);
  return name != nullptr ? name : "error";
}

std::string Diagnostic::ToString() const {
  std::string out;
  if (!source.empty()) {
    StrAppend(&out, source);
  } else if (!path.empty()) {
    StrAppend(&out, path);
  }
  if (line > 0) {
    StrAppend(&out, out.empty() ? "" : ":", line);
    if (column > 0) StrAppend(&out, ":", column);
  }
  if (http_status > 0) StrAppend(&out, out.empty() ? "" : " ", "(HTTP ", http_status, ")");
  if (!out.empty()) out += ": ";
  StrAppend(&out, SeverityName(severity), ": ", message);
  return out;
}

void Diagnostics::AddAt(Severity severity, Code code, std::string message, std::string_view source,
                        std::string_view text, size_t offset, size_t end_offset) {
  TextPosition pos = PositionAt(text, offset);
  Diagnostic d{severity, code, std::move(message), std::string(source)};
  d.offset = static_cast<int64_t>(std::min(offset, text.size()));
  d.end_offset = static_cast<int64_t>(std::clamp(end_offset, offset, text.size()));
  d.line = pos.line;
  d.column = pos.column;
  Add(std::move(d));
}

void Diagnostics::AddAt(Severity severity, Code code, std::string message, std::string_view source,
                        const LineIndex& index, size_t offset, size_t end_offset) {
  TextPosition pos = index.PositionAt(offset);
  Diagnostic d{severity, code, std::move(message), std::string(source)};
  d.offset = static_cast<int64_t>(offset);
  d.end_offset = static_cast<int64_t>(std::max(end_offset, offset));
  d.line = pos.line;
  d.column = pos.column;
  Add(std::move(d));
}

void Diagnostics::Append(const Diagnostics& other) {
  entries_.insert(entries_.end(), other.entries_.begin(), other.entries_.end());
}

size_t Diagnostics::error_count() const {
  return static_cast<size_t>(
      std::count_if(entries_.begin(), entries_.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const Diagnostic& d : entries_) StrAppend(&out, d.ToString(), "\n");
  return out;
}

Status Diagnostics::ToStatus() const {
  size_t errors = error_count();
  if (errors == 0) return Status::Ok();
  auto first = std::find_if(entries_.begin(), entries_.end(),
                            [](const Diagnostic& d) { return d.severity == Severity::kError; });
  std::string message = first->ToString();
  if (errors > 1) StrAppend(&message, " (and ", errors - 1, " more errors)");
  return Status(first->code, std::move(message));
}

}  // namespace flowstate::core
