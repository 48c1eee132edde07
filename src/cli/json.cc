#include "cli/json.h"

#include <ostream>

#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace flowstate::cli {

void PrintJson(std::ostream& out, const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  value.Accept(writer);
  out.write(buffer.GetString(), static_cast<std::streamsize>(buffer.GetSize()));
  out << "\n";
}

rapidjson::Value JsonString(std::string_view s, rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value v;
  v.SetString(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
  return v;
}

rapidjson::Value DiagnosticJson(const Diagnostic& d, rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value o(rapidjson::kObjectType);
  const char* severity = d.severity == Severity::error     ? "error"
                         : d.severity == Severity::warning ? "warning"
                                                           : "note";
  o.AddMember("severity", JsonString(severity, alloc), alloc);
  o.AddMember("code", JsonString(error_name(d.code), alloc), alloc);
  o.AddMember("message", JsonString(d.message, alloc), alloc);
  if (!d.source.empty()) o.AddMember("source", JsonString(d.source, alloc), alloc);
  if (d.offset >= 0) o.AddMember("offset", d.offset, alloc);
  if (d.end_offset >= 0) o.AddMember("end_offset", d.end_offset, alloc);
  if (d.line > 0) o.AddMember("line", d.line, alloc);
  if (d.column > 0) o.AddMember("column", d.column, alloc);
  if (!d.path.empty()) o.AddMember("path", JsonString(d.path, alloc), alloc);
  if (d.http_status > 0) o.AddMember("http_status", d.http_status, alloc);
  return o;
}

void PrintDiagnostics(std::ostream& out, const std::vector<Diagnostic>& diags) {
  for (const Diagnostic& d : diags) {
    std::string where = !d.source.empty() ? d.source : d.path;
    if (d.line > 0) where += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
    if (d.http_status > 0) where += " (HTTP " + std::to_string(d.http_status) + ")";
    const char* severity = d.severity == Severity::error     ? "error"
                           : d.severity == Severity::warning ? "warning"
                                                             : "note";
    out << where << (where.empty() ? "" : ": ") << severity << ": " << d.message << "\n";
  }
}

}  // namespace flowstate::cli
