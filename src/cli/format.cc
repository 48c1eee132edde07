#include "cli/format.h"

#include <algorithm>

#include <cctype>
#include <ctime>
#include <iomanip>
#include <sstream>

namespace flowstate::cli {

std::string Utc(int64_t ms) {
  if (ms <= 0) return "-";
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::ostringstream out;
  out << std::put_time(&tm, "%Y-%m-%d %H:%M:%S");
  return out.str();
}

std::string Bytes(uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  std::ostringstream out;
  out << std::fixed << std::setprecision(u == 0 ? 0 : 1) << v << " " << units[u];
  return out.str();
}

namespace {
struct Unit {
  const char* name;
  int64_t ms;
};
constexpr Unit kUnits[] = {{"d", 86400000}, {"h", 3600000}, {"m", 60000}, {"s", 1000}, {"ms", 1}};
}  // namespace

std::string Duration(int64_t ms) {
  for (const Unit& u : kUnits) {
    if (ms != 0 && ms % u.ms == 0) return std::to_string(ms / u.ms) + u.name;
  }
  return std::to_string(ms) + "ms";
}

Result<int64_t> ParseDuration(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  const std::string_view digits = text.substr(0, i), unit = text.substr(i);
  auto bad = [&] {
    return Status(ErrorCode::invalid_argument,
                  "a duration is a whole number with a unit (d, h, m, s, ms), such as 7d or 12h, "
                  "not '" +
                      std::string(text) + "'");
  };
  if (digits.empty() || digits.size() > 15) return bad();
  const int64_t n = std::stoll(std::string(digits));
  if (unit.empty()) return n;
  for (const Unit& u : kUnits) {
    if (unit == u.name) {
      if (n > INT64_MAX / u.ms) return bad();
      return n * u.ms;
    }
  }
  return bad();
}

namespace {

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

void PrintTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    if (width.size() < row.size()) width.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], CodePoints(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(width[i] - CodePoints(row[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

}  // namespace flowstate::cli
