// The _metadata header check on arbitrary bytes: a verdict or a reason, never both, never
// a crash; and a header it accepts has the magic and a version Flink writes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/metadata_header.h"

using namespace flowstate::core::storage;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  HeaderCheck c = CheckMetadataHeader(bytes);
  if (c.header.has_value() == !c.problem.empty()) std::abort();
  if (c.header) {
    if (size < kMetadataHeaderSize || c.header->magic != kMetadataMagic) std::abort();
    if (c.header->version < 2 || c.header->version > 6 || c.header->checkpoint_id < 0) std::abort();
    if (!MinFlinkForFormat(c.header->version)) std::abort();
  }
  return 0;
}
