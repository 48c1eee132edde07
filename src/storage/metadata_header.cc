#include "storage/metadata_header.h"

#include <cstdio>

#include "common/strings.h"

namespace flowstate::core::storage {
namespace {

uint64_t BigEndian(std::string_view b, size_t at, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(b[at + i]);
  return v;
}

}  // namespace

HeaderCheck CheckMetadataHeader(std::string_view bytes) {
  HeaderCheck out;
  if (bytes.empty()) {
    out.problem = "empty _metadata";
    return out;
  }
  if (bytes.size() < kMetadataHeaderSize) {
    out.problem = StrCat("truncated: _metadata has ", bytes.size(), " bytes, its header needs ",
                         kMetadataHeaderSize);
    return out;
  }
  MetadataHeader h;
  h.magic = static_cast<uint32_t>(BigEndian(bytes, 0, 4));
  h.version = static_cast<int32_t>(static_cast<uint32_t>(BigEndian(bytes, 4, 4)));
  h.checkpoint_id = static_cast<int64_t>(BigEndian(bytes, 8, 8));
  if (h.magic != kMetadataMagic) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "wrong magic number 0x%08X (expected 0x%08X)", h.magic,
                  kMetadataMagic);
    out.problem = buf;
    return out;
  }
  if (h.version < kOldestWrittenFormat || h.version > kNewestFormat) {
    out.problem = StrCat("unknown format version ", h.version, " (Flink writes ",
                         kOldestWrittenFormat, " to ", kNewestFormat, ")");
    return out;
  }
  if (h.checkpoint_id < 0) {
    out.problem = StrCat("negative checkpoint id ", h.checkpoint_id);
    return out;
  }
  out.header = h;
  return out;
}

std::optional<FlinkVersion> MinFlinkForFormat(int version) {
  switch (version) {
    case 2:
      return FlinkVersion{1, 3};
    case 3:
      return FlinkVersion{1, 11};
    case 4:
      return FlinkVersion{1, 16};
    case 5:
      return FlinkVersion{2, 0};
    case 6:
      return FlinkVersion{2, 1};
    default:
      return std::nullopt;
  }
}

int FormatWrittenBy(FlinkVersion v) {
  if (v < FlinkVersion{1, 11}) return 2;
  if (v < FlinkVersion{1, 16}) return 3;
  if (v < FlinkVersion{2, 0}) return 4;
  if (v < FlinkVersion{2, 1}) return 5;
  return 6;
}

}  // namespace flowstate::core::storage
