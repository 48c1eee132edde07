#include "common/flink_version.h"

#include "common/strings.h"

namespace flowstate::core {

namespace {

constexpr const char* kExpected = " (expected MAJOR.MINOR[.PATCH] such as 1.20, 1.20.1 or v1_14)";

}  // namespace

Result<FlinkVersion> FlinkVersion::ParseAnyRelease(std::string_view text) {
  std::string_view t = StripAsciiWhitespace(text);
  const std::string_view original = t;
  if (!t.empty() && (t[0] == 'v' || t[0] == 'V')) t.remove_prefix(1);
  auto number = [&](int* out) {
    size_t i = 0;
    int v = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9' && i < 4) v = v * 10 + (t[i++] - '0');
    if (i == 0 || (i < t.size() && t[i] >= '0' && t[i] <= '9')) return false;
    *out = v;
    t.remove_prefix(i);
    return true;
  };
  auto bad = [&] {
    return Status::InvalidArgument(StrCat("not a Flink version: ", Quote(original), kExpected));
  };
  FlinkVersion v;
  if (!number(&v.major) || t.empty() || (t[0] != '.' && t[0] != '_')) return bad();
  const char separator = t[0];
  t.remove_prefix(1);
  if (!number(&v.minor)) return bad();
  // A patch level in the same spelling ("1.20.1", "v1_20_1"), then perhaps a suffix
  // ("-SNAPSHOT", "-rc1").
  if (!t.empty() && t[0] == separator) {
    t.remove_prefix(1);
    if (!number(&v.patch)) return bad();
  }
  if (!t.empty() && t[0] != '-') return bad();
  if (v.major != 1 && v.major != 2) {
    return Status::InvalidArgument(
        StrCat("Flink version ", Quote(original), " is not a 1.x or 2.x release"));
  }
  return v;
}

Result<FlinkVersion> FlinkVersion::Parse(std::string_view text) {
  FS_ASSIGN_OR_RETURN(FlinkVersion v, ParseAnyRelease(text));
  FS_RETURN_IF_ERROR(CheckKnownFlink(v));
  return v;
}

std::string FlinkVersion::ToString() const {
  return has_patch() ? StrCat(major, ".", minor, ".", patch) : StrCat(major, ".", minor);
}

Status CheckKnownFlink(FlinkVersion v, std::string_view what) {
  const FlinkVersion line = v.line();
  if ((line >= kOldestFlink && line <= kLastFlink1) ||
      (line >= FlinkVersion{2, 0} && line <= kNewestFlink)) {
    return Status();
  }
  return Status(Code::kUnsupportedVersion,
                StrCat(what, " ", v.ToString(), " is outside the versions flowstate knows (",
                       kOldestFlink.ToString(), " to ", kLastFlink1.ToString(), ", 2.0 to ",
                       kNewestFlink.ToString(), ")"));
}

Status CheckClaimMode(std::string_view mode, FlinkVersion v) {
  const bool legacy = EqualsIgnoreCase(mode, "LEGACY");
  if (!legacy && !EqualsIgnoreCase(mode, "CLAIM") && !EqualsIgnoreCase(mode, "NO_CLAIM")) {
    return Status::InvalidArgument(
        StrCat("a claim mode is CLAIM, NO_CLAIM or LEGACY, not ", Quote(mode)));
  }
  if (legacy || v >= FlinkVersion{1, 15}) return Status();
  return Status(Code::kUnsupported,
                StrCat("Flink ", v.ToString(),
                       " restores in LEGACY mode only (CLAIM and NO_CLAIM came with 1.15)"));
}

}  // namespace flowstate::core
