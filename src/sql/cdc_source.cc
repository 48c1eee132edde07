#include "sql/cdc_source.h"

#include <cstring>

#include "absl/strings/numbers.h"
#include "common/strings.h"
#include "sql/tokenizer.h"

namespace flowstate::core::sql {
namespace {

std::optional<std::string> Text(const OptionList& options, std::string_view key) {
  const Option* o = options.Find(key);
  if (o == nullptr) return std::nullopt;
  return o->value;
}

std::optional<int64_t> Number(const OptionList& options, std::string_view key, bool positive,
                              const ErrorSink& errors) {
  const Option* o = options.Find(key);
  if (o == nullptr) return std::nullopt;
  int64_t v = 0;
  std::string_view trimmed = StripAsciiWhitespace(o->value);
  if (!absl::SimpleAtoi(AV(trimmed), &v) || trimmed.empty() || trimmed[0] == '+') {
    errors(Severity::kError, o->value_begin, o->value_end,
           StrCat("CDCSOURCE option ", Quote(key), " must be a whole number, found ",
                  Quote(o->value, 60)));
    return std::nullopt;
  }
  if (positive ? v <= 0 : v < 0) {
    errors(Severity::kError, o->value_begin, o->value_end,
           StrCat("CDCSOURCE option ", Quote(key), " must be ",
                  positive ? "positive" : "zero or more", ", found ", v));
    return std::nullopt;
  }
  return v;
}

}  // namespace

CdcSource ParseCdcSource(std::string_view text, const Statement& s, const ErrorSink& errors) {
  CdcSource out;
  if (s.name_length > 0) {
    std::string_view name = text.substr(s.begin + s.name_offset, s.name_length);
    out.name = name.front() == '`' ? UnquoteIdentifier(name) : std::string(name);
  }
  out.options = ParseWithOptions(text, s, errors);
  const OptionList& o = out.options;
  out.connector = Text(o, "connector");
  out.hostname = Text(o, "hostname");
  out.username = Text(o, "username");
  out.password = Text(o, "password");
  out.database_name = Text(o, "database-name");
  out.schema_name = Text(o, "schema-name");
  out.table_name = Text(o, "table-name");
  out.scan_startup_mode = Text(o, "scan.startup.mode");
  out.port = Number(o, "port", true, errors);
  if (out.port && *out.port > 65535) {
    const Option* p = o.Find("port");
    errors(Severity::kError, p->value_begin, p->value_end,
           StrCat("CDCSOURCE option 'port' must be at most 65535, found ", *out.port));
    out.port.reset();
  }
  out.checkpoint = Number(o, "checkpoint", true, errors);
  out.parallelism = Number(o, "parallelism", true, errors);

  if (out.table_name) {
    std::string_view rest = *out.table_name;
    while (true) {
      size_t comma = rest.find(',');
      std::string_view piece = StripAsciiWhitespace(rest.substr(0, comma));
      if (!piece.empty()) out.tables.emplace_back(piece);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }

  const std::pair<const char*, OptionGroup*> groups[] = {{"debezium.", &out.debezium},
                                                         {"source.", &out.source},
                                                         {"jdbc.properties.", &out.jdbc_properties},
                                                         {"split.", &out.split},
                                                         {"sink.", &out.sink}};
  for (const Option& opt : o.options) {
    for (const auto& [prefix, group] : groups) {
      if (StartsWith(opt.key, prefix))
        group->emplace_back(opt.key.substr(std::strlen(prefix)), opt.value);
    }
    if (StartsWith(opt.key, "sink[")) {
      size_t close = opt.key.find("].");
      if (close == std::string::npos || close == 5) {
        errors(Severity::kError, opt.key_begin, opt.key_end,
               StrCat("expected sink[N].option, found ", Quote(opt.key, 80)));
        continue;
      }
      out.sinks[opt.key.substr(5, close - 5)].emplace_back(opt.key.substr(close + 2), opt.value);
    }
  }

  // What Dinky needs to start the job at all.
  size_t anchor = s.begin, anchor_end = s.begin + 7;  // "EXECUTE"
  for (const char* required : {"connector", "hostname", "port", "username", "password"}) {
    if (o.Find(required) == nullptr && o.found) {
      errors(Severity::kError, anchor, anchor_end,
             StrCat("EXECUTE CDCSOURCE needs option '", required, "'"));
    }
  }
  bool has_sink = o.Find("sink.connector") != nullptr;
  for (const auto& [index, group] : out.sinks) {
    for (const auto& [k, v] : group) has_sink = has_sink || k == "connector";
  }
  if (o.found && !has_sink) {
    errors(Severity::kError, anchor, anchor_end,
           "EXECUTE CDCSOURCE needs 'sink.connector' (or 'sink[0].connector')");
  }
  if (!o.found) {
    errors(Severity::kError, anchor, anchor_end,
           "EXECUTE CDCSOURCE needs a WITH (...) option list");
  }
  return out;
}

}  // namespace flowstate::core::sql
