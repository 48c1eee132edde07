// Flink's configuration value syntax, exactly as a given Flink release parses it
// (TimeUtils, MemorySize, ConfigurationUtils, StructuredOptionsSplitter):
//
//   duration     "6000" (a bare number is milliseconds), "20 s", "1min", "1 h"; units d, h,
//                m (1.15+), min, s, ms, µs, ns and their long forms, case-insensitive; no
//                sign, decimals or compounds; ISO-8601 ("PT20S") from 2.1
//   memory size  "1600m", "1 gb", "20kb": b, k/kb, m/mb, g/gb, t/tb and long forms, 1024-based
//   boolean      true / false, case-insensitive
//   integer      Java's Integer.parseInt / Long.parseLong: optional sign, digits, in range
//   double       Java's Double.parseDouble (decimal forms, NaN, Infinity)
//   list         "a;b;c" with '…' / "…" quoting; from 2.0 also a YAML flow list "[a, b]"
//   map          "k1:v1,k2:v2" with the same quoting; from 2.0 also "{k1: v1}"
//
// Every parser reports where in the value it stopped and what it expected.
#ifndef FLOWSTATE_SRC_CONFIG_VALUE_H_
#define FLOWSTATE_SRC_CONFIG_VALUE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/flink_version.h"

namespace flowstate::core::config {

// Why a value was refused: a message and the byte range of the value it refers to.
struct ValueError {
  std::string message;
  size_t begin = 0;
  size_t end = 0;
};

// A non-negative length of time, as java.time.Duration holds it.
struct Duration {
  int64_t seconds = 0;
  int32_t nanos = 0;  // [0, 1e9)

  static Duration FromMillis(int64_t ms) {
    return Duration{ms / 1000, static_cast<int32_t>((ms % 1000) * 1000000)};
  }
  // Milliseconds, saturating at INT64_MAX.
  int64_t ToMillis() const;
  friend bool operator==(Duration a, Duration b) {
    return a.seconds == b.seconds && a.nanos == b.nanos;
  }
  friend bool operator<(Duration a, Duration b) {
    return a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos;
  }
};

// Java's String.trim(): strips every char <= ' ' from both ends.
std::string_view JavaTrim(std::string_view s);

bool ParseDuration(std::string_view text, FlinkVersion version, Duration* out, ValueError* error);
// Flink's rendering: the largest unit that divides exactly, with its first label ("6 s",
// "10 min", "500 ms"; zero is "0 d", as TimeUtils.formatWithHighestUnit writes it).
std::string FormatDuration(Duration d);

bool ParseMemorySize(std::string_view text, uint64_t* bytes, ValueError* error);
// Flink's rendering: "1600 mb", "20 kb", "0 bytes".
std::string FormatMemorySize(uint64_t bytes);

bool ParseBoolean(std::string_view text, bool* out, ValueError* error);
bool ParseInt32(std::string_view text, int32_t* out, ValueError* error);
bool ParseInt64(std::string_view text, int64_t* out, ValueError* error);
bool ParseDouble(std::string_view text, double* out, ValueError* error);
// Java's Double.toString for the values configuration uses ("1.0", "0.25", "4.194304E8").
std::string FormatDouble(double v);

// Flink's StructuredOptionsSplitter.splitEscaped: splits at `delimiter` outside quotes;
// '…' and "…" quote (a doubled quote inside is one quote); whitespace around unquoted
// parts is dropped.
bool SplitEscaped(std::string_view text, char delimiter, std::vector<std::string>* out,
                  ValueError* error);

// A list value ("a;b" or, with `yaml_flow`, "[a, b]").
bool ParseList(std::string_view text, bool yaml_flow, std::vector<std::string>* out,
               ValueError* error);
// A map value ("k:v,k2:v2" or, with `yaml_flow`, "{k: v}").
bool ParseMap(std::string_view text, bool yaml_flow,
              std::vector<std::pair<std::string, std::string>>* out, ValueError* error);
// A list of maps ("k:v,k2:v2;k:v" or a YAML flow list of flow maps).
bool ParseListOfMaps(std::string_view text, bool yaml_flow,
                     std::vector<std::vector<std::pair<std::string, std::string>>>* out,
                     ValueError* error);

}  // namespace flowstate::core::config

#endif  // FLOWSTATE_SRC_CONFIG_VALUE_H_
