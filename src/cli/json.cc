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

}  // namespace flowstate::cli
