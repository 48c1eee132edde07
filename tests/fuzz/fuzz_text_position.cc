// Line/column mapping agrees between the scan and the index at every offset.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/text_position.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  flowstate::core::LineIndex index(text);
  for (size_t off = 0; off <= size; off += 1 + size / 64) {
    auto a = flowstate::core::PositionAt(text, off);
    auto b = index.PositionAt(off);
    if (a.line != b.line || a.column != b.column || a.line < 1 || a.column < 1) std::abort();
  }
  return 0;
}
