// A Flink release line (major.minor), as users and resources write it: "1.14", "1.20.1",
// "2.2", "v1_14" (the Kubernetes operator's spelling), "2.3-SNAPSHOT".
#ifndef FLOWSTATE_SRC_COMMON_FLINK_VERSION_H_
#define FLOWSTATE_SRC_COMMON_FLINK_VERSION_H_

#include <string>
#include <string_view>

#include "common/status.h"

namespace flowstate::core {

struct FlinkVersion {
  int major = 0;
  int minor = 0;

  static Result<FlinkVersion> Parse(std::string_view text);
  std::string ToString() const;  // "1.20"

  friend bool operator==(FlinkVersion a, FlinkVersion b) {
    return a.major == b.major && a.minor == b.minor;
  }
  friend bool operator!=(FlinkVersion a, FlinkVersion b) { return !(a == b); }
  friend bool operator<(FlinkVersion a, FlinkVersion b) {
    return a.major != b.major ? a.major < b.major : a.minor < b.minor;
  }
  friend bool operator<=(FlinkVersion a, FlinkVersion b) { return !(b < a); }
  friend bool operator>(FlinkVersion a, FlinkVersion b) { return b < a; }
  friend bool operator>=(FlinkVersion a, FlinkVersion b) { return !(a < b); }
};

// The oldest and newest release lines flowstate knows (1.14 ... 2.3).
inline constexpr FlinkVersion kOldestFlink{1, 14};
inline constexpr FlinkVersion kNewestFlink{2, 3};

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_FLINK_VERSION_H_
