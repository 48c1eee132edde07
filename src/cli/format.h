// Human-readable values in the flowstate program's text output.
#ifndef FLOWSTATE_SRC_CLI_FORMAT_H_
#define FLOWSTATE_SRC_CLI_FORMAT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "flowstate/status.hpp"

namespace flowstate::cli {

// "2026-11-21 12:00:00" (UTC) for milliseconds since the epoch; "-" for 0 or less.
std::string Utc(int64_t ms);

// "12.3 MiB".
std::string Bytes(uint64_t n);

// "7d", "12h", "90m", "30s" or "250ms" (the largest unit that divides it).
std::string Duration(int64_t ms);

// The inverse of Duration, with plain numbers taken as milliseconds.
Result<int64_t> ParseDuration(std::string_view text);

// Rows (the first is the header) as aligned columns: each as wide as its widest cell (in
// code points), two spaces between columns, the last one unpadded.
void PrintTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows);

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_FORMAT_H_
