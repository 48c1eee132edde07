// A Flink version as users and resources write it: "1.14", "1.20.1", "2.2", "v1_14" (the
// Kubernetes operator's spelling), "2.3-SNAPSHOT". The release line (major.minor) decides
// what flowstate does; a patch level is kept when given ("1.14.3") and is "unknown" when not
// ("1.14" is not "1.14.0").
#ifndef FLOWSTATE_SRC_COMMON_FLINK_VERSION_H_
#define FLOWSTATE_SRC_COMMON_FLINK_VERSION_H_

#include <string>
#include <string_view>

#include "common/status.h"

namespace flowstate::core {

struct FlinkVersion {
  static constexpr int kPatchUnknown = -1;

  int major = 0;
  int minor = 0;
  int patch = kPatchUnknown;

  // A version flowstate knows (kOldestFlink to kNewestFlink): INVALID_ARGUMENT for text that
  // is not a version, UNSUPPORTED_VERSION (naming the range) for a release line outside it.
  static Result<FlinkVersion> Parse(std::string_view text);
  // Any 1.x or 2.x version, for the tables that say when an option or a format came or went.
  static Result<FlinkVersion> ParseAnyRelease(std::string_view text);

  bool has_patch() const { return patch != kPatchUnknown; }
  FlinkVersion line() const { return FlinkVersion{major, minor}; }
  std::string ToString() const;  // "1.20", "1.20.1"

  // Ordered by (major, minor, patch), an unknown patch before every known one: a bound written
  // MAJOR.MINOR ("needs 1.15") stands for the line's first release, so `v >= {1, 15}` holds
  // for 1.15, 1.15.0 and 1.15.4 alike.
  friend bool operator==(FlinkVersion a, FlinkVersion b) {
    return a.major == b.major && a.minor == b.minor && a.patch == b.patch;
  }
  friend bool operator!=(FlinkVersion a, FlinkVersion b) { return !(a == b); }
  friend bool operator<(FlinkVersion a, FlinkVersion b) {
    if (a.major != b.major) return a.major < b.major;
    if (a.minor != b.minor) return a.minor < b.minor;
    return a.patch < b.patch;
  }
  friend bool operator<=(FlinkVersion a, FlinkVersion b) { return !(b < a); }
  friend bool operator>(FlinkVersion a, FlinkVersion b) { return b < a; }
  friend bool operator>=(FlinkVersion a, FlinkVersion b) { return !(a < b); }
};

// The release lines flowstate knows: 1.14 to 1.20 (the last 1.x), 2.0 to 2.3.
inline constexpr FlinkVersion kOldestFlink{1, 14};
inline constexpr FlinkVersion kLastFlink1{1, 20};
inline constexpr FlinkVersion kNewestFlink{2, 3};

// Whether flowstate knows the version's release line; UNSUPPORTED_VERSION naming the range
// when it does not. `what` leads the message ("Flink version", "the cluster's version").
Status CheckKnownFlink(FlinkVersion v, std::string_view what = "Flink");

// Whether `v` restores in claim mode `mode` ("CLAIM", "NO_CLAIM", "LEGACY"; any case):
// CLAIM and NO_CLAIM came with 1.15, before which every restore is LEGACY. UNSUPPORTED
// otherwise, INVALID_ARGUMENT for another word.
Status CheckClaimMode(std::string_view mode, FlinkVersion v);

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_FLINK_VERSION_H_
