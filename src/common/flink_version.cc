#include "common/flink_version.h"

#include "common/strings.h"

namespace flowstate::core {

Result<FlinkVersion> FlinkVersion::Parse(std::string_view text) {
  std::string_view t = StripAsciiWhitespace(text);
  std::string_view original = t;
  if (!t.empty() && (t[0] == 'v' || t[0] == 'V')) t.remove_prefix(1);
  auto number = [&](int* out) {
    size_t i = 0;
    int v = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9' && i < 4) v = v * 10 + (t[i++] - '0');
    if (i == 0) return false;
    *out = v;
    t.remove_prefix(i);
    return true;
  };
  FlinkVersion v;
  if (!number(&v.major) || t.empty() || (t[0] != '.' && t[0] != '_')) {
    return Status::InvalidArgument(StrCat("not a Flink version: ", Quote(original),
                                          " (expected MAJOR.MINOR such as 1.20 or v1_14)"));
  }
  t.remove_prefix(1);
  if (!number(&v.minor)) {
    return Status::InvalidArgument(StrCat("not a Flink version: ", Quote(original),
                                          " (expected MAJOR.MINOR such as 1.20 or v1_14)"));
  }
  // A patch level or a suffix (".1", "-SNAPSHOT") may follow.
  if (!t.empty() && t[0] != '.' && t[0] != '-' && t[0] != '_') {
    return Status::InvalidArgument(StrCat("not a Flink version: ", Quote(original)));
  }
  if (v.major != 1 && v.major != 2) {
    return Status::InvalidArgument(
        StrCat("Flink version ", Quote(original), " is not a 1.x or 2.x release"));
  }
  return v;
}

std::string FlinkVersion::ToString() const { return StrCat(major, ".", minor); }

}  // namespace flowstate::core
