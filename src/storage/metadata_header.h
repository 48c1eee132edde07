// The first 16 bytes of a checkpoint's _metadata (FACTS.md 5.5): magic 0x4960672D, format
// version, checkpoint id, big-endian. Which Flink versions read which format.
#ifndef FLOWSTATE_SRC_STORAGE_METADATA_HEADER_H_
#define FLOWSTATE_SRC_STORAGE_METADATA_HEADER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/flink_version.h"

namespace flowstate::core::storage {

inline constexpr uint32_t kMetadataMagic = 0x4960672D;
inline constexpr size_t kMetadataHeaderSize = 16;
inline constexpr int kOldestWrittenFormat = 2;  // Flink 1.3 ... 1.10
inline constexpr int kNewestFormat = 6;         // Flink 2.1 and later

struct MetadataHeader {
  uint32_t magic = 0;
  int32_t version = 0;
  int64_t checkpoint_id = 0;
};

// The header, or a reason why these bytes are not a _metadata header ("empty _metadata",
// "truncated: ...", "wrong magic ...", "unknown format version ...", "negative checkpoint id").
struct HeaderCheck {
  std::optional<MetadataHeader> header;
  std::string problem;
};
HeaderCheck CheckMetadataHeader(std::string_view bytes);

// The first Flink release that reads format `version` (2: 1.3, 3: 1.11, 4: 1.16, 5: 2.0,
// 6: 2.1); nullopt for a version Flink never wrote.
std::optional<FlinkVersion> MinFlinkForFormat(int version);

// Which format Flink `v` writes (1.14-1.15: 3, 1.16-1.20: 4, 2.0: 5, 2.1+: 6).
int FormatWrittenBy(FlinkVersion v);

}  // namespace flowstate::core::storage

#endif  // FLOWSTATE_SRC_STORAGE_METADATA_HEADER_H_
