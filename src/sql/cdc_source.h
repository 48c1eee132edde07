// Dinky's EXECUTE CDCSOURCE name WITH (...) as a structured object: the connection, the
// tables, and the option groups Dinky passes on (debezium.*, source.*, jdbc.properties.*,
// split.*, sink.*, sink[N].*). Numbers that are not numbers are errors with their position;
// absent optional fields stay absent (Dinky throws on them).
#ifndef FLOWSTATE_SRC_SQL_CDC_SOURCE_H_
#define FLOWSTATE_SRC_SQL_CDC_SOURCE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sql/parse_error.h"
#include "sql/statement.h"
#include "sql/with_options.h"

namespace flowstate::core::sql {

// An option group: (key without the group prefix, value) in the order written.
using OptionGroup = std::vector<std::pair<std::string, std::string>>;

struct CdcSource {
  std::string name;  // the job name after CDCSOURCE
  OptionList options;
  std::optional<std::string> connector, hostname, username, password, database_name, schema_name,
      table_name, scan_startup_mode;
  std::optional<int64_t> port, checkpoint, parallelism;
  std::vector<std::string> tables;  // table-name split at ',' (as Dinky does), each a regex
  OptionGroup debezium, source, jdbc_properties, split, sink;
  std::map<std::string, OptionGroup> sinks;  // sink[N].* by N as written
};

// Groups, in the order Dinky reads them.
inline constexpr const char* kCdcSourceGroups[] = {"debezium", "source", "jdbc.properties", "split",
                                                   "sink"};

// REQUIRES: s.kind == kExecuteCdcSource.
CdcSource ParseCdcSource(std::string_view text, const Statement& s, const ErrorSink& errors);

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_CDC_SOURCE_H_
