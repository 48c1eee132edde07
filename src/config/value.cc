#include "config/value.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include "common/strings.h"
#include "config/yaml.h"

namespace flowstate::core::config {

namespace {

__extension__ typedef __int128 int128;

constexpr int128 kNanosPerSecond = 1000000000;
constexpr int128 kMaxDurationNanos =
    static_cast<int128>(std::numeric_limits<int64_t>::max()) * kNanosPerSecond + 999999999;

bool Fail(ValueError* error, size_t begin, size_t end, std::string message) {
  if (error != nullptr) {
    error->message = std::move(message);
    error->begin = begin;
    error->end = end;
  }
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Offset of `part` (a view into `whole`) within `whole`.
size_t OffsetIn(std::string_view whole, std::string_view part) {
  return static_cast<size_t>(part.data() - whole.data());
}

// Parses a run of decimal digits into an int128; false when longer than 38 digits.
bool DigitsToInt128(std::string_view digits, int128* out) {
  if (digits.size() > 38) return false;
  int128 v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  *out = v;
  return true;
}

struct TimeUnitSpec {
  const char* label;
  int64_t nanos;
  FlinkVersion since;  // {0,0}: every version flowstate knows
};

// TimeUtils.TimeUnit: singular label, then the plural forms (label and label + "s").
constexpr TimeUnitSpec kTimeUnits[] = {
    {"d", 86400 * kNanosPerSecond, {}},
    {"day", 86400 * kNanosPerSecond, {}},
    {"days", 86400 * kNanosPerSecond, {}},
    {"h", 3600 * kNanosPerSecond, {}},
    {"hour", 3600 * kNanosPerSecond, {}},
    {"hours", 3600 * kNanosPerSecond, {}},
    {"min", 60 * kNanosPerSecond, {}},
    {"m", 60 * kNanosPerSecond, {1, 15}},
    {"minute", 60 * kNanosPerSecond, {}},
    {"minutes", 60 * kNanosPerSecond, {}},
    {"s", kNanosPerSecond, {}},
    {"sec", kNanosPerSecond, {}},
    {"secs", kNanosPerSecond, {}},
    {"second", kNanosPerSecond, {}},
    {"seconds", kNanosPerSecond, {}},
    {"ms", 1000000, {}},
    {"milli", 1000000, {}},
    {"millis", 1000000, {}},
    {"millisecond", 1000000, {}},
    {"milliseconds", 1000000, {}},
    {"\xC2\xB5s", 1000, {}},  // µs
    {"micro", 1000, {}},
    {"micros", 1000, {}},
    {"microsecond", 1000, {}},
    {"microseconds", 1000, {}},
    {"ns", 1, {}},
    {"nano", 1, {}},
    {"nanos", 1, {}},
    {"nanosecond", 1, {}},
    {"nanoseconds", 1, {}},
};

constexpr const char* kTimeUnitList =
    "d, h, min, s, ms, \xC2\xB5s, ns (or day, hour, minute, "
    "second, milli, micro, nano and their plurals)";

Duration FromNanos(int128 nanos) {
  return Duration{static_cast<int64_t>(nanos / kNanosPerSecond),
                  static_cast<int32_t>(nanos % kNanosPerSecond)};
}

int128 ToNanos(Duration d) { return static_cast<int128>(d.seconds) * kNanosPerSecond + d.nanos; }

// java.time.Duration.parse, case-insensitive: [-+]P[nD][T[nH][nM][n[.f]S]].
bool ParseIso8601(std::string_view text, size_t base, Duration* out, ValueError* error) {
  auto bad = [&](const std::string& why) {
    return Fail(error, base, base + text.size(),
                StrCat("'", text, "' is not an ISO-8601 duration (PnDTnHnMn.nS): ", why));
  };
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (i >= text.size() || AsciiUpper(text[i]) != 'P') return bad("expected 'P'");
  ++i;
  int128 total = 0;
  bool any = false;
  bool in_time = false;
  char last_unit = 0;
  static constexpr char kOrder[] = "DHMS";
  while (i < text.size()) {
    if (AsciiUpper(text[i]) == 'T') {
      if (in_time) return bad("a second 'T'");
      in_time = true;
      ++i;
      if (i >= text.size()) return bad("'T' must be followed by hours, minutes or seconds");
      continue;
    }
    bool part_negative = false;
    if (text[i] == '-' || text[i] == '+') part_negative = text[i++] == '-';
    size_t digits_begin = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    if (i == digits_begin) return bad("expected a number");
    int128 number = 0;
    if (!DigitsToInt128(text.substr(digits_begin, i - digits_begin), &number)) {
      return bad("number too large");
    }
    int128 fraction_nanos = 0;
    if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
      ++i;
      size_t f = i;
      while (i < text.size() && IsDigit(text[i])) ++i;
      if (i - f > 9) return bad("more than 9 fraction digits");
      std::string digits(text.substr(f, i - f));
      digits.resize(9, '0');
      DigitsToInt128(digits, &fraction_nanos);
      if (i >= text.size() || AsciiUpper(text[i]) != 'S') return bad("a fraction only on seconds");
    }
    if (i >= text.size()) return bad("a number without its unit");
    char unit = AsciiUpper(text[i++]);
    int128 unit_nanos = 0;
    if (unit == 'D' && !in_time) {
      unit_nanos = 86400 * kNanosPerSecond;
    } else if (unit == 'H' && in_time) {
      unit_nanos = 3600 * kNanosPerSecond;
    } else if (unit == 'M' && in_time) {
      unit_nanos = 60 * kNanosPerSecond;
    } else if (unit == 'S' && in_time) {
      unit_nanos = kNanosPerSecond;
    } else {
      return bad(StrCat("unexpected '", std::string_view(&text[i - 1], 1), "'"));
    }
    if (last_unit != 0 && std::strchr(kOrder, unit) <= std::strchr(kOrder, last_unit)) {
      return bad("units out of order");
    }
    last_unit = unit;
    if (number > kMaxDurationNanos / unit_nanos) return bad("too large");
    int128 part = number * unit_nanos + fraction_nanos;
    total += part_negative ? -part : part;
    if (total > kMaxDurationNanos || total < -kMaxDurationNanos) return bad("too large");
    any = true;
  }
  if (!any) return bad("no days, hours, minutes or seconds");
  if (negative) total = -total;
  if (total < 0) {
    return Fail(error, base, base + text.size(),
                StrCat("'", text, "' is negative; a duration must not be negative"));
  }
  *out = FromNanos(total);
  return true;
}

}  // namespace

int64_t Duration::ToMillis() const {
  int128 ms = ToNanos(*this) / 1000000;
  return ms > std::numeric_limits<int64_t>::max() ? std::numeric_limits<int64_t>::max()
                                                  : static_cast<int64_t>(ms);
}

std::string_view JavaTrim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  return s.substr(b, e - b);
}

bool ParseDuration(std::string_view text, FlinkVersion version, Duration* out, ValueError* error) {
  std::string_view t = JavaTrim(text);
  size_t base = OffsetIn(text, t);
  if (t.empty()) return Fail(error, 0, text.size(), "empty value; expected a duration");
  const bool iso = version >= FlinkVersion{2, 1};
  if (!IsDigit(t[0])) {
    if (iso) return ParseIso8601(t, base, out, error);
    std::string msg = "a duration starts with a number (e.g. '6000' for 6000 ms, '20 s')";
    if (t[0] == 'P' || t[0] == 'p' ||
        ((t[0] == '-' || t[0] == '+') && t.size() > 1 && (t[1] == 'P' || t[1] == 'p'))) {
      StrAppend(&msg, "; ISO-8601 durations need Flink 2.1 or later");
    } else if (t[0] == '-' || t[0] == '+') {
      StrAppend(&msg, "; no sign is allowed");
    }
    return Fail(error, base, base + t.size(), msg);
  }
  size_t pos = 0;
  while (pos < t.size() && IsDigit(t[pos])) ++pos;
  std::string_view number = t.substr(0, pos);
  std::string_view unit_raw = JavaTrim(t.substr(pos));
  size_t unit_begin = base + OffsetIn(t, unit_raw.empty() ? t.substr(pos) : unit_raw);
  int128 value = 0;
  const bool big = version >= FlinkVersion{2, 0};
  if (!DigitsToInt128(number, &value) ||
      (!big && value > static_cast<int128>(std::numeric_limits<int64_t>::max()))) {
    return Fail(error, base, base + pos,
                StrCat("the number '", number, "' does not fit in 64 bits"));
  }
  int64_t unit_nanos = 1000000;  // no unit: milliseconds
  if (!unit_raw.empty()) {
    std::string unit = AsciiLower(unit_raw);
    const TimeUnitSpec* found = nullptr;
    for (const TimeUnitSpec& u : kTimeUnits) {
      if (unit == u.label) {
        found = &u;
        break;
      }
    }
    if (found == nullptr) {
      std::string msg = StrCat("unknown duration unit '", unit_raw, "'; expected ", kTimeUnitList);
      if (unit_raw[0] == '.' || unit_raw[0] == ',') {
        msg =
            StrCat("'", t, "' has a decimal part; durations take a whole number (e.g. '1500 ms')");
      } else {
        for (char c : unit_raw) {
          if (IsDigit(c)) {
            msg = StrCat("'", t,
                         "' combines units; a duration is one number and one unit (e.g. '90 min')");
            break;
          }
        }
      }
      return Fail(error, unit_begin, base + t.size(), msg);
    }
    if (version < found->since) {
      return Fail(error, unit_begin, base + t.size(),
                  StrCat("the unit '", unit_raw, "' needs Flink ", found->since.ToString(),
                         " or later (this is ", version.ToString(), "); write 'min'"));
    }
    unit_nanos = found->nanos;
  }
  if (value > kMaxDurationNanos / unit_nanos) {
    return Fail(error, base, base + t.size(), StrCat("'", t, "' is too long a duration"));
  }
  *out = FromNanos(value * unit_nanos);
  return true;
}

std::string FormatDuration(Duration d) {
  static constexpr struct {
    int128 nanos;
    const char* label;
  } kUnits[] = {{1, "ns"},
                {1000, "\xC2\xB5s"},
                {1000000, "ms"},
                {kNanosPerSecond, "s"},
                {60 * kNanosPerSecond, "min"},
                {3600 * kNanosPerSecond, "h"},
                {86400 * kNanosPerSecond, "d"}};
  int128 nanos = ToNanos(d);
  size_t pick = std::size(kUnits) - 1;
  for (size_t i = 0; i < std::size(kUnits); ++i) {
    if (nanos % kUnits[i].nanos != 0) {
      pick = i == 0 ? 0 : i - 1;
      break;
    }
  }
  int128 n = nanos / kUnits[pick].nanos;
  // int128 to decimal.
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(n % 10)));
    n /= 10;
  } while (n > 0);
  return StrCat(digits, " ", kUnits[pick].label);
}

namespace {

struct MemoryUnitSpec {
  const char* labels[3];
  uint64_t multiplier;
};

constexpr MemoryUnitSpec kMemoryUnits[] = {
    {{"b", "bytes", nullptr}, 1},           {{"k", "kb", "kibibytes"}, 1ull << 10},
    {{"m", "mb", "mebibytes"}, 1ull << 20}, {{"g", "gb", "gibibytes"}, 1ull << 30},
    {{"t", "tb", "tebibytes"}, 1ull << 40},
};

}  // namespace

bool ParseMemorySize(std::string_view text, uint64_t* bytes, ValueError* error) {
  std::string_view t = JavaTrim(text);
  size_t base = OffsetIn(text, t);
  if (t.empty()) return Fail(error, 0, text.size(), "empty value; expected a memory size");
  size_t pos = 0;
  while (pos < t.size() && IsDigit(t[pos])) ++pos;
  if (pos == 0) {
    return Fail(error, base, base + t.size(),
                "a memory size starts with a number (e.g. '1600m', '1 gb')");
  }
  std::string_view number = t.substr(0, pos);
  std::string_view unit_raw = JavaTrim(t.substr(pos));
  int128 value = 0;
  if (!DigitsToInt128(number, &value) ||
      value > static_cast<int128>(std::numeric_limits<int64_t>::max())) {
    return Fail(error, base, base + pos,
                StrCat("the number '", number, "' does not fit in 64 bits"));
  }
  uint64_t multiplier = 1;
  if (!unit_raw.empty()) {
    std::string unit = AsciiLower(unit_raw);
    const MemoryUnitSpec* found = nullptr;
    for (const MemoryUnitSpec& u : kMemoryUnits) {
      for (const char* label : u.labels) {
        if (label != nullptr && unit == label) found = &u;
      }
    }
    size_t unit_begin = base + OffsetIn(t, unit_raw);
    if (found == nullptr) {
      std::string msg =
          StrCat("unknown memory unit '", unit_raw,
                 "'; expected b, k/kb, m/mb, g/gb, t/tb (or bytes, kibibytes, mebibytes, "
                 "gibibytes, tebibytes), all 1024-based");
      if (unit_raw[0] == '.' || unit_raw[0] == ',') {
        msg =
            StrCat("'", t, "' has a decimal part; memory sizes take a whole number (e.g. '1536m')");
      } else if (unit == "kib" || unit == "mib" || unit == "gib" || unit == "tib") {
        StrAppend(&msg, "; Flink spells '", unit_raw, "' as '", unit.substr(0, 1), "b'");
      }
      return Fail(error, unit_begin, base + t.size(), msg);
    }
    multiplier = found->multiplier;
  }
  int128 result = value * multiplier;
  if (result > static_cast<int128>(std::numeric_limits<int64_t>::max())) {
    return Fail(error, base, base + t.size(),
                StrCat("'", t, "' is more bytes than fit in 64 bits"));
  }
  *bytes = static_cast<uint64_t>(result);
  return true;
}

std::string FormatMemorySize(uint64_t bytes) {
  if (bytes == 0) return "0 bytes";
  const MemoryUnitSpec* pick = &kMemoryUnits[0];
  for (const MemoryUnitSpec& u : kMemoryUnits) {
    if (bytes % u.multiplier == 0) pick = &u;
  }
  return StrCat(bytes / pick->multiplier, " ", pick->labels[1]);
}

bool ParseBoolean(std::string_view text, bool* out, ValueError* error) {
  if (EqualsIgnoreCase(text, "true")) {
    *out = true;
    return true;
  }
  if (EqualsIgnoreCase(text, "false")) {
    *out = false;
    return true;
  }
  return Fail(error, 0, text.size(),
              StrCat(Quote(text), " is not a boolean; expected true or false"));
}

namespace {

template <typename T>
bool ParseJavaInteger(std::string_view text, T* out, ValueError* error, const char* what) {
  size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) negative = text[i++] == '-';
  if (i >= text.size()) {
    return Fail(error, 0, text.size(),
                StrCat(Quote(text), " is not ", what, "; expected digits with an optional sign"));
  }
  int128 v = 0;
  for (size_t j = i; j < text.size(); ++j) {
    if (!IsDigit(text[j])) {
      std::string msg =
          StrCat(Quote(text), " is not ", what, "; expected digits with an optional sign");
      if (text[j] == '.' || text[j] == 'e' || text[j] == 'E') {
        StrAppend(&msg, " (no decimals)");
      } else if (static_cast<unsigned char>(text[j]) <= ' ') {
        StrAppend(&msg, " (no spaces)");
      }
      return Fail(error, j, j + 1, msg);
    }
    v = v * 10 + (text[j] - '0');
    if (v > static_cast<int128>(std::numeric_limits<T>::max()) + 1) break;
  }
  if (negative) v = -v;
  if (v > std::numeric_limits<T>::max() || v < std::numeric_limits<T>::min()) {
    return Fail(error, 0, text.size(),
                StrCat(Quote(text), " is out of range for ", what, " (",
                       std::numeric_limits<T>::min(), " to ", std::numeric_limits<T>::max(), ")"));
  }
  *out = static_cast<T>(v);
  return true;
}

}  // namespace

bool ParseInt32(std::string_view text, int32_t* out, ValueError* error) {
  return ParseJavaInteger(text, out, error, "an integer");
}

bool ParseInt64(std::string_view text, int64_t* out, ValueError* error) {
  return ParseJavaInteger(text, out, error, "a long integer");
}

bool ParseDouble(std::string_view text, double* out, ValueError* error) {
  std::string_view t = JavaTrim(text);
  size_t base = OffsetIn(text, t);
  auto bad = [&] {
    return Fail(error, base, base + t.size(),
                StrCat(Quote(text), " is not a number; expected e.g. 1.0, 4, 0.25 or 1e3"));
  };
  if (t.empty()) return bad();
  size_t i = 0;
  bool negative = false;
  if (t[0] == '-' || t[0] == '+') negative = t[i++] == '-';
  std::string_view rest = t.substr(i);
  if (rest == "NaN") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (rest == "Infinity") {
    *out = negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
    return true;
  }
  // Java accepts a trailing type suffix.
  if (!rest.empty() && std::strchr("fFdD", rest.back()) != nullptr) rest.remove_suffix(1);
  // digits [. digits] [e [sign] digits], with at least one digit in the mantissa.
  size_t j = 0;
  size_t mantissa_digits = 0;
  while (j < rest.size() && IsDigit(rest[j])) ++j, ++mantissa_digits;
  if (j < rest.size() && rest[j] == '.') {
    ++j;
    while (j < rest.size() && IsDigit(rest[j])) ++j, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return bad();
  if (j < rest.size() && (rest[j] == 'e' || rest[j] == 'E')) {
    ++j;
    if (j < rest.size() && (rest[j] == '-' || rest[j] == '+')) ++j;
    size_t exp_begin = j;
    while (j < rest.size() && IsDigit(rest[j])) ++j;
    if (j == exp_begin) return bad();
  }
  if (j != rest.size()) return bad();
  double v = 0;
  std::string copy(rest);
  auto res = std::from_chars(copy.data(), copy.data() + copy.size(), v);
  if (res.ec == std::errc::result_out_of_range) {
    // Java rounds to infinity or zero rather than failing.
    v = (copy.find_first_of("eE") != std::string::npos && copy.find("e-") == std::string::npos &&
         copy.find("E-") == std::string::npos)
            ? std::numeric_limits<double>::infinity()
            : 0.0;
  } else if (res.ec != std::errc() || res.ptr != copy.data() + copy.size()) {
    return bad();
  }
  *out = negative ? -v : v;
  return true;
}

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Infinity" : "Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  // sci: [-]d[.ddd]e[+-]XX
  bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  int exponent = std::stoi(sci.substr(e + 1));
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  std::string out = negative ? "-" : "";
  double a = std::fabs(v);
  if (a >= 1e-3 && a < 1e7) {
    if (exponent >= 0) {
      std::string int_part = digits.substr(0, std::min<size_t>(digits.size(), exponent + 1));
      int_part.resize(exponent + 1, '0');
      std::string frac =
          digits.size() > static_cast<size_t>(exponent + 1) ? digits.substr(exponent + 1) : "0";
      StrAppend(&out, int_part, ".", frac);
    } else {
      StrAppend(&out, "0.", std::string(-exponent - 1, '0'), digits);
    }
  } else {
    StrAppend(&out, digits.substr(0, 1), ".", digits.size() > 1 ? digits.substr(1) : "0", "E",
              exponent);
  }
  return out;
}

namespace {

enum class TokenType { kUnquoted, kQuoted, kDelimiter };
struct Token {
  TokenType type;
  std::string text;
  size_t position;
};

}  // namespace

bool SplitEscaped(std::string_view text, char delimiter, std::vector<std::string>* out,
                  ValueError* error) {
  std::vector<Token> tokens;
  for (size_t cursor = 0; cursor < text.size();) {
    char c = text[cursor];
    if (c == '\'' || c == '"') {
      std::string value;
      size_t i = cursor + 1;
      bool closed = false;
      for (; i < text.size(); ++i) {
        if (text[i] == c) {
          if (i + 1 < text.size() && text[i + 1] == c) {
            value += c;
            ++i;
          } else {
            closed = true;
            break;
          }
        } else {
          value += text[i];
        }
      }
      if (!closed) {
        return Fail(error, cursor, text.size(),
                    StrCat("the quote at offset ", cursor, " is not closed"));
      }
      tokens.push_back({TokenType::kQuoted, std::move(value), cursor});
      cursor = i + 1;
    } else if (c == delimiter) {
      tokens.push_back({TokenType::kDelimiter, std::string(1, c), cursor});
      ++cursor;
    } else if (!IsAsciiSpace(c)) {
      size_t i = cursor;
      while (i < text.size() && text[i] != delimiter) ++i;
      tokens.push_back({TokenType::kUnquoted,
                        std::string(StripAsciiWhitespace(text.substr(cursor, i - cursor))),
                        cursor});
      cursor = i;
    } else {
      ++cursor;
    }
  }
  out->clear();
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    switch (t.type) {
      case TokenType::kQuoted:
        if (i + 1 < tokens.size() && tokens[i + 1].type != TokenType::kDelimiter) {
          size_t at = tokens[i + 1].position;
          return Fail(error, at, at + 1,
                      StrCat("text after a quoted part at offset ", at, "; expected '",
                             std::string_view(&delimiter, 1), "' or the end"));
        }
        out->push_back(t.text);
        break;
      case TokenType::kUnquoted:
        out->push_back(t.text);
        break;
      case TokenType::kDelimiter:
        if (i + 1 < tokens.size() && tokens[i + 1].type == TokenType::kDelimiter) {
          out->emplace_back();
        }
        break;
    }
  }
  return true;
}

namespace {

YamlLimits FlowLimits() {
  YamlLimits l;
  l.max_bytes = 1u << 20;
  l.max_depth = 4;
  l.max_nodes = 1u << 16;
  return l;
}

bool FlowScalar(const YamlNode* n, std::string* out) {
  if (n->is_null()) {
    out->clear();
    return true;
  }
  if (!n->is_scalar()) return false;
  *out = n->text;
  return true;
}

bool ParseFlowMap(const YamlNode* n, std::vector<std::pair<std::string, std::string>>* out) {
  if (!n->is_mapping()) return false;
  out->clear();
  for (size_t i = 0; i + 1 < n->items.size(); i += 2) {
    std::string k, v;
    if (!FlowScalar(n->items[i], &k) || !FlowScalar(n->items[i + 1], &v)) return false;
    out->emplace_back(std::move(k), std::move(v));
  }
  return true;
}

const YamlNode* ReadFlow(std::string_view text, std::optional<YamlStream>* holder,
                         ValueError* error) {
  auto stream = YamlStream::Read(text, "value", FlowLimits());
  if (!stream.ok()) {
    Fail(error, 0, text.size(), StrCat("not a YAML flow value: ", stream.status().message()));
    return nullptr;
  }
  holder->emplace(std::move(stream).value());
  if ((*holder)->documents().size() != 1) {
    Fail(error, 0, text.size(), "expected one YAML value");
    return nullptr;
  }
  return (*holder)->documents()[0];
}

bool MapFromPairs(const std::vector<std::string>& items,
                  std::vector<std::pair<std::string, std::string>>* out, ValueError* error,
                  size_t begin, size_t end) {
  out->clear();
  std::set<std::string> seen;
  for (const std::string& item : items) {
    std::vector<std::string> kv;
    if (!SplitEscaped(item, ':', &kv, error)) {
      error->begin = begin;
      error->end = end;
      return false;
    }
    if (kv.size() != 2) {
      return Fail(error, begin, end,
                  StrCat("map entry ", Quote(item),
                         " is not a key:value pair (quote a key or value that holds ':')"));
    }
    if (!seen.insert(kv[0]).second) {
      return Fail(error, begin, end, StrCat("duplicate map key ", Quote(kv[0])));
    }
    out->emplace_back(std::move(kv[0]), std::move(kv[1]));
  }
  return true;
}

}  // namespace

bool ParseList(std::string_view text, bool yaml_flow, std::vector<std::string>* out,
               ValueError* error) {
  std::string_view t = JavaTrim(text);
  if (yaml_flow && !t.empty() && t[0] == '[') {
    std::optional<YamlStream> holder;
    const YamlNode* n = ReadFlow(text, &holder, error);
    if (n == nullptr) return false;
    if (!n->is_sequence()) return Fail(error, 0, text.size(), "expected a YAML list [a, b]");
    out->clear();
    for (const YamlNode* item : n->items) {
      std::string s;
      if (!FlowScalar(item, &s)) {
        return Fail(error, 0, text.size(), "a list item is not a plain value");
      }
      out->push_back(std::move(s));
    }
    return true;
  }
  return SplitEscaped(text, ';', out, error);
}

bool ParseMap(std::string_view text, bool yaml_flow,
              std::vector<std::pair<std::string, std::string>>* out, ValueError* error) {
  std::string_view t = JavaTrim(text);
  if (yaml_flow && !t.empty() && t[0] == '{') {
    std::optional<YamlStream> holder;
    const YamlNode* n = ReadFlow(text, &holder, error);
    if (n == nullptr) return false;
    if (!ParseFlowMap(n, out)) {
      return Fail(error, 0, text.size(), "expected a YAML map {k: v} of plain values");
    }
    return true;
  }
  std::vector<std::string> items;
  if (!SplitEscaped(text, ',', &items, error)) return false;
  return MapFromPairs(items, out, error, 0, text.size());
}

bool ParseListOfMaps(std::string_view text, bool yaml_flow,
                     std::vector<std::vector<std::pair<std::string, std::string>>>* out,
                     ValueError* error) {
  std::string_view t = JavaTrim(text);
  out->clear();
  if (yaml_flow && !t.empty() && t[0] == '[') {
    std::optional<YamlStream> holder;
    const YamlNode* n = ReadFlow(text, &holder, error);
    if (n == nullptr) return false;
    if (!n->is_sequence()) return Fail(error, 0, text.size(), "expected a YAML list of maps");
    for (const YamlNode* item : n->items) {
      auto& m = out->emplace_back();
      if (!ParseFlowMap(item, &m)) {
        return Fail(error, 0, text.size(), "a list item is not a map {k: v}");
      }
    }
    return true;
  }
  std::vector<std::string> items;
  if (!SplitEscaped(text, ';', &items, error)) return false;
  for (const std::string& item : items) {
    std::vector<std::string> pairs;
    if (!SplitEscaped(item, ',', &pairs, error)) {
      error->begin = 0;
      error->end = text.size();
      return false;
    }
    if (!MapFromPairs(pairs, &out->emplace_back(), error, 0, text.size())) return false;
  }
  return true;
}

}  // namespace flowstate::core::config
